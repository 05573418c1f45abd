import Testing

@testable import SpidREPL

@Suite("Lexer: words, quotes, comments, statements")
struct LexerTests {
    func words(_ line: String) throws -> [[String]] {
        try Lexer.statements(in: line).map { $0.words.map(\.literal) }
    }

    @Test func splitsOnWhiteSpaceAndSemicolons() throws {
        #expect(try words("enroll  $a\tx.wav") == [["enroll", "$a", "x.wav"]])
        #expect(try words("ops; show op1 ;;  watch") == [["ops"], ["show", "op1"], ["watch"]])
        #expect(try words("   ") == [])
    }

    @Test func quotesKeepSpacesAndSemicolons() throws {
        #expect(try words(#"echo "a b; c" 'd  e'"#) == [["echo", "a b; c", "d  e"]])
        #expect(try words(#"echo "say \"hi\"" a\ b"#) == [["echo", #"say "hi""#, "a b"]])
        #expect(try words(#"echo """#) == [["echo", ""]])
    }

    @Test func commentsStartAtAWord() throws {
        #expect(try words("ops # the rest is ignored; watch") == [["ops"]])
        #expect(try words("# only a comment") == [])
        #expect(try words("echo a#b") == [["echo", "a#b"]])
        #expect(try words(##"echo "# not a comment""##) == [["echo", "# not a comment"]])
    }

    @Test func quotedWordsAreMarked() throws {
        let statement = try #require(try Lexer.statements(in: #"x "=" = ops"#).first)
        #expect(statement.words[1].quoted && !statement.words[1].isBare("="))
        #expect(statement.words[2].isBare("="))
    }

    @Test func keepsTheTextAfterAWord() throws {
        let statement = try #require(try Lexer.statements(in: "  on done all do echo  $op is $status").first)
        #expect(statement.text(from: 4) == "echo  $op is $status")
        #expect(statement.source == "on done all do echo  $op is $status")
    }

    @Test func unclosedQuotesSayWhere() {
        #expect(throws: REPLError.self) { try Lexer.statements(in: #"echo "abc"#) }
        do {
            _ = try Lexer.statements(in: "echo 'abc")
        } catch {
            #expect(error.message.contains("single quote at column 6 is not closed"))
        }
        #expect(throws: REPLError.self) { try Lexer.statements(in: #"echo \"#) }
    }

    @Test func refusesHugeLinesAndBinary() {
        let huge = String(repeating: "a", count: Lexer.maximumLineLength + 1)
        #expect(throws: REPLError.self) { try Lexer.statements(in: huge) }
        #expect(throws: REPLError.self) { try Lexer.statements(in: "echo \u{0}\u{1}\u{2}") }
        #expect(throws: REPLError.self) { try Lexer.statements(in: "echo \u{FFFD}") }
    }

    @Test func acceptsUTF8() throws {
        #expect(try words("echo héllo ☃ 日本") == [["echo", "héllo", "☃", "日本"]])
    }
}

@Suite("Expander: $NAME and ${NAME}")
struct ExpanderTests {
    let expander = Expander(
        lookup: { name in ["alice": ["1"], "team": ["1", "2", "3"], "HOME": ["/home/x"]][name] },
        knownNames: { ["alice", "team"] })

    func expand(_ line: String) throws -> [String] {
        try expander.expand(Lexer.statements(in: line)[0].words)
    }

    @Test func replacesNames() throws {
        #expect(try expand("identify x.wav $alice") == ["identify", "x.wav", "1"])
        #expect(try expand("load ${HOME}/a.json $HOME/b") == ["load", "/home/x/a.json", "/home/x/b"])
    }

    @Test func aListBecomesWordsOnlyWhenAlone() throws {
        #expect(try expand("identify x.wav $team") == ["identify", "x.wav", "1", "2", "3"])
        #expect(try expand(#"echo "$team""#) == ["echo", "1 2 3"])
        #expect(try expand("echo x$team") == ["echo", "x1 2 3"])
    }

    @Test func singleQuotesAndEscapesStayLiteral() throws {
        #expect(try expand("echo '$alice' \\$alice $ 5$") == ["echo", "$alice", "$alice", "$", "5$"])
    }

    @Test func unknownNamesListTheKnownOnes() {
        do {
            _ = try expand("echo $bob")
            Issue.record("expected an error")
        } catch let error as REPLError {
            #expect(error.message == "$bob is not bound and is not an environment variable; bound: alice, team")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func expansionIsRefusedBeforeItPassesTheLimit() throws {
        let big = String(repeating: "x", count: 400)
        let small = Expander(lookup: { $0 == "big" ? [big] : nil }, knownNames: { ["big"] }, limit: 1000)
        let words = { (line: String) in try Lexer.statements(in: line)[0].words }
        #expect(try small.expand(words("echo $big $big")).map(\.count) == [4, 400, 400])
        for line in [#"echo "$big$big$big""#, "echo $big $big $big", "echo x$big-$big-$big", "echo ${big}${big} $big"] {
            do {
                _ = try small.expand(words(line))
                Issue.record("\(line) expanded past the limit")
            } catch let error as REPLError {
                #expect(error.message.hasPrefix("expanding $big makes the command longer than 1000 bytes"), "\(error.message)")
                #expect(error.message.hasSuffix("keep large text in a file"))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(Expander.maximumLength == 1 << 20)
    }

    @Test func names() {
        #expect(Expander.isName("alice_2") && Expander.isName("_x"))
        #expect(!Expander.isName("2x") && !Expander.isName("a-b") && !Expander.isName(""))
        #expect(Expander.wholeReference("${team}") == "team" && Expander.wholeReference("$a.b") == nil)
    }
}

@Suite("Durations as typed")
struct DurationTextTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("45s", .seconds(45)), ("2m", .seconds(120)), ("1h", .seconds(3600)),
        ("1.5s", .milliseconds(1500)), ("3", .seconds(3)), ("0", .zero),
    ])
    func parses(_ text: String, _ expected: Duration) {
        #expect(DurationText.parse(text) == expected)
    }

    @Test(arguments: ["", "s", "-1s", "2x", "1e9h", "nan", "5 s"])
    func refuses(_ text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test func formats() {
        #expect(DurationText.format(.milliseconds(850)) == "850ms")
        #expect(DurationText.format(.milliseconds(12_340)) == "12.3s")
        #expect(DurationText.format(.seconds(245)) == "4m 05s")
        #expect(DurationText.format(.seconds(7800)) == "2h 10m")
    }
}
