import CSpidHandler
import Foundation
import SpeakerRecognition

/// The C side of a Swift module: the `spid_handler_v1` table, instances behind `ctx`, JSON to
/// ``ChangeEvent``, Swift errors to messages. A module's one export line calls ``entry(_:)``.
public enum SpidHandlerExport {
    /// The table for `handler`, as `spid_handler_entry` returns it. The first type exported wins:
    /// a library holds one module.
    public static func entry<Handler: SpidHandler>(_ handler: Handler.Type) -> UnsafeRawPointer? {
        exported.withLock { exported in
            if exported.table == 0 {
                exported.table = makeTable(for: handler)
                exported.make = { host in try AnyInstance(Handler(host: host)) }
            }
            return UnsafeRawPointer(bitPattern: exported.table)
        }
    }

    /// What ``entry(_:)`` set up: the table's address and how to make an instance.
    private struct Exported {
        var table: UInt = 0
        var make: ((HandlerHost) throws -> AnyInstance)?
    }

    private static let exported = Locked(Exported())

    private static func makeTable<Handler: SpidHandler>(for handler: Handler.Type) -> UInt {
        let table = UnsafeMutablePointer<spid_handler_v1>.allocate(capacity: 1)
        table.initialize(
            to: spid_handler_v1(
                header: spid_handler_header(abi_version: SPID_HANDLER_ABI_VERSION, size: UInt32(MemoryLayout<spid_handler_v1>.size)),
                name: UnsafePointer(strdup(Handler.name)),
                description: UnsafePointer(strdup(Handler.summary)),
                runtime: UnsafePointer(strdup(SpidVersion.swiftRuntime)),
                kit_version: UnsafePointer(strdup(SpidVersion.string)),
                create: createFunction,
                configure: configureFunction,
                on_event: onEventFunction,
                destroy: destroyFunction))
        return UInt(bitPattern: table)
    }

    // The table's calls. `create` makes the exported type; the others need none, since the
    // instance behind `ctx` knows its own. HandlerHarness calls them too, as a host would.

    static let createFunction:
        @convention(c) (UnsafePointer<spid_host_v1>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<CChar>?, Int) ->
            Int32 = {
                host, context, buffer, capacity in
                guard let host, let context else { return fail("create needs a host and a context pointer", buffer, capacity) }
                guard let make = exported.withLock({ $0.make }) else { return fail("no handler type was exported", buffer, capacity) }
                do {
                    let instance = try make(HandlerHost(host))
                    context.pointee = Unmanaged.passRetained(instance).toOpaque()
                    return SPID_HANDLER_OK
                } catch {
                    return fail(message(for: error), buffer, capacity)
                }
            }

    static let configureFunction:
        @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int) -> Int32 =
            {
                context, key, value, buffer, capacity in
                guard let context, let key, let value else { return fail("configure needs a key and a value", buffer, capacity) }
                let instance = Unmanaged<AnyInstance>.fromOpaque(context).takeUnretainedValue()
                do {
                    try instance.configure(String(cString: key), String(cString: value))
                    return SPID_HANDLER_OK
                } catch {
                    return fail(message(for: error), buffer, capacity)
                }
            }

    static let onEventFunction:
        @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int, UnsafeMutablePointer<CChar>?, Int) -> Int32 = {
            context, json, length, buffer, capacity in
            guard let context, let json else { return fail("on_event needs a context and a document", buffer, capacity) }
            let instance = Unmanaged<AnyInstance>.fromOpaque(context).takeUnretainedValue()
            do {
                try instance.handle(ChangeEvent(json: UnsafeRawBufferPointer(start: json, count: length)))
                return SPID_HANDLER_OK
            } catch {
                return fail(message(for: error), buffer, capacity)
            }
        }

    static let destroyFunction: @convention(c) (UnsafeMutableRawPointer?) -> Void = { context in
        guard let context else { return }
        Unmanaged<AnyInstance>.fromOpaque(context).takeRetainedValue().close()
    }

    static func message(for error: any Error) -> String {
        if let error = error as? HandlerError { return error.message }
        if let error = error as? LocalizedError, let text = error.errorDescription { return text }
        return String(describing: error)
    }

    /// Copies `text` into the host's buffer, cut at a character boundary to fit; returns failure.
    static func fail(_ text: String, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
        if let buffer, capacity > 0 {
            var bytes = Array(text.utf8)
            if bytes.count >= capacity {
                bytes = Array(bytes.prefix(capacity - 1))
                while let last = bytes.last, last & 0xC0 == 0x80 { bytes.removeLast() }
                if let last = bytes.last, last >= 0xC0 { bytes.removeLast() }
            }
            for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
            buffer[bytes.count] = 0
        }
        return 1
    }
}

/// An instance behind a module's `ctx`. The host never calls one instance concurrently
/// (`spid_handler.h`), which is what lets the handler be a mutable value without a lock.
final class AnyInstance {
    private let configureBody: (String, String) throws -> Void
    private let handleBody: (ChangeEvent) throws -> Void
    private let closeBody: () -> Void

    init<Handler: SpidHandler>(_ handler: Handler) {
        let box = Box(handler)
        configureBody = { try box.value.configure(key: $0, value: $1) }
        handleBody = { try box.value.handle($0) }
        closeBody = { box.value.close() }
    }

    func configure(_ key: String, _ value: String) throws { try configureBody(key, value) }
    func handle(_ change: ChangeEvent) throws { try handleBody(change) }
    func close() { closeBody() }

    private final class Box<Value> {
        var value: Value
        init(_ value: Value) { self.value = value }
    }
}
