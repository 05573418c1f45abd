import Foundation
import SpeakerRecognition
import SpeakerRecognitionAsyncHTTPClient

/// The two transports, for suites that run over each; `SPID_TEST_TRANSPORT` (`urlsession`,
/// `asynchttpclient`) picks the one for suites that run over one.
public enum TransportKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case urlSession = "urlsession"
    case asyncHTTPClient = "asynchttpclient"

    /// `SPID_TEST_TRANSPORT`, or URLSession.
    public static var fromEnvironment: TransportKind {
        ProcessInfo.processInfo.environment["SPID_TEST_TRANSPORT"].flatMap(TransportKind.init(rawValue:)) ?? .urlSession
    }

    public var description: String { rawValue }

    /// A new transport of this kind with the given limits.
    public func make(
        maximumResponseBytes: Int = 10 << 20, requestTimeout: Duration = .seconds(60), resourceTimeout: Duration = .seconds(300)
    ) -> any Transport {
        switch self {
        case .urlSession:
            URLSessionHTTPTransport(
                configuration: .init(
                    requestTimeout: requestTimeout, resourceTimeout: resourceTimeout, maximumResponseBytes: maximumResponseBytes))
        case .asyncHTTPClient:
            AsyncHTTPClientTransport(
                configuration: .init(
                    requestTimeout: requestTimeout, resourceTimeout: resourceTimeout, maximumResponseBytes: maximumResponseBytes))
        }
    }
}
