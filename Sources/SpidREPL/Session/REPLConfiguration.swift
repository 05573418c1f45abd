import Foundation
import SpeakerEngines
import SpeakerRecognition
import SpeakerRecognitionEmulator

/// How a ``REPLSession`` starts: where it connects, how it looks, what it may read.
public struct REPLConfiguration: Sendable {
    /// An endpoint (URL or region) to start on; `nil` starts on the embedded service.
    public var endpoint: String?
    /// The key for an endpoint (from `--key-file` or `SPID_KEY`); `connect URL key KEY` overrides it.
    public var key: SubscriptionKey?
    /// Where the embedded service keeps its data: a folder, or memory only (`--ephemeral`).
    public var localStorage: EmulatorStorageLocation
    /// How long the embedded service keeps an operation `notstarted` and `running`.
    public var localProcessingDelay: Duration
    /// The embedded service's speaker engine; `spid-repl` passes `.auto` unless told otherwise.
    public var localEngine: SpeakerEngineChoice
    /// Whether the embedded service adds calibrated scores to results (`spid-repl --scores`).
    public var localScores = false
    /// Where the d-vector engine's weights are.
    public var modelDirectory: URL
    /// Polling for remote endpoints (the monitor's defaults) and for the embedded service (fast).
    public var remotePolicy: PollingPolicy
    public var localPolicy: PollingPolicy
    /// The transport for endpoints; URLSession by default.
    public var makeTransport: @Sendable () -> any Transport
    /// Colours on (a terminal without `NO_COLOR`) or off.
    public var style: TextStyle
    /// One JSON document per result instead of text.
    public var json: Bool
    /// Spinners and live status lines (a terminal only).
    public var showsProgress: Bool
    /// Environment variables `$NAME` falls back to.
    public var environment: [String: String]
    /// What relative file names are relative to.
    public var currentDirectory: URL
    /// Lines entered in earlier runs, for `history`.
    public var previousHistory: [String]
    /// Folders where `module load NAME` looks for `NAME` and `libNAME.so`.
    public var moduleSearchPaths: [String]

    public init(
        endpoint: String? = nil, key: SubscriptionKey? = nil, localStorage: EmulatorStorageLocation = .memory,
        localProcessingDelay: Duration = .milliseconds(500), localEngine: SpeakerEngineChoice = .classical,
        modelDirectory: URL = DVectorModel.defaultDirectory(), remotePolicy: PollingPolicy = PollingPolicy(),
        localPolicy: PollingPolicy = REPLConfiguration.fastPolicy,
        makeTransport: @escaping @Sendable () -> any Transport = { URLSessionHTTPTransport() },
        style: TextStyle = .plain, json: Bool = false, showsProgress: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
        previousHistory: [String] = [], moduleSearchPaths: [String] = []
    ) {
        self.endpoint = endpoint
        self.key = key
        self.localStorage = localStorage
        self.localProcessingDelay = localProcessingDelay
        self.localEngine = localEngine
        self.modelDirectory = modelDirectory
        self.remotePolicy = remotePolicy
        self.localPolicy = localPolicy
        self.makeTransport = makeTransport
        self.style = style
        self.json = json
        self.showsProgress = showsProgress
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.previousHistory = previousHistory
        self.moduleSearchPaths = moduleSearchPaths
    }

    /// Polling for an in-process service, where a poll costs nothing.
    public static let fastPolicy = PollingPolicy(
        initialDelay: .milliseconds(200), interval: .milliseconds(250), backoffMultiplier: 1.2,
        maximumInterval: .seconds(2), minimumDelay: .milliseconds(50))
}
