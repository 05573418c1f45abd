import Foundation
import SpeakerRecognition

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process groups `exec` handlers started, by handler number, so that what they leave
/// running (`sleep 1000 &`, a server started in the background) ends with its handler or with
/// the REPL instead of outliving both.
///
/// Each handler's shell runs in a group of its own (``ShellCommand``); its background children
/// stay in that group after the shell exits. A group is kept here until it is empty, and
/// ``terminate(owner:grace:)`` ends the groups it holds: `SIGTERM`, then `SIGKILL` for whatever is
/// left after a short grace. Linux never hands out a process id that is still some group's id,
/// so signalling a group kept here cannot reach an unrelated process.
final class ProcessGroups: Sendable {
    /// How long a group may take to end after `SIGTERM` before it gets `SIGKILL`.
    static let defaultGrace: Duration = .milliseconds(500)

    private let groups = Locked<[pid_t: Int]>([:])

    /// Records `group`, started by handler `owner`.
    func add(_ group: pid_t, owner: Int) {
        groups.withLock { $0[group] = owner }
    }

    /// Forgets `group` once it has no process left; true when it was forgotten.
    @discardableResult
    func forgetIfEmpty(_ group: pid_t) -> Bool {
        guard !Self.isAlive(group) else { return false }
        groups.withLock { $0[group] = nil }
        return true
    }

    /// The groups held (of `owner`, or all), after forgetting the empty ones.
    func live(owner: Int? = nil) -> [pid_t] {
        let held = groups.withLock { groups in groups.filter { owner == nil || $0.value == owner }.map(\.key) }
        return held.filter { !forgetIfEmpty($0) }.sorted()
    }

    /// Ends the groups of handler `owner` (every group when `nil`): `SIGTERM`, then `SIGKILL`
    /// after `grace` for those still there. Returns how many groups were signalled.
    @discardableResult
    func terminate(owner: Int? = nil, grace: Duration = ProcessGroups.defaultGrace) async -> Int {
        let targets = live(owner: owner)
        guard !targets.isEmpty else { return 0 }
        for group in targets { kill(-group, SIGTERM) }
        let deadline = ContinuousClock.now + grace
        var remaining = targets
        while !remaining.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            remaining = remaining.filter { Self.isAlive($0) && !Self.onlyZombies($0) }
        }
        for group in remaining { kill(-group, SIGKILL) }
        groups.withLock { groups in
            for group in targets { groups[group] = nil }
        }
        return targets.count
    }

    /// True while the group has a process (a zombie counts).
    static func isAlive(_ group: pid_t) -> Bool {
        kill(-group, 0) == 0 || errno == EPERM
    }

    /// True when every process of the group has exited and waits only to be reaped (by init,
    /// which may be slow in a container): nothing is left to stop.
    static func onlyZombies(_ group: pid_t) -> Bool {
        #if os(Linux)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return false }
        for entry in entries where entry.first?.isNumber == true {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm) ": state, ppid, pgrp.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[2]) == group else { continue }
            if fields[0] != "Z" { return false }
        }
        return true
        #else
        return false
        #endif
    }
}
