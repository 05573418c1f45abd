import Foundation

/// What an engine keeps of a speaker: vectors in the engine's own format.
///
/// Profiles store one voiceprint, grown by each enrollment; ``engine`` names the format, so a
/// profile enrolled by another engine is recognised rather than scored as garbage.
public struct Voiceprint: Sendable, Hashable {
    /// The ``SpeakerEngine/name`` that made it.
    public var engine: String
    /// Width of one vector.
    public var dimension: Int
    /// Row-major vectors (frames for the classical engine, embeddings for a neural one).
    public var vectors: [Float]
    /// Seconds of speech behind it.
    public var speechSeconds: Double

    public init(engine: String, dimension: Int, vectors: [Float], speechSeconds: Double) {
        self.engine = engine
        self.dimension = dimension
        self.vectors = vectors
        self.speechSeconds = speechSeconds
    }

    public var rowCount: Int { dimension > 0 ? vectors.count / dimension : 0 }

    /// A compact binary form for storage: a small header, then little-endian floats.
    public var serialized: Data {
        var data = Data()
        let name = Data(engine.utf8)
        data.append(contentsOf: [UInt8(1), UInt8(truncatingIfNeeded: name.count)])
        data.append(name)
        withUnsafeBytes(of: UInt32(dimension).littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: speechSeconds.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        vectors.withUnsafeBufferPointer { buffer in
            for value in buffer { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        return data
    }

    /// Reads ``serialized``; `nil` when the bytes are not a voiceprint.
    public init?(serialized data: Data) {
        let bytes = [UInt8](data)
        guard bytes.count >= 2, bytes[0] == 1 else { return nil }
        let nameLength = Int(bytes[1])
        let header = 2 + nameLength + 4 + 8
        guard bytes.count >= header, (bytes.count - header) % 4 == 0 else { return nil }
        engine = String(decoding: bytes[2..<2 + nameLength], as: UTF8.self)
        func integer<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
            var value: T = 0
            for index in 0..<MemoryLayout<T>.size { value |= T(bytes[offset + index]) << (8 * index) }
            return value
        }
        dimension = Int(integer(UInt32.self, at: 2 + nameLength))
        speechSeconds = Double(bitPattern: integer(UInt64.self, at: 2 + nameLength + 4))
        let count = (bytes.count - header) / 4
        vectors = (0..<count).map { Float(bitPattern: integer(UInt32.self, at: header + 4 * $0)) }
        guard dimension > 0, vectors.count % dimension == 0 else { return nil }
    }
}
