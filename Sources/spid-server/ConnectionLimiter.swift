import NIOConcurrencyHelpers
import NIOCore

/// Caps the connections open at once: one past the cap is closed as soon as it is accepted,
/// so a client that opens thousands cannot exhaust the process's file descriptors.
final class ConnectionLimiter: Sendable {
    let maximum: Int
    private let open = NIOLockedValueBox(0)

    init(maximum: Int) { self.maximum = maximum }

    /// Connections open now.
    var count: Int { open.withLockedValue { $0 } }

    /// A handler for one new connection: it counts the connection while it is open and closes it
    /// at once when the cap is reached.
    func makeHandler() -> any RemovableChannelHandler { Gate(limiter: self) }

    fileprivate func admit() -> Bool {
        open.withLockedValue { open in
            guard open < maximum else { return false }
            open += 1
            return true
        }
    }

    fileprivate func release() { open.withLockedValue { $0 -= 1 } }

    /// Lives in one connection's pipeline, from its setup to its close.
    private final class Gate: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        let limiter: ConnectionLimiter
        private var admitted = false

        init(limiter: ConnectionLimiter) { self.limiter = limiter }

        func handlerAdded(context: ChannelHandlerContext) {
            admitted = limiter.admit()
            if !admitted { context.close(promise: nil) }
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            if admitted { limiter.release() }
            admitted = false
        }
    }
}
