import CLibedit
import Foundation

/// An interactive line reader on libedit: emacs keys, persistent history, tab completion, and
/// output from other threads printed above the prompt without disturbing the line being typed.
///
/// Use it only when stdin and stdout are terminals, from one thread (it is not `Sendable`).
public final class LineEditor {
    /// What one read produced.
    public enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line was cancelled.
        case interrupted
        /// Ctrl-D on an empty line, or the end of input.
        case endOfInput
    }

    /// One way to finish a word: the whole word, how a list shows it, and whether a space
    /// follows (not after a folder, so completion can go on inside it).
    public typealias Candidate = (text: String, display: String, isComplete: Bool)

    /// Completes the word under the cursor, given the text before it: the partial word, and
    /// the candidates that start with it.
    public typealias Completer = (String) -> (word: String, candidates: [Candidate])

    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private let console: TerminalConsole
    private var prompt: UnsafeMutablePointer<CChar>
    private let completer: Completer

    /// - Parameters:
    ///   - historyPath: where history is read at start and written by ``saveHistory()``.
    ///   - console: the shared output that other threads write through while a line is read.
    public init?(program: String, historyPath: String?, console: TerminalConsole, completer: @escaping Completer) {
        setlocale(LC_CTYPE, "")
        guard let editor = spid_el_init(program), let history = history_init() else { return nil }
        self.editor = editor
        self.history = history
        self.historyPath = historyPath
        self.console = console
        self.completer = completer
        prompt = strdup("")
        spid_set_interrupt_wake(console.interruptDescriptor)
        spid_history_setsize(history, 2000)
        spid_history_setunique(history, 1)
        if let historyPath { _ = spid_history_load(history, historyPath) }
        spid_el_set_editor(editor, "emacs")
        spid_el_set_signal(editor, 1)
        spid_el_set_hist(editor, history)
        spid_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
        spid_el_set_prompt(editor) { el in LineEditor.from(el)?.prompt }
        spid_el_set_getc(editor) { el, out in
            guard let el, let out, let me = LineEditor.from(el) else { return -1 }
            return me.readCharacter(into: out)
        }
        spid_el_addfn(editor, "spid-complete", "Complete the word under the cursor") { el, _ in
            guard let el, let me = LineEditor.from(el) else { return UInt8(CC_ERROR) }
            return me.complete(el)
        }
        spid_el_addfn(editor, "spid-flush", "Print output that arrived while typing") { el, _ in
            guard let me = LineEditor.from(el) else { return UInt8(CC_NORM) }
            return me.console.flushPending() ? UInt8(CC_REDISPLAY) : UInt8(CC_NORM)
        }
        spid_el_bind(editor, "^I", "spid-complete")
        spid_el_bind(editor, LineEditor.flushKey, "spid-flush")
        el_source(editor, nil)
    }

    deinit {
        history_end(history)
        el_end(editor)
        free(prompt)
    }

    /// The key the wake-up is delivered as (Ctrl-]); pressing it only flushes pending output.
    static let flushKey = "^]"
    static let flushCharacter: wchar_t = 0x1D

    private static func from(_ el: OpaquePointer?) -> LineEditor? {
        spid_el_get_clientdata(el).map { Unmanaged<LineEditor>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Reads one line, showing `prompt`; history is added separately (``remember(_:)``).
    public func read(prompt text: String) -> Input {
        free(prompt)
        prompt = strdup(text)
        _ = spid_take_interrupt()
        console.beginReading()
        defer { console.endReading() }
        // libedit prints the prompt before it leaves canonical mode; a Ctrl-D typed in that
        // window becomes a NUL byte and is lost. Entering editing mode first closes the window.
        _ = spid_el_prep_term(editor, 1)
        var count: Int32 = 0
        errno = 0
        guard let characters = el_gets(editor, &count), count > 0 else {
            if count == -1, spid_take_interrupt() != 0 || errno == EINTR { return .interrupted }
            return .endOfInput
        }
        var line = String(cString: characters)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Adds a line to history (pass it with secrets already masked).
    public func remember(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        spid_history_enter(history, trimmed)
    }

    /// Every history entry, oldest first.
    public var entries: [String] {
        var result: [String] = []
        var index: Int32 = 0
        while let entry = spid_history_entry(history, index) {
            result.append(String(cString: entry))
            index += 1
        }
        return result
    }

    /// Writes history to its file, creating the folder; a failure is returned, not thrown.
    @discardableResult
    public func saveHistory() -> String? {
        guard let historyPath else { return nil }
        let folder = (historyPath as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return "cannot create \(folder): \(error.localizedDescription)"
        }
        guard spid_history_save(history, historyPath) >= 0 else { return "cannot write history to \(historyPath)" }
        chmod(historyPath, 0o600)  // what was typed is nobody else's business (keys are masked anyway)
        return nil
    }

    // MARK: Callbacks

    private func readCharacter(into out: UnsafeMutablePointer<wchar_t>) -> Int32 {
        switch spid_read_char(STDIN_FILENO, console.wakeDescriptor, out) {
        case 1: return 1
        case 2:
            out.pointee = Self.flushCharacter
            return 1
        case 0: return 0
        default: return -1
        }
    }

    private func complete(_ el: OpaquePointer) -> UInt8 {
        guard let info = el_line(el)?.pointee else { return UInt8(CC_ERROR) }
        let before = String(decoding: UnsafeRawBufferPointer(start: info.buffer, count: info.cursor - info.buffer), as: UTF8.self)
        let completion = completer(before)
        let word = completion.word
        let matches = completion.candidates
        if matches.isEmpty { return UInt8(CC_ERROR) }
        if matches.count == 1, let only = matches.first {
            el_insertstr(el, String(only.text.dropFirst(word.count)) + (only.isComplete ? " " : ""))
            return UInt8(CC_REFRESH)
        }
        let common = CompletionLayout.commonPrefix(matches.map(\.text))
        if common.count > word.count {
            el_insertstr(el, String(common.dropFirst(word.count)))
            return UInt8(CC_REFRESH)
        }
        spid_fputs_stdout("\n" + CompletionLayout.columns(matches.map(\.display), width: Terminal.width) + "\n")
        return UInt8(CC_REDISPLAY)
    }
}

// The interrupt flag and wake descriptor are `static` in shim.h, so every Swift file that calls
// the shim gets its own copy: everything that touches them lives in this one file.
extension Terminal {
    /// Makes Ctrl-C set a flag (see ``takeInterrupt()``) instead of ending the process.
    public static func catchInterrupts() { _ = spid_install_sigint() }

    /// Whether Ctrl-C was pressed since the last call.
    public static func takeInterrupt() -> Bool { spid_take_interrupt() != 0 }
}
