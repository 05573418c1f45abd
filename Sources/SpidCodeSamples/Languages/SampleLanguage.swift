/// The languages a request can be written in: the eight of the service's own page, this
/// package's Swift client, and a `spid-repl` line.
public enum SampleLanguage: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case curl
    case csharp
    case java
    case javascript
    case objectiveC = "objc"
    case php
    case python
    case ruby
    case swift
    case repl

    /// The name people know it by.
    public var title: String {
        switch self {
        case .curl: "curl"
        case .csharp: "C#"
        case .java: "Java"
        case .javascript: "JavaScript"
        case .objectiveC: "Objective-C"
        case .php: "PHP"
        case .python: "Python"
        case .ruby: "Ruby"
        case .swift: "Swift"
        case .repl: "spid-repl"
        }
    }

    /// The file a sample is saved as, so that the command in its first comment runs it.
    public var fileName: String {
        switch self {
        case .curl: "sample.sh"
        case .csharp: "Sample.cs"
        case .java: "JavaSample.java"
        case .javascript: "sample.mjs"
        case .objectiveC: "sample.m"
        case .php: "sample.php"
        case .python: "sample.py"
        case .ruby: "sample.rb"
        case .swift: "main.swift"
        case .repl: "sample.sh"
        }
    }

    /// Reads a language's name as people type it: `curl`, `c#`, `cs`, `js`, `node`, `objective-c`, `py`, `rb`, ….
    public init?(named name: String) {
        let key = name.lowercased()
        if let exact = Self(rawValue: key) {
            self = exact
            return
        }
        let aliases: [String: Self] = [
            "c#": .csharp, "cs": .csharp, "mono": .csharp, "js": .javascript, "node": .javascript,
            "objective-c": .objectiveC, "obj-c": .objectiveC, "objectivec": .objectiveC, "py": .python, "python3": .python,
            "rb": .ruby, "spid-repl": .repl, "shell": .curl, "sh": .curl,
        ]
        guard let alias = aliases[key] else { return nil }
        self = alias
    }

    public var description: String { rawValue }
}
