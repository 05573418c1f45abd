/// The verification phrases of each supported locale, as `GET /verificationPhrases` returned them.
enum VerificationPhrases {
    /// The real en-us list (docs/wire-reference.md §2.10), lowercase without punctuation as on the wire.
    static let english: [(phrase: String, syllables: Int)] = [
        ("i am going to make him an offer he cannot refuse", 15),
        ("houston we have had a problem", 8),
        ("my voice is my passport verify me", 10),
        ("apple juice tastes funny after toothpaste", 10),
        ("you can get in without your password", 9),
        ("you can activate security system now", 13),
        ("my voice is stronger than passwords", 8),
        ("my password is not your business", 8),
        ("my name is unknown to you", 7),
        ("be yourself everyone else is already taken", 13),
    ]

    /// The phrases for `locale`, or `nil` when verification does not support it.
    static func phrases(for locale: String) -> [String]? {
        Locales.verification.contains(locale.lowercased()) ? english.map(\.phrase) : nil
    }

    /// The supported phrase matching `text` (case, punctuation and spacing ignored).
    static func phrase(matching text: String) -> String? {
        let wanted = normalized(text)
        return english.first { normalized($0.phrase) == wanted }?.phrase
    }

    /// A guess from the speech length alone (about 4.5 syllables a second): the emulator has no
    /// speech recogniser. Clients that need the right text pass `phrase=` (see the docs).
    static func guess(speechSeconds: Double) -> String {
        english.min { abs(Double($0.syllables) / 4.5 - speechSeconds) < abs(Double($1.syllables) / 4.5 - speechSeconds) }!
            .phrase
    }

    private static func normalized(_ text: String) -> String {
        text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0 == " " }
            .map(String.init).joined().split(separator: " ").joined(separator: " ")
    }
}

/// Locales each half of the API accepts (compared lowercase; echoed as sent).
enum Locales {
    static let identification: Set<String> = ["en-us", "zh-cn"]
    static let verification: Set<String> = ["en-us"]
}
