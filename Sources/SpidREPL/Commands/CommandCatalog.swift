/// Every command of the REPL, the events handlers listen for, and suggestions for typos.
public enum CommandCatalog {
    public static let events = ["change", "notstarted", "running", "succeeded", "failed", "enrolled", "done"]
    public static let settings = ["errexit", "output", "color", "handler-timeout", "module-timeout"]

    /// Every command, in the order `help` lists them: help, completion and dispatch read this list.
    static let commands: [any REPLCommand.Type] = [
        ConnectCommand.self, ProfileCommand.self, VerificationProfileCommand.self, EnrollCommand.self, IdentifyCommand.self,
        VerifyCommand.self, PhrasesCommand.self, LoadCommand.self, OpsCommand.self, ShowCommand.self, PollCommand.self,
        WatchCommand.self, OnCommand.self, HandlersCommand.self, ModuleCommand.self, ModulesCommand.self, OffCommand.self,
        TokenCommand.self, ResumeCommand.self, ExpectCommand.self, CodeCommand.self, RunCommand.self, SetCommand.self, VarsCommand.self,
        UnsetCommand.self, EchoCommand.self, SleepCommand.self, HelpCommand.self, HistoryCommand.self, QuitCommand.self,
    ]

    /// Every command's spec, in the order of `commands`.
    public static let all: [CommandSpec] = commands.map { $0.spec }

    /// The command type called `name` (or one of its aliases).
    static func commandType(named name: String) -> (any REPLCommand.Type)? {
        commands.first { $0.spec.name == name || $0.spec.aliases.contains(name) }
    }

    /// The command called `name` (or one of its aliases).
    public static func command(named name: String) -> CommandSpec? {
        commandType(named: name)?.spec
    }

    /// Every name and alias.
    public static var names: [String] { all.flatMap { [$0.name] + $0.aliases } }

    /// The nearest names to a typo, best first: prefixes, then an edit distance of at most 2.
    public static func suggestions(for typo: String, among candidates: [String] = names) -> [String] {
        let lowered = typo.lowercased()
        let prefixed: [String] = candidates.filter { $0.hasPrefix(lowered) && $0 != lowered }
        let limit = max(1, min(2, lowered.count / 3))
        var scored: [(name: String, distance: Int)] = []
        for candidate in candidates {
            let distance = editDistance(candidate, lowered)
            if distance <= limit { scored.append((candidate, distance)) }
        }
        scored.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.name < $1.name) }
        let near = scored.map(\.name)
        var seen: Set<String> = []
        return (prefixed.sorted() + near).filter { seen.insert($0).inserted }.prefix(3).map { $0 }
    }

    /// The optimal-string-alignment distance: insertions, deletions, substitutions, swaps of neighbours.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1) }
            }
        }
        return table[a.count][b.count]
    }
}
