import CSpidHandler
import Foundation
import SpeakerRecognition

/// Runs a handler as a host would, through the C calls of its table but without loading a
/// library: for a module's own tests.
///
/// ```swift
/// let harness = try HandlerHarness(Announce.self, options: ["prefix": "team"])
/// try harness.send(change, operation: "op1", event: "done")
/// #expect(harness.logs == ["team: op1 running -> succeeded"])
/// ```
public final class HandlerHarness {
    /// A call the handler refused, with its message.
    public struct Failure: Error, CustomStringConvertible {
        public var call: String
        public var message: String
        public var description: String { "\(call) failed: \(message)" }
    }

    private let context: UnsafeMutableRawPointer
    private let host: UnsafeMutablePointer<spid_host_v1>
    private let sink: Unmanaged<LogBuffer>

    /// Makes an instance and hands it `options`, in order.
    public init<Handler: SpidHandler>(_ handler: Handler.Type, options: KeyValuePairs<String, String> = [:]) throws(Failure) {
        sink = Unmanaged.passRetained(LogBuffer())
        host = UnsafeMutablePointer<spid_host_v1>.allocate(capacity: 1)
        host.initialize(
            to: spid_host_v1(
                abi_version: SPID_HANDLER_ABI_VERSION, size: UInt32(MemoryLayout<spid_host_v1>.size),
                host_name: UnsafePointer(strdup("HandlerHarness \(SpidVersion.string)")), host_ctx: sink.toOpaque(),
                log: { context, level, message in
                    guard let context, let message else { return }
                    Unmanaged<LogBuffer>.fromOpaque(context).takeUnretainedValue().append(String(cString: message))
                }))
        do {
            context = Unmanaged.passRetained(try AnyInstance(Handler(host: HandlerHost(host)))).toOpaque()
        } catch {
            free(UnsafeMutableRawPointer(mutating: host.pointee.host_name))
            host.deallocate()
            sink.release()
            throw Failure(call: "create", message: SpidHandlerExport.message(for: error))
        }
        for (key, value) in options {
            try call("configure \(key)") { SpidHandlerExport.configureFunction(context, key, value, $0, $1) }
        }
    }

    deinit {
        SpidHandlerExport.destroyFunction(context)
        free(UnsafeMutableRawPointer(mutating: host.pointee.host_name))
        host.deallocate()
        sink.release()
    }

    /// Lines the handler logged, in order.
    public var logs: [String] { sink.takeUnretainedValue().lines }

    /// Hands the handler a change, as its JSON document.
    public func send(_ change: StatusChange, operation: String? = nil, event: String? = nil) throws(Failure) {
        try send(document: change.document(operation: operation, event: event))
    }

    /// Hands the handler any document, e.g. a malformed one.
    public func send(document: JSONValue) throws(Failure) {
        let json = document.jsonText()
        try call("on_event") { error, capacity in
            json.withCString { SpidHandlerExport.onEventFunction(context, $0, json.utf8.count, error, capacity) }
        }
    }

    private func call(_ name: String, _ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) throws(Failure) {
        let capacity = Int(SPID_HANDLER_ERROR_CAPACITY)
        let error = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        defer { error.deallocate() }
        error.initialize(repeating: 0, count: capacity)
        guard body(error, capacity - 1) == SPID_HANDLER_OK else { throw Failure(call: name, message: String(cString: error)) }
    }

    /// Where the handler's log lines go.
    private final class LogBuffer: Sendable {
        private let stored = Locked<[String]>([])
        func append(_ line: String) { stored.withLock { $0.append(line) } }
        var lines: [String] { stored.withLock { $0 } }
    }
}
