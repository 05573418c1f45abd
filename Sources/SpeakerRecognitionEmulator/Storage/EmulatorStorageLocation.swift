import Foundation

/// Where an emulator keeps its profiles and operations.
public enum EmulatorStorageLocation: Sendable, Hashable {
    /// Nothing survives the process.
    case memory
    /// A SQLite database `spid.sqlite` in this folder (created when missing), so a restart loses nothing.
    case directory(URL)
}
