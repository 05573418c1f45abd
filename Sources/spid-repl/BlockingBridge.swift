import Dispatch
import Foundation
import LineEditing

/// Runs async work from the REPL's synchronous main thread (which libedit blocks in).
enum BlockingBridge {
    /// Waits for `body`.
    static func wait<Value: Sendable>(_ body: @escaping @Sendable () async -> Value) -> Value {
        let box = ResultBox<Value>()
        Task.detached {
            box.put(await body())
        }
        return box.take(onTick: nil)
    }

    /// Waits for `body`, cancelling it when Ctrl-C is pressed (`watch`, `sleep`, a slow request).
    static func waitInterruptibly<Value: Sendable>(_ body: @escaping @Sendable () async -> Value) -> Value {
        let box = ResultBox<Value>()
        let task = Task.detached { await body() }
        Task.detached {
            box.put(await task.value)
        }
        return box.take {
            if Terminal.takeInterrupt() { task.cancel() }
        }
    }
}

/// One value handed from a task to a waiting thread.
// @unchecked: `value` is written once before `ready` is signalled and read after it.
private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let ready = DispatchSemaphore(value: 0)

    func put(_ value: Value) {
        self.value = value
        ready.signal()
    }

    func take(onTick: (() -> Void)?) -> Value {
        if let onTick {
            while ready.wait(timeout: .now() + .milliseconds(50)) == .timedOut { onTick() }
        } else {
            ready.wait()
        }
        return value!
    }
}
