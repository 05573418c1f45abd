import Testing

@testable import SpidREPL

@Suite("REPLCommand: one list of command types drives help, completion and dispatch")
struct REPLCommandTests {
    @Test func theCatalogIsTheListOfTypes() {
        #expect(CommandCatalog.all.map(\.name) == CommandCatalog.commands.map { $0.spec.name })
        for command in CommandCatalog.commands {
            for name in [command.spec.name] + command.spec.aliases {
                #expect(CommandCatalog.commandType(named: name).map(ObjectIdentifier.init) == ObjectIdentifier(command), "\(name)")
            }
        }
        #expect(CommandCatalog.commandType(named: "nope") == nil)
    }

    @Test func onlyOnReadsItsWordsAsTyped() {
        let raw = CommandCatalog.commands.filter { $0 is any RawWordsCommand.Type }.map { $0.spec.name }
        #expect(raw == ["on"])
    }
}
