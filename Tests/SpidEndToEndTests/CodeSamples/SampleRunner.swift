import Foundation
import SpidCodeSamples
import SpidTestSupport
import Testing

/// Saves a code sample in a folder of its own, builds it when its language is compiled, and runs
/// it with `SPID_KEY` set: as a person would, with the commands its first lines give.
struct SampleRunner {
    let language: SampleLanguage
    let folder: URL
    let key: String

    /// `scripts/test` installs every toolchain and sets this: a missing one is then a failure, not a skip.
    static let toolchainsRequired = ProcessInfo.processInfo.environment["SPID_REQUIRE_SAMPLE_TOOLCHAINS"] == "1"

    /// The built products (spid-repl, the SpeakerRecognition module the Swift samples import).
    static let buildFolder = ChildProcess.builtProduct("spid-repl").deletingLastPathComponent()

    /// Apache HttpClient 4 and what it needs, from Debian's libhttpclient-java.
    static let javaClassPath = ["httpclient", "httpcore", "commons-logging", "commons-codec"].map { "/usr/share/java/\($0).jar" }
        .joined(separator: ":")

    /// What a language needs, as a shell test and the Debian packages that pass it.
    var requirement: (test: String, packages: String)? {
        switch language {
        case .curl: ("command -v curl", "curl")
        case .csharp: ("command -v mcs && command -v mono", "mono-mcs, libmono-system-net-http4.0-cil")
        case .java: ("command -v javac && test -e /usr/share/java/httpclient.jar", "a JDK, libhttpclient-java")
        case .javascript: ("command -v node", "nodejs")
        case .objectiveC: (#"command -v gnustep-config && test -x "$(gcc -print-prog-name=cc1obj)""#, "gobjc, libgnustep-base-dev")
        case .php: (#"php -r 'exit(function_exists("curl_init") ? 0 : 1);'"#, "php-cli, php-curl")
        case .python: ("command -v python3", "python3")
        case .ruby: ("command -v ruby", "ruby")
        case .swift: ("command -v swiftc", "the Swift toolchain")
        case .repl: nil
        }
    }

    /// `true` when the language's tools are here; when they are not, a skip, or a failure
    /// under ``toolchainsRequired``.
    func available() throws -> Bool {
        guard let requirement else { return true }
        let found = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", requirement.test], timeout: 20)
        guard found.status != 0 else { return true }
        let message = "\(language.title) samples not run: \(requirement.packages) missing (scripts/test installs them)"
        if Self.toolchainsRequired { Issue.record(Comment(rawValue: message)) } else { print("note: \(message)") }
        return false
    }

    /// Writes `sample`, builds it if need be, runs it; fails the test with both outputs when
    /// either step fails.
    func run(_ sample: CodeSample) async throws -> String {
        try await build(sample)
        let ran = try await execute()
        try #require(!ran.timedOut, "\(language.title) sample ran past its time limit:\n\(ran.stdout)\n\(ran.stderr)")
        try #require(ran.status == 0, "\(language.title) sample failed (\(ran.status)):\n\(ran.stdout)\n\(ran.stderr)\n\(sample.code)")
        return ran.stdout
    }

    /// Writes `sample` and builds it when its language is compiled.
    func build(_ sample: CodeSample) async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try sample.code.write(to: folder.appendingPathComponent(language.fileName), atomically: true, encoding: .utf8)
        if let build = buildCommand {
            let built = try await shell(build)
            try #require(
                built.status == 0 && !built.timedOut,
                "\(language.title) sample did not build:\n\(built.stdout)\n\(built.stderr)\n\(sample.code)")
        }
    }

    /// Runs the sample last built, whatever its outcome.
    func execute(environment: [String: String?] = [:]) async throws -> ChildProcess.Outcome {
        try await shell(runCommand, environment: environment)
    }

    private var buildCommand: String? {
        switch language {
        case .java: "javac -encoding UTF-8 -cp \(Self.javaClassPath) JavaSample.java"
        case .csharp: "mcs -nologo -r:System.Net.Http.dll -out:Sample.exe Sample.cs"
        case .objectiveC:
            "gcc $(gnustep-config --objc-flags | sed -e 's/-MMD//g' -e 's/-MP//g') sample.m -o sample $(gnustep-config --base-libs)"
        case .swift:
            "swiftc main.swift -I '\(Self.buildFolder.path)/Modules' '\(Self.buildFolder.path)'/SpeakerRecognition.build/*.o -o sample"
        default: nil
        }
    }

    private var runCommand: String {
        switch language {
        case .curl, .repl: "sh sample.sh"
        case .python: "python3 sample.py"
        case .ruby: "ruby sample.rb"
        case .php: "php sample.php"
        case .javascript: "node sample.mjs"
        case .java: "java -cp \(Self.javaClassPath):. JavaSample"
        case .csharp: "mono Sample.exe"
        case .objectiveC, .swift: "./sample"
        }
    }

    private func shell(_ command: String, environment: [String: String?] = [:]) async throws -> ChildProcess.Outcome {
        let path = Self.buildFolder.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        var merged: [String: String?] = ["SPID_KEY": key, "PATH": path, "SPID_ENDPOINT": nil]
        merged.merge(environment) { $1 }
        return try await ChildProcess.running(
            URL(fileURLWithPath: "/bin/sh"), ["-c", command], environment: merged, currentDirectory: folder, timeout: 120)
    }
}
