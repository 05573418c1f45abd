import Testing

@testable import SpidREPL

@Suite("The command catalog: names, usage, suggestions, arguments")
struct CommandCatalogTests {
    @Test func theIssueCommandsExist() {
        let required = [
            "connect", "profile", "vprofile", "enroll", "identify", "verify", "phrases", "load", "ops", "show", "poll", "watch", "on",
            "handlers", "off", "token", "resume", "expect", "run", "set", "help", "history", "quit",
        ]
        for name in required { #expect(CommandCatalog.command(named: name) != nil, "\(name)") }
        #expect(CommandCatalog.command(named: "exit")?.name == "quit")
        #expect(CommandCatalog.events == ["change", "notstarted", "running", "succeeded", "failed", "enrolled", "done"])
    }

    @Test func everyCommandIsDocumented() {
        for spec in CommandCatalog.all {
            #expect(!spec.usage.isEmpty && !spec.summary.isEmpty, "\(spec.name)")
            #expect(spec.usage.allSatisfy { $0.hasPrefix(spec.name) }, "\(spec.name)")
        }
        #expect(Set(CommandCatalog.names).count == CommandCatalog.names.count)
    }

    @Test func suggestsTheNearestNames() {
        #expect(CommandCatalog.suggestions(for: "wach") == ["watch"])
        #expect(CommandCatalog.suggestions(for: "profil") == ["profile", "vprofile"])
        #expect(CommandCatalog.suggestions(for: "hand") == ["handlers"])
        #expect(CommandCatalog.suggestions(for: "xyzzy") == [])
    }

    @Test func argumentsSplitFlagsAndOptions() throws {
        let watch = try #require(CommandCatalog.command(named: "watch"))
        let parsed = try Arguments(["op1", "--timeout", "45s", "op2", "--json"], spec: watch)
        #expect(parsed.positionals == ["op1", "op2"] && parsed.has("--json"))
        #expect(try parsed.duration("--timeout") == .seconds(45))
        let inline = try Arguments(["--timeout=2m", "--", "--json"], spec: watch)
        #expect(inline.options["--timeout"] == "2m" && inline.positionals == ["--json"] && !inline.has("--json"))
    }

    @Test func badFlagsExplainThemselves() throws {
        let enroll = try #require(CommandCatalog.command(named: "enroll"))
        do {
            _ = try Arguments(["a", "b", "--short-audoi"], spec: enroll)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "enroll has no option --short-audoi; did you mean --short-audio?")
            #expect(error.usage == enroll.usage)
        }
        let watch = try #require(CommandCatalog.command(named: "watch"))
        #expect(throws: REPLError.self) { try Arguments(["--timeout"], spec: watch) }
        #expect(throws: REPLError.self) { try Arguments(["--json=yes"], spec: watch) }
    }
}
