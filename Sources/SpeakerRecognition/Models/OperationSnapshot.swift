import Foundation

/// One observation of an asynchronous operation (`GET /operations/{id}`), typed and raw.
///
/// ``raw`` is the whole document as received, members in order, so fields the typed model does
/// not know yet stay inspectable by path (`processingResult.confidence`).
public struct OperationSnapshot: Sendable, Hashable {
    public var status: OperationStatus
    public var createdDateTime: Date?
    public var lastActionDateTime: Date?
    /// The failure detail of a `failed` operation (`SpeakerInvalid`, `IncompleteEnrollment`).
    public var message: String?
    /// Present only when the operation succeeded.
    public var processingResult: ProcessingResult?
    /// The document as received.
    public var raw: JSONValue

    public init(
        status: OperationStatus, createdDateTime: Date? = nil, lastActionDateTime: Date? = nil, message: String? = nil,
        processingResult: ProcessingResult? = nil, raw: JSONValue? = nil
    ) {
        self.status = status
        self.createdDateTime = createdDateTime
        self.lastActionDateTime = lastActionDateTime
        self.message = message
        self.processingResult = processingResult
        self.raw = .null
        self.raw = raw ?? wireDocument
    }

    /// The document the service would send for these fields, built as a tree (never encoded and parsed back).
    var wireDocument: JSONValue {
        var object: JSONObject = ["status": .string(status.wireValue)]
        if let createdDateTime { object["createdDateTime"] = .string(WireDate.format(createdDateTime)) }
        if let lastActionDateTime { object["lastActionDateTime"] = .string(WireDate.format(lastActionDateTime)) }
        if let message { object["message"] = .string(message) }
        if let processingResult { object["processingResult"] = processingResult.wireDocument }
        return .object(object)
    }

    /// The enrollment result, when this is a succeeded identification enrollment.
    public var enrollmentResult: IdentificationEnrollmentResult? {
        if case let .enrollment(result) = processingResult { result } else { nil }
    }

    /// The identification result, when this is a succeeded identification.
    public var identificationResult: IdentificationResult? {
        if case let .identification(result) = processingResult { result } else { nil }
    }
}

extension OperationSnapshot: Codable {
    private enum CodingKeys: String, CodingKey {
        case status, createdDateTime, lastActionDateTime, message, processingResult
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decode(OperationStatus.self, forKey: .status)
        createdDateTime = try container.decodeIfPresent(Date.self, forKey: .createdDateTime)
        lastActionDateTime = try container.decodeIfPresent(Date.self, forKey: .lastActionDateTime)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        processingResult = try container.decodeIfPresent(ProcessingResult.self, forKey: .processingResult)
        raw = try JSONValue(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(createdDateTime, forKey: .createdDateTime)
        try container.encodeIfPresent(lastActionDateTime, forKey: .lastActionDateTime)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeIfPresent(processingResult, forKey: .processingResult)
    }
}
