import SpeakerRecognition

/// Hands every ``ModuleEvent`` to each current listener.
final class ModuleEventFanOut: Sendable {
    private let listeners = Locked<[Int: AsyncStream<ModuleEvent>.Continuation]>([:])
    private let nextID = Locked(0)

    func stream() -> AsyncStream<ModuleEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ModuleEvent.self, bufferingPolicy: .bufferingNewest(1024))
        let id = nextID.withLock { value in
            value += 1
            return value
        }
        listeners.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.listeners.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }

    func emit(_ event: ModuleEvent) {
        for continuation in listeners.withLock({ Array($0.values) }) { continuation.yield(event) }
    }

    func finish() {
        for continuation in listeners.withLock({ Array($0.values) }) { continuation.finish() }
    }
}

/// What a module's `log` calls reach: the instance's name and the host's listeners. Kept alive
/// for the whole process, since a module may log from a thread of its own at any time.
final class ModuleLogSink: Sendable {
    let module: String
    let events: ModuleEventFanOut

    init(module: String, events: ModuleEventFanOut) {
        self.module = module
        self.events = events
    }

    func write(_ level: Int32, _ message: String) {
        events.emit(.log(module: module, level: ModuleLogLevel(clamping: level), message: message))
    }
}
