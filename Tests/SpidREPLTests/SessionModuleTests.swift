import Foundation
import SpeakerRecognition
import SpidTestSupport
import Testing

@testable import SpidREPL

/// `module`, `modules` and `on … module NAME` in a session (the real binary's tests are in
/// SpidModulesTests).
@Suite("Session: handler modules")
struct SessionModuleTests {
    @Test func loadListCompleteAndHandOver() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        let library = ModuleFixtures.example("CStatusLineHandler").path
        let loaded = await repl.succeed("module load \(library) as lines")
        #expect(loaded.hasPrefix("module lines loaded: Writes \"OP ID previous -> status\""))
        #expect(await repl.session.completions(for: "module ").texts == ["configure", "load"])
        #expect(await repl.session.completions(for: "module configure l").texts == ["lines"])
        #expect(await repl.session.completions(for: "on done all module ").texts == ["lines"])
        #expect(await repl.session.completions(for: "on done all ").texts.contains("module"))
        #expect(await repl.succeed("on done all module lines") == "handler #1: on done all module lines\n")
        #expect(await repl.succeed("handlers").contains("#1  on done all module lines"))
        await repl.succeed("alice = profile create", "enroll $alice awb-enroll.wav", "watch")
        let line = try #require(repl.output.stdout.split(separator: "\n").first { $0.hasPrefix("module lines: op1 ") })
        #expect(line.hasSuffix("running -> succeeded"))
        #expect(await repl.succeed("modules").contains("lines  ready  1        0"))
    }

    @Test func wrongUses() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        #expect(await repl.fail("module").contains("module needs load or configure"))
        #expect(await repl.fail("module lod x").contains("module has no subcommand lod; did you mean load?"))
        #expect(await repl.fail("module load").contains("module load needs the library's path"))
        #expect(await repl.fail("module configure nobody a=b").contains("no module named nobody; load one with `module load PATH`"))
        #expect(await repl.fail("on done all module").contains("nothing to run after module"))
        #expect(await repl.fail("on done all module a b").contains("on … module takes one module name"))
        #expect(await repl.succeed("modules") == "no modules; load one with `module load PATH` (help module)\n")
        #expect(await repl.succeed("set module-timeout 2s", "set").contains("module-timeout 2.0s"))
        #expect(await repl.fail("set module-timeout soon").contains("module-timeout soon is not a duration; write it like 10s or 500ms"))
    }
}
