/// What the REPL knows about one command: its grammar for errors, help and completion.
public struct CommandSpec: Sendable {
    /// What a positional argument is, for completion.
    public enum Argument: Sendable, Hashable {
        case operation, operations, target, profile, profiles, file, locale, event, command, setting, module, text
    }

    public var name: String
    public var aliases: [String] = []
    /// One line per form, e.g. `profile create [LOCALE]`.
    public var usage: [String]
    /// One line for `help`.
    public var summary: String
    /// More text for `help COMMAND`.
    public var details: [String] = []
    public var examples: [String] = []
    /// Words that may follow the name (`create`, `list`, …).
    public var subcommands: [String] = []
    /// Flags without a value.
    public var flags: [String] = []
    /// Flags that take a value (`--timeout 45s`).
    public var options: [String] = []
    /// What the positionals are, per subcommand ("" when there is none).
    public var arguments: [String: [Argument]] = [:]

    /// The flags every command accepts.
    public static let commonFlags = ["--json"]

    public var allFlags: [String] { flags + options + Self.commonFlags }
}
