import Foundation

/// What never reaches history in clear: the key of `connect … key KEY`, and module options whose
/// names say they hold a secret.
enum SecretMasking {
    /// The line with those secrets replaced by `****`.
    static func maskingSecrets(in line: String) -> String {
        var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.contains(where: { $0 == "connect" }) {
            for index in words.indices.dropLast() where words[index] == "key" && !words[index + 1].isEmpty {
                words[index + 1] = "****"
            }
        }
        if words.contains(where: { $0 == "module" }) {
            var inSecret = false
            for index in words.indices {
                if let equals = words[index].firstIndex(of: "="), equals != words[index].startIndex {
                    let key = String(words[index][..<equals])
                    inSecret = isSecretOption(key.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")))
                    if inSecret { words[index] = String(words[index][...equals]) + "****" }
                } else if inSecret, !words[index].isEmpty {
                    words[index] = "****"  // the rest of a quoted value with spaces: `header='Authorization: Bearer x'`
                }
            }
        }
        return words.joined(separator: " ")
    }

    /// Option keys whose values are secrets: never echoed, kept in history as `****`.
    static func isSecretOption(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return ["key", "token", "secret", "password", "auth", "header"].contains { lowered.contains($0) }
    }

    /// `KEY=VALUE`, or `KEY=****` for a secret.
    static func maskedOption(_ key: String, _ value: String) -> String {
        "\(key)=\(isSecretOption(key) ? "****" : value)"
    }
}
