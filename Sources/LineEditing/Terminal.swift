import CLibedit
import Foundation

/// Facts about the terminal the REPL runs in.
public enum Terminal {
    /// True when both stdin and stdout are terminals: the only case that gets line editing.
    public static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// True when stdout is a terminal (colours and spinners go there only).
    public static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// The width in columns, 80 when unknown.
    public static var width: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
