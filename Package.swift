// swift-tools-version: 6.2
import PackageDescription

/// CI builds the package's own targets with warnings as errors (`SPID_WARNINGS_AS_ERRORS=1`);
/// a normal build only shows them, and packages that depend on spid are never affected.
let warningsAreErrors = Context.environment["SPID_WARNINGS_AS_ERRORS"] == "1"
let strictSwift: [SwiftSetting] = warningsAreErrors ? [.treatAllWarnings(as: .error)] : []
let strictC: [CSetting] = warningsAreErrors ? [.treatAllWarnings(as: .error)] : []

let package = Package(
    name: "spid",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SpeakerRecognition", targets: ["SpeakerRecognition"]),
        .library(name: "SpeakerEngines", targets: ["SpeakerEngines"]),
        .library(name: "SpeakerRecognitionEmulator", targets: ["SpeakerRecognitionEmulator"]),
        .library(name: "SpeakerRecognitionAsyncHTTPClient", targets: ["SpeakerRecognitionAsyncHTTPClient"]),
        .library(name: "SpidCodeSamples", targets: ["SpidCodeSamples"]),
        .library(name: "SpidREPL", targets: ["SpidREPL"]),
        .library(name: "SpidModules", targets: ["SpidModules"]),
        .library(name: "SpidHandlerKit", targets: ["SpidHandlerKit"]),
        .library(name: "JSONLinesHandler", type: .dynamic, targets: ["JSONLinesHandler"]),
        .library(name: "WebhookHandler", type: .dynamic, targets: ["WebhookHandler"]),
        .library(name: "CStatusLineHandler", type: .dynamic, targets: ["CStatusLineHandler"]),
        .plugin(name: "ScaffoldHandler", targets: ["ScaffoldHandler"]),
        .executable(name: "spid-server", targets: ["spid-server"]),
        .executable(name: "spid-repl", targets: ["spid-repl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .target(name: "SpeakerRecognition"),
        .target(name: "SpidCodeSamples", dependencies: ["SpeakerRecognition"]),
        .target(
            name: "SpeakerRecognitionAsyncHTTPClient",
            dependencies: [
                "SpeakerRecognition",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The voice science: audio decoding, signal processing, the speaker engines.
        .target(
            name: "SpeakerEngines",
            dependencies: ["SpeakerRecognition", "CSpidKernels", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "SpeakerRecognitionEmulator",
            dependencies: [
                "SpeakerRecognition",
                "SpeakerEngines",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The PostgreSQL store: several spid-server instances, one service.
        .target(
            name: "SpeakerRecognitionPostgres",
            dependencies: [
                "SpeakerRecognition",
                "SpeakerEngines",
                "SpeakerRecognitionEmulator",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "CSpidKernels"),
        .target(name: "CSpidHandler"),
        .target(name: "CSpidModuleGuard", dependencies: ["CSpidHandler"]),
        .target(name: "SpidModules", dependencies: ["SpeakerRecognition", "CSpidHandler", "CSpidModuleGuard"]),
        .target(name: "SpidHandlerKit", dependencies: ["SpeakerRecognition", "CSpidHandler"]),
        .target(name: "JSONLinesHandler", dependencies: ["SpidHandlerKit"], path: "Examples/HandlerModules/JSONLinesHandler"),
        .target(name: "WebhookHandler", dependencies: ["SpidHandlerKit"], path: "Examples/HandlerModules/WebhookHandler"),
        .target(name: "CStatusLineHandler", dependencies: ["CSpidHandler"], path: "Examples/HandlerModules/CStatusLineHandler"),
        .plugin(
            name: "ScaffoldHandler",
            capability: .command(
                intent: .custom(
                    verb: "scaffold-handler", description: "Create a handler-module package (Handlers/NAME) built on SpidHandlerKit"),
                permissions: [.writeToPackageDirectory(reason: "Writes the new handler module's package, Handlers/NAME by default")]
            )
        ),
        .systemLibrary(
            name: "CLibedit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        .target(name: "LineEditing", dependencies: ["CLibedit"]),
        .target(
            name: "SpidREPL",
            dependencies: [
                "SpeakerRecognition",
                "SpidCodeSamples",
                "SpeakerRecognitionEmulator",
                "SpeakerEngines",
                "SpidModules",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "spid-repl",
            dependencies: [
                "SpidREPL",
                "LineEditing",
                "SpeakerRecognition",
                "SpeakerRecognitionEmulator",
                "SpeakerEngines",
                "SpeakerRecognitionAsyncHTTPClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "spid-bench",
            dependencies: [
                "SpeakerRecognition",
                "SpeakerEngines",
                "SpeakerRecognitionAsyncHTTPClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/spid-bench"
        ),
        .executableTarget(
            name: "spid-server",
            dependencies: [
                "SpeakerRecognitionEmulator",
                "SpeakerRecognitionPostgres",
                "SpeakerEngines",
                "SpeakerRecognition",
                "SpidCodeSamples",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // Compiled into the binary: a copied spid-server needs no resource folder beside it.
            resources: [
                .embedInCode("Resources/openapi.yaml"), .embedInCode("Resources/openapi.json"),
                .embedInCode("Resources/console.html"), .embedInCode("Resources/console.js"),
                .embedInCode("Resources/console.css"),
            ]
        ),
        .testTarget(
            name: "SpeakerRecognitionTests",
            dependencies: ["SpeakerRecognition", "SpidTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .target(
            name: "SpidTestSupport",
            dependencies: [
                "SpeakerRecognition", "SpeakerRecognitionAsyncHTTPClient", "SpidCodeSamples",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/SpidTestSupport"
        ),
        .testTarget(
            name: "SpeakerRecognitionEmulatorTests",
            dependencies: [
                "SpeakerRecognitionEmulator", "SpeakerEngines", "SpeakerRecognition", "SpidTestSupport",
                "SpeakerRecognitionPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "SpeakerEnginesTests",
            dependencies: ["SpeakerEngines", "SpeakerRecognition", "SpidTestSupport"],
            exclude: ["Fixtures"]  // read by path from the package root, not bundled
        ),
        .testTarget(
            name: "SpidCodeSamplesTests",
            dependencies: ["SpidCodeSamples", "SpeakerRecognition", "SpidTestSupport"]
        ),
        .testTarget(
            name: "SpidREPLTests",
            dependencies: ["SpidREPL", "SpeakerRecognition", "SpeakerRecognitionEmulator", "SpidTestSupport"]
        ),
        .testTarget(
            name: "SpidModulesTests",
            dependencies: ["SpidModules", "SpidHandlerKit", "SpeakerRecognition", "SpidTestSupport"]
        ),
        // Every suite that runs the real executables, drives a pseudo-terminal or builds a package:
        // `scripts/test-unit` skips this target for a fast loop.
        .testTarget(
            name: "SpidEndToEndTests",
            dependencies: ["SpeakerRecognition", "SpidCodeSamples", "SpidTestSupport"]
        ),
        .testTarget(
            name: "SpeakerRecognitionTransportTests",
            dependencies: [
                "SpeakerRecognition", "SpeakerRecognitionAsyncHTTPClient", "SpidTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

for target in package.targets where [.regular, .executable, .test].contains(target.type) {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSwift
    target.cSettings = (target.cSettings ?? []) + strictC
}
