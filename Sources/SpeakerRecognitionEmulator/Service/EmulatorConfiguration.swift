import Foundation

/// How an emulator behaves: who may call it, how fast it works, and which faults it injects.
public struct EmulatorConfiguration: Sendable {
    /// Subscription keys accepted in `Ocp-Apim-Subscription-Key`; all share one subscription's
    /// profiles, like the two keys of an Azure resource.
    public var keys: Set<String>
    /// How long an operation stays `notstarted`, and then at least as long `running`, so clients
    /// can watch it change. Zero processes at once.
    public var processingDelay: Duration
    /// Seconds sent as `Retry-After` on 202s and on unfinished operations; `nil` (the hosted
    /// service's behaviour) sends none.
    public var retryAfter: Int?
    /// Requests per minute per key before 429 `RateLimitExceeded`; `nil` for no limit. Polls count,
    /// as they did on the hosted service.
    public var rateLimitPerMinute: Int?
    /// How long a finished or unfinished operation can be read; then it answers 404.
    public var operationRetention: Duration
    /// Operations processed at the same time.
    public var maximumConcurrentOperations: Int
    /// Profiles per subscription, both kinds together.
    public var maximumProfiles: Int
    /// The largest accepted audio upload (enroll, identify, verify).
    public var maximumUploadBytes: Int
    /// Operations accepted and not yet ended, at most; past it a new enrollment or
    /// identification gets 429 `RateLimitExceeded` with `Retry-After`, as an overloaded service
    /// asks a client to come back later.
    public var maximumQueuedOperations: Int
    /// Bytes of audio held by unfinished operations, at most (the same 429 past it): what keeps a
    /// burst of uploads from growing memory without bound.
    public var maximumQueuedBytes: Int
    /// The largest accepted body of every other request (a locale, nothing at all): small, so a
    /// huge form or JSON body is refused before it is read or parsed.
    public var maximumRequestBodyBytes: Int
    /// How long a worker's claim on an operation holds without renewal (renewed every third of
    /// it while the worker lives): the longest an operation waits after its process dies before
    /// another process sharing the store takes it over.
    public var leaseDuration: Duration = .seconds(30)
    /// Adds calibrated scores (0–1) to identification and verification results: `score`, and
    /// `profilesRanking` (every candidate, best first). Not part of v1.0, so off by default;
    /// clients that read only v1.0's fields ignore them.
    public var reportsScores = false
    /// How far to lower the priority (`nice`, 0–19) of the threads that decode audio and run the
    /// engine, so that requests and polls take the cores first when both want them. 0 keeps the
    /// process's priority; higher values make operations finish later on a busy machine.
    public var analysisNice: Int32 = 0

    public init(
        keys: Set<String>,
        processingDelay: Duration = .milliseconds(500),
        retryAfter: Int? = nil,
        rateLimitPerMinute: Int? = nil,
        operationRetention: Duration = .seconds(24 * 3600),
        maximumConcurrentOperations: Int = max(1, ProcessInfo.processInfo.activeProcessorCount),
        maximumProfiles: Int = 1000,
        maximumUploadBytes: Int = 10 << 20,
        maximumRequestBodyBytes: Int = 64 << 10,
        maximumQueuedOperations: Int = 1000,
        maximumQueuedBytes: Int = 512 << 20
    ) {
        self.keys = keys
        self.processingDelay = processingDelay
        self.retryAfter = retryAfter
        self.rateLimitPerMinute = rateLimitPerMinute
        self.operationRetention = operationRetention
        self.maximumConcurrentOperations = maximumConcurrentOperations
        self.maximumProfiles = maximumProfiles
        self.maximumUploadBytes = maximumUploadBytes
        self.maximumRequestBodyBytes = maximumRequestBodyBytes
        self.maximumQueuedOperations = maximumQueuedOperations
        self.maximumQueuedBytes = maximumQueuedBytes
    }
}
