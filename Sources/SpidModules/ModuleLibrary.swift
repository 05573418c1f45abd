import CSpidHandler
import CSpidModuleGuard
import Foundation
import SpeakerRecognition

/// A shared library opened with `dlopen(RTLD_NOW | RTLD_LOCAL)` whose entry point answered with
/// a table this host accepts. Never closed: unloading an image that holds Swift metadata is
/// unsupported, and a module's threads may still be running.
struct ModuleLibrary: Sendable {
    let path: String
    let name: String
    let description: String
    let runtime: String?
    let kitVersion: String?
    /// The module's static table, kept as an address: it is immutable and lives as long as the
    /// process (the library is never closed).
    private let tableAddress: UInt

    var table: UnsafePointer<spid_handler_v1> { UnsafePointer(bitPattern: tableAddress)! }
    var configurable: Bool { table.pointee.configure != nil }
    var destroys: Bool { table.pointee.destroy != nil }

    /// Opens and checks a library. Blocks while the library's initialisers and entry point run:
    /// call it on a module thread. The ABI version is read before anything else in the table.
    static func open(_ path: String) throws(ModuleError) -> ModuleLibrary {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw .notALibrary(path: path, reason: reason.hasPrefix(path + ": ") ? String(reason.dropFirst(path.count + 2)) : reason)
        }
        _ = dlerror()
        guard let symbol = dlsym(handle, SPID_HANDLER_ENTRY_SYMBOL) else { throw .noEntryPoint(path: path) }
        let entry = unsafeBitCast(symbol, to: spid_handler_entry_fn.self)
        var header: UnsafePointer<spid_handler_header>?
        let signal = spid_guard_entry(entry, SPID_HANDLER_ABI_VERSION, &header)
        guard signal == 0 else { throw .crashed(module: path, call: "spid_handler_entry", signal: signal) }
        guard let header else { throw .invalidTable(path: path, reason: "spid_handler_entry returned NULL") }
        let version = header.pointee.abi_version
        guard version == SPID_HANDLER_ABI_VERSION else {
            throw .abiMismatch(path: path, module: version, host: SPID_HANDLER_ABI_VERSION)
        }
        guard Int(header.pointee.size) >= MemoryLayout<spid_handler_v1>.size else {
            throw .invalidTable(
                path: path, reason: "its table is \(header.pointee.size) bytes, version 1 needs \(MemoryLayout<spid_handler_v1>.size)")
        }
        let table = UnsafeRawPointer(header).assumingMemoryBound(to: spid_handler_v1.self)
        guard let namePointer = table.pointee.name else { throw .invalidTable(path: path, reason: "its name is NULL") }
        let name = String(cString: namePointer)
        guard ModuleHost.isValidName(name) else {
            throw .invalidTable(path: path, reason: "its name \"\(name)\" is not letters, digits, - and _")
        }
        guard table.pointee.create != nil else { throw .invalidTable(path: path, reason: "it has no create function") }
        guard table.pointee.on_event != nil else { throw .invalidTable(path: path, reason: "it has no on_event function") }
        let runtime = table.pointee.runtime.map { String(cString: $0) }
        let kitVersion = table.pointee.kit_version.map { String(cString: $0) }
        if let runtime, runtime != SpidVersion.swiftRuntime {
            throw .incompatibleBuild(path: path, reason: "it was built by \(runtime), this host runs \(SpidVersion.swiftRuntime)")
        }
        if let kitVersion, kitVersion != SpidVersion.string {
            throw .incompatibleBuild(
                path: path, reason: "it was built against SpidHandlerKit \(kitVersion), this host is spid \(SpidVersion.string)")
        }
        return ModuleLibrary(
            path: path, name: name, description: table.pointee.description.map { String(cString: $0) } ?? "",
            runtime: runtime, kitVersion: kitVersion, tableAddress: UInt(bitPattern: table))
    }
}
