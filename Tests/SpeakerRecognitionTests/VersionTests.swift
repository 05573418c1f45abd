import Foundation
import SpeakerRecognition
import Testing

/// The version lives in `SpidVersion.string`; the changelog's latest release must say the same.
@Suite("Version")
struct VersionTests {
    @Test("CHANGELOG.md's latest release is SpidVersion.string")
    func changelogMatches() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let changelog = try String(contentsOf: root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let released = changelog.split(separator: "\n").first { $0.hasPrefix("## [") && !$0.hasPrefix("## [Unreleased]") }
        let heading = try #require(released, "CHANGELOG.md has no release heading")
        #expect(heading.hasPrefix("## [\(SpidVersion.string)] - "), "\(heading)")
    }
}
