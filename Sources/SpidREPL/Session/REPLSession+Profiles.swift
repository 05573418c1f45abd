import Foundation
import SpeakerRecognition

extension REPLSession {
    /// A profile id from a word (ids are what `$NAME` of a bound profile expands to).
    func profileID(_ word: String) throws(REPLError) -> ProfileID {
        if let id = bindings.profileID(word) { return id }
        throw REPLError(
            "\"\(word)\" is not a profile id; profile ids look like 111f427c-3791-468f-b709-fcef7660fff9 (or use a bound name: $alice)")
    }

    /// The bound name of a profile, for tables: `alice (1f2e…)`; else the id.
    func nameFor(_ id: ProfileID) -> String {
        bindings.names(boundTo: .profile(id)).first.map { "\(id) (\($0))" } ?? id.description
    }

    /// A bound name of a profile, or the start of its id.
    func shortName(for id: ProfileID) -> String {
        bindings.names(boundTo: .profile(id)).first ?? String(id.description.prefix(8))
    }

    /// Whether a profile is for identification or verification: known from this session, else asked.
    func kind(of id: ProfileID) async throws(REPLError) -> ProfileKind {
        if let known = profileKinds[id] { return known }
        let client = try requireConnection().client
        do {
            _ = try await client.identificationProfile(id)
            profileKinds[id] = .identification
            return .identification
        } catch let error where error.statusCode == 404 {
            do {
                _ = try await client.verificationProfile(id)
                profileKinds[id] = .verification
                return .verification
            } catch let error where error.statusCode == 404 {
                throw REPLError("there is no profile \(id) on \(connectionLabel); `profile list` and `vprofile list` show them")
            } catch {
                throw REPLError(error, doing: "reading the profile")
            }
        } catch {
            throw REPLError(error, doing: "reading the profile")
        }
    }

    /// What `enroll` and `verify` take: `PROFILE FILE`, read into a profile id and the file's bytes.
    func profileAndAudio(_ arguments: Arguments) throws(REPLError) -> (id: ProfileID, file: String, audio: Data) {
        try arguments.expectCount(2...2, "a profile and a WAV file")
        let file = arguments.positionals[1]
        return (try profileID(arguments.positionals[0]), file, try readAudio(file))
    }

    /// The bytes of an audio file, with a clear line for the usual mistakes.
    func readAudio(_ path: String) throws(REPLError) -> Data {
        try LocalFile.read(resolve(path), named: path, limit: 64 << 20)
    }

    func resolve(_ path: String) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded) : configuration.currentDirectory.appendingPathComponent(expanded)
    }

    static func seconds(_ value: Double) -> String { String(format: "%.1fs", value) }
}
