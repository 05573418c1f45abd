import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SpeakerRecognition
import SpeakerRecognitionEmulator
import SpidCodeSamples

/// `POST /console/samples`: the console's request written in the ten languages of
/// ``SampleLanguage``, by the same code as the REPL's `code` command.
///
/// The page sends the method, the URL it would call, the JSON body typed and the audio file's
/// name, never the key; the samples read the key from `SPID_KEY`. Served without a key, like the
/// console, since it reads nothing of the service.
enum CodeSamplesRoute {
    static let path = "/console/samples"
    /// A request is a URL, a short JSON body and a file name.
    static let maximumBodyBytes = 64 * 1024

    /// What the page sends.
    struct Query: Decodable {
        var method: String
        var url: String
        var body: String?
        var audioFile: String?
    }

    /// What it gets back.
    struct Answer: Encodable {
        var request: String
        var samples: [Sample]

        struct Sample: Encodable {
            var language: String
            var title: String
            var fileName: String
            var code: String
        }
    }

    static func response(to request: Request, context: ServerRequestContext, bodyTimeout: Duration) async -> Response {
        guard request.method == .post else {
            return failure(
                405, "MethodNotAllowed", "The method \(request.method.rawValue) is not allowed here; use POST.",
                headers: [("Allow", "POST")])
        }
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maximumBodyBytes {
            return EmulatorResponder.refusing(limit: maximumBodyBytes, context: context)
        }
        let bytes: ByteBuffer
        switch await EmulatorResponder.collect(request.body, upTo: maximumBodyBytes, within: bodyTimeout) {
        case .collected(let buffer): bytes = buffer
        case .tooLarge: return EmulatorResponder.refusing(limit: maximumBodyBytes, context: context)
        case .tooSlow: return EmulatorResponder.closing(ServiceFailure.bodyTimedOut(after: bodyTimeout), context: context)
        case .failed: return EmulatorResponder.closing(ServiceFailure.invalidHTTPRequest, context: context)
        }
        let query: Query
        do {
            query = try JSONDecoder().decode(Query.self, from: Data(bytes.readableBytesView))
        } catch {
            return failure(
                400, "BadRequest",
                #"The body must be JSON: {"method": "GET", "url": "http://HOST/spid/v1.0/…", "body": "…" (optional), "audioFile": "name.wav" (optional)}."#
            )
        }
        let parsed: (endpoint: ServiceEndpoint, call: APICall)
        do {
            parsed = try APICall.parse(method: query.method, url: query.url, body: query.body)
        } catch {
            return failure(400, "BadRequest", error.message)
        }
        let audioFile = query.audioFile.flatMap { $0.isEmpty ? nil : String($0.prefix(255)) } ?? "audio.wav"
        let sampleRequest = SampleRequest(parsed.call, endpoint: parsed.endpoint, audioFile: audioFile)
        let answer = Answer(
            request: parsed.call.template,
            samples: CodeSample.all(for: sampleRequest).map {
                .init(language: $0.language.rawValue, title: $0.language.title, fileName: $0.language.fileName, code: $0.code)
            })
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        let data = (try? JSONEncoder().encode(answer)) ?? Data("{}".utf8)
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func failure(_ status: Int, _ code: String, _ message: String, headers: [(String, String)] = []) -> Response {
        EmulatorResponder.response(ServiceFailure(status: status, code: code, message: message, headers: headers).response)
    }
}
