import Foundation
import SpidTestSupport
import Testing

/// The real binary in a pseudo-terminal, driven by pexpect (Tests/pty/pty_suite.py): completion,
/// history across runs, Ctrl-C at the prompt and during `watch`, a handler firing while a line
/// is half typed, UTF-8, Ctrl-D. `scripts/test` installs python3-pexpect when it is missing.
@Suite("spid-repl in a pseudo-terminal")
struct PseudoTerminalTests {
    @Test func interactiveSession() async throws {
        let suite = AudioFixtures.packageRoot.appendingPathComponent("Tests/pty/pty_suite.py")
        _ = try AudioFixtures.path("awb-enroll.wav")
        let outcome = try await ChildProcess.running(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", suite.path, ChildProcess.builtProduct("spid-repl").path, AudioFixtures.directory.path], timeout: 300)
        let checks = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("ok: ") || $0.hasPrefix("FAILED: ") }
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(checks.count == 8, "\(outcome.stdout)\n\(outcome.stderr)")
        #expect(checks.allSatisfy { $0.hasPrefix("ok: ") })
    }
}
