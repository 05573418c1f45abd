/// A command's words after expansion, split into positionals and flags as its spec allows.
struct Arguments: Sendable {
    let spec: CommandSpec
    var positionals: [String]
    var flags: Set<String>
    var options: [String: String]

    /// Reads `words` (without the command's name); `--` ends the flags.
    init(_ words: [String], spec: CommandSpec) throws(REPLError) {
        self.spec = spec
        positionals = []
        flags = []
        options = [:]
        var index = 0
        var flagsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            guard !flagsEnded, word.hasPrefix("--"), word.count > 2 else {
                if word == "--" && !flagsEnded { flagsEnded = true } else { positionals.append(word) }
                continue
            }
            var name = word
            var inlineValue: String?
            if let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                inlineValue = String(word[word.index(after: equals)...])
            }
            if spec.options.contains(name) {
                guard let value = inlineValue ?? (index < words.count ? words[index] : nil) else {
                    throw REPLError("\(name) needs a value", usage: spec.usage)
                }
                if inlineValue == nil { index += 1 }
                options[name] = value
            } else if spec.flags.contains(name) || CommandSpec.commonFlags.contains(name) {
                guard inlineValue == nil else { throw REPLError("\(name) takes no value", usage: spec.usage) }
                flags.insert(name)
            } else {
                let known = spec.allFlags
                let near = CommandCatalog.suggestions(for: name, among: known)
                let hint =
                    near.isEmpty
                    ? "\(spec.name) accepts \(known.joined(separator: ", "))" : "did you mean \(near.joined(separator: " or "))?"
                throw REPLError("\(spec.name) has no option \(name); \(hint)", usage: spec.usage)
            }
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// Fails with the usage unless the positionals number between `range`'s bounds.
    func expectCount(_ range: ClosedRange<Int>, _ what: String? = nil) throws(REPLError) {
        guard range.contains(positionals.count) else {
            let reason: String
            if positionals.count < range.lowerBound {
                reason = what.map { "\(spec.name) needs \($0)" } ?? "\(spec.name) needs more arguments"
            } else {
                reason =
                    "\(spec.name) takes at most \(range.upperBound) argument\(range.upperBound == 1 ? "" : "s"), not \(positionals.count)"
            }
            throw REPLError(reason, usage: spec.usage)
        }
    }

    /// The value of a duration option.
    func duration(_ option: String) throws(REPLError) -> Duration? {
        guard let text = options[option] else { return nil }
        guard let value = DurationText.parse(text) else {
            throw REPLError("\(option) \(text) is not a duration; write it like 500ms, 45s or 2m", usage: spec.usage)
        }
        return value
    }
}
