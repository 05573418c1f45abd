import Foundation

/// The client for the 16 endpoints of the Speaker Recognition API v1.0.
///
/// Everything it needs comes through the initialiser: the endpoint, the key, a ``Transport``
/// (URLSession by default; the emulator in process; a script in tests) and a ``ResponseDecoding``.
/// Every method throws ``SpidError`` only. The key goes in `Ocp-Apim-Subscription-Key` and
/// nowhere else.
public struct SpeakerRecognitionClient: Sendable {
    public let endpoint: ServiceEndpoint
    public let transport: any Transport
    public let decoder: any ResponseDecoding
    /// When `false` (the default), an `Operation-Location` on another host than ``endpoint`` is
    /// refused rather than sent the key.
    public let sendsKeyToOtherHosts: Bool
    let key: SubscriptionKey

    /// The most profile ids one identification may name.
    public static let maximumIdentificationCandidates = 10

    public init(
        endpoint: ServiceEndpoint, key: SubscriptionKey, transport: any Transport = URLSessionHTTPTransport(),
        decoder: any ResponseDecoding = JSONResponseDecoder(), sendsKeyToOtherHosts: Bool = false
    ) {
        self.endpoint = endpoint
        self.key = key
        self.transport = transport
        self.decoder = decoder
        self.sendsKeyToOtherHosts = sendsKeyToOtherHosts
    }

    // MARK: Exchanges

    /// Sends one request with the key and returns its 2xx response; anything else becomes a ``SpidError``.
    func send(_ method: String, _ url: URL, body: Data? = nil, contentType: String? = nil) async throws(SpidError) -> TransportResponse {
        var headers: TransportHeaders = [
            "Ocp-Apim-Subscription-Key": key.secret,
            "Accept": "application/json",
        ]
        if let contentType { headers["Content-Type"] = contentType }
        let request = TransportRequest(method: method, url: url, headers: headers, body: body)
        var context = SpidError.RequestContext(method: method, url: url)
        let response: TransportResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw Self.transportFailure(error, context: context)
        }
        context.requestID = response.headers["apim-request-id"] ?? response.headers["x-ms-request-id"]
        guard (200..<300).contains(response.statusCode) else { throw httpFailure(response, context: context) }
        return response
    }

    /// Sends a request and decodes its JSON body as `type`.
    func sendDecoding<Value: Decodable>(
        _ type: Value.Type, _ method: String, _ url: URL, body: Data? = nil, contentType: String? = nil
    ) async throws(SpidError) -> Value {
        let response = try await send(method, url, body: body, contentType: contentType)
        return try decoding(response, context: .init(method: method, url: url)) { try decoder.decode(type, from: $0) }
    }

    /// Runs a decoder over a response body, adding the HTTP context to its failure.
    func decoding<Value>(
        _ response: TransportResponse, context: SpidError.RequestContext, _ decode: (Data) throws -> Value
    ) throws(SpidError) -> Value {
        do {
            return try decode(response.body)
        } catch var error as SpidError {
            error.context = error.context ?? context
            error.statusCode = error.statusCode ?? response.statusCode
            throw error
        } catch {
            throw SpidError(
                .decoding, "\(error)", statusCode: response.statusCode, context: context, bodySnippet: SpidError.snippet(of: response.body))
        }
    }

    static func transportFailure(_ error: any Error, context: SpidError.RequestContext) -> SpidError {
        if var spidError = error as? SpidError {
            spidError.context = spidError.context ?? context
            return spidError
        }
        if error is CancellationError || Task.isCancelled {
            return SpidError(.cancelled, "the request was cancelled", context: context)
        }
        return SpidError(.transport, "\(error)", context: context)
    }

    func httpFailure(_ response: TransportResponse, context: SpidError.RequestContext) -> SpidError {
        let detail = Self.serviceError(in: response.body)
        let status = response.statusCode
        var message = "the service answered \(status) \(HTTPStatusText.phrase(for: status))"
        switch status {
        case 401, 403: message += "; check the subscription key and that it belongs to this endpoint"
        case 429: message += "; the rate limit was exceeded, wait before retrying"
        case 300..<400: message += "; redirects are not followed (the API never sends them): check the endpoint URL"
        default: break
        }
        return SpidError(
            .httpStatus, message, statusCode: status, serviceError: detail, context: context,
            bodySnippet: detail == nil && !response.body.isEmpty ? SpidError.snippet(of: response.body) : nil,
            retryAfter: RetryAfter.parse(response.headers))
    }

    /// The error envelope, read leniently (the docs' own 500 has a trailing comma); also the older
    /// gateway form `{"statusCode":401,"message":"…"}`.
    static func serviceError(in body: Data) -> ServiceErrorBody.Detail? {
        guard let tree = try? JSONResponseDecoder(syntax: .lenient).tree(from: body) else { return nil }
        if let error = tree["error"], let code = error["code"]?.stringValue, let message = error["message"]?.stringValue {
            return .init(code: code, message: message)
        }
        guard let message = tree["message"]?.stringValue else { return nil }
        return .init(code: tree["statusCode"].map { $0.jsonText() } ?? tree["code"]?.stringValue ?? "", message: message)
    }

    /// The JSON body of the create-profile calls.
    static func localeBody(_ locale: String) throws(SpidError) -> Data {
        let trimmed = locale.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw SpidError(.invalidRequest, "the locale is empty; use en-us (or zh-cn for identification)")
        }
        do {
            return try SpidJSON.makeEncoder().encode(LocaleBody(locale: trimmed))
        } catch {
            throw SpidError(.invalidRequest, "the locale could not be encoded: \(error)")
        }
    }

    /// Refuses empty audio before it is sent.
    static func checkAudio(_ audio: Data) throws(SpidError) {
        guard !audio.isEmpty else {
            throw SpidError(.invalidRequest, "the audio is empty; send a WAV file (PCM, 16 kHz, 16-bit, mono)")
        }
    }
}
