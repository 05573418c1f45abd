import Foundation

/// A value shared between threads, read and written under a lock only. For spid's own targets
/// (module threads and C callbacks), hence `package`.
package final class Locked<Value>: @unchecked Sendable {  // @unchecked: `value` is touched only inside `withLock`.
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
