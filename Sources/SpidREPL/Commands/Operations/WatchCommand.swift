import Foundation
import SpeakerRecognition

/// `watch`: follows operations until each ends, printing every status change.
enum WatchCommand: REPLCommand {
    static let spec = CommandSpec(
        name: "watch", usage: ["watch [OP...|all] [--timeout D]"],
        summary: "Follow operations until they end (Ctrl-C stops watching; the operations go on)",
        details: ["Durations: 500ms, 45s, 2m. A failed operation makes watch fail (in a script: stops it)."],
        examples: ["watch", "watch op1 op2", "watch all --timeout 2m"],
        options: ["--timeout"], arguments: ["": [.operations]])

    /// How often `watch` looks at the operations and redraws its spinner.
    static let tick: Duration = .milliseconds(100)
    static let spinner = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")

    /// Shows a spinner on a terminal, and fails when an operation failed, vanished, or the timeout passed.
    static func run(
        _ arguments: Arguments, _ context: REPLSession.Context, in session: isolated REPLSession
    ) async throws(REPLError) -> REPLSession.Outcome {
        let timeout = try arguments.duration("--timeout")
        var names: [String] = []
        if arguments.positionals == ["all"] {
            names = session.operations.all.filter { !$0.isSettled }.map(\.name)
            if names.isEmpty { return .init(lines: ["nothing to watch: every operation has ended"], json: .array([])) }
        } else if arguments.positionals.isEmpty {
            names = [try await session.operation(nil, context).name]
        } else {
            for word in arguments.positionals { names.append(try await session.operation(word, context).name) }
        }
        let monitor = try session.requireConnection().monitor
        for name in names {
            let operation = session.refresh(name)
            if let location = operation.location, !operation.isSettled { await monitor.track(location, kind: operation.kind) }
        }
        let style = session.style
        let started = ContinuousClock.now
        // Earlier changes are history: show each operation's latest status, then what follows.
        var printed = Dictionary(uniqueKeysWithValues: names.map { ($0, max(0, session.refresh($0).transitions.count - 1)) })
        var frame = 0
        let quiet = session.settings.json || arguments.has("--json")
        defer { session.output.progress(nil) }
        while true {
            for name in names {
                let operation = session.refresh(name)
                let transitions = operation.transitions
                for transition in transitions.dropFirst(printed[name] ?? 0) where !quiet {
                    let elapsed = DurationText.format(ContinuousClock.now - started)
                    session.output.progress(nil)
                    session.say(
                        "\(style.bold(name)) \(operation.kind.map { "\($0) " } ?? "")\(style.status(transition.status.wireValue)) \(style.dim("(\(elapsed))"))"
                    )
                }
                printed[name] = transitions.count
            }
            let pending = names.filter { !session.refresh($0).isSettled }
            if pending.isEmpty { break }
            let elapsed = ContinuousClock.now - started
            if let timeout, elapsed >= timeout {
                let still = pending.map { "\($0) \(session.refresh($0).statusText)" }.joined(separator: ", ")
                throw REPLError("watch timed out after \(DurationText.format(timeout)); still going: \(still) (the operations go on)")
            }
            if session.configuration.showsProgress {
                let symbol = spinner[frame % spinner.count]
                let states = pending.map { "\($0) \(session.refresh($0).statusText)" }.joined(separator: ", ")
                session.output.progress(
                    "\(style.busy(String(symbol))) \(states) \(style.dim(DurationText.format(elapsed) + "  Ctrl-C stops watching"))")
            }
            frame += 1
            do {
                try await Task.sleep(for: tick)
            } catch {
                throw REPLError("watch stopped; the operations go on (`watch` to follow them again)")
            }
        }
        session.output.progress(nil)
        if !context.inHandler { await session.settleHandlers() }
        let ended = names.map { session.refresh($0) }
        let lines = ended.map { session.summaryLine($0) }
        let failures = ended.filter { $0.failure != nil || $0.status == .failed }
        if !failures.isEmpty {
            if !quiet { session.say(lines.joined(separator: "\n")) }
            let reasons = failures.map { operation in
                "\(operation.name) \(operation.failure ?? "failed: \(operation.snapshot?.message ?? "no message")")"
            }
            throw REPLError(reasons.joined(separator: "; "))
        }
        return .init(lines: lines, json: .array(ended.map(ResultJSON.operation)), value: names.count == 1 ? .operation(names[0]) : nil)
    }
}
