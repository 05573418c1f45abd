import ArgumentParser
import Foundation
import LineEditing
import SpeakerEngines
import SpeakerRecognition
import SpeakerRecognitionAsyncHTTPClient
import SpeakerRecognitionEmulator
import SpidREPL

@main
struct SpidREPLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spid-repl",
        abstract: "An interactive shell for the Speaker Recognition API v1.0.",
        discussion: """
            With no endpoint it runs on the service embedded in this process, keeping its data in \
            $XDG_DATA_HOME/spid/embedded (~/.local/share/spid/embedded). Type `help` inside for the commands.

            Scripts: `spid-repl FILE.spid`, a `#!/usr/bin/env spid-repl` first line, `-c 'CMD; CMD'`, \
            or commands piped on stdin. The first error stops a script with FILE:LINE and exit status 1.

            Handler modules: `module load PATH` inside (help module); a bare name is looked up in \
            SPID_MODULE_PATH (folders separated by :) and next to spid-repl.

            Environment: SPID_ENDPOINT (an endpoint), SPID_KEY (its key), SPID_MODULE_PATH, NO_COLOR, XDG_DATA_HOME.
            """,
        version: SpidVersion.string)

    /// `SPID_MODULE_PATH`'s folders, then the folder of this executable (where `swift build` puts
    /// the example modules).
    static func moduleSearchPaths(_ environment: [String: String]) -> [String] {
        var folders = (environment["SPID_MODULE_PATH"] ?? "").split(separator: ":").map(String.init)
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            folders.append(executable.deletingLastPathComponent().path)
        }
        return folders
    }

    @Argument(help: "A script to run (one command per line).", completion: .file(extensions: ["spid"]))
    var script: String?

    @Option(name: .customShort("c"), help: ArgumentHelp("Commands to run, separated by ';'.", valueName: "commands"))
    var commands: String?

    @Option(help: ArgumentHelp("A service URL or region (default: the embedded service; or SPID_ENDPOINT).", valueName: "url|region"))
    var endpoint: String?

    @Option(help: ArgumentHelp("A file holding the endpoint's subscription key (or SPID_KEY).", valueName: "file"))
    var keyFile: String?

    @Flag(help: "Keep the embedded service's data in memory only.")
    var ephemeral = false

    @Option(help: ArgumentHelp("Where the embedded service keeps its data.", valueName: "folder"))
    var data: String?

    @Option(help: ArgumentHelp("How results are printed: human, or json (one compact JSON document per line).", valueName: "format"))
    var output: OutputFormat = .human

    @Flag(help: "No colours (also: NO_COLOR set, or output that is not a terminal).")
    var noColor = false

    @Option(help: ArgumentHelp("How long the embedded service keeps an operation notstarted and running.", valueName: "duration"))
    var processingDelay: String = "500ms"

    @Flag(help: "The embedded service adds calibrated scores (0-1) to identification and verification results.")
    var scores = false

    @Option(
        help: ArgumentHelp("The HTTP client for endpoints: urlsession (Foundation) or asynchttpclient (SwiftNIO).", valueName: "client"))
    var transport: TransportChoice = .urlsession

    @Option(
        help: ArgumentHelp(
            "The embedded service's speaker engine: auto (dvector when scripts/fetch-model has fetched its weights, else classical), dvector or classical. Default: $SPID_ENGINE, else auto.",
            valueName: "engine"))
    var engine: SpeakerEngineChoice?

    @Option(
        help: ArgumentHelp(
            "Folder of the d-vector weights (default $SPID_MODEL_DIR or ~/.local/share/spid/models/dvector).", valueName: "dir"))
    var model: String?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case human, json }

    enum TransportChoice: String, ExpressibleByArgument, CaseIterable {
        case urlsession, asynchttpclient

        /// What `connect` uses for each new connection.
        var factory: @Sendable () -> any Transport {
            switch self {
            case .urlsession: { URLSessionHTTPTransport() }
            case .asynchttpclient: { AsyncHTTPClientTransport() }
            }
        }
    }

    func validate() throws {
        if script != nil, commands != nil { throw ValidationError("give a script file or -c commands, not both") }
        if ephemeral, data != nil { throw ValidationError("--ephemeral and --data contradict each other; pick one") }
        if DurationText.parse(processingDelay) == nil {
            throw ValidationError("--processing-delay \(processingDelay) is not a duration; write it like 500ms or 2s")
        }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let environment = ProcessInfo.processInfo.environment
        let interactive = script == nil && commands == nil && Terminal.isInteractive
        let console = interactive ? TerminalConsole() : nil
        let sink: any REPLOutput = console.map { ConsoleOutput(console: $0) } ?? StreamOutput()
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share")
        let spidHome = dataHome.appendingPathComponent("spid")
        let noColorVariable = !(environment["NO_COLOR"] ?? "").isEmpty  // no-color.org: set and not empty
        let colors = !noColor && !noColorVariable && Terminal.stdoutIsTerminal && output == .human

        var configuration = REPLConfiguration(
            endpoint: endpoint ?? environment["SPID_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 },
            key: try readKey(environment),
            localStorage: ephemeral
                ? .memory : .directory(data.map { URL(fileURLWithPath: $0) } ?? spidHome.appendingPathComponent("embedded")),
            localProcessingDelay: DurationText.parse(processingDelay)!,
            localEngine: try engine ?? SpeakerEngineChoice.fromEnvironment(environment),
            modelDirectory: model.map { URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath) }
                ?? DVectorModel.defaultDirectory(environment: environment),
            makeTransport: transport.factory,
            style: TextStyle(colors: colors), json: output == .json, showsProgress: interactive,
            environment: environment, moduleSearchPaths: Self.moduleSearchPaths(environment))
        configuration.localScores = scores
        if let console {
            Terminal.catchInterrupts()
            let box = SessionBox()
            let editor = LineEditor(
                program: "spid-repl", historyPath: spidHome.appendingPathComponent("history").path, console: console
            ) { before in
                guard let session = box.session else { return ("", []) }
                let found = BlockingBridge.wait { await session.completions(for: before) }
                return (found.word, found.candidates.map { ($0.text, $0.display, $0.isComplete) })
            }
            if let editor {
                configuration.previousHistory = editor.entries
                let session = REPLSession(configuration: configuration, output: sink)
                box.session = session
                try start(session)
                try interact(session, editor: editor, console: console)
                return
            }
            FileHandle.standardError.write(Data("spid-repl: libedit could not start; reading plain lines\n".utf8))
        }
        let session = REPLSession(configuration: configuration, output: sink)
        try start(session)
        let status = runNonInteractive(session)
        BlockingBridge.wait { await session.shutdown() }
        if status != 0 { throw ExitCode(status) }
    }

    private func start(_ session: REPLSession) throws {
        if let error = BlockingBridge.wait({ () async -> REPLError? in
            do throws(REPLError) {
                try await session.start()
                return nil
            } catch {
                return error
            }
        }) {
            FileHandle.standardError.write(Data("spid-repl: error: \(error.message)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func readKey(_ environment: [String: String]) throws -> SubscriptionKey? {
        var secret: String?
        if let keyFile {
            do {
                secret = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw ValidationError("cannot read the key file \(keyFile): \(error.localizedDescription)")
            }
        } else if let fromEnvironment = environment["SPID_KEY"], !fromEnvironment.isEmpty {
            secret = fromEnvironment
        }
        guard let secret else { return nil }
        do {
            return try SubscriptionKey(secret)
        } catch {
            throw ValidationError("the subscription key \(keyFile.map { "in \($0) " } ?? "in SPID_KEY ")is unusable: \(error.message)")
        }
    }

    // MARK: Modes

    private func interact(_ session: REPLSession, editor: LineEditor, console: TerminalConsole) throws {
        let label = BlockingBridge.wait { await session.connectionLabel }
        console.write("spid-repl: Speaker Recognition API v1.0 on \(label). `help` lists the commands; Ctrl-D quits.")
        loop: while true {
            switch editor.read(prompt: "spid> ") {
            case .line(let line):
                editor.remember(REPLSession.maskingSecrets(in: line))
                if BlockingBridge.waitInterruptibly({ await session.execute(line) }) == .quit { break loop }
            case .interrupted:
                console.write("^C")
            case .endOfInput:
                console.write("")
                break loop
            }
        }
        if let problem = editor.saveHistory() { console.write("spid-repl: \(problem)", to: .error) }
        BlockingBridge.wait { await session.shutdown() }
    }

    /// A script file, `-c`, or piped stdin; the exit status.
    private func runNonInteractive(_ session: REPLSession) -> Int32 {
        if let commands {
            return BlockingBridge.wait { await session.runScript(commands, name: "-c") } == .failed ? 1 : 0
        }
        if let script, script != "-" {
            let text: String
            do {
                text = try REPLSession.readScript(URL(fileURLWithPath: script), named: script)
            } catch {
                FileHandle.standardError.write(Data("spid-repl: error: \(error.message)\n".utf8))
                return 1
            }
            return BlockingBridge.wait { await session.runScript(text, name: script) } == .failed ? 1 : 0
        }
        var number = 0
        var failed = false
        while let line = readLine(strippingNewline: true) {
            number += 1
            let lineNumber = number
            switch BlockingBridge.wait({ await session.runScriptLine(line, name: "<stdin>", number: lineNumber) }) {
            case .ok: continue
            case .quit: return failed ? 1 : 0
            case .failed(let stop):
                failed = true
                if stop { return 1 }
            }
        }
        return failed ? 1 : 0
    }
}

/// Lets the completion callback, made before the session, reach it.
// @unchecked: set once on the main thread before the editor first reads; read only on that thread.
private final class SessionBox: @unchecked Sendable {
    var session: REPLSession?
}
