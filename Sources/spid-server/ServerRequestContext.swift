import Hummingbird
import NIOCore

/// The request context of `spid-server`: Hummingbird's basics plus the connection, so fault
/// injection can drop it.
struct ServerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
