extension Duration {
    /// A short form for messages: `850ms`, `12.3s`, `4m 05s`, `2h 10m`. For spid's own targets
    /// (the REPL and the module host say durations the same way), hence `package`.
    package var shortText: String {
        Self.shortText(seconds: seconds)
    }

    package static func shortText(seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return "\((seconds * 10).rounded() / 10)s" }
        let whole = Int(seconds)
        if whole < 3600 { return "\(whole / 60)m \(pad(whole % 60))s" }
        if whole < 86400 { return "\(whole / 3600)h \(pad(whole % 3600 / 60))m" }
        return "\(whole / 86400)d \(whole % 86400 / 3600)h"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension Duration {
    /// The duration in seconds, as Foundation's time intervals want it.
    package var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
