public import Hummingbird
public import NIOCore

/// The per-request context of the ICRS API: Hummingbird's core storage plus the peer's address, which the rate
/// limits per source address key on.
public struct ICRSRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address; `nil` when the request did not come over a socket (router tests).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The key of the per-source rate limits: the IP address without the port.
    var sourceAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
