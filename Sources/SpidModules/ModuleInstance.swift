import CSpidHandler
import CSpidModuleGuard
import Foundation
import SpeakerRecognition

/// One created instance of a module: its context, its thread, and the rules for calling it.
///
/// Calls run one at a time on the instance's own thread, each bounded by a time limit counted
/// from the moment it starts (a call queued behind another waits its turn). A call past its limit
/// is left running; until it returns, the instance is *stuck* and new calls are
/// dropped at once, so a hung module never holds up polling or other modules. A crash disables
/// the instance for good.
final class ModuleInstance: Sendable {
    let name: String
    let library: ModuleLibrary
    private let worker: ModuleWorker
    private let events: ModuleEventFanOut
    /// The `spid_host_v1` handed to `create`, kept for the life of the process.
    private let hostAddress: UInt
    private let state = Locked(State())

    /// What a guarded call into the module came back with.
    enum Answer: Sendable {
        case ok
        case failed(String)
        case crashed(Int32)
    }

    private struct State {
        /// The module's `ctx`, as an address (the module owns what it points to).
        var context: UInt = 0
        var running: Running?
        /// Calls queued behind the running one, dropped if it gets stuck.
        var queued: [Int: Queued] = [:]
        var nextCall = 0
        var disabledReason: String?
        var deliveries = 0
        var failures = 0
        var lastError: String?
    }

    private struct Queued {
        let call: String
        let ticket: CallTicket<Answer>
    }

    private struct Running {
        let id: Int
        let call: String
        let started: ContinuousClock.Instant
        var overdue = false
    }

    init(name: String, library: ModuleLibrary, hostName: String, events: ModuleEventFanOut) {
        self.name = name
        self.library = library
        self.events = events
        worker = ModuleWorker(name: name)
        let sink = Unmanaged.passRetained(ModuleLogSink(module: name, events: events)).toOpaque()
        let host = UnsafeMutablePointer<spid_host_v1>.allocate(capacity: 1)
        host.initialize(
            to: spid_host_v1(
                abi_version: SPID_HANDLER_ABI_VERSION, size: UInt32(MemoryLayout<spid_host_v1>.size),
                host_name: UnsafePointer(strdup(hostName)), host_ctx: sink,
                log: { context, level, message in
                    guard let context, let message else { return }
                    Unmanaged<ModuleLogSink>.fromOpaque(context).takeUnretainedValue().write(level, String(cString: message))
                }))
        hostAddress = UInt(bitPattern: host)
    }

    // MARK: The module's calls

    func create(timeout: Duration) async throws(ModuleError) {
        let (library, hostAddress) = (self.library, self.hostAddress)
        try await perform("create", timeout: timeout) { [self] _, error, capacity in
            let host = UnsafePointer<spid_host_v1>(bitPattern: hostAddress)
            let table = library.table
            var context: UnsafeMutableRawPointer?
            var result: Int32 = 0
            let signal = spid_guard_create(table, host, &context, error, capacity, &result)
            if signal == 0, result == SPID_HANDLER_OK { state.withLock { $0.context = UInt(bitPattern: context) } }
            return Self.answer(signal: signal, result: result, error: error)
        }
    }

    func configure(key: String, value: String, timeout: Duration) async throws(ModuleError) {
        guard library.configurable else { throw .notConfigurable(name) }
        let library = self.library
        try await perform("configure \(key)", timeout: timeout) { context, error, capacity in
            let table = library.table
            var result: Int32 = 0
            let signal = spid_guard_configure(table, context, key, value, error, capacity, &result)
            return Self.answer(signal: signal, result: result, error: error)
        }
    }

    /// Hands one change document to `on_event`.
    func deliver(_ json: String, timeout: Duration) async throws(ModuleError) {
        let library = self.library
        do {
            try await perform("on_event", timeout: timeout) { context, error, capacity in
                let table = library.table
                var result: Int32 = 0
                let signal = json.withCString { text in
                    spid_guard_on_event(table, context, text, json.utf8.count, error, capacity, &result)
                }
                return Self.answer(signal: signal, result: result, error: error)
            }
            state.withLock { $0.deliveries += 1 }
        } catch {
            state.withLock { state in
                state.deliveries += 1
                state.failures += 1
                state.lastError = error.description
            }
            throw error
        }
    }

    /// Calls `destroy` (when the instance is healthy) and ends its thread.
    func close(timeout: Duration) async {
        let healthy = state.withLock { $0.disabledReason == nil && $0.running?.overdue != true && $0.context != 0 }
        if healthy, library.destroys {
            let library = self.library
            try? await perform("destroy", timeout: timeout) { context, _, _ in
                let table = library.table
                let signal = spid_guard_destroy(table, context)
                return signal == 0 ? .ok : .crashed(signal)
            }
        }
        state.withLock { state in
            if state.disabledReason == nil { state.disabledReason = "closed" }
        }
        worker.finish()
    }

    /// Marks an instance that could not start: it takes no calls, and its thread ends.
    func abandon(_ reason: String) {
        state.withLock { $0.disabledReason = reason }
        worker.finish()
    }

