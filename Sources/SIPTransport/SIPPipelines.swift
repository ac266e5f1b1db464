import NIOCore
import NIOHTTP1
import NIOSSL
import NIOWebSocket

/// Builds the channel pipelines of each stream transport: TLS first where there is one, then SIP stream framing
/// (TCP, TLS) or the HTTP upgrade to a SIP WebSocket (WS, WSS; RFC 7118 §4).
struct SIPPipelines: Sendable {
    let configuration: SIPTransportConfiguration
    let registry: SIPConnectionRegistry
    let handler: SIPTransportEventHandler

    /// An accepted connection.
    func addServerHandlers(to channel: any Channel, kind: SIPTransportKind, tls: NIOSSLContext?) throws {
        let operations = channel.pipeline.syncOperations
        if kind.isSecure {
            guard let tls else { throw SIPTransportError.tlsNotConfigured(kind) }
            try operations.addHandler(NIOSSLServerHandler(context: tls))
        }
        if kind.isWebSocket {
            try addWebSocketUpgrade(to: channel, kind: kind)
        } else {
            try addStreamHandlers(to: channel, kind: kind, remote: nil)
        }
    }

    /// A connection we open (TCP or TLS).
    func addClientHandlers(
        to channel: any Channel, kind: SIPTransportKind, tls: NIOSSLContext?, remote: SocketAddress
    ) throws -> SIPConnectionID {
        if let tls {
            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: nil))
        }
        return try addStreamHandlers(to: channel, kind: kind, remote: remote)
    }

    @discardableResult
    private func addStreamHandlers(to channel: any Channel, kind: SIPTransportKind, remote: SocketAddress?) throws
        -> SIPConnectionID
    {
        let id = register(channel, kind: kind, remote: remote)
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(
                SIPStreamFrameDecoder(
                    maximumHeaderBytes: configuration.maximumHeaderBytes,
                    maximumBodyBytes: configuration.maximumBodyBytes)))
        let registry = self.registry
        try channel.pipeline.syncOperations.addHandler(
            SIPStreamChannelHandler(connection: id, kind: kind, handler: handler, onClose: { registry.remove($0) }))
        return id
    }

    private func register(_ channel: any Channel, kind: SIPTransportKind, remote: SocketAddress?) -> SIPConnectionID {
        let registry = self.registry
        let id = registry.allocateID()
        registry.add(id, kind: kind, channel: channel, remote: remote ?? channel.remoteAddress)
        // A connect that fails never becomes active, so the close future (not channelInactive) drops the entry.
        channel.closeFuture.whenComplete { _ in registry.remove(id) }
        return id
    }

    private static let refusalName = "sip-websocket-refusal"

    /// RFC 7118 §4.1: the handshake must offer the `sip` subprotocol, and the 101 answer names it.
    private func addWebSocketUpgrade(to channel: any Channel, kind: SIPTransportKind) throws {
        let path = configuration.webSocketPath
        let maximum = configuration.maximumHeaderBytes + configuration.maximumBodyBytes
        let handler = self.handler
        let registry = self.registry
        let pipelines = self
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: maximum, automaticErrorHandling: true,
            shouldUpgrade: { channel, head in
                let offered = head.headers[canonicalForm: "Sec-WebSocket-Protocol"].map { $0.lowercased() }
                let requestPath = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
                guard offered.contains("sip"), requestPath == path else {
                    return channel.eventLoop.makeSucceededFuture(nil)
                }
                return channel.eventLoop.makeSucceededFuture(HTTPHeaders([("Sec-WebSocket-Protocol", "sip")]))
            },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    let id = pipelines.register(channel, kind: kind, remote: nil)
                    let operations = channel.pipeline.syncOperations
                    try operations.addHandler(
                        NIOWebSocketFrameAggregator(
                            minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 64,
                            maxAccumulatedFrameSize: maximum))
                    try operations.addHandler(
                        SIPWebSocketChannelHandler(
                            connection: id, kind: kind, handler: handler, onClose: { registry.remove($0) }))
                }
            })
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withServerUpgrade: (
                upgraders: [upgrader],
                completionHandler: { context in
                    context.pipeline.removeHandler(name: Self.refusalName, promise: nil)
                }
            ))
        try channel.pipeline.syncOperations.addHandler(SIPWebSocketRefusalHandler(), name: Self.refusalName)
    }
}
