/// A handler module written in Swift: a value that gets each status change, typed.
///
/// Write a type, export it with one line, build a dynamic library:
///
/// ```swift
/// import SpidHandlerKit
///
/// struct Announce: SpidHandler {
///     static let name = "announce"
///     static let summary = "Logs each finished operation"
///     let host: HandlerHost
///     init(host: HandlerHost) throws { self.host = host }
///     mutating func handle(_ change: ChangeEvent) throws {
///         host.log("\(change.operation ?? "an operation") is \(change.status)")
///     }
/// }
///
/// @_cdecl("spid_handler_entry")
/// public func spidHandlerEntry(_ hostABI: UInt32) -> UnsafeRawPointer? { SpidHandlerExport.entry(Announce.self) }
/// ```
///
/// The host calls one instance at a time, on a thread of its own, so the methods are `mutating`
/// and need no locks. Throw to report a failure: the message reaches the person at the REPL.
public protocol SpidHandler {
    /// The module's name: letters, digits, `-` and `_`. `module load` names the instance after it.
    static var name: String { get }
    /// One line saying what it does, shown by `modules`.
    static var summary: String { get }
    /// Makes an instance when the host loads the module.
    init(host: HandlerHost) throws
    /// One `key=value` option from `module load PATH key=value`. The default refuses every key.
    mutating func configure(key: String, value: String) throws
    /// One status change.
    mutating func handle(_ change: ChangeEvent) throws
    /// The host is ending: flush and release what the instance holds.
    mutating func close()
}

extension SpidHandler {
    public mutating func configure(key: String, value: String) throws {
        throw HandlerError("\(Self.name) takes no options (got \(key))")
    }

    public mutating func close() {}
}
