import Foundation
import SpeakerRecognition
import SpidModules

/// The REPL's engine: reads command lines, runs them against a service, and writes results.
///
/// It has no terminal code: a front end hands it lines (typed, from a script, from `-c`) and
/// gives it a ``REPLOutput``. State lives here: the connection, the operations loaded or
/// created (`op1`, `op2`, …), bound names, handlers and settings. Handlers fire from the
/// background and write through the same output while the front end waits for input.
public actor REPLSession {
    /// How one line ended.
    public enum LineResult: Sendable, Equatable {
        case ok
        case failed(REPLError)
        /// `quit` was run.
        case quit
    }

    let configuration: REPLConfiguration
    let output: any REPLOutput
    var connection: Connection?
    var operations = OperationRegistry()
    var bindings = Bindings()
    var profileKinds: [ProfileID: ProfileKind] = [:]
    var handlers = HandlerTable()
    var settings: Settings
    var history: [String]
    var eventTask: Task<Void, Never>?
    /// Handler modules: loaded for the life of the process, whatever the connection.
    let modules: ModuleHost
    var moduleEventTask: Task<Void, Never>?
    /// The loaded instances' names, for completion (which cannot wait on the module host).
    var moduleNames: [String] = []
    /// What `exec` handlers left running, ended with their handler or the session.
    let processGroups = ProcessGroups()

    /// Identification or verification, as far as the session knows.
    enum ProfileKind: Sendable { case identification, verification }

    /// Where a line runs: its default operation (a handler's), and how deep in scripts.
    struct Context: Sendable {
        var defaultOperation: String?
        var depth = 0
        /// True inside a handler's command, which must not wait for handlers (itself among them).
        var inHandler = false
        /// Names only this line sees: a handler's `$op`, `$status`, `$previous`, `$event`.
        var locals: [String: String] = [:]
    }

    /// What a command produced.
    struct Outcome: Sendable {
        var lines: [String] = []
        var json: JSONValue?
        var value: BoundValue?
        var quit = false
    }

    public init(configuration: REPLConfiguration, output: any REPLOutput) {
        self.configuration = configuration
        self.output = output
        settings = Settings(json: configuration.json)
        history = configuration.previousHistory
        modules = ModuleHost(
            configuration: ModuleHost.Configuration(
                hostName: "spid-repl \(SpidVersion.string)", callTimeout: settings.moduleTimeout,
                searchPaths: configuration.moduleSearchPaths))
    }

    /// Connects as configured: an endpoint, or the embedded service.
    public func start() async throws(REPLError) {
        let connection: Connection
        if let endpoint = configuration.endpoint {
            connection = try Connection.remote(endpoint, key: configuration.key, configuration)
        } else {
            connection = try Connection.local(configuration)
        }
        await use(connection)
        followModules()
    }

    /// Stops watching, ends handlers and what `exec` handlers left running, and closes the
    /// embedded service (its data is saved as it goes).
    public func shutdown() async {
        await settleHandlers()
        await close()
        await processGroups.terminate()
        await modules.shutdown()
        await moduleEventTask?.value
        moduleEventTask = nil
    }

    /// Where the session is connected (never the key).
    public var connectionLabel: String { connection?.label ?? "not connected" }

    // MARK: Lines

    /// Runs one line (statements separated by `;`); an error is printed as `error: …`.
    public func execute(_ line: String) async -> LineResult {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, !trimmed.hasPrefix("#") { history.append(Self.maskingSecrets(in: trimmed)) }
        do {
            return try await run(line, Context()) ? .quit : .ok
        } catch {
            report(error, prefix: "error: ")
            return .failed(error)
        }
    }

    /// Runs a line in `context`; `true` when it asked to quit.
    func run(_ line: String, _ context: Context) async throws(REPLError) -> Bool {
        for statement in try Lexer.statements(in: line) {
            try Task.checkCancellation(or: "stopped")
            if try await run(statement, context).quit { return true }
        }
        return false
    }

    func run(_ statement: Statement, _ context: Context) async throws(REPLError) -> Outcome {
        var words = statement.words
        var bindingName: String?
        if words.count >= 2, !words[0].quoted, words[1].isBare("=") {
            let name = words[0].literal
            guard Expander.isName(name) else {
                throw REPLError("\(name) cannot be bound: a name is letters, digits and _, not starting with a digit")
            }
            guard words.count > 2 else {
                throw REPLError("nothing to bind to \(name); write `\(name) = COMMAND`, e.g. `\(name) = profile create`")
            }
            bindingName = name
            words.removeFirst(2)
        }
        let commandName = words[0].literal
        guard let command = CommandCatalog.commandType(named: commandName.lowercased()) else {
            let near = CommandCatalog.suggestions(for: commandName)
            let hint = near.isEmpty ? "`help` lists the commands" : "did you mean \(near.joined(separator: ", "))?"
            if bindingName != nil, near.isEmpty {
                throw REPLError("unknown command \"\(commandName)\"; a binding takes a command's result (to bind text: `NAME = echo TEXT`)")
            }
            throw REPLError("unknown command \"\(commandName)\"; \(hint)")
        }
        var outcome: Outcome
        if let raw = command as? any RawWordsCommand.Type {
            outcome = try await raw.run(statement, firstWord: statement.words.count - words.count + 1, context, in: self)
            emit(outcome, json: settings.json)
        } else {
            let expanded = try expander(context).expand(Array(words.dropFirst()))
            let arguments = try Arguments(expanded, spec: command.spec)
            outcome = try await command.run(arguments, context, in: self)
            if arguments.has("--json") { outcome.lines = [] }
            emit(outcome, json: arguments.has("--json") || settings.json)
        }
        if let bindingName {
            guard let value = outcome.value else {
                throw REPLError("`\(command.spec.name)` gives no value to bind to \(bindingName)")
            }
            if case .text(let text) = value, text.utf8.count > Expander.maximumLength {
                throw REPLError(
                    "the text for \(bindingName) is \(ByteCountText.format(text.utf8.count)); a name holds at most \(ByteCountText.format(Expander.maximumLength)) of text (keep large text in a file)"
                )
            }
            bindings[bindingName] = value
        }
        return outcome
    }

    // MARK: Output

    var style: TextStyle {
        switch settings.color {
        case .auto: configuration.style
        case .on: TextStyle(colors: true)
        case .off: .plain
        }
    }

    /// Prints a result: text, or JSON; `--output json` (the setting) gives one compact document
    /// per line (JSON Lines, for `jq` and scripts), a command's `--json` a pretty one.
    func emit(_ outcome: Outcome, json: Bool) {
        if json, let document = outcome.json {
            output.write(document.jsonText(pretty: !settings.json), to: .output)
        } else if !outcome.lines.isEmpty {
            output.write(outcome.lines.joined(separator: "\n"), to: .output)
        }
    }

    func say(_ line: String) { output.write(line, to: .output) }

    func report(_ error: REPLError, prefix: String) {
        guard error.message != Self.alreadyReported else { return }
        var lines = [prefix + error.message]
        if !error.usage.isEmpty { lines.append("usage: " + error.usage.joined(separator: "\n       ")) }
        output.write(lines.joined(separator: "\n"), to: .error)
    }

    func expander(_ context: Context) -> Expander {
        let bindings = bindings
        let environment = configuration.environment
        let locals = context.locals
        return Expander(
            lookup: { name in locals[name].map { [$0] } ?? bindings[name]?.words ?? environment[name].map { [$0] } },
            knownNames: { bindings.names + Array(locals.keys) })
    }

    /// The line as history keeps it: the key of `connect … key KEY`, and secret module options
    /// (`token=…`, `header=…`), replaced by `****`.
    public static func maskingSecrets(in line: String) -> String {
        SecretMasking.maskingSecrets(in: line)
    }
}

extension Task where Success == Never, Failure == Never {
    /// Throws a ``REPLError`` saying `what` when the current task was cancelled (Ctrl-C).
    static func checkCancellation(or what: String) throws(REPLError) {
        if Task.isCancelled { throw REPLError("\(what) (interrupted)") }
    }
}
