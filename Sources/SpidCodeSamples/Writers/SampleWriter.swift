/// Writes a request as source in one language; one conformer per language.
protocol SampleWriter {
    static func code(for request: SampleRequest) -> String
}

extension SampleRequest {
    /// The sample's first line: which request this is.
    var title: String { "\(call.template): Speaker Recognition API v1.0" }
}
