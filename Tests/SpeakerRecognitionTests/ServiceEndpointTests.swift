import Foundation
import Testing

@testable import SpeakerRecognition

@Suite("Endpoints and keys")
struct ServiceEndpointTests {
    @Test(
        "region, resource URL, local server, with or without the API path",
        arguments: [
            ("westus", "https://westus.api.cognitive.microsoft.com/spid/v1.0"),
            ("https://myres.cognitiveservices.azure.com", "https://myres.cognitiveservices.azure.com/spid/v1.0"),
            ("https://myres.cognitiveservices.azure.com/", "https://myres.cognitiveservices.azure.com/spid/v1.0"),
            ("https://westus.api.cognitive.microsoft.com/spid/v1.0", "https://westus.api.cognitive.microsoft.com/spid/v1.0"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080/spid/v1.0"),
            ("  HTTP://localhost:9/spid/v1.0/  ", "http://localhost:9/spid/v1.0"),
            ("https://gateway.example/speaker", "https://gateway.example/speaker/spid/v1.0"),
        ])
    func parses(_ text: String, _ expected: String) throws {
        #expect(try ServiceEndpoint(text).baseURL.absoluteString == expected)
    }

    @Test(
        "refuses what is not an endpoint",
        arguments: [
            "", "West US", "ftp://host", "127.0.0.1:8080", "https://", "https://user:pw@host", "https://host?x=1", "1westus",
        ])
    func refuses(_ text: String) throws {
        let error = try #require(throws: SpidError.self) { try ServiceEndpoint(text) }
        #expect(error.stage == .invalidRequest)
    }

    @Test("query values are encoded, commas kept raw")
    func query() throws {
        let endpoint = try ServiceEndpoint("http://127.0.0.1:1")
        #expect(
            endpoint.url("/x", query: [("a", "1,2"), ("b", "c d&e")]).absoluteString == "http://127.0.0.1:1/spid/v1.0/x?a=1,2&b=c%20d%26e")
    }

    @Test("same origin: scheme, host and port")
    func origin() throws {
        let endpoint = try ServiceEndpoint("https://Res.example")
        #expect(endpoint.isSameOrigin(as: URL(string: "https://res.example:443/spid/v1.0/operations/x")!))
        #expect(!endpoint.isSameOrigin(as: URL(string: "http://res.example/spid/v1.0/operations/x")!))
        #expect(!endpoint.isSameOrigin(as: URL(string: "https://res.example:8443/x")!))
    }

    @Test("keys: empty or broken ones are refused; none is ever printed")
    func keys() throws {
        #expect(throws: SpidError.self) { try SubscriptionKey("  ") }
        #expect(throws: SpidError.self) { try SubscriptionKey("abc\r\nX-Injected: 1") }
        let key = try SubscriptionKey(" 0123abcd \n")
        #expect(key.secret == "0123abcd")
        #expect("\(key)" == "<redacted>")
        #expect(!String(reflecting: key).contains("0123abcd"))
    }
}
