import Foundation
import Logging
import SpeakerEngines
import SpeakerRecognition
import SpeakerRecognitionEmulator

/// The service a session talks to: a client, the monitor that watches its operations, and the
/// embedded emulator when it runs in process.
struct Connection: Sendable {
    let client: SpeakerRecognitionClient
    let monitor: OperationMonitor
    let emulator: SpeakerRecognitionEmulator?
    /// `local` or the endpoint's base URL (never the key).
    let label: String
    /// An endpoint's key, for `exec --with-key` handlers; `nil` for the embedded service.
    var key: SubscriptionKey? = nil

    /// The embedded service, with a key made up for this process.
    static func local(_ configuration: REPLConfiguration) throws(REPLError) -> Connection {
        let secret = (0..<4).map { _ in String(UInt64.random(in: 0...UInt64.max), radix: 16) }.joined()
        let engine: any SpeakerEngine
        do {
            engine = try configuration.localEngine.makeEngine(modelDirectory: configuration.modelDirectory)
        } catch {
            throw REPLError("cannot start the embedded service's speaker engine: \(error)")
        }
        let emulator: SpeakerRecognitionEmulator
        do {
            var settings = EmulatorConfiguration(keys: [secret], processingDelay: configuration.localProcessingDelay)
            settings.reportsScores = configuration.localScores
            emulator = try SpeakerRecognitionEmulator(
                configuration: settings, engine: engine, storage: configuration.localStorage, logger: Self.quietLogger)
        } catch {
            let place: String
            if case .directory(let url) = configuration.localStorage { place = " in \(url.path)" } else { place = "" }
            throw REPLError("cannot open the embedded service's data\(place): \(error) (use --ephemeral to keep data in memory)")
        }
        let client: SpeakerRecognitionClient
        do {
            client = SpeakerRecognitionClient(
                endpoint: try ServiceEndpoint("http://localhost"), key: try SubscriptionKey(secret), transport: emulator)
        } catch {
            throw REPLError(error)
        }
        let label: String
        if case .directory(let url) = configuration.localStorage {
            label = "local (data in \(url.path))"
        } else {
            label = "local (in memory)"
        }
        return Connection(
            client: client, monitor: OperationMonitor(client: client, policy: configuration.localPolicy),
            emulator: emulator, label: label)
    }

    /// An endpoint over HTTP.
    static func remote(_ endpointText: String, key: SubscriptionKey?, _ configuration: REPLConfiguration) throws(REPLError) -> Connection {
        let endpoint: ServiceEndpoint
        do {
            endpoint = try ServiceEndpoint(endpointText)
        } catch {
            throw REPLError(error)
        }
        guard let key else {
            throw REPLError("no subscription key for \(endpoint): use `connect \(endpointText) key KEY`, --key-file FILE or SPID_KEY")
        }
        let client = SpeakerRecognitionClient(endpoint: endpoint, key: key, transport: configuration.makeTransport())
        return Connection(
            client: client, monitor: OperationMonitor(client: client, policy: configuration.remotePolicy),
            emulator: nil, label: endpoint.description, key: key)
    }

    var isLocal: Bool { emulator != nil }

    /// The embedded service reports through the REPL's own lines, so its log stays quiet.
    private static let quietLogger: Logger = {
        var logger = Logger(label: "spid.embedded", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        return logger
    }()
}
