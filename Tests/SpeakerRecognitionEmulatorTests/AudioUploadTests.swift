import Foundation
import Testing

@testable import SpeakerRecognitionEmulator

/// The audio of a `multipart/form-data` upload, found in one pass.
@Suite("Multipart uploads", .timeLimit(.minutes(1)))
struct AudioUploadTests {
    let wav = Data("RIFF....WAVEfmt ".utf8)

    func multipart(_ parts: [String], boundary: String = "xyz", lineBreak: String = "\r\n") -> Data {
        var body = Data()
        for part in parts { body.append(Data("--\(boundary)\(lineBreak)\(part)\(lineBreak)".utf8)) }
        body.append(Data("--\(boundary)--\(lineBreak)".utf8))
        return body
    }

    @Test func theWAVPartIsFoundWhereverItIs() throws {
        let body = multipart([
            "Content-Disposition: form-data; name=\"a\"\r\n\r\nfirst",
            "Content-Type: audio/wav\r\n\r\n\(String(decoding: wav, as: UTF8.self))",
        ])
        #expect(try AudioUpload.audio(body: body, contentType: "multipart/form-data; boundary=xyz") == wav)
        #expect(try AudioUpload.audio(body: body, contentType: #"multipart/form-data; boundary="xyz""#) == wav)
    }

    @Test func withoutAWAVTheFirstPartIsTakenAndBareLineFeedsWork() throws {
        let body = multipart(["\nfirst", "\nsecond"], lineBreak: "\n")  // no headers, then the blank line
        #expect(try AudioUpload.audio(body: body, contentType: "multipart/form-data; boundary=xyz") == Data("first".utf8))
    }

    @Test func aBodyWithoutTheBoundaryIsRefused() {
        #expect(throws: ServiceFailure.self) {
            try AudioUpload.audio(body: Data("no parts here".utf8), contentType: "multipart/form-data; boundary=xyz")
        }
        #expect(throws: ServiceFailure.self) { try AudioUpload.audio(body: Data(), contentType: "multipart/form-data") }
    }

    @Test func aWAVLabelledMultipartWithoutABoundaryLoads() throws {
        #expect(try AudioUpload.audio(body: wav, contentType: "multipart/form-data") == wav)
    }

    @Test func a256kPartBodyIsOnePass() throws {
        // The search for each delimiter restarted from the body's start: quadratic, 17 s in a release build.
        var body = Data(String(repeating: "--b\r\n\r\nx\r\n", count: 1 << 18).utf8)
        body.append(Data("--b\r\n\r\n".utf8) + wav + Data("\r\n--b--\r\n".utf8))
        #expect(try AudioUpload.audio(body: body, contentType: "multipart/form-data; boundary=b") == wav)
    }
}