    var info: ModuleInfo {
        state.withLock { state in
            let moduleState: ModuleState
            if let reason = state.disabledReason {
                moduleState = .disabled(reason: reason)
            } else if let running = state.running, running.overdue {
                moduleState = .stuck(call: running.call, runningFor: .now - running.started)
            } else {
                moduleState = .ready
            }
            return ModuleInfo(
                name: name, moduleName: library.name, description: library.description, path: library.path,
                runtime: library.runtime, state: moduleState, deliveries: state.deliveries, failures: state.failures,
                lastError: state.lastError, configurable: library.configurable)
        }
    }

    // MARK: Running a call

    private typealias Body =
        @Sendable (_ context: UnsafeMutableRawPointer?, _ error: UnsafeMutablePointer<CChar>, _ capacity: Int) -> Answer

    private static func answer(signal: Int32, result: Int32, error: UnsafeMutablePointer<CChar>) -> Answer {
        if signal != 0 { return .crashed(signal) }
        if result == SPID_HANDLER_OK { return .ok }
        let message = String(cString: error)
        return .failed(message.isEmpty ? "it returned \(result) without a message" : message)
    }

    private func perform(_ call: String, timeout: Duration, _ body: @escaping Body) async throws(ModuleError) {
        let ticket = CallTicket<Answer>()
        let admitted: Result<Int, ModuleError> = state.withLock { state in
            if let reason = state.disabledReason { return .failure(.disabled(module: name, reason: reason)) }
            if let running = state.running, running.overdue {
                return .failure(.busy(module: name, call: call, runningFor: .now - running.started))
            }
            state.nextCall += 1
            state.queued[state.nextCall] = Queued(call: call, ticket: ticket)
            return .success(state.nextCall)
        }
        let id = try admitted.get()
        let submitted = worker.submit { [self] in
            guard let context = begin(id, call) else { return }
            // Marked stuck by the timer itself: the caller may resume only later, after the call ended.
            ticket.arm(timeout) { [self] in markOverdue(id) }
            let capacity = Int(SPID_HANDLER_ERROR_CAPACITY)
            let error = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
            error.initialize(repeating: 0, count: capacity)
            let answer = body(UnsafeMutableRawPointer(bitPattern: context), error, capacity - 1)
            error.deallocate()
            end(id, call, answer)
            ticket.settle(.returned(answer))
        }
        if !submitted { ticket.settle(.dropped(.disabled(module: name, reason: "closed"))) }
        switch await ticket.outcome() {
        case .returned(.ok):
            return
        case .returned(.failed(let message)):
            throw .callFailed(module: name, call: call, message: message)
        case .returned(.crashed(let signal)):
            throw .crashed(module: name, call: call, signal: signal)
        case .dropped(let error):
            throw error
        case .timedOut:
            throw .timedOut(module: name, call: call, limit: timeout)
        }
    }

    /// On the module's thread: takes the call out of the queue, unless it was settled while queued.
    private func begin(_ id: Int, _ call: String) -> UInt? {
        state.withLock { state in
            guard let queued = state.queued.removeValue(forKey: id), !queued.ticket.isSettled else { return nil }
            state.running = Running(id: id, call: call, started: .now)
            return state.context
        }
    }

    /// On the module's thread: the call returned. A crash disables the instance (and is reported
    /// as an event when its caller stopped waiting); a call that was past its limit reports that
    /// the instance is back.
    private func end(_ id: Int, _ call: String, _ answer: Answer) {
        let (overdueFor, dropped): (Duration?, [Queued]?) = state.withLock { state in
            guard let running = state.running, running.id == id else { return (nil, nil) }
            state.running = nil
            let overdueFor = running.overdue ? .now - running.started : nil
            guard case .crashed(let signal) = answer else { return (overdueFor, nil) }
            state.disabledReason = "crashed in \(call), \(ModuleError.signalName(signal))"
            let dropped = Array(state.queued.values)
            state.queued = [:]
            return (overdueFor, dropped)
        }
        if let dropped, case .crashed(let signal) = answer {
            worker.finish()
            for queued in dropped { queued.ticket.settle(.dropped(.disabled(module: name, reason: "it crashed in \(call)"))) }
            if overdueFor != nil { events.emit(.failed(.crashed(module: name, call: call, signal: signal))) }
        } else if let overdueFor {
            events.emit(.recovered(module: name, call: call, after: overdueFor))
        }
    }

    /// The time limit ran out (it runs only while the call does): the instance is stuck, and the
    /// calls queued behind it are dropped now.
    private func markOverdue(_ id: Int) {
        let (started, dropped): (ContinuousClock.Instant, [Queued]) = state.withLock { state in
            guard var running = state.running, running.id == id else { return (.now, []) }
            running.overdue = true
            state.running = running
            let dropped = Array(state.queued.values)
            state.queued = [:]
            return (running.started, dropped)
        }
        for queued in dropped {
            queued.ticket.settle(.dropped(.busy(module: name, call: queued.call, runningFor: .now - started)))
        }
    }
}
