import Foundation
import SpeakerRecognition
import Testing

@testable import SpeakerEngines

#if canImport(Glibc)
import Glibc
#endif

/// The engines' threads: every index once, nesting without deadlock, and a lower priority.
@Suite(.timeLimit(.minutes(1))) struct ComputePoolTests {
    @Test func forEachCallsEveryIndexOnceWhateverThePoolSize() {
        for threads in [1, 2, 5] {
            let pool = ComputePool(threads: threads, nice: 0)
            for iterations in [0, 1, 3, 64] {
                let seen = Locked([Int](repeating: 0, count: iterations))
                pool.forEach(iterations) { index in seen.withLock { $0[index] += 1 } }
                #expect(seen.withLock { $0 } == [Int](repeating: 1, count: iterations), "\(threads) threads, \(iterations) iterations")
            }
        }
    }

    @Test func workOnThePoolCanSpreadItsOwnWorkOverThePool() async {
        let pool = ComputePool(threads: 2, nice: 0)
        // More outer jobs than threads, each spreading inner work: every thread may be busy
        // with an outer job while its inner work waits; the callers' own threads do it.
        let totals = await withTaskGroup(of: Int.self) { group in
            for outer in 0..<6 {
                group.addTask {
                    await pool.run {
                        let sum = Locked(0)
                        pool.forEach(100) { index in sum.withLock { $0 += index + outer } }
                        return sum.withLock { $0 }
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(totals.sorted() == (0..<6).map { 4950 + 100 * $0 })
    }

    @Test func workOnAPoolSpreadsOverThatPool() async {
        let pool = ComputePool(threads: 2, nice: 0, label: "spid-test-pool")
        let inside = await pool.run { ComputePool.current === pool }
        #expect(inside)
        #expect(ComputePool.current === ComputePool.shared)
    }

    #if canImport(Glibc)
    @Test func thePoolsThreadsRunAtTheirLowerPriority() async {
        let pool = ComputePool(threads: 1, nice: 7)
        let nice = await pool.run { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        #expect(nice == min(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) + 7, 19))
    }
    #endif
}
