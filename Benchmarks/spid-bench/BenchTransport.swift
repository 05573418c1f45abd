import ArgumentParser
import Foundation
import SpeakerRecognition
import SpeakerRecognitionAsyncHTTPClient

/// Which HTTP client a benchmark runs on.
enum BenchTransport: String, ExpressibleByArgument, CaseIterable, Sendable {
    case urlsession, asynchttpclient

    /// spid's transport of this kind, with `connections` per host.
    func make(connections: Int) -> any Transport {
        switch self {
        case .urlsession: URLSessionHTTPTransport(configuration: .init(maximumConnectionsPerHost: connections))
        case .asynchttpclient: AsyncHTTPClientTransport(configuration: .init(maximumConnectionsPerHost: connections))
        }
    }
}
