import Foundation

/// Runs `body` on a thread of its own and returns its value.
///
/// Swift Testing runs every test on Swift concurrency's cooperative pool, one thread per core.
/// A test that computes for seconds (an engine in a debug build) or waits on a child process
/// there holds one of those few threads, and the suites running beside it (servers, database
/// clients) stall until it lets go. Record expectations after this returns, on the test's task.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
