import CSpidModuleGuard
import Foundation
import SpeakerRecognition

/// Loads handler modules (shared libraries speaking `spid_handler.h`) and hands them status
/// changes: what spid-repl's `module load` and `on EVENT module NAME` use, and what an embedder
/// uses the same way.
///
/// Each instance gets a thread of its own; its calls are serialised and time-limited, a call past
/// its limit leaves the instance *stuck* (later changes are dropped and reported) rather than
/// holding anyone up, and a crash inside the module disables that instance instead of ending the
/// process (see ``ModuleError/crashed(module:call:signal:)``). Libraries are never unloaded.
///
/// ```swift
/// let modules = ModuleHost()
/// try await modules.load(".build/debug/libJSONLinesHandler.so", options: [("path", "changes.jsonl")])
/// await monitor.addHandler(try await modules.handler(for: "jsonl"), trigger: .terminal)
/// ```
public actor ModuleHost {
    /// How the host names itself to modules, how long calls may take, where bare names are found.
    public struct Configuration: Sendable {
        /// Handed to modules as `host_name`.
        public var hostName: String
        /// The limit of each `configure`, `on_event` and `destroy` call, counted from when it starts
        /// (calls to one instance run one at a time, in order).
        public var callTimeout: Duration
        /// The limit of opening a library and of its `create`.
        public var loadTimeout: Duration
        /// Folders searched for `NAME`, `libNAME.so` when `load` gets a name without a `/`.
        public var searchPaths: [String]

        public init(
            hostName: String = "spid \(SpidVersion.string)", callTimeout: Duration = .seconds(10),
            loadTimeout: Duration = .seconds(10), searchPaths: [String] = []
        ) {
            self.hostName = hostName
            self.callTimeout = callTimeout
            self.loadTimeout = loadTimeout
            self.searchPaths = searchPaths
        }
    }

    public private(set) var configuration: Configuration
    private var instances: [ModuleInstance] = []
    /// Opened libraries by resolved path: opened once, never closed.
    private var libraries: [String: ModuleLibrary] = [:]
    private let fanOut = ModuleEventFanOut()

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        spid_guard_install()
    }

    /// Changes the limit of later calls.
    public func setCallTimeout(_ timeout: Duration) {
        configuration.callTimeout = timeout
    }

    /// Log lines, failures of calls made for monitors' handlers, recoveries. Each caller gets its
    /// own stream.
    public nonisolated func events() -> AsyncStream<ModuleEvent> { fanOut.stream() }

    // MARK: Loading

    /// Loads a module from a path (or a bare name, searched in ``Configuration/searchPaths``),
    /// creates an instance named `name` (default: the module's own name) and hands it `options`.
    ///
    /// Nothing is kept when any step fails: the error says which and why.
    @discardableResult
    public func load(
        _ path: String, as name: String? = nil, options: [(key: String, value: String)] = []
    ) async throws(ModuleError) -> ModuleInfo {
        if let name, !Self.isValidName(name) { throw .invalidName(name) }
        let resolved = try resolve(path)
        let library = try await open(resolved)
        let instanceName = name ?? library.name
        guard instance(named: instanceName) == nil else { throw .nameTaken(instanceName) }
        let instance = ModuleInstance(name: instanceName, library: library, hostName: configuration.hostName, events: fanOut)
        do {
            try await instance.create(timeout: configuration.loadTimeout)
        } catch {
            instance.abandon("it did not start")
            throw error
        }
        for option in options {
            do {
                try await instance.configure(key: option.key, value: option.value, timeout: configuration.callTimeout)
            } catch {
                await instance.close(timeout: configuration.callTimeout)
                throw error
            }
        }
        guard self.instance(named: instanceName) == nil else {
            await instance.close(timeout: configuration.callTimeout)
            throw .nameTaken(instanceName)
        }
        instances.append(instance)
        return instance.info
    }

    /// Splits `KEY=VALUE` words into options.
    public static func options(from words: [String]) throws(ModuleError) -> [(key: String, value: String)] {
        try words.map { word throws(ModuleError) in
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { throw .invalidOption(word) }
            return (String(word[..<equals]), String(word[word.index(after: equals)...]))
        }
    }

    /// Whether `name` can name an instance: letters, digits, `-` and `_`, at most 64.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_")
            }
    }

    /// The absolute path `load` would open for `path`.
    public func resolve(_ path: String) throws(ModuleError) -> String {
        let fileManager = FileManager.default
        var candidates: [String] = []
        if path.contains("/") || path.hasSuffix(".so") || path.hasSuffix(".dylib") {
            let expanded = (path as NSString).expandingTildeInPath
            candidates = [expanded.hasPrefix("/") ? expanded : fileManager.currentDirectoryPath + "/" + expanded]
        } else {
            for folder in configuration.searchPaths {
                candidates += ["\(folder)/\(path)", "\(folder)/lib\(path).so", "\(folder)/lib\(path).dylib"]
            }
        }
        for candidate in candidates {
            var isFolder: ObjCBool = false
            guard fileManager.fileExists(atPath: candidate, isDirectory: &isFolder) else { continue }
            guard !isFolder.boolValue else { throw .notALibrary(path: candidate, reason: "it is a folder, not a shared library") }
            return (candidate as NSString).resolvingSymlinksInPath
        }
        throw .notFound(path, searched: path.contains("/") ? [] : configuration.searchPaths)
    }

    /// Opens a library once, on a thread of its own: its initialisers and entry point are the
    /// module's code, which may hang or crash.
    private func open(_ path: String) async throws(ModuleError) -> ModuleLibrary {
        if let library = libraries[path] { return library }
        let ticket = CallTicket<Result<ModuleLibrary, ModuleError>>()
        let worker = ModuleWorker(name: "load")
        worker.submit {
            ticket.settle(.returned(Result { () throws(ModuleError) in try ModuleLibrary.open(path) }))
        }
        worker.finish()
        switch await ticket.outcome(within: configuration.loadTimeout) {
        case .returned(.success(let library)):
            libraries[path] = library
            return library
        case .returned(.failure(let error)), .dropped(let error):
            throw error
        case .timedOut:
            throw .timedOut(module: path, call: "loading", limit: configuration.loadTimeout)
        }
    }

    // MARK: Calling

    /// Sets one option of a loaded instance.
    public func configure(_ name: String, key: String, value: String) async throws(ModuleError) {
        try await require(name).configure(key: key, value: value, timeout: configuration.callTimeout)
    }

    /// Hands a change to an instance, as the JSON document of `StatusChange.document(operation:event:)`.
    public func deliver(_ change: StatusChange, to name: String, operation: String? = nil, event: String? = nil) async throws(ModuleError) {
        try await deliver(document: change.document(operation: operation, event: event).jsonText(), to: name)
    }

    /// Hands a JSON document to an instance's `on_event` as it is.
    public func deliver(document: String, to name: String) async throws(ModuleError) {
        try await require(name).deliver(document, timeout: configuration.callTimeout)
    }

    /// A `ResultHandler` for an `OperationMonitor` that hands each change to the instance
    /// `name`. Its failures are reported through ``events()`` as ``ModuleEvent/failed(_:)``.
    public func handler(for name: String, event: String? = nil) throws(ModuleError) -> ModuleResultHandler {
        _ = try require(name)
        return ModuleResultHandler(host: self, module: name, event: event)
    }

    /// Reports a failure nobody waits for (a handler's).
    func report(_ error: ModuleError) {
        fanOut.emit(.failed(error))
    }

    // MARK: Listing and closing

    /// The loaded instances, in load order.
    public var modules: [ModuleInfo] { instances.map(\.info) }

    /// One instance's state.
    public func info(_ name: String) throws(ModuleError) -> ModuleInfo { try require(name).info }

    /// Calls each healthy instance's `destroy` and ends their threads. The libraries stay loaded.
    public func shutdown() async {
        let closing = instances
        instances = []
        for instance in closing { await instance.close(timeout: configuration.callTimeout) }
        fanOut.finish()
    }

    private func instance(named name: String) -> ModuleInstance? { instances.first { $0.name == name } }

    private func require(_ name: String) throws(ModuleError) -> ModuleInstance {
        guard let instance = instance(named: name) else { throw .unknownModule(name, loaded: instances.map(\.name)) }
        return instance
    }
}
