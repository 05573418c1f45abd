import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

/// The API testing console on the real `spid-server` (wire reference §11.4): the page and its
/// assets are served without a key, with their media types, a strict Content-Security-Policy and
/// `nosniff`; the page has no inline script or style for that policy to block.
/// `scripts/test-openapi` drives the page itself in headless Chromium.
@Suite(.timeLimit(.minutes(5))) struct ServerConsoleTests {
    static func get(_ harness: ServerHarness, _ path: String, method: String = "GET") async throws -> TransportResponse {
        let url = try #require(URL(string: "http://127.0.0.1:\(harness.server.port)\(path)"))
        return try await harness.transport.send(TransportRequest(method: method, url: url, headers: TransportHeaders()))
    }

    @Test func pageAndAssetsNeedNoKeyAndCarryThePolicy() async throws {
        let harness = try await ServerHarness()
        for (path, type) in [
            ("/console", "text/html"), ("/console/", "text/html"), ("/console/index.html", "text/html"),
            ("/console/console.js", "text/javascript"), ("/console/console.css", "text/css"),
        ] {
            let response = try await Self.get(harness, path)
            #expect(response.statusCode == 200, "\(path)")
            #expect(response.headers["Content-Type"]?.hasPrefix(type) == true, "\(path): \(response.headers["Content-Type"] ?? "none")")
            let policy = response.headers["Content-Security-Policy"] ?? ""
            for directive in [
                "default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'none'",
                "frame-ancestors 'none'",
            ] {
                #expect(policy.contains(directive), "\(path): \(policy)")
            }
            #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
            #expect(response.headers["X-Content-Type-Options"] == "nosniff", "\(path)")
            #expect(!response.body.isEmpty, "\(path)")
        }
    }

    @Test func pageLoadsItsCodeFromFilesOnly() async throws {
        let harness = try await ServerHarness()
        let page = String(decoding: try await Self.get(harness, "/console").body, as: UTF8.self)
        #expect(page.contains(#"<script src="/console/console.js""#))
        #expect(page.contains(#"href="/console/console.css""#))
        // Every <script> has a src, and there is no <style> element or style attribute.
        #expect(page.components(separatedBy: "<script").count == page.components(separatedBy: "<script src=").count)
        #expect(!page.contains("<style") && !page.contains(" style=") && !page.contains("javascript:"))
        #expect(!page.contains("http://") && !page.contains("https://"), "no CDN")
        let script = String(decoding: try await Self.get(harness, "/console/console.js").body, as: UTF8.self)
        #expect(script.contains("/openapi.json"))
        #expect(!script.contains("innerHTML") && !script.contains("eval("), "service text is shown as text only")
    }

    @Test func otherMethodsAndPathsAreRefused() async throws {
        let harness = try await ServerHarness()
        let post = try await Self.get(harness, "/console", method: "POST")
        #expect(post.statusCode == 405)
        #expect(post.headers["Allow"] == "GET, HEAD")
        let head = try await Self.get(harness, "/console/console.js", method: "HEAD")
        #expect(head.statusCode == 200)
        #expect(try await Self.get(harness, "/console/missing.js").statusCode == 404)
    }
}
