import Foundation

/// Reads a file a person named (audio, an operation document, a script), with one clear line
/// for each way that can go wrong, before anything is read into memory.
enum LocalFile {
    /// - Parameters:
    ///   - what: the noun for messages: `file`, `script`.
    ///   - limit: the largest size that makes sense for it, in bytes.
    ///   - hint: added when the file does not exist.
    static func read(_ url: URL, named name: String, what: String = "file", limit: Int, hint: String? = nil) throws(REPLError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw REPLError("no such \(what): \(name)" + (hint.map { " (\($0))" } ?? ""))
        }
        guard !isDirectory.boolValue else { throw REPLError("\(name) is a folder, not a \(what)") }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= limit else { throw REPLError("\(name) is \(max(1, size >> 20)) MB; too large for a \(what) here") }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw REPLError("cannot read \(name): \(error.localizedDescription)")
        }
    }
}
