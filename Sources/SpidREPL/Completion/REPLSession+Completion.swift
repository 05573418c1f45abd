import Foundation
import SpeakerRecognition

extension REPLSession {
    /// The candidates for the last word of `line` (the text before the cursor): command names,
    /// subcommands, flags, `$` names, operations, profiles, events, settings and file paths.
    public func completions(for line: String) -> CompletionCandidates {
        let statement = line.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        var words = statement.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let word = statement.last == " " || statement.isEmpty ? "" : (words.popLast() ?? "")
        let cleanWord = word.hasPrefix("\"") ? String(word.dropFirst()) : word
        if words.count >= 2, words[1] == "=" { words.removeFirst(2) }
        func offer(_ options: [String]) -> CompletionCandidates {
            CompletionCandidates(word: word, candidates: options.filter { $0.hasPrefix(word) }.sorted().map { .init($0) })
        }
        if word.hasPrefix("$"), !word.contains("/") {
            return offer(bindings.names.map { "$" + $0 })
        }
        guard let first = words.first else { return offer(CommandCatalog.names) }
        guard let spec = CommandCatalog.command(named: first.lowercased()) else { return offer([]) }
        if word.hasPrefix("--") { return offer(spec.allFlags) }
        if spec.name == "on" { return completeHandler(words, word: word) }
        var positionals: [String] = []
        var skipNext = false
        for item in words.dropFirst() {
            if skipNext { skipNext = false; continue }
            if spec.options.contains(item) { skipNext = true; continue }
            if item.hasPrefix("--") { continue }
            positionals.append(item)
        }
        var key = ""
        if !spec.subcommands.isEmpty {
            if positionals.isEmpty {
                return offer(spec.subcommands)
            }
            if spec.subcommands.contains(positionals[0]) {
                key = positionals.removeFirst()
            }
        }
        guard let slots = spec.arguments[key], !slots.isEmpty else { return offer([]) }
        var slot = positionals.count < slots.count ? slots[positionals.count] : slots[slots.count - 1]
        if positionals.count >= slots.count, slot != .operations, slot != .profiles { return offer([]) }
        if spec.name == "set", positionals.count == 1 { return offer(SetCommand.values(of: positionals[0])) }
        if spec.name == "show", positionals.count == 1 { slot = .text }
        switch slot {
        case .operation, .operations, .target:
            var names = operations.names
            // Operation ids too, once a word starts like one (listing them all would drown the names).
            if let first = word.first, first.isHexDigit {
                names += operations.all.compactMap { $0.location?.operationId?.description }
            }
            names += bindings.names { if case .operation = $0 { true } else { false } }
            if slot == .operations { names.append("all") }
            if slot == .target { names += bindings.names { if case .document = $0 { true } else { false } } }
            return offer(names)
        case .profile, .profiles:
            let bound = bindings.names { if case .profile = $0 { true } else { false } }.map { "$" + $0 }
            return offer(bound + profileKinds.keys.map(\.description))
        case .file:
            return fileCandidates(cleanWord, typed: word)
        case .locale: return offer(["en-us", "zh-cn"])
        case .event: return offer(CommandCatalog.events)
        case .command: return offer(CommandCatalog.names)
        case .setting: return offer(CommandCatalog.settings)
        case .module: return offer(moduleNames)
        case .text: return offer([])
        }
    }

    private func completeHandler(_ words: [String], word: String) -> CompletionCandidates {
        func offer(_ options: [String]) -> CompletionCandidates {
            CompletionCandidates(word: word, candidates: options.filter { $0.hasPrefix(word) }.sorted().map { .init($0) })
        }
        if let action = words.firstIndex(where: { $0 == "do" || $0 == "exec" || $0 == "module" }) {
            if words[action] == "module" { return offer(words.count == action + 1 ? moduleNames : []) }
            guard words[action] == "do" else { return offer([]) }
            let rest = words[(action + 1)...].joined(separator: " ")
            return completions(for: rest.isEmpty ? word : rest + " " + word)
        }
        switch words.count {
        case 1: return offer(CommandCatalog.events)
        case 2: return offer(operations.names + ["all", "do", "exec", "module"])
        default: return offer(["do", "exec", "module"])
        }
    }

    /// Files and folders that start with `partial` (relative to the current folder, `~` allowed).
    private func fileCandidates(_ partial: String, typed: String) -> CompletionCandidates {
        let slash = partial.lastIndex(of: "/")
        let folderPart = slash.map { String(partial[...$0]) } ?? ""
        let namePart = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let folder =
            folderPart.isEmpty ? configuration.currentDirectory : resolve((try? expander(Context()).expand(folderPart)) ?? folderPart)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var candidates: [CompletionCandidates.Candidate] = []
        for entry in entries.sorted() where entry.hasPrefix(namePart) {
            if entry.hasPrefix("."), !namePart.hasPrefix(".") { continue }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appendingPathComponent(entry).path, isDirectory: &isDirectory)
            let suffix = isDirectory.boolValue ? "/" : ""
            candidates.append(.init(folderPart + entry + suffix, display: entry + suffix, isComplete: !isDirectory.boolValue))
            if candidates.count == 500 { break }
        }
        return CompletionCandidates(word: partial, candidates: candidates)
    }
}
