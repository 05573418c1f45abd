import Foundation

/// Reads RIFF/WAVE files as the service required them: PCM, 16 kHz, 16-bit, mono.
///
/// Chunks may come in any order, unknown chunks (`LIST`, `fact`, `bext`…) are skipped, odd-sized
/// chunks carry their pad byte, and `WAVE_FORMAT_EXTENSIBLE` with a PCM sub-format counts as PCM.
/// A `data` size of 0 or 0xFFFFFFFF (written by streaming recorders that never went back to fix
/// the header) means "to the end of the file"; any other size larger than what is present is a
/// truncated file.
public struct WAVEDecoder: Sendable {
    /// The only accepted rate, in hertz.
    public var requiredSampleRate: Int
    public var requiredBitsPerSample: Int

    public init(requiredSampleRate: Int = 16_000, requiredBitsPerSample: Int = 16) {
        self.requiredSampleRate = requiredSampleRate
        self.requiredBitsPerSample = requiredBitsPerSample
    }

    /// The format block of a WAVE file.
    public struct Format: Sendable, Hashable {
        public var formatTag: UInt16
        public var channels: Int
        public var sampleRate: Int
        public var bitsPerSample: Int
        public var blockAlign: Int
    }

    /// The samples of `data`, or the error the service gave for such a file.
    public func decode(_ data: Data) throws(AudioFormatError) -> PCMAudio {
        let bytes = [UInt8](data)
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8) else { throw .noRIFF }
        guard bytes[8..<12].elementsEqual("WAVE".utf8) else { throw .noWAVE }
        var format: Format?
        var samples: Range<Int>?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let declared = Int(Self.uint32(bytes, offset + 4))
            let start = offset + 8
            switch id {
            case "fmt ":
                guard declared >= 16, start + 16 <= bytes.count else {
                    throw AudioFormatError("the fmt chunk is truncated (\(declared) bytes declared)")
                }
                format = try Self.format(bytes, at: start, size: declared)
            case "data":
                let available = bytes.count - start
                if declared == 0 || declared == 0xFFFF_FFFF {
                    samples = start..<bytes.count
                } else if declared > available {
                    throw AudioFormatError(
                        "the file is truncated: its data chunk declares \(declared) bytes but only \(available) follow"
                    )
                } else {
                    samples = start..<start + declared
                }
            default:
                break
            }
            if let samples, samples.upperBound == bytes.count, format != nil { break }
            offset = start + declared + (declared & 1)
        }
        guard let format else { throw .noFormat }
        guard let samples else { throw .noData }
        try check(format)
        return PCMAudio(samples: Self.pcm16(bytes[samples]), sampleRate: format.sampleRate)
    }

    /// Rejects anything but the service's one accepted format, naming what was found.
    func check(_ format: Format) throws(AudioFormatError) {
        let pcm = format.formatTag == 1
        guard pcm else {
            throw AudioFormatError(
                "unsupported encoding (\(Self.encodingName(format.formatTag))); the audio must be PCM"
            )
        }
        guard format.channels == 1 else {
            throw AudioFormatError("the audio has \(format.channels) channels; it must be mono (1 channel)")
        }
        guard format.sampleRate == requiredSampleRate else {
            throw AudioFormatError("the sample rate is \(format.sampleRate) Hz; it must be \(requiredSampleRate) Hz")
        }
        guard format.bitsPerSample == requiredBitsPerSample else {
            throw AudioFormatError(
                "the audio has \(format.bitsPerSample) bits per sample; it must have \(requiredBitsPerSample)"
            )
        }
    }

    private static func format(_ bytes: [UInt8], at start: Int, size: Int) throws(AudioFormatError) -> Format {
        var tag = uint16(bytes, start)
        // WAVE_FORMAT_EXTENSIBLE: the real tag is the first two bytes of the sub-format GUID.
        if tag == 0xFFFE {
            guard size >= 40, start + 26 <= bytes.count else {
                throw AudioFormatError("the extensible fmt chunk is truncated")
            }
            tag = uint16(bytes, start + 24)
        }
        return Format(
            formatTag: tag,
            channels: Int(uint16(bytes, start + 2)),
            sampleRate: Int(uint32(bytes, start + 4)),
            bitsPerSample: Int(uint16(bytes, start + 14)),
            blockAlign: Int(uint16(bytes, start + 12))
        )
    }

    private static func encodingName(_ tag: UInt16) -> String {
        switch tag {
        case 2: "Microsoft ADPCM"
        case 3: "IEEE float"
        case 6: "A-law"
        case 7: "µ-law"
        case 0x11: "IMA ADPCM"
        case 0x55: "MP3"
        default: "format tag \(tag)"
        }
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    /// Little-endian 16-bit samples scaled to -1…1; a trailing odd byte is ignored.
    private static func pcm16(_ bytes: ArraySlice<UInt8>) -> [Float] {
        let count = bytes.count / 2
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBufferPointer { raw in
                for index in 0..<count {
                    let value = Int16(bitPattern: UInt16(raw[2 * index]) | UInt16(raw[2 * index + 1]) << 8)
                    buffer[index] = Float(value) / 32768
                }
            }
            initialized = count
        }
    }
}
