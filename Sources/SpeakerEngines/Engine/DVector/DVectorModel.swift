import Crypto
import Foundation

/// The trained weights of the GE2E speaker encoder shipped in resemblyzer 0.1.4 (Apache-2.0):
/// three LSTM layers of 256 units over 40 mel bands, then a 256→256 projection.
///
/// Loaded from the folder `scripts/fetch-model` writes: `weights.f32` (little-endian float32)
/// and `manifest.json`. The file's SHA-256 must match both the manifest and the checksum pinned
/// here, so a truncated, edited or other model is refused instead of giving wrong answers.
public struct DVectorModel: Sendable {
    /// One LSTM layer, gates in PyTorch's order (input, forget, cell, output).
    struct Layer: Sendable {
        let inputSize: Int
        /// `4·hidden × inputSize`, row-major.
        let inputWeights: [Float]
        /// `4·hidden × hidden`, row-major.
        let recurrentWeights: [Float]
        /// `bias_ih + bias_hh`.
        let bias: [Float]
    }

    static let melBands = 40
    static let hidden = 256
    static let embedding = 256
    static let parameterCount = 1_423_616
    /// SHA-256 of the weights converted from `Resemblyzer-0.1.4-py3-none-any.whl`.
    public static let weightsSHA256 = "9253e3d277d7fee981eaa531e0f33e8d40814679648293925ded325c51f064d3"
    static let format = "spid-dvector-weights-1"

    let layers: [Layer]
    /// `embedding × hidden`, row-major.
    let projection: [Float]
    let projectionBias: [Float]

    /// Where `scripts/fetch-model` puts the weights: `$SPID_MODEL_DIR`, else
    /// `$XDG_DATA_HOME/spid/models/dvector` (`~/.local/share/spid/models/dvector`).
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit = environment["SPID_MODEL_DIR"], !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        let data =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".local/share")
        return data.appendingPathComponent("spid/models/dvector")
    }

    /// Whether `directory` holds a weights file at all (not whether it is valid).
    public static func isPresent(in directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("weights.f32").path)
    }

    /// Loads and verifies the weights in `directory`.
    ///
    /// - Throws: ``DVectorModelError`` when a file is missing, unreadable, truncated, tampered
    ///   with, or of another model, with what to run.
    public init(directory: URL) throws {
        let weightsURL = directory.appendingPathComponent("weights.f32")
        let manifestURL = directory.appendingPathComponent("manifest.json")
        let refetch = "run scripts/fetch-model --force to download and convert it again"
        guard FileManager.default.fileExists(atPath: weightsURL.path) else { throw DVectorModelError.missing(directory.path) }
        guard let manifestData = try? Data(contentsOf: manifestURL) else {
            throw DVectorModelError("\(manifestURL.path) is missing or unreadable; \(refetch)")
        }
        guard let manifest = try? JSONDecoder().decode(Manifest.self, from: manifestData) else {
            throw DVectorModelError("\(manifestURL.path) is not a d-vector manifest; \(refetch)")
        }
        guard manifest.format == Self.format else {
            throw DVectorModelError("\(manifestURL.path) is of format \(manifest.format), this spid reads \(Self.format); \(refetch)")
        }
        let data: Data
        do { data = try Data(contentsOf: weightsURL) } catch {
            throw DVectorModelError("cannot read \(weightsURL.path): \(error.localizedDescription)")
        }
        guard data.count == Self.parameterCount * 4 else {
            throw DVectorModelError(
                "\(weightsURL.path) holds \(data.count) bytes, \(Self.parameterCount * 4) expected: it is truncated or another model; \(refetch)"
            )
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        guard digest == manifest.weightsSha256, digest == Self.weightsSHA256 else {
            throw DVectorModelError(
                "\(weightsURL.path) does not match its checksum (SHA-256 \(digest.prefix(12))…, expected \(Self.weightsSHA256.prefix(12))…): it was changed or is another model; \(refetch)"
            )
        }
        var floats = [Float](repeating: 0, count: Self.parameterCount)
        floats.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in target.copyMemory(from: source) }
        }
        #if _endian(big)
        floats = floats.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #endif
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard let entry = manifest.tensors.first(where: { $0.name == name }), entry.shape == shape,
                entry.offset >= 0, entry.offset + entry.count <= floats.count, entry.count == shape.reduce(1, *)
            else { throw DVectorModelError("\(manifestURL.path) has no tensor \(name) of shape \(shape); \(refetch)") }
            return Array(floats[entry.offset..<entry.offset + entry.count])
        }
        let gates = 4 * Self.hidden
        var layers: [Layer] = []
        for index in 0..<3 {
            let inputSize = index == 0 ? Self.melBands : Self.hidden
            let biasIH = try tensor("lstm.bias_ih_l\(index)", [gates])
            let biasHH = try tensor("lstm.bias_hh_l\(index)", [gates])
            layers.append(
                Layer(
                    inputSize: inputSize,
                    inputWeights: try tensor("lstm.weight_ih_l\(index)", [gates, inputSize]),
                    recurrentWeights: try tensor("lstm.weight_hh_l\(index)", [gates, Self.hidden]),
                    bias: zip(biasIH, biasHH).map { $0 + $1 }))
        }
        self.layers = layers
        projection = try tensor("linear.weight", [Self.embedding, Self.hidden])
        projectionBias = try tensor("linear.bias", [Self.embedding])
    }

    private struct Manifest: Decodable {
        struct Tensor: Decodable {
            let name: String
            let shape: [Int]
            let offset: Int
            let count: Int
        }
        let format: String
        let weightsSha256: String
        let tensors: [Tensor]
    }
}
