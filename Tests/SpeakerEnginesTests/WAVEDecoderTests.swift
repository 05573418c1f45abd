import Foundation
import Testing

@testable import SpeakerEngines

/// RIFF/WAVE reading: chunk order, padding, placeholders and each rejection.
@Suite struct WAVEDecoderTests {
    static func chunk(_ id: String, _ payload: [UInt8]) -> [UInt8] {
        var bytes = Array(id.utf8)
        bytes += le32(payload.count)
        bytes += payload
        if payload.count % 2 == 1 { bytes.append(0) }
        return bytes
    }
    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
    static func format(tag: Int = 1, channels: Int = 1, rate: Int = 16_000, bits: Int = 16) -> [UInt8] {
        chunk("fmt ", le16(tag) + le16(channels) + le32(rate) + le32(rate * channels * bits / 8) + le16(channels * bits / 8) + le16(bits))
    }
    static func samples(_ values: [Int16]) -> [UInt8] { values.flatMap { le16(Int(UInt16(bitPattern: $0))) } }
    static func riff(_ chunks: [UInt8], form: String = "WAVE") -> Data {
        Data(Array("RIFF".utf8) + le32(chunks.count + 4) + Array(form.utf8) + chunks)
    }

    @Test func readsChunksInAnyOrderWithListAndOddSizes() throws {
        let data = Self.riff(
            Self.chunk("LIST", Array("INFOISFT\u{5}spid!".utf8)) + Self.chunk("data", Self.samples([0, 16384, -32768]))
                + Self.chunk("odd ", [1, 2, 3]) + Self.format())
        let audio = try WAVEDecoder().decode(data)
        #expect(audio.samples == [0, 0.5, -1])
        #expect(audio.sampleRate == 16_000)
    }

    @Test func acceptsExtensiblePCMAndStreamingPlaceholders() throws {
        var extensible = Self.le16(0xFFFE) + Self.le16(1) + Self.le32(16_000) + Self.le32(32_000) + Self.le16(2) + Self.le16(16)
        extensible += Self.le16(22) + Self.le16(16) + Self.le32(4) + Self.le16(1) + Array(repeating: 0, count: 14)
        let placeholder = Array("data".utf8) + Self.le32(0xFFFF_FFFF) + Self.samples([1, 2, 3, 4])
        let audio = try WAVEDecoder().decode(Self.riff(Self.chunk("fmt ", extensible) + placeholder))
        #expect(audio.samples.count == 4)
    }

    @Test func rejectsWithTheServiceMessages() {
        let cases: [(Data, String)] = [
            (Data("hello".utf8), "Invalid Audio Format: Not a WAVE file - no RIFF header"),
            (Self.riff(Self.format(), form: "AVI "), "Invalid Audio Format: Not a WAVE file - no WAVE header"),
            (Self.riff(Self.chunk("data", Self.samples([1]))), "Invalid Audio Format: Invalid WAV file - No fmt chunk found"),
            (Self.riff(Self.format()), "Invalid Audio Format: Invalid WAV file - No data chunk found"),
            (
                Self.riff(Self.format(channels: 2) + Self.chunk("data", [])),
                "Invalid Audio Format: the audio has 2 channels; it must be mono (1 channel)"
            ),
            (
                Self.riff(Self.format(tag: 7, bits: 8) + Self.chunk("data", [])),
                "Invalid Audio Format: unsupported encoding (µ-law); the audio must be PCM"
            ),
            (
                Self.riff(Self.format() + Array("data".utf8) + Self.le32(1000) + [0, 0]),
                "Invalid Audio Format: the file is truncated: its data chunk declares 1000 bytes but only 2 follow"
            ),
        ]
        for (data, message) in cases {
            #expect(throws: AudioFormatError(String(message.dropFirst("Invalid Audio Format: ".count)))) {
                try WAVEDecoder().decode(data)
            }
        }
    }

    @Test func neverCrashesOnShortOrRandomInput() {
        var random = SeededRandom(seed: 42)
        for length in 0..<200 {
            var bytes = Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8)
            bytes += (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = try? WAVEDecoder().decode(Data(bytes.prefix(length)))
            _ = try? WAVEDecoder().decode(Data(bytes))
        }
    }
}
