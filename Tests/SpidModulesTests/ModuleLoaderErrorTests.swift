import Foundation
import SpeakerRecognition
import SpidModules
import SpidTestSupport
import Testing

/// Every way `load` refuses a library, each with a message that says what to do, and nothing kept.
@Suite struct ModuleLoaderErrorTests {
    let host = ModuleHost()

    private func refusal(_ path: String, as name: String? = nil, options: [(key: String, value: String)] = []) async -> ModuleError? {
        do {
            try await host.load(path, as: name, options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test func aMissingFile() async {
        let error = await refusal("/nonexistent/libNothing.so")
        #expect(error == .notFound("/nonexistent/libNothing.so", searched: []))
        #expect(error?.description.contains("give the path of a built .so") == true)
    }

    @Test func aBareNameNotOnTheSearchPath() async throws {
        let folder = try #require(FileManager.default.temporaryDirectory.path as String?)
        let host = ModuleHost(configuration: .init(searchPaths: [folder]))
        await #expect(throws: ModuleError.notFound("NoSuchHandler", searched: [folder])) {
            try await host.load("NoSuchHandler")
        }
    }

    @Test func aBareNameFoundOnTheSearchPath() async throws {
        let folder = ModuleFixtures.example("CStatusLineHandler").deletingLastPathComponent().path
        let host = ModuleHost(configuration: .init(searchPaths: ["/nonexistent", folder]))
        let info = try await host.load("CStatusLineHandler")
        #expect(info.name == "status-line" && info.runtime == nil)
    }

    @Test func aFolder() async {
        let error = await refusal(FileManager.default.temporaryDirectory.path + "/")
        guard case .notALibrary(_, let reason)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason.contains("folder"))
    }

    @Test func aFileThatIsNotALibrary() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("spid-not-a-library-\(UUID()).so")
        try Data("#!/bin/sh\necho hello\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let error = await refusal(file.path)
        guard case .notALibrary(let path, let reason)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(path == file.resolvingSymlinksInPath().path)
        #expect(!reason.isEmpty)
        #expect(await host.modules.isEmpty)
    }

    @Test func aLibraryWithoutTheEntryPoint() async throws {
        let error = await refusal(try ModuleFixtures.fixture("no_entry").path)
        guard case .noEntryPoint? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.description.contains("does not export spid_handler_entry") == true)
    }

    @Test func aModuleOfABI999() async throws {
        let error = await refusal(try ModuleFixtures.fixture("abi_999").path)
        guard case .abiMismatch(_, let module, let host)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(module == 999 && host == 1)
        #expect(error?.description.contains("rebuild the module against this spid") == true)
    }

    @Test func aTableWithoutOnEvent() async throws {
        let error = await refusal(try ModuleFixtures.fixture("no_on_event").path)
        #expect(error?.description.contains("it has no on_event function") == true)
    }

    @Test func aModuleBuiltByAnotherSwift() async throws {
        let error = await refusal(try ModuleFixtures.fixture("other_swift").path)
        guard case .incompatibleBuild(_, let reason)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason == "it was built by swift-5.9, this host runs \(SpidVersion.swiftRuntime)")
    }

    @Test func aModuleThatFailsToStart() async throws {
        let error = await refusal(try ModuleFixtures.fixture("create_fails").path)
        #expect(
            error == .callFailed(module: "fails-to-start", call: "create", message: "cannot reach the results database at db.example:5432"))
        #expect(await host.modules.isEmpty)
    }

    @Test func anOptionTheModuleRefuses() async throws {
        let error = await refusal(ModuleFixtures.example("JSONLinesHandler").path, options: [("colour", "red")])
        #expect(
            error
                == .callFailed(
                    module: "jsonl", call: "configure colour", message: "jsonl has no option colour (options: path=FILE, fsync=on|off)"))
        #expect(await host.modules.isEmpty)
    }

    @Test func anOptionForAModuleWithoutConfigure() async throws {
        let error = await refusal(try ModuleFixtures.fixture("abort_in_event").path, options: [("a", "b")])
        #expect(error == .notConfigurable("abort"))
    }

    @Test func wordsThatAreNotOptions() {
        #expect(throws: ModuleError.invalidOption("path")) { try ModuleHost.options(from: ["path"]) }
        #expect(throws: ModuleError.invalidOption("=x")) { try ModuleHost.options(from: ["=x"]) }
        let options = try? ModuleHost.options(from: ["url=http://h/x?a=b", "empty="])
        #expect(options?.map(\.key) == ["url", "empty"] && options?.map(\.value) == ["http://h/x?a=b", ""])
    }

    @Test func namesTakenAndInvalid() async throws {
        let path = ModuleFixtures.example("CStatusLineHandler").path
        try await host.load(path)
        #expect(await refusal(path) == .nameTaken("status-line"))
        #expect(await refusal(path, as: "bad name!") == .invalidName("bad name!"))
        let second = try await host.load(path, as: "lines-2")
        #expect(second.name == "lines-2" && second.moduleName == "status-line")
        #expect(await host.modules.map(\.name) == ["status-line", "lines-2"])
    }

    @Test func callsToUnknownModules() async {
        await #expect(throws: ModuleError.unknownModule("ghost", loaded: [])) {
            try await host.deliver(Changes.lifecycle[0], to: "ghost")
        }
        await #expect(throws: ModuleError.unknownModule("ghost", loaded: [])) {
            try await host.handler(for: "ghost")
        }
    }
}
