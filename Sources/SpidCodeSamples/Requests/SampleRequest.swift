import Foundation
import SpeakerRecognition

/// A request to write as code: the call, where it goes, and the names the sample uses for what
/// the caller supplies (the audio file, the environment variable that holds the key).
public struct SampleRequest: Sendable, Hashable {
    public var call: APICall
    public var endpoint: ServiceEndpoint
    /// The WAV file an upload reads, as the sample names it.
    public var audioFile: String
    /// The environment variable the sample reads the subscription key from; the key itself is
    /// never written into a sample.
    public var keyVariable: String

    public init(_ call: APICall, endpoint: ServiceEndpoint, audioFile: String = "audio.wav", keyVariable: String = "SPID_KEY") {
        self.call = call
        self.endpoint = endpoint
        self.audioFile = audioFile
        self.keyVariable = keyVariable
    }

    /// The absolute URL, query included, as the client sends it.
    public var url: URL { endpoint.url(call.path, query: call.query) }

    /// The service's origin without the API path (`http://127.0.0.1:8080`), as a person types it.
    public var origin: String {
        let base = endpoint.baseURL.absoluteString
        return String(base.dropLast(ServiceEndpoint.apiPath.count))
    }

    /// The placeholder a sample falls back on when the key's variable is not set.
    static let keyPlaceholder = "{subscription key}"
}
