/// Why the d-vector engine's weights could not be used; each message says what to do.
public struct DVectorModelError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }

    static func missing(_ directory: String) -> DVectorModelError {
        DVectorModelError(
            "no d-vector weights in \(directory); run scripts/fetch-model (it downloads resemblyzer 0.1.4 from PyPI and converts it), or pick --engine classical"
        )
    }
}
