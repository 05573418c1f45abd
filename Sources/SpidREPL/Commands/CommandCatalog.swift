/// Every command of the REPL, the events handlers listen for, and suggestions for typos.
public enum CommandCatalog {
    public static let events = ["change", "notstarted", "running", "succeeded", "failed", "enrolled", "done"]
    public static let settings = ["errexit", "output", "color", "handler-timeout", "module-timeout"]

    public static let all: [CommandSpec] = [
        CommandSpec(
            name: "connect", usage: ["connect", "connect local", "connect URL|REGION [key KEY]"],
            summary: "Show or change the service: the embedded one, or an endpoint",
            details: [
                "`connect local` uses the service embedded in this process (data kept between runs unless --ephemeral).",
                "An endpoint is a URL (http://127.0.0.1:8080, https://NAME.cognitiveservices.azure.com) or a region (westus).",
                "The key comes from `key KEY`, else --key-file or SPID_KEY. It is never printed or kept in history.",
            ],
            examples: ["connect", "connect local", "connect http://127.0.0.1:8080 key 0123abcd", "connect westus"],
            subcommands: ["local"], arguments: ["": [.text]]),
        profileCommand(
            "profile", kind: "Identification", variable: "alice",
            details: ["Locales: en-us (default) or zh-cn. A created profile's id can be bound: `alice = profile create`."]),
        profileCommand(
            "vprofile", aliases: ["verification-profile"], kind: "Verification", variable: "bob",
            details: ["Verification uses fixed phrases (see `phrases`); a profile needs three enrollments."]),
        CommandSpec(
            name: "enroll", usage: ["enroll PROFILE FILE [--short-audio]"],
            summary: "Enroll a WAV file: an operation for an identification profile, a result for a verification one",
            details: [
                "Audio: WAV, PCM, 16 kHz, 16-bit, mono. Identification wants 30 s of speech in all (5 s per file at least),",
                "or --short-audio for shorter files. Convert with: sox IN -r 16000 -c 1 -b 16 OUT.wav",
            ],
            examples: ["enroll $alice alice.wav", "op = enroll $alice alice.wav --short-audio", "enroll $bob phrase1.wav"],
            flags: ["--short-audio"], arguments: ["": [.profile, .file]]),
        CommandSpec(
            name: "identify", usage: ["identify FILE PROFILE... [--short-audio]"],
            summary: "Start identifying who speaks in FILE among up to 10 profiles",
            examples: ["identify unknown.wav $alice $bob", "who = identify unknown.wav $team"],
            flags: ["--short-audio"], arguments: ["": [.file, .profiles]]),
        CommandSpec(
            name: "verify", usage: ["verify PROFILE FILE"],
            summary: "Verify that FILE is the profile's speaker saying one of the phrases",
            examples: ["verify $bob attempt.wav", "v = verify $bob attempt.wav; expect v result Accept"],
            arguments: ["": [.profile, .file]]),
        CommandSpec(
            name: "phrases", usage: ["phrases [LOCALE]"], summary: "List the verification phrases of a locale",
            examples: ["phrases", "phrases en-us"], arguments: ["": [.locale]]),
        CommandSpec(
            name: "load", usage: ["load ID|URL|FILE.json"],
            summary: "Add an operation by id, by Operation-Location URL, or from a saved JSON document",
            details: [
                "Operations loaded by id or URL are watched in the background, so handlers fire.",
                "A file is read leniently: the documentation's examples (comments, stray commas) load.",
            ],
            examples: ["load 0b1b6e3c-0000-4000-8000-000000000001", "load https://westus.api.cognitive.microsoft.com/spid/v1.0/operations/ID", "load result.json"],
            arguments: ["": [.file]]),
        CommandSpec(
            name: "ops", usage: ["ops"], summary: "List the loaded operations: name, kind, status, age",
            examples: ["ops", "ops --json"]),
        CommandSpec(
            name: "show", usage: ["show [OP|NAME] [PATH] [--json]"],
            summary: "Show an operation (or a bound result) as a tree, or the part of it at PATH",
            details: ["PATH: members separated by dots, [N] for an array element: processingResult.confidence, [0].phrase"],
            examples: ["show", "show op2 processingResult", "show $who processingResult.identifiedProfileId", "show --json"],
            arguments: ["": [.target, .text]]),
        CommandSpec(
            name: "poll", usage: ["poll [OP]"], summary: "Ask for an operation's status once, now",
            examples: ["poll", "poll op2"], arguments: ["": [.operation]]),
        CommandSpec(
            name: "watch", usage: ["watch [OP...|all] [--timeout D]"],
            summary: "Follow operations until they end (Ctrl-C stops watching; the operations go on)",
            details: ["Durations: 500ms, 45s, 2m. A failed operation makes watch fail (in a script: stops it)."],
            examples: ["watch", "watch op1 op2", "watch all --timeout 2m"],
            options: ["--timeout"], arguments: ["": [.operations]]),
        CommandSpec(
            name: "on", usage: ["on EVENT [OP|all] do COMMAND", "on EVENT [OP|all] exec SHELL-COMMAND", "on EVENT [OP|all] module NAME"],
            summary: "Run a command, or a shell command, when an operation's status changes",
            details: [
                "Events: change, notstarted, running, succeeded, failed, enrolled (a succeeded Enrolled enrollment),",
                "done (succeeded or failed). Without OP the handler listens to every operation.",
                "`do` runs a REPL command in which the changed operation is the default OP, and $op, $status,",
                "$previous and $event name the change. Quote the command to keep `;` or $NAME for later: 'show; ops'.",
                "`exec` runs /bin/sh -c with the change as JSON on stdin and SPID_OPERATION, SPID_STATUS set.",
                "`module` hands the same JSON to a loaded handler module (see `help module`).",
                "A handler is stopped past `set handler-timeout` (30s), as set when it was added.",
            ],
            examples: [
                "on done do show", "on change all do echo $op is $status", "on failed all exec 'cat >> failures.jsonl'",
                "on enrolled op1 do identify test.wav $alice $bob", "on done all module jsonl",
            ],
            arguments: ["": [.event, .operation]]),
        CommandSpec(name: "handlers", usage: ["handlers"], summary: "List the handlers registered with `on`"),
        CommandSpec(
            name: "module", usage: ["module load PATH|NAME [as NAME] [KEY=VALUE...]", "module configure NAME KEY=VALUE..."],
            summary: "Load a handler module (a shared library speaking spid_handler.h), or set its options",
            details: [
                "PATH is a built library (.build/debug/libJSONLinesHandler.so); a bare NAME is looked up as NAME or libNAME.so",
                "in $SPID_MODULE_PATH (folders separated by :) and next to spid-repl. `as NAME` loads a second instance.",
                "Then `on EVENT [OP|all] module NAME` hands it changes. Each call may take `set module-timeout` (10s);",
                "past that the module counts as stuck and changes for it are dropped (and reported) until it returns.",
                "A module that crashes is disabled; the REPL and the other modules go on. Libraries stay loaded until exit.",
                "Options whose name holds key, token, secret, password, auth or header are kept in history as ****.",
            ],
            examples: [
                "module load .build/debug/libJSONLinesHandler.so path=changes.jsonl", "module load WebhookHandler url=http://127.0.0.1:9000/hook",
                "module load CStatusLineHandler as lines path=status.log", "module configure jsonl fsync=off",
            ],
            subcommands: ["load", "configure"], arguments: ["load": [.file, .text], "configure": [.module, .text]]),
        CommandSpec(
            name: "modules", usage: ["modules"], summary: "List loaded handler modules: state, changes handled, failures",
            examples: ["modules", "modules --json"]),
        CommandSpec(
            name: "off", usage: ["off N|all"], summary: "Remove a handler (by its number in `handlers`), or all",
            examples: ["off 1", "off all"]),
        CommandSpec(
            name: "token", usage: ["token [OP]"],
            summary: "Print a resume token: the operation's location and last status, never the key",
            examples: ["token op1", "t = token; resume $t"], arguments: ["": [.operation]]),
        CommandSpec(
            name: "resume", usage: ["resume TOKEN"], summary: "Go on watching an operation from a resume token",
            examples: ["resume spid-resume:eyJsb2Nh…"]),
        CommandSpec(
            name: "expect", usage: ["expect [OP|NAME] PATH VALUE"],
            summary: "Check a value in an operation or bound result; in a script a mismatch stops it",
            details: ["Text compares ignoring case (ids, statuses); numbers compare as numbers; `null` matches a missing value."],
            examples: ["expect op1 status succeeded", "expect $who processingResult.identifiedProfileId $alice", "expect v result Accept"],
            arguments: ["": [.target, .text, .text]]),
        CommandSpec(
            name: "run", usage: ["run FILE"], summary: "Run a script file here, stopping at its first error",
            examples: ["run scripts/examples/enroll-and-identify.spid"], arguments: ["": [.file]]),
        CommandSpec(
            name: "set", usage: ["set", "set NAME VALUE"],
            summary: "Show or change settings: errexit on|off, output human|json, color auto|on|off, handler-timeout D, module-timeout D",
            examples: ["set", "set errexit off", "set output json", "set handler-timeout 2m", "set module-timeout 5s"],
            arguments: ["": [.setting, .text]]),
        CommandSpec(
            name: "vars", aliases: ["bindings"], usage: ["vars"], summary: "List bound names and their values",
            examples: ["vars"]),
        CommandSpec(
            name: "unset", usage: ["unset NAME"], summary: "Remove a bound name", examples: ["unset alice"]),
        CommandSpec(
            name: "echo", usage: ["echo TEXT..."], summary: "Print text (with $NAME expanded)",
            examples: ["echo alice is $alice"]),
        CommandSpec(
            name: "sleep", usage: ["sleep D"], summary: "Wait (500ms, 2s, 1m); handlers go on firing",
            examples: ["sleep 2s"]),
        CommandSpec(
            name: "help", usage: ["help [COMMAND]"], summary: "List commands, or explain one with examples",
            examples: ["help", "help watch"], arguments: ["": [.command]]),
        CommandSpec(
            name: "history", usage: ["history [N]"], summary: "Show the last N (default 20) lines entered",
            examples: ["history", "history 100"]),
        CommandSpec(name: "quit", aliases: ["exit"], usage: ["quit"], summary: "Leave (Ctrl-D on an empty line too)"),
    ]

    /// `profile` and `vprofile`: the same five subcommands for either kind of profile.
    private static func profileCommand(_ name: String, aliases: [String] = [], kind: String, variable: String, details: [String]) -> CommandSpec {
        let subcommands = ["create", "list", "show", "delete", "reset"]
        return CommandSpec(
            name: name, aliases: aliases,
            usage: ["\(name) create [LOCALE]", "\(name) list"] + ["show", "delete", "reset"].map { "\(name) \($0) PROFILE" },
            summary: "\(kind) profiles: create, list, show, delete, reset", details: details,
            examples: ["\(variable) = \(name) create", "\(name) list", "\(name) show $\(variable)", "\(name) reset $\(variable)"],
            subcommands: subcommands,
            arguments: ["create": [.locale], "show": [.profile], "delete": [.profile], "reset": [.profile]])
    }

    /// The command called `name` (or one of its aliases).
    public static func command(named name: String) -> CommandSpec? {
        all.first { $0.name == name || $0.aliases.contains(name) }
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
