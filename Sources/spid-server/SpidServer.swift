import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import SpeakerEngines
import SpeakerRecognitionEmulator
import SpeakerRecognitionPostgres

/// `spid-server`: the Speaker Recognition API v1.0 emulator over HTTP.
@main
struct SpidServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spid-server",
        abstract: "Serve the Speaker Recognition API v1.0 (/spid/v1.0) on this machine.",
        discussion: """
            Prints one line, "listening on http://HOST:PORT", when it accepts connections. Clients send
            one of the keys in Ocp-Apim-Subscription-Key. Stop it with Ctrl-C or SIGTERM: requests in
            flight finish, unfinished operations are kept (with --data) and resume at the next start.

            Example:
              spid-server --port 8080 --key my-key --data ~/.local/share/spid/server
              curl -X POST -H 'Ocp-Apim-Subscription-Key: my-key' -H 'Content-Type: application/json' \\
                   -d '{"locale":"en-us"}' http://127.0.0.1:8080/spid/v1.0/identificationProfiles
            """)

    @Option(help: "Address to listen on. Use 0.0.0.0 to accept other machines.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (printed when ready).")
    var port = 8080

    @Option(
        name: .customLong("key"),
        help: "A subscription key clients must send (repeat for several). Prefer --key-file or SPID_KEY: arguments show in ps.")
    var keys: [String] = []

    @Option(help: "A file with subscription keys, one per line.")
    var keyFile: String?

    @Option(help: "Keep profiles and operations in SQLite in this folder, so a restart loses nothing.")
    var data: String?

    @Option(
        help: """
            Keep everything in PostgreSQL at this URL, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME]: \
            every instance given the same URL serves one service. Default: $SPID_POSTGRES_URL (prefer it, or a \
            ~/.pgpass file, to a password in the arguments, which show in ps). Not with --data.
            """)
    var postgres: String?

    @Option(
        help:
            "Seconds a worker's claim on an operation holds unrenewed: with --postgres, how soon another instance takes over the work of one that died."
    )
    var lease = 30.0

    @Flag(
        help:
            "Add calibrated scores (0-1) to identification and verification results: score, and profilesRanking (every candidate, best first). Not part of v1.0; clients that know only v1.0 ignore them."
    )
    var scores = false

    @Option(help: "Seconds an operation stays notstarted, then at least as long running.")
    var processingDelay = 0.5

    @Option(help: "Send Retry-After: SECONDS on 202s and unfinished operations (the hosted service sent none).")
    var retryAfter: Int?

    @Option(help: "Requests per minute per key before 429 RateLimitExceeded (polls count).")
    var rateLimit: Int?

    @Option(help: "Operations accepted and not yet ended, at most; past it enrollments and identifications get 429 with Retry-After.")
    var maxQueuedOperations = 1000

    @Option(help: "Megabytes of audio held by unfinished operations, at most (the same 429 past it).")
    var maxQueuedMegabytes = 512

    @Option(
        help:
            "Wrong or missing keys per client address per minute before that address gets 429 for the rest of the minute; 0 for no limit."
    )
    var maxFailedKeys = 30

    @Option(help: "Uploads (enrollments, identifications, verifications) read at once; one more gets 429 with Retry-After: 1.")
    var maxConcurrentUploads = 32

    @Option(
        help:
            "Lower the priority of the threads that decode audio and run the engine by this much (0-19), so requests and polls take the cores first; operations then finish later on a busy machine."
    )
    var analysisNice: Int32 = 0

    @Option(help: "Seconds a connection may stay idle (no request, or a request that stalls) before it is closed.")
    var idleTimeout = 60

    @Option(help: "Seconds a request's body may take to arrive before the answer is 408 and the connection is closed.")
    var bodyTimeout = 30

    @Option(
        help:
            "Connections open at once; one more is closed when accepted. Default: the open-file limit (raised to its maximum at start) less 128."
    )
    var maxConnections: Int?

    @Option(help: "Fraction (0 to 1) of requests that fail on purpose: 500, 503 or a dropped connection.")
    var failRate = 0.0

    @Option(help: "Seed of the fault injection, to replay a sequence.")
    var seed: UInt64 = 1

    @Option(
        name: .customLong("cors-origin"),
        help: ArgumentHelp(
            "A web origin (scheme://host[:port]) whose pages may call the server from a browser (repeat for several; only those are allowed). Default: every origin. none: no CORS headers at all.",
            valueName: "origin"))
    var corsOrigins: [String] = []

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Option(help: "Log format: text (one readable line per record) or json (one JSON object per line, for log collectors).")
    var logFormat: LogFormat = .text

    @Option(
        help:
            "Speaker engine: auto (dvector when scripts/fetch-model has fetched its weights, else classical), dvector or classical. Default: $SPID_ENGINE, else auto."
    )
    var engine: SpeakerEngineChoice?

    @Option(
        help:
            "Folder of the d-vector weights (scripts/fetch-model writes them; default $SPID_MODEL_DIR or ~/.local/share/spid/models/dvector)."
    )
    var model: String?

    mutating func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535, not \(port).") }
        if postgres == nil, let fromEnvironment = ProcessInfo.processInfo.environment["SPID_POSTGRES_URL"], !fromEnvironment.isEmpty {
            postgres = fromEnvironment
        }
        if let postgres {
            guard data == nil else { throw ValidationError("--data and --postgres both name a store; give one.") }
            do { _ = try PostgresURL(postgres) } catch { throw ValidationError("--postgres: \(error.description)") }
        }
        guard (0...19).contains(analysisNice) else {
            throw ValidationError("--analysis-nice must be 0 to 19 (how far to lower the analysis threads' priority), not \(analysisNice).")
        }
        guard lease >= 1, lease <= 3600 else { throw ValidationError("--lease must be 1 to 3600 seconds, not \(lease).") }
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate is a fraction from 0 to 1, not \(failRate).") }
        guard processingDelay >= 0, processingDelay <= 3600 else {
            throw ValidationError("--processing-delay must be 0 to 3600 seconds, not \(processingDelay).")
        }
        if let retryAfter, retryAfter < 0 { throw ValidationError("--retry-after must be 0 or more seconds.") }
        if let rateLimit, rateLimit < 1 { throw ValidationError("--rate-limit must be at least 1 request per minute.") }
        guard maxQueuedOperations >= 1 else { throw ValidationError("--max-queued-operations must be at least 1.") }
        guard (1...1_048_576).contains(maxQueuedMegabytes) else {
            throw ValidationError("--max-queued-megabytes must be 1 to 1048576, not \(maxQueuedMegabytes).")
        }
        guard maxFailedKeys >= 0 else { throw ValidationError("--max-failed-keys must be 0 (no limit) or more, not \(maxFailedKeys).") }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1.") }
        guard maxConcurrentUploads >= 1 else {
            throw ValidationError("--max-concurrent-uploads must be at least 1, not \(maxConcurrentUploads).")
        }
        guard (1...3600).contains(bodyTimeout) else {
            throw ValidationError("--body-timeout must be 1 to 3600 seconds, not \(bodyTimeout).")
        }
        guard (1...86400).contains(idleTimeout) else {
            throw ValidationError("--idle-timeout must be 1 to 86400 seconds, not \(idleTimeout).")
        }
        do throws(CrossOriginPolicy.InvalidOrigin) {
            _ = try CrossOriginPolicy(arguments: corsOrigins)
        } catch {
            throw ValidationError(error.description)
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical.")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let format = logFormat
        LoggingSystem.bootstrap { label in
            switch format {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLineLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let logger = Logger(label: "spid-server")
        let keys = try allKeys()
        let storage: EmulatorStorageLocation =
            data.map { .directory(URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath)) } ?? .memory
        let speakerEngine: any SpeakerEngine
        do {
            speakerEngine = try (engine ?? SpeakerEngineChoice.fromEnvironment()).makeEngine(
                modelDirectory: model.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) } ?? DVectorModel.defaultDirectory()
            )
        } catch let error as DVectorModelError {
            FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        let metrics = ServerMetrics()
        var serviceConfiguration = EmulatorConfiguration(
            keys: keys, processingDelay: .milliseconds(Int((processingDelay * 1000).rounded())),
            retryAfter: retryAfter, rateLimitPerMinute: rateLimit, maximumQueuedOperations: maxQueuedOperations,
            maximumQueuedBytes: maxQueuedMegabytes << 20)
        serviceConfiguration.leaseDuration = .milliseconds(Int((lease * 1000).rounded()))
        serviceConfiguration.reportsScores = scores
        serviceConfiguration.analysisNice = analysisNice
        let emulator: SpeakerRecognitionEmulator
        var postgresStore: PostgresStore?
        if let postgres {
            let address = try PostgresURL(postgres)
            do {
                postgresStore = try await PostgresStore(url: postgres, logger: Logger(label: "spid.postgres"))
            } catch {
                throw DataFolderError(message: "cannot use PostgreSQL at \(address): \(PostgresStore.reason(error))")
            }
            emulator = SpeakerRecognitionEmulator(
                configuration: serviceConfiguration, engine: speakerEngine, store: postgresStore!, clock: SystemEmulatorClock(),
                logger: Logger(label: "spid.emulator"), observer: metrics)
        } else {
            do {
                emulator = try SpeakerRecognitionEmulator(
                    configuration: serviceConfiguration, engine: speakerEngine, storage: storage, logger: Logger(label: "spid.emulator"),
                    observer: metrics)
            } catch {
                throw DataFolderError(message: "cannot use the data folder \(data ?? ""): \(Self.reason(error, path: data))")
            }
        }
        await emulator.start()
        let connections = ConnectionLimiter(maximum: Self.connectionLimit(requested: maxConnections, logger: logger))
        let (host, port) = (self.host, self.port)
        let boundPort = BoundPort()
        let crossOrigin = try CrossOriginPolicy(arguments: corsOrigins)
        let responder = ServerResponder(
            crossOrigin: CrossOriginMiddleware(policy: crossOrigin),
            emulator: EmulatorResponder(
                emulator: emulator, faults: FaultInjector(rate: failRate, seed: seed),
                failedKeys: maxFailedKeys > 0 ? FailedKeyLimiter(limit: maxFailedKeys) : nil, bodyTimeout: .seconds(bodyTimeout),
                uploads: UploadLimiter(maximum: maxConcurrentUploads),
                metrics: metrics, connections: connections,
                fallbackAuthority: { "\(host):\(boundPort.value)" }))
        let app = Application(
            responder: responder,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [connections.makeHandler()], idleTimeout: .seconds(Int64(idleTimeout)))),
            configuration: .init(address: .hostname(host, port: port), serverName: "spid-server"),
            onServerRunning: { channel in
                let actual = channel.localAddress?.port ?? port
                boundPort.set(actual)
                let shown = host.contains(":") ? "[\(host)]" : host
                FileHandle.standardOutput.write(Data("listening on http://\(shown):\(actual)\n".utf8))
            },
            logger: logger
        )
        logger.info(
            "starting",
            metadata: [
                "keys": "\(keys.count)", "storage": "\(postgres.flatMap { try? PostgresURL($0).description } ?? data ?? "memory")",
                "processingDelay": "\(processingDelay)",
                "engine": "\(speakerEngine.name)",
                "failRate": "\(failRate)", "corsOrigins": "\(corsOrigins.isEmpty ? "*" : corsOrigins.joined(separator: " "))",
            ])
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            await emulator.shutdown()
            await postgresStore?.close()
            FileHandle.standardError.write(
                Data("Error: \(host):\(port) is already in use; pick another --port, or --port 0 for a free one.\n".utf8))
            throw ExitCode.failure
        }
        await emulator.shutdown()
        await postgresStore?.close()
        logger.info("stopped")
    }

    /// The connection cap: `requested`, or what the open-file limit allows. The soft limit is
    /// raised to the hard one first; a cap the limit cannot hold, or a low limit, is warned about.
    private static func connectionLimit(requested: Int?, logger: Logger) -> Int {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return requested ?? 1000 }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limits = raised }
        }
        let files = Int(clamping: limits.rlim_cur)
        let fitting = max(16, files - 128)  // room for the data folder, logs and the engine's files
        if files < 1024 {
            logger.warning(
                "the open-file limit is low; few clients can connect at once",
                metadata: ["limit": "\(files)", "hint": "raise it with ulimit -n"])
        }
        guard let requested else { return fitting }
        if requested > fitting {
            logger.warning(
                "--max-connections is above what the open-file limit allows; connections past it will fail",
                metadata: ["requested": "\(requested)", "openFileLimit": "\(files)"])
        }
        return requested
    }

    /// A short reason a data folder cannot be used.
    private static func reason(_ error: any Error, path: String?) -> String {
        var isFolder: ObjCBool = false
        if let path, FileManager.default.fileExists(atPath: (path as NSString).expandingTildeInPath, isDirectory: &isFolder),
            !isFolder.boolValue
        {
            return "it is a file, not a folder"
        }
        return (error as NSError).localizedDescription
    }

    private func allKeys() throws -> Set<String> {
        var keys = Set(self.keys.map { $0.trimmingCharacters(in: .whitespaces) })
        if let keyFile {
            guard let text = try? String(contentsOfFile: keyFile, encoding: .utf8) else {
                throw ValidationError("cannot read --key-file \(keyFile).")
            }
            for line in text.split(whereSeparator: \.isNewline) {
                let key = line.trimmingCharacters(in: .whitespaces)
                if !key.isEmpty && !key.hasPrefix("#") { keys.insert(key) }
            }
        }
        if let key = ProcessInfo.processInfo.environment["SPID_KEY"], !key.isEmpty { keys.insert(key) }
        keys.remove("")
        guard !keys.isEmpty else {
            throw ValidationError("no subscription key: pass --key KEY, --key-file FILE or set SPID_KEY.")
        }
        return keys
    }
}

/// A data folder that cannot be opened: said plainly, without the usage text.
struct DataFolderError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// How log records are written.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// The port the server bound, known once it runs (port 0 picks one).
final class BoundPort: Sendable {
    private let storage = NIOLockedValueBox(0)
    var value: Int { storage.withLockedValue { $0 } }
    func set(_ port: Int) { storage.withLockedValue { $0 = port } }
}
