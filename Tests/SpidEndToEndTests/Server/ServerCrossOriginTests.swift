import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// CORS on the real `spid-server` (wire reference §11.4): preflights without a key, the headers
/// on actual answers (errors included), `--cors-origin ORIGIN` and `--cors-origin none`.
@Suite(.timeLimit(.minutes(5))) struct ServerCrossOriginTests {
    static let page = "http://127.0.0.1:9999"

    /// A browser's preflight for a GET with the key header.
    static func preflight(_ harness: ServerHarness, origin: String, path: String = "/operations/x") async throws -> TransportResponse {
        try await harness.raw(
            "OPTIONS", path, key: .some(nil),
            headers: [
                ("Origin", origin), ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", "ocp-apim-subscription-key"),
            ])
    }

    @Test func preflightFromAnyOriginByDefault() async throws {
        let harness = try await ServerHarness()
        for origin in [Self.page, "https://example.org", "null"] {
            let response = try await Self.preflight(harness, origin: origin)
            #expect(response.statusCode == 204, "\(origin)")
            #expect(response.headers["Access-Control-Allow-Origin"] == "*")
            let methods = response.headers["Access-Control-Allow-Methods"] ?? ""
            for method in ["GET", "POST", "DELETE"] { #expect(methods.contains(method)) }
            let allowed = (response.headers["Access-Control-Allow-Headers"] ?? "").lowercased()
            #expect(allowed.contains("ocp-apim-subscription-key"))
            #expect(allowed.contains("content-type"))
            #expect(response.headers["Access-Control-Expose-Headers"] == "Operation-Location, Retry-After")
            #expect(response.headers["Access-Control-Max-Age"] == "600")
            #expect(response.headers["Access-Control-Allow-Credentials"] == nil, "keys travel in a header, never cookies")
        }
        // An OPTIONS that is not a preflight is still the emulator's 405.
        #expect(try await harness.raw("OPTIONS", "/identificationProfiles").statusCode == 405)
    }

    @Test func headersOnErrorsAndOnTheAccepted() async throws {
        let harness = try await ServerHarness()
        let origin = [("Origin", Self.page)]
        let unauthorized = try await harness.raw("GET", "/identificationProfiles", key: .some(nil), headers: origin)
        #expect(unauthorized.statusCode == 401)
        #expect(unauthorized.headers["Access-Control-Allow-Origin"] == "*")
        let missing = try await harness.raw("GET", "/identificationProfiles/11111111-2222-3333-4444-555555555555", headers: origin)
        #expect(missing.statusCode == 404)
        #expect(missing.headers["Access-Control-Allow-Origin"] == "*")

        let profile = try await harness.client.createIdentificationProfile()
        let accepted = try await harness.raw(
            "POST", "/identificationProfiles/\(profile)/enroll?shortAudio=true",
            headers: origin + [("Content-Type", "application/octet-stream")], body: try AudioFixtures.data("awb-test1.wav"))
        #expect(accepted.statusCode == 202)
        #expect(accepted.headers["Operation-Location"] != nil)
        #expect(accepted.headers["Access-Control-Allow-Origin"] == "*")
        #expect(accepted.headers["Access-Control-Expose-Headers"] == "Operation-Location, Retry-After")
        // Without an Origin (not a browser), nothing changes.
        #expect(try await harness.raw("GET", "/identificationProfiles").headers["Access-Control-Allow-Origin"] == nil)
    }

    @Test func rateLimitedAnswerCarriesTheHeaders() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05", "--rate-limit", "1"])
        _ = try await harness.raw("GET", "/identificationProfiles")
        let limited = try await harness.raw("GET", "/identificationProfiles", headers: [("Origin", Self.page)])
        #expect(limited.statusCode == 429)
        #expect(limited.headers["Access-Control-Allow-Origin"] == "*")
        #expect(limited.headers["Retry-After"] != nil)
    }

    @Test func listedOriginIsEchoedAndOthersGetNothing() async throws {
        let harness = try await ServerHarness([
            "--processing-delay", "0.05", "--cors-origin", Self.page, "--cors-origin", "https://b.example",
        ])
        let listed = try await Self.preflight(harness, origin: Self.page)
        #expect(listed.statusCode == 204)
        #expect(listed.headers["Access-Control-Allow-Origin"] == Self.page)
        #expect(listed.headers["Vary"] == "Origin")
        let actual = try await harness.raw("GET", "/identificationProfiles", headers: [("Origin", "https://b.example")])
        #expect(actual.headers["Access-Control-Allow-Origin"] == "https://b.example")
        #expect(actual.headers["Vary"] == "Origin")

        let unlisted = try await Self.preflight(harness, origin: "http://127.0.0.1:9998")
        #expect(unlisted.statusCode == 405)
        #expect(unlisted.headers["Access-Control-Allow-Origin"] == nil)
        #expect(unlisted.headers["Vary"] == "Origin")
        let unlistedGET = try await harness.raw("GET", "/identificationProfiles", headers: [("Origin", "http://evil.example")])
        #expect(unlistedGET.statusCode == 200)
        #expect(unlistedGET.headers["Access-Control-Allow-Origin"] == nil)
    }

    @Test func noneTurnsCORSOff() async throws {
        let harness = try await ServerHarness(["--processing-delay", "0.05", "--cors-origin", "none"])
        let preflight = try await Self.preflight(harness, origin: Self.page)
        #expect(preflight.statusCode == 405)
        #expect(preflight.headers["Access-Control-Allow-Origin"] == nil)
        let actual = try await harness.raw("GET", "/identificationProfiles", headers: [("Origin", Self.page)])
        #expect(actual.statusCode == 200)
        #expect(actual.headers["Access-Control-Allow-Origin"] == nil)
        #expect(actual.headers["Access-Control-Expose-Headers"] == nil)
    }

    @Test(arguments: [
        (["http://localhost:3000/"], "is not an origin"), (["localhost:3000"], "is not an origin"),
        (["http://a.example/path"], "is not an origin"), (["none", "http://a.example"], "cannot be combined"),
    ])
    func malformedOriginsAreRefusedAtStart(_ values: [String], _ message: String) async throws {
        let result = try await ChildProcess.running(
            ServerProcess.binary, ["--key", "k", "--port", "0"] + values.flatMap { ["--cors-origin", $0] }, timeout: 30)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func openAPIDocumentsNeedNoKey() async throws {
        let harness = try await ServerHarness()
        let base = "http://127.0.0.1:\(harness.server.port)"
        for (name, type) in [("openapi.yaml", "application/yaml"), ("openapi.json", "application/json")] {
            let response = try await harness.transport.send(
                TransportRequest(method: "GET", url: try #require(URL(string: "\(base)/\(name)")), headers: TransportHeaders()))
            #expect(response.statusCode == 200, "\(name)")
            #expect(response.headers["Content-Type"]?.hasPrefix(type) == true)
            #expect(String(decoding: response.body, as: UTF8.self).contains("3.1.0"))
        }
        let json = try await harness.transport.send(
            TransportRequest(method: "GET", url: try #require(URL(string: "\(base)/openapi.json")), headers: TransportHeaders()))
        let paths = try JSONParser().parse(json.body)["paths"]
        for path in [
            "/identificationProfiles/{identificationProfileId}/enroll", "/identify", "/operations/{operationId}", "/verificationPhrases",
        ] {
            #expect(paths?[path] != nil, "\(path)")
        }
        let post = try await harness.transport.send(
            TransportRequest(method: "POST", url: try #require(URL(string: "\(base)/openapi.json")), headers: TransportHeaders()))
        #expect(post.statusCode == 405)
    }
}
