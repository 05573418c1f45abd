import Foundation

/// The files of a new handler-module package and where they go.
struct HandlerTemplate {
    /// The Swift type, target and product: `SlackNotify`.
    let typeName: String
    /// The module's own name, as `modules` shows it: `slack-notify`.
    let moduleName: String
    let spidRoot: URL
    let folder: URL

    init(name: String, spidRoot: URL, output: String?) throws {
        guard let first = name.unicodeScalars.first, first.isASCII, CharacterSet.letters.contains(first),
            name.count <= 48, name.unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) })
        else {
            throw ScaffoldError("\"\(name)\" cannot name a module: use letters and digits, starting with a letter (e.g. SlackNotify)")
        }
        guard !["SpidHandlerKit", "SpeakerRecognition", "Foundation", "Swift", "CSpidHandler"].contains(name) else {
            throw ScaffoldError("\"\(name)\" is taken by a module it depends on; pick another name")
        }
        typeName = name
        moduleName = Self.kebab(name)
        self.spidRoot = spidRoot.standardizedFileURL
        if let output {
            let expanded = (output as NSString).expandingTildeInPath
            folder =
                URL(fileURLWithPath: expanded, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                .standardizedFileURL
        } else {
            folder = spidRoot.appendingPathComponent("Handlers").appendingPathComponent(name).standardizedFileURL
        }
    }

    /// `SlackNotify` → `slack-notify`.
    static func kebab(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase, !result.isEmpty, result.last?.isLowercase == true || result.last?.isNumber == true { result += "-" }
            result += character.lowercased()
        }
        return result
    }

    /// Writes the package. An existing folder is refused unless `force`, which replaces the files
    /// the template writes and leaves any others alone.
    func write(force: Bool) throws {
        let fileManager = FileManager.default
        var isFolder: ObjCBool = false
        if fileManager.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw ScaffoldError("\(display(folder)) exists and is a file; pick another --output") }
            guard force else {
                throw ScaffoldError("\(display(folder)) exists; pass --force to overwrite its template files, or pick another --output")
            }
        }
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// What to type next, as the plugin prints it.
    func nextSteps() -> String {
        let place = display(folder)
        let library = "\(place)/.build/debug/lib\(typeName).so"
        return """
            Created the handler module \(moduleName) in \(place):
            \(files.map { "  \(place)/\($0.path)" }.joined(separator: "\n"))

            Build it, and run its test:
              swift build --package-path \(place)
              swift test --package-path \(place)

            Load it in spid-repl (scripts/run starts one) and send it every change:
              module load \(library)
              on change all module \(moduleName)

            Edit \(place)/Sources/\(typeName)/\(typeName).swift to make it yours; rebuild, then load it again
            in a new spid-repl (a loaded library stays loaded until the REPL ends).
            """
    }

    /// A path relative to the current folder when it is inside it, else absolute.
    private func display(_ url: URL) -> String {
        let here = FileManager.default.currentDirectoryPath
        let path = url.path
        return path.hasPrefix(here + "/") ? String(path.dropFirst(here.count + 1)) : path
    }

    /// How the new package names spid: relative when it sits inside spid, absolute otherwise.
    private var spidPath: String {
        let root = spidRoot.path
        let path = folder.path
        guard path.hasPrefix(root + "/") else { return root }
        let depth = path.dropFirst(root.count + 1).split(separator: "/").count
        return Array(repeating: "..", count: depth).joined(separator: "/")
    }

    /// SwiftPM's identity of a path dependency: its folder's name.
    private var spidIdentity: String { spidRoot.lastPathComponent }

    var files: [(path: String, text: String)] {
        [
            ("Package.swift", manifest),
            ("Sources/\(typeName)/\(typeName).swift", source),
            ("Tests/\(typeName)Tests/\(typeName)Tests.swift", test),
            (".gitignore", ".build/\n.swiftpm/\nPackage.resolved\n"),
        ]
    }

    private var manifest: String {
        """
        // swift-tools-version: 6.1
        import PackageDescription

        // A spid handler module: a dynamic library spid-repl loads with `module load`.
        // It must be built by the same Swift as the spid-repl that loads it.
        let package = Package(
            name: "\(typeName)",
            products: [
                .library(name: "\(typeName)", type: .dynamic, targets: ["\(typeName)"]),
            ],
            dependencies: [
                .package(path: "\(spidPath)"),
            ],
            targets: [
                .target(
                    name: "\(typeName)",
                    dependencies: [.product(name: "SpidHandlerKit", package: "\(spidIdentity)")]
                ),
                .testTarget(
                    name: "\(typeName)Tests",
                    dependencies: ["\(typeName)", .product(name: "SpidHandlerKit", package: "\(spidIdentity)")]
                ),
            ]
        )

        """
    }

    private var source: String {
        """
        import SpidHandlerKit

        /// \(moduleName): logs each change it gets, e.g. `\(moduleName): op1 running -> succeeded`.
        /// A working start: replace `handle` with what your team needs (notify a chat, record a
        /// result, start the next step).
        ///
        /// Options: `prefix=TEXT` replaces the "\(moduleName)" at the start of each line.
        struct \(typeName): SpidHandler {
            static let name = "\(moduleName)"
            static let summary = "Logs each change it gets (scaffolded; make it yours)"

            private let host: HandlerHost
            private var prefix = "\(moduleName)"

            init(host: HandlerHost) throws {
                self.host = host
            }

            mutating func configure(key: String, value: String) throws {
                guard key == "prefix" else { throw HandlerError("\(moduleName) has no option \\(key) (options: prefix=TEXT)") }
                prefix = value
            }

            mutating func handle(_ change: ChangeEvent) throws {
                let operation = change.operation ?? change.operationId?.description ?? change.change.location.description
                let previous = change.previous.map { "\\($0.wireValue) -> " } ?? ""
                host.log("\\(prefix): \\(operation) \\(previous)\\(change.status.wireValue)")
            }
        }

        /// The one symbol spid looks for (spid_handler.h).
        @_cdecl("spid_handler_entry")
        public func spidHandlerEntry(_ hostABI: UInt32) -> UnsafeRawPointer? { SpidHandlerExport.entry(\(typeName).self) }

        """
    }

    private var test: String {
        """
        import SpidHandlerKit
        import Testing

        @testable import \(typeName)

        @Suite struct \(typeName)Tests {
            /// A change as spid-repl would send it: op1's enrollment finished.
            let change = StatusChange(
                location: OperationLocation(string: "http://127.0.0.1:8080/spid/v1.0/operations/0b1b6e3c-0000-4000-8000-000000000001")!,
                kind: .enrollment, previous: .running, snapshot: OperationSnapshot(status: .succeeded))

            @Test func logsEachChange() throws {
                let harness = try HandlerHarness(\(typeName).self)
                try harness.send(change, operation: "op1", event: "done")
                #expect(harness.logs == ["\(moduleName): op1 running -> succeeded"])
            }

            @Test func takesAPrefix() throws {
                let harness = try HandlerHarness(\(typeName).self, options: ["prefix": "team"])
                try harness.send(change, operation: "op1")
                #expect(harness.logs == ["team: op1 running -> succeeded"])
            }

            @Test func refusesAnUnknownOption() {
                #expect(throws: HandlerHarness.Failure.self) { try HandlerHarness(\(typeName).self, options: ["colour": "red"]) }
            }
        }

        """
    }
}
