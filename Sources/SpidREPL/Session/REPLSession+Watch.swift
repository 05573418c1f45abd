import Foundation
import SpeakerRecognition

extension REPLSession {
    /// How often `watch` looks at the operations and redraws its spinner.
    static let watchTick: Duration = .milliseconds(100)
    static let spinner = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")

    /// Follows operations until each ends: prints every status change, shows a spinner on a
    /// terminal, and fails when one failed, vanished, or the timeout passed.
    func watch(_ arguments: Arguments, _ context: Context) async throws(REPLError) -> Outcome {
        let timeout = try arguments.duration("--timeout")
        var names: [String] = []
        if arguments.positionals == ["all"] {
            names = operations.filter { !$0.isSettled }.map(\.name)
            if names.isEmpty { return Outcome(lines: ["nothing to watch: every operation has ended"], json: .array([])) }
        } else if arguments.positionals.isEmpty {
            names = [try await operation(nil, context).name]
        } else {
            for word in arguments.positionals { names.append(try await operation(word, context).name) }
        }
        let monitor = try requireConnection().monitor
        for name in names {
            if let location = refresh(name).location, !refresh(name).isSettled { await monitor.track(location, kind: refresh(name).kind) }
        }
        let started = ContinuousClock.now
        // Earlier changes are history: show each operation's latest status, then what follows.
        var printed = Dictionary(uniqueKeysWithValues: names.map { ($0, max(0, refresh($0).transitions.count - 1)) })
        var tick = 0
        let quiet = settings.json || arguments.has("--json")
        defer { output.progress(nil) }
        while true {
            for name in names {
                let operation = refresh(name)
                let transitions = operation.transitions
                for transition in transitions.dropFirst(printed[name] ?? 0) where !quiet {
                    let elapsed = DurationText.format(ContinuousClock.now - started)
                    output.progress(nil)
                    say("\(style.bold(name)) \(operation.kind.map { "\($0) " } ?? "")\(style.status(transition.status.wireValue)) \(style.dim("(\(elapsed))"))")
                }
                printed[name] = transitions.count
            }
            let pending = names.filter { !refresh($0).isSettled }
            if pending.isEmpty { break }
            let elapsed = ContinuousClock.now - started
            if let timeout, elapsed >= timeout {
                let still = pending.map { "\($0) \(refresh($0).statusText)" }.joined(separator: ", ")
                throw REPLError("watch timed out after \(DurationText.format(timeout)); still going: \(still) (the operations go on)")
            }
            if configuration.showsProgress {
                let frame = Self.spinner[tick % Self.spinner.count]
                let states = pending.map { "\($0) \(refresh($0).statusText)" }.joined(separator: ", ")
                output.progress("\(style.busy(String(frame))) \(states) \(style.dim(DurationText.format(elapsed) + "  Ctrl-C stops watching"))")
            }
            tick += 1
            do {
                try await Task.sleep(for: Self.watchTick)
            } catch {
                throw REPLError("watch stopped; the operations go on (`watch` to follow them again)")
            }
        }
        output.progress(nil)
        if !context.inHandler { await settleHandlers() }
        let ended = names.map(refresh)
        let lines = ended.map(summaryLine)
        let failures = ended.filter { $0.failure != nil || $0.status == .failed }
        if !failures.isEmpty {
            if !quiet { say(lines.joined(separator: "\n")) }
            let reasons = failures.map { operation in
                "\(operation.name) \(operation.failure ?? "failed: \(operation.snapshot?.message ?? "no message")")"
            }
            throw REPLError(reasons.joined(separator: "; "))
        }
        return Outcome(lines: lines, json: .array(ended.map(ResultJSON.operation)), value: names.count == 1 ? .operation(names[0]) : nil)
    }
}
