import Foundation

/// Handler modules for tests: the examples `swift build` made, and the misbehaving C fixtures in
/// `Tests/ModuleFixtures`, compiled on first use with the toolchain's clang.
public enum ModuleFixtures {
    /// An example module's library, built next to the test bundle (`JSONLinesHandler`, …).
    public static func example(_ product: String) -> URL {
        ChildProcess.builtProduct("lib\(product).so")
    }

    /// A compiled fixture, by the name of its source (`crash_in_configure`).
    public static func fixture(_ name: String) throws -> URL {
        try compiled.get().appendingPathComponent("lib\(name).so")
    }

    /// The fixtures' sources.
    public static let sources = AudioFixtures.packageRoot.appendingPathComponent("Tests/ModuleFixtures")

    private static let compiled: Result<URL, FixtureError> = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-module-fixtures-\(getpid())")
        let header = AudioFixtures.packageRoot.appendingPathComponent("Sources/CSpidHandler/include")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let names = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".c") }
            for name in names.sorted() {
                let output = folder.appendingPathComponent("lib\(name.dropLast(2)).so")
                let outcome = try ChildProcess.run(
                    URL(fileURLWithPath: "/usr/bin/env"),
                    [
                        "clang", "-shared", "-fPIC", "-O0", "-Wall", "-Wextra", "-Werror", "-I", header.path, "-o", output.path,
                        sources.appendingPathComponent(name).path,
                    ],
                    timeout: 60)
                guard outcome.status == 0 else {
                    return .failure(FixtureError(message: "clang could not build \(name): \(outcome.stderr)"))
                }
            }
            return .success(folder)
        } catch {
            return .failure(FixtureError(message: "could not build the module fixtures: \(error)"))
        }
    }()
}
