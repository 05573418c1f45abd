import Foundation
import SpidHandlerKit

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs every change it gets to a URL as JSON, retrying what may succeed later.
///
/// Options: `url=http(s)://…` (required), `retries=N` (default 3), `timeout=SECONDS` per attempt
/// (default 3), `header=Name: value` (repeatable, e.g. an authorization token).
/// A connection failure, a 5xx or a 429 is retried after 0.25 s, 0.5 s, 1 s… (or the server's
/// `Retry-After`, up to 5 s); any other 4xx is an error at once. Keep retries × timeout under the
/// host's call limit (spid-repl: `set module-timeout`).
struct WebhookHandler: SpidHandler {
    static let name = "webhook"
    static let summary = "POSTs every change as JSON to a URL (url=…), with retries"

    private let host: HandlerHost
    private var url: URL?
    private var retries = 3
    private var timeout: TimeInterval = 3
    private var headers: [(String, String)] = []
    private let session: URLSession

    init(host: HandlerHost) throws {
        self.host = host
        let configuration = URLSessionConfiguration.ephemeral
        session = URLSession(configuration: configuration)
    }

    mutating func configure(key: String, value: String) throws {
        switch key {
        case "url":
            guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                url.host != nil
            else {
                throw HandlerError("url must be an absolute http(s) URL, not \(value)")
            }
            self.url = url
        case "retries":
            guard let count = Int(value), (0...10).contains(count) else {
                throw HandlerError("retries is a number from 0 to 10, not \(value)")
            }
            retries = count
        case "timeout":
            guard let seconds = TimeInterval(value), seconds > 0, seconds <= 60 else {
                throw HandlerError("timeout is seconds, above 0 and at most 60, not \(value)")
            }
            timeout = seconds
        case "header":
            guard let colon = value.firstIndex(of: ":"), colon != value.startIndex else {
                throw HandlerError("header is `Name: value`, not \(value)")
            }
            headers.append((String(value[..<colon]), value[value.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        default:
            throw HandlerError("webhook has no option \(key) (options: url, retries, timeout, header)")
        }
    }

    mutating func handle(_ change: ChangeEvent) throws {
        guard let url else { throw HandlerError("no URL yet: load the module with url=http://…") }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(change.document.jsonText().utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("spid-webhook (\(host.name))", forHTTPHeaderField: "User-Agent")
        if let event = change.event { request.setValue(event, forHTTPHeaderField: "X-Spid-Event") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        var attempt = 0
        while true {
            attempt += 1
            let outcome = send(request)
            switch outcome {
            case .delivered:
                return
            case .refused(let reason):
                throw HandlerError("\(url.absoluteString) refused the change: \(reason)")
            case .retryable(let reason, let wait):
                guard attempt <= retries else {
                    throw HandlerError("\(url.absoluteString): \(reason) (\(attempt) attempt\(attempt == 1 ? "" : "s"))")
                }
                host.log("\(url.absoluteString): \(reason); retrying", level: .warning)
                Thread.sleep(forTimeInterval: wait ?? 0.25 * pow(2, Double(attempt - 1)))
            }
        }
    }

    mutating func close() {
        session.invalidateAndCancel()
    }

    private enum Outcome: Sendable {
        case delivered
        case refused(String)
        case retryable(String, wait: TimeInterval?)
    }

    /// One attempt, waiting for its answer: the module's calls run on a thread of their own.
    private func send(_ request: URLRequest) -> Outcome {
        let answer = Answer()
        session.dataTask(with: request) { _, response, error in
            answer.set(Self.outcome(response as? HTTPURLResponse, error))
        }.resume()
        return answer.wait()
    }

    private static func outcome(_ response: HTTPURLResponse?, _ error: (any Error)?) -> Outcome {
        guard let response else { return .retryable(error.map { $0.localizedDescription } ?? "no answer", wait: nil) }
        let status = response.statusCode
        if (200..<300).contains(status) { return .delivered }
        let text = "HTTP \(status) \(HTTPURLResponse.localizedString(forStatusCode: status))"
        if status == 429 || status >= 500 {
            let wait = response.value(forHTTPHeaderField: "Retry-After").flatMap(TimeInterval.init).map { min(max($0, 0), 5) }
            return .retryable(text, wait: wait)
        }
        return .refused(text)
    }

    /// The answer of one request, handed from URLSession's thread to the module's.
    private final class Answer: @unchecked Sendable {  // @unchecked: `outcome` is written once before `ready` is signalled, read after.
        private let ready = DispatchSemaphore(value: 0)
        private var outcome: Outcome = .retryable("no answer", wait: nil)

        func set(_ outcome: Outcome) {
            self.outcome = outcome
            ready.signal()
        }

        func wait() -> Outcome {
            ready.wait()
            return outcome
        }
    }
}

@_cdecl("spid_handler_entry")
public func spidHandlerEntry(_ hostABI: UInt32) -> UnsafeRawPointer? { SpidHandlerExport.entry(WebhookHandler.self) }
