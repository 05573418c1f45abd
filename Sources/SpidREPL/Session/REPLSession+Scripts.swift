import Foundation
import SpeakerRecognition

extension REPLSession {
    /// How a script ended.
    public enum ScriptResult: Sendable, Equatable {
        case completed
        /// An error stopped it (already printed as `NAME:LINE: error: …`).
        case failed
        case quit
    }

    /// Runs a script's lines: `#` comments, a `#!` first line, no prompt. The first error prints
    /// `NAME:LINE: error: …` and stops it, unless `set errexit off`. Waits for the handlers it
    /// started before returning.
    public func runScript(_ text: String, name: String) async -> ScriptResult {
        let result = await runScript(text, name: name, Context())
        await settleHandlers()
        return result
    }

    func runScript(_ text: String, name: String, _ context: Context) async -> ScriptResult {
        var failed = false
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            switch await runScriptLine(String(line), name: name, number: offset + 1, context) {
            case .ok: continue
            case .quit: return .quit
            case .failed(let stop):
                failed = true
                if stop { return .failed }
            }
        }
        return failed ? .failed : .completed
    }

    /// How one line of a script ended.
    public enum ScriptLineResult: Sendable, Equatable {
        case ok
        /// An error, printed as `NAME:LINE: error: …`; `stop` unless `set errexit off`.
        case failed(stop: Bool)
        case quit
    }

    /// Runs line `number` of a script read a line at a time (piped stdin).
    public func runScriptLine(_ line: String, name: String, number: Int) async -> ScriptLineResult {
        await runScriptLine(line, name: name, number: number, Context())
    }

    func runScriptLine(_ rawLine: String, name: String, number: Int, _ context: Context) async -> ScriptLineResult {
        var line = rawLine
        if line.hasSuffix("\r") { line.removeLast() }
        if number == 1, line.hasPrefix("#!") { return .ok }
        if line.trimmingCharacters(in: .whitespaces).isEmpty { return .ok }
        if Task.isCancelled { return .failed(stop: true) }
        func failure(_ error: REPLError) -> ScriptLineResult {
            report(error, prefix: "\(name):\(number): error: ")
            return .failed(stop: settings.errexit)
        }
        let statements: [Statement]
        do {
            statements = try Lexer.statements(in: line)
        } catch {
            return failure(error)
        }
        // Statements of one line (`-c 'A; B'`) run one by one, so errexit off goes on after a failure.
        var result = ScriptLineResult.ok
        for statement in statements {
            do {
                if try await run(statement, context).quit { return .quit }
            } catch {
                result = failure(error)
                if result == .failed(stop: true) { return result }
            }
        }
        return result
    }

    /// The message of an error a nested script printed already (with its own file and line).
    static let alreadyReported = "the script stopped at an error (reported above)"

    /// A script's text, or a clear error for a missing, binary or huge file.
    public static func readScript(_ url: URL, named name: String) throws(REPLError) -> String {
        let data = try LocalFile.read(url, named: name, what: "script", limit: 8 << 20)
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw REPLError("\(name) is not a text file (scripts are UTF-8 text, one command per line)")
        }
        return text
    }
}
