// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "spid",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SpeakerRecognition", targets: ["SpeakerRecognition"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .target(name: "SpeakerRecognition"),
        .testTarget(
            name: "SpeakerRecognitionTests",
            dependencies: ["SpeakerRecognition"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SpeakerRecognitionTransportTests",
            dependencies: [
                "SpeakerRecognition",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
