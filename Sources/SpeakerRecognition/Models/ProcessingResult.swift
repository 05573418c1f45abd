/// The `processingResult` of a succeeded operation, by its shape.
public enum ProcessingResult: Sendable, Hashable {
    /// An identification enrollment's result (`enrollmentStatus`, speech times).
    case enrollment(IdentificationEnrollmentResult)
    /// An identification's result (`identifiedProfileId`, `confidence`).
    case identification(IdentificationResult)
    /// A shape the typed models do not know, kept as received.
    case unknown(JSONValue)

    /// The kind of operation this result belongs to, when the shape says.
    public var kind: OperationKind? {
        switch self {
        case .enrollment: .enrollment
        case .identification: .identification
        case .unknown: nil
        }
    }

    /// The result as the service sends it, members in the service's order.
    var wireDocument: JSONValue {
        switch self {
        case let .enrollment(result):
            [
                "enrollmentStatus": .string(result.enrollmentStatus.wireValue),
                "remainingEnrollmentSpeechTime": .number(JSONNumber(result.remainingEnrollmentSpeechTime)),
                "speechTime": .number(JSONNumber(result.speechTime)),
                "enrollmentSpeechTime": .number(JSONNumber(result.enrollmentSpeechTime)),
            ]
        case let .identification(result):
            ["identifiedProfileId": .string(result.identifiedProfileId.description), "confidence": .string(result.confidence.wireValue)]
        case let .unknown(raw): raw
        }
    }
}

extension ProcessingResult: Codable {
    private enum ShapeKeys: String, CodingKey {
        case identifiedProfileId, enrollmentStatus
    }

    /// Picks the shape by its keys; a result that does not decode as that shape is kept as ``unknown(_:)``.
    public init(from decoder: any Decoder) throws {
        let raw = try JSONValue(from: decoder)
        let keys = try? decoder.container(keyedBy: ShapeKeys.self)
        if keys?.contains(.identifiedProfileId) == true, let result = try? IdentificationResult(from: decoder) {
            self = .identification(result)
        } else if keys?.contains(.enrollmentStatus) == true, let result = try? IdentificationEnrollmentResult(from: decoder) {
            self = .enrollment(result)
        } else {
            self = .unknown(raw)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case let .enrollment(result): try result.encode(to: encoder)
        case let .identification(result): try result.encode(to: encoder)
        case let .unknown(raw): try raw.encode(to: encoder)
        }
    }
}
