import Foundation

extension SpeakerRecognitionClient {
    /// Reads an operation's status at its `Operation-Location`, used verbatim (`GET /operations/{id}`).
    ///
    /// A 404 throws a ``SpidError`` of stage `operationGone`: the service keeps operations for 24 hours.
    public func operationStatus(at location: OperationLocation) async throws(SpidError) -> OperationSnapshot {
        try await poll(location).snapshot
    }

    /// One poll of an operation: its status and the wait the response asked for (`Retry-After`,
    /// `retry-after-ms`), which a poller should honour before the next one. An HTTP-date
    /// `Retry-After` is read relative to `now`.
    public func poll(_ location: OperationLocation, now: Date = Date()) async throws(SpidError) -> OperationPoll {
        let url = location.url
        guard sendsKeyToOtherHosts || endpoint.isSameOrigin(as: url) else {
            throw SpidError(
                .invalidRequest,
                "the operation is at \(url.host ?? "?"), not at the endpoint \(endpoint.baseURL.host ?? "?"); the subscription key is not sent to another host unless the client is created with sendsKeyToOtherHosts: true"
            )
        }
        let response: TransportResponse
        do {
            response = try await send("GET", url)
        } catch let error where error.stage == .httpStatus && error.statusCode == 404 {
            var gone = error
            gone.stage = .operationGone
            gone.message = "the operation was not found: the service keeps operations for 24 hours, so it expired, or it never existed"
            throw gone
        }
        let snapshot = try decoding(response, context: .init(method: "GET", url: url)) { try decoder.decodeOperation(from: $0) }
        return OperationPoll(snapshot: snapshot, retryAfter: RetryAfter.parse(response.headers, now: now))
    }

    /// Reads an operation's status by id, at this endpoint's `/operations/{id}`.
    public func operationStatus(id: OperationID) async throws(SpidError) -> OperationSnapshot {
        try await operationStatus(at: location(of: id))
    }

    /// Reads an operation's status by an id or URL as a person types it; a malformed id is refused
    /// with the service's own message before anything is sent.
    public func operationStatus(_ idOrURL: String) async throws(SpidError) -> OperationSnapshot {
        try await operationStatus(at: location(parsing: idOrURL))
    }

    /// The `Operation-Location` of an operation id at this endpoint.
    public func location(of id: OperationID) -> OperationLocation {
        OperationLocation(endpoint.url("/operations/\(id)"))!
    }

    /// Reads an operation id (a GUID) or an absolute `Operation-Location` URL.
    public func location(parsing idOrURL: String) throws(SpidError) -> OperationLocation {
        let text = idOrURL.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.contains("://") {
            guard let location = OperationLocation(string: text) else {
                throw SpidError(.invalidRequest, "\"\(text)\" is not an absolute http(s) URL")
            }
            return location
        }
        guard let id = OperationID(text) else {
            throw SpidError(
                .invalidRequest,
                "\"\(text.prefix(80))\" is not an operation id: Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."
            )
        }
        return location(of: id)
    }
}
