import Foundation
import SpidTestSupport
import Testing

/// The real `spid-repl` with `exec` handlers that misbehave: one that floods its output, one
/// that leaves processes running in the background.
@Suite("spid-repl: exec handlers that flood or leave processes behind", .timeLimit(.minutes(3)))
struct ExecHandlerTests {
    @Test func backgroundProcessesDoNotOutliveTheREPL() async throws {
        let marker = "1000.\(Int.random(in: 100_000...999_999))"
        let outcome = try await CommandLineTests.run([
            "--ephemeral", "-c",
            "a = profile create; on done all exec 'sleep \(marker) & (sleep \(marker) &)'; enroll $a $SPID_SAMPLES/awb-enroll.wav; watch",
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try await Self.liveProcesses(withArgument: marker) == 0)
    }

    @Test func floodingOutputIsCutAndMemoryStaysBounded() async throws {
        let total = 300 << 20
        let script =
            "a = profile create; on done all exec 'head -c \(total) /dev/zero | tr \"\\\\0\" x'; enroll $a $SPID_SAMPLES/awb-enroll.wav; watch"
        let timeTool = URL(fileURLWithPath: "/usr/bin/time")
        try #require(
            FileManager.default.isExecutableFile(atPath: timeTool.path),
            "GNU time measures the REPL's peak memory: apt-get install time (scripts/test installs it)")
        _ = try AudioFixtures.path("awb-enroll.wav")
        let outcome = try await ChildProcess.running(
            timeTool, ["-f", "peak-rss-kb %M", CommandLineTests.binary.path, "--processing-delay", "100ms", "--ephemeral", "-c", script],
            environment: ["SPID_SAMPLES": AudioFixtures.directory.path, "SPID_ENDPOINT": nil, "SPID_KEY": nil])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.utf8.count < (1 << 20) + 4096)
        #expect(outcome.stderr.contains("warning: handler #1 on done: its output was cut at 1 MiB: 299 MiB more were dropped"))
        let line = try #require(outcome.stderr.split(separator: "\n").last { $0.hasPrefix("peak-rss-kb ") })
        let peak = try #require(Int(line.dropFirst("peak-rss-kb ".count)))
        // Before the bound the REPL grew past 900 MB on this handler; the embedded service
        // and a debug build take well under 200 MB.
        #expect(peak < 200 * 1024, "peak RSS \(peak) KB")
    }

    /// Live (not zombie) processes with `argument` on their command line, polled a bounded
    /// number of times until there are none. Any still there are then killed (this test
    /// started them) and counted.
    static func liveProcesses(withArgument argument: String) async throws -> Int {
        var found: [Int32] = []
        for _ in 0..<50 {
            found = []
            for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") where entry.first?.isNumber == true {
                guard let command = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                    command.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == argument }),
                    let pid = Int32(entry)
                else { continue }
                found.append(pid)
            }
            if found.isEmpty { return 0 }
            try await Task.sleep(for: .milliseconds(100))
        }
        for pid in found { kill(pid, SIGKILL) }
        return found.count
    }
}
