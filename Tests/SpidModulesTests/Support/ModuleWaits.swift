import Foundation
import SpeakerRecognition
import SpidModules

/// The error `body` throws, or `nil` when it succeeds.
func moduleError(_ body: () async throws(ModuleError) -> Void) async -> ModuleError? {
    do {
        try await body()
        return nil
    } catch {
        return error
    }
}

/// Events from `events` until one satisfies `last` (included), or `limit` passes: what arrived
/// so far. Call it once the events are known to be sent, so that a busy machine (the suites run
/// in parallel on few threads) delays both the reader and the timer alike rather than the reader
/// alone.
func collect(
    _ events: AsyncStream<ModuleEvent>, until last: @escaping @Sendable (ModuleEvent) -> Bool, within limit: Duration = .seconds(120)
) async -> [ModuleEvent] {
    let seen = Locked<[ModuleEvent]>([])
    await withTaskGroup(of: Void.self) { group in
        group.addTask {
            for await event in events {
                let done = seen.withLock { seen in
                    seen.append(event)
                    return last(event)
                }
                if done { break }
            }
        }
        group.addTask { try? await Task.sleep(for: limit) }
        await group.next()
        group.cancelAll()
    }
    return seen.withLock { $0 }
}

/// Waits, a bounded number of times, until `condition` holds; `false` if it never did.
func eventually(
    tries: Int = 600, every interval: Duration = .milliseconds(100), _ condition: () async throws -> Bool
) async rethrows -> Bool {
    for _ in 0..<tries {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return false
}
