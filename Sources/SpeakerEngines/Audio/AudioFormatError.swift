/// Why an upload is not audio the service accepts; the message is what the client sees.
///
/// The RIFF messages are those of NAudio's reader, which the hosted service evidently used
/// ("Not a WAVE file - no RIFF header" is the most reported error in the issue threads).
public struct AudioFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ detail: String) { message = "Invalid Audio Format: " + detail }

    public var description: String { message }

    static let noRIFF = AudioFormatError("Not a WAVE file - no RIFF header")
    static let noWAVE = AudioFormatError("Not a WAVE file - no WAVE header")
    static let noFormat = AudioFormatError("Invalid WAV file - No fmt chunk found")
    static let noData = AudioFormatError("Invalid WAV file - No data chunk found")
}
