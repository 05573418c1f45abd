import Foundation
import Testing

@testable import SpidREPL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files named to `load`, `enroll`, `run`: anything but a readable regular file of a sensible
/// size is refused by what it is, before it is opened, and nothing blocks.
@Suite("Local files: devices, FIFOs, folders, sizes, permissions", .timeLimit(.minutes(1)))
struct LocalFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("spid-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func message(_ path: String, limit: Int = 16 << 20) -> String? {
        do {
            _ = try LocalFile.read(URL(fileURLWithPath: path), named: path, limit: limit)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func devicesAreRefusedByName() {
        #expect(message("/dev/zero") == "/dev/zero is a device, not a file; name a regular file")
        #expect(message("/dev/null") == "/dev/null is a device, not a file; name a regular file")
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let refused = message(fifo)
        #expect(refused?.hasPrefix("\(fifo) is a FIFO (a named pipe), not a file: reading it would wait for a writer") == true)
    }

    @Test func foldersAndMissingFiles() {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(message(folder.path) == "\(folder.path) is a folder, not a file; name a file in it")
        #expect(message(folder.appendingPathComponent("nope").path) == "no such file: \(folder.appendingPathComponent("nope").path)")
    }

    @Test func tooLargeSaysTheSizeAndTheLimit() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big.json")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 20 << 20)  // sparse: 20 MiB without writing them
        try handle.close()
        #expect(message(big.path) == "\(big.path) is 20 MiB; a file here may be at most 16 MiB (is it the right file?)")
        let small = folder.appendingPathComponent("small.json")
        try Data("{}".utf8).write(to: small)
        #expect(try LocalFile.read(small, named: "small.json", limit: 2) == Data("{}".utf8))
        #expect(message(small.path, limit: 1) == "\(small.path) is 2 bytes; a file here may be at most 1 byte (is it the right file?)")
    }

    @Test func unreadableFilesSaySo() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let locked = folder.appendingPathComponent("locked.json")
        try Data("{}".utf8).write(to: locked)
        chmod(locked.path, 0)
        if getuid() != 0 {  // root reads it anyway
            #expect(
                message(locked.path) == "\(locked.path) is not readable: permission denied; check its permissions and its folders' (ls -l)")
        }
        let loop = folder.appendingPathComponent("loop").path
        #expect(symlink(loop, loop) == 0)
        #expect(message(loop) == "\(loop) is a loop of symbolic links; name the file itself")
    }

    @Test func commandsPassTheMessagesOn() async throws {
        let repl = try await SessionHarness.make()
        defer { Task { await repl.shutdown() } }
        #expect(await repl.fail("load /dev/zero").contains("error: /dev/zero is a device, not a file"))
        #expect(await repl.fail("a = profile create; enroll $a /dev/zero").contains("error: /dev/zero is a device, not a file"))
        #expect(await repl.fail("run /dev/zero").contains("/dev/zero is a device, not a script"))
        #expect(await repl.fail("load /").contains("error: / is a folder, not a file"))
    }
}
