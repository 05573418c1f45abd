import SpeakerRecognition

/// The names `NAME = COMMAND` bound, and the lookups commands make through them.
struct Bindings: Sendable {
    private var values: [String: BoundValue] = [:]

    var isEmpty: Bool { values.isEmpty }
    /// Every bound name, sorted.
    var names: [String] { values.keys.sorted() }

    subscript(name: String) -> BoundValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// Unbinds `name`; the value it had, if any.
    @discardableResult
    mutating func remove(_ name: String) -> BoundValue? {
        values.removeValue(forKey: name)
    }

    /// The names bound to exactly `value`, sorted.
    func names(boundTo value: BoundValue) -> [String] {
        values.filter { $0.value == value }.keys.sorted()
    }

    /// The names whose values `include` accepts (for completion), unsorted.
    func names(where include: (BoundValue) -> Bool) -> [String] {
        values.filter { include($0.value) }.map(\.key)
    }

    /// A profile id from a word: an id as written, or a name bound to a profile.
    func profileID(_ word: String) -> ProfileID? {
        if let id = ProfileID(word) { return id }
        if case .profile(let id)? = values[word] { return id }
        return nil
    }
}
