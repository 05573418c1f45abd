import SpeakerRecognition

/// What `set` changes.
struct Settings: Sendable {
    /// Scripts stop at the first error when on.
    var errexit = true
    var json: Bool
    /// `auto` follows the terminal and `NO_COLOR`.
    var color: ColorChoice = .auto
    /// How long a handler may run before it is stopped.
    var handlerTimeout: Duration = .seconds(30)
    /// How long one call into a handler module may run before the module counts as stuck.
    var moduleTimeout: Duration = .seconds(10)

    enum ColorChoice: String, Sendable, CaseIterable { case auto, on, off }

    /// `name value` lines for `set`.
    func lines() -> [String] {
        [
            "errexit \(errexit ? "on" : "off")",
            "output \(json ? "json" : "human")",
            "color \(color.rawValue)",
            "handler-timeout \(DurationText.format(handlerTimeout))",
            "module-timeout \(DurationText.format(moduleTimeout))",
        ]
    }
}
