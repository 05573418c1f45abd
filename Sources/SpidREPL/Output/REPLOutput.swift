/// Where the REPL writes: whole lines to output or error, and a transient progress line.
///
/// A terminal front end prints lines that arrive while the user types above the prompt; a
/// script or pipe front end writes them as they come and ignores progress.
public protocol REPLOutput: Sendable {
    func write(_ text: String, to stream: REPLStream)
    /// A one-line status (a spinner) that the next line replaces; `nil` clears it.
    func progress(_ line: String?)
}

public enum REPLStream: Sendable, Hashable { case output, error }

extension REPLOutput {
    public func progress(_ line: String?) {}
}
