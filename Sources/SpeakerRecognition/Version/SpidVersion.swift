/// The version of spid, and of the Swift that built this copy of it.
///
/// Handler modules record both (see `spid_handler.h`): Swift has no stable ABI on Linux, so a
/// host loads a Swift module only when it was built by the same Swift against the same spid.
public enum SpidVersion {
    /// spid's release, shared by the libraries, the executables and SpidHandlerKit.
    public static let string = "0.8.0"

    /// The Swift language runtime this code was compiled for: `swift-MAJOR.MINOR`.
    public static let swiftRuntime: String = {
        #if compiler(>=6.5)
        return "swift-6.5+"
        #elseif compiler(>=6.4)
        return "swift-6.4"
        #elseif compiler(>=6.3)
        return "swift-6.3"
        #elseif compiler(>=6.2)
        return "swift-6.2"
        #elseif compiler(>=6.1)
        return "swift-6.1"
        #else
        return "swift-6.0"
        #endif
    }()
}
