public import NIOCore
import NIOConcurrencyHelpers
import NIOPosix
import NIOSSL
import NIOWebSocket
public import SIPWire

/// SIP over UDP, TCP, TLS, WebSocket and secure WebSocket on one address (RFC 3261 §18, §26.2; RFC 7118): the thin
/// shell under the transaction layer.
///
/// Inbound bytes become `SIPTransportEvent`s on `eventLoop`; `send` writes a message on a flow, reusing or opening a
/// TCP or TLS connection as needed. Protocol decisions (retransmission, response routing per §18.2.2) stay above.
public final class SIPTransportLayer: Sendable {
    public let eventLoop: any EventLoop
    private let configuration: SIPTransportConfiguration
    private let handler: SIPTransportEventHandler
    private let registry: SIPConnectionRegistry
    private let listeners: [SIPTransportKind: any Channel]
    private let clientTLS: NIOSSLContext?

    private init(
        eventLoop: any EventLoop, configuration: SIPTransportConfiguration, handler: @escaping SIPTransportEventHandler,
        registry: SIPConnectionRegistry, listeners: [SIPTransportKind: any Channel], clientTLS: NIOSSLContext?
    ) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.handler = handler
        self.registry = registry
        self.listeners = listeners
        self.clientTLS = clientTLS
    }

    /// Binds the configured ports. Fails with `.tlsNotConfigured` when a TLS or WSS port has no certificate, or with
    /// the TLS library's error when the certificate or key cannot be read.
    public static func start(
        configuration: SIPTransportConfiguration, eventLoop: any EventLoop,
        handler: @escaping SIPTransportEventHandler
    ) -> EventLoopFuture<SIPTransportLayer> {
        let registry = SIPConnectionRegistry()
        let serverTLS: NIOSSLContext?
        let clientTLS: NIOSSLContext?
        do {
            if let tls = configuration.tls {
                serverTLS = try tls.makeServerContext()
                clientTLS = try tls.makeClientContext()
            } else {
                for (kind, port) in [(SIPTransportKind.tls, configuration.tlsPort),
                    (.wss, configuration.secureWebSocketPort)] where port != nil {
                    throw SIPTransportError.tlsNotConfigured(kind)
                }
                serverTLS = nil
                clientTLS = nil
            }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        let pipelines = SIPPipelines(configuration: configuration, registry: registry, handler: handler)
        var binding: [EventLoopFuture<(SIPTransportKind, any Channel)>] = []
        if let port = configuration.udpPort {
            binding.append(
                DatagramBootstrap(group: eventLoop)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(SIPDatagramChannelHandler(handler: handler))
                        }
                    }
                    .bind(host: configuration.host, port: port)
                    .map { (.udp, $0) })
        }
        let streams: [(SIPTransportKind, Int?)] = [
            (.tcp, configuration.tcpPort), (.tls, configuration.tlsPort), (.ws, configuration.webSocketPort),
            (.wss, configuration.secureWebSocketPort),
        ]
        for case (let kind, let port?) in streams {
            binding.append(
                ServerBootstrap(group: eventLoop)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try pipelines.addServerHandlers(to: channel, kind: kind, tls: serverTLS)
                        }
                    }
                    .bind(host: configuration.host, port: port)
                    .map { (kind, $0) })
        }
        return EventLoopFuture.whenAllComplete(binding, on: eventLoop).flatMapThrowing { results in
            var listeners: [SIPTransportKind: any Channel] = [:]
            var failure: (any Error)?
            for result in results {
                switch result {
                case .success(let (kind, channel)): listeners[kind] = channel
                case .failure(let error): failure = failure ?? error
                }
            }
            if let failure {
                for channel in listeners.values { channel.close(promise: nil) }
                throw failure
            }
            return SIPTransportLayer(
                eventLoop: eventLoop, configuration: configuration, handler: handler, registry: registry,
                listeners: listeners, clientTLS: clientTLS)
        }
    }

    /// The bound address of a transport (its port when 0 was asked for); nil when it is not enabled.
    public func address(of kind: SIPTransportKind) -> SocketAddress? { listeners[kind]?.localAddress }

    /// The bound UDP address (its port when 0 was asked for).
    public var udpAddress: SocketAddress? { address(of: .udp) }

    /// The bound TCP listening address.
    public var tcpAddress: SocketAddress? { address(of: .tcp) }

    /// Open stream connections (TCP, TLS, WebSocket), inbound and outbound.
    public var connectionCount: Int { registry.count }

    /// Sends `message` on `flow` and returns the flow used (with the connection a new TCP or TLS flow got).
    ///
    /// A connection-oriented flow naming a connection that has closed fails with `.flowClosed`: RFC 5626 §4.4.1 says
    /// a request for a registered flow must not silently take another path. A TCP or TLS flow without a connection
    /// reuses an open connection of that transport to that address or opens one; a WebSocket flow cannot be opened
    /// from this side (RFC 7118 §5: the client connects).
    public func send(_ message: SIPMessage, over flow: SIPFlow) -> EventLoopFuture<SIPFlow> {
        let bytes = ByteBuffer(bytes: message.encoded)
        switch flow.kind {
        case .udp:
            guard let udpChannel = listeners[.udp] else {
                return eventLoop.makeFailedFuture(SIPTransportError.transportDisabled(.udp))
            }
            let envelope = AddressedEnvelope(remoteAddress: flow.remote, data: bytes)
            return udpChannel.writeAndFlush(envelope).map {
                SIPFlow(kind: .udp, local: udpChannel.localAddress, remote: flow.remote)
            }
        case .tcp, .tls, .ws, .wss:
            if let id = flow.connection {
                guard let channel = registry.channel(id) else {
                    return eventLoop.makeFailedFuture(SIPTransportError.flowClosed(flow))
                }
                return write(bytes, kind: flow.kind, on: channel).map { flow }
            }
            if let (id, channel) = registry.connection(flow.kind, to: flow.remote) {
                let used = SIPFlow(kind: flow.kind, local: channel.localAddress, remote: flow.remote, connection: id)
                return write(bytes, kind: flow.kind, on: channel).map { used }
            }
            guard !flow.kind.isWebSocket else {
                return eventLoop.makeFailedFuture(SIPTransportError.cannotConnectWebSocket(flow))
            }
            return connect(flow.kind, to: flow.remote).flatMap { used in
                guard let id = used.connection, let channel = self.registry.channel(id) else {
                    return self.eventLoop.makeFailedFuture(SIPTransportError.flowClosed(used))
                }
                return self.write(bytes, kind: used.kind, on: channel).map { used }
            }
        }
    }

    private func write(_ bytes: ByteBuffer, kind: SIPTransportKind, on channel: any Channel) -> EventLoopFuture<Void> {
        guard kind.isWebSocket else { return channel.writeAndFlush(bytes) }
        return channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: bytes))
    }

    /// Sends a keep-alive ping on a connection-oriented flow: CRLF CRLF (RFC 5626 §3.5.1) on TCP and TLS, a
    /// WebSocket Ping (RFC 6455 §5.5.2) on WS and WSS; the answer comes back as `.keepAlivePong`.
    public func ping(_ flow: SIPFlow) -> EventLoopFuture<Void> {
        guard flow.kind.isConnectionOriented, let id = flow.connection, let channel = registry.channel(id) else {
            return eventLoop.makeFailedFuture(SIPTransportError.flowClosed(flow))
        }
        guard flow.kind.isWebSocket else { return channel.writeAndFlush(ByteBuffer(string: "\r\n\r\n")) }
        return channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .ping, data: ByteBuffer(string: "keepalive")))
    }

    /// Closes one stream flow.
    public func close(_ flow: SIPFlow) -> EventLoopFuture<Void> {
        guard let id = flow.connection, let channel = registry.channel(id) else {
            return eventLoop.makeSucceededVoidFuture()
        }
        return channel.close()
    }

    /// Closes the sockets and every connection.
    public func shutdown() -> EventLoopFuture<Void> {
        var closing: [EventLoopFuture<Void>] = registry.all().map { $0.close().recover { _ in } }
        closing += listeners.values.map { $0.close().recover { _ in } }
        return EventLoopFuture.andAllComplete(closing, on: eventLoop)
    }

    private func connect(_ kind: SIPTransportKind, to remote: SocketAddress) -> EventLoopFuture<SIPFlow> {
        let tls: NIOSSLContext?
        switch kind {
        case .tls:
            guard let clientTLS else { return eventLoop.makeFailedFuture(SIPTransportError.tlsNotConfigured(.tls)) }
            tls = clientTLS
        case .tcp:
            tls = nil
        case .udp, .ws, .wss:
            return eventLoop.makeFailedFuture(SIPTransportError.transportDisabled(kind))
        }
        let pipelines = SIPPipelines(configuration: configuration, registry: registry, handler: handler)
        let idBox = NIOLockedValueBox<SIPConnectionID?>(nil)
        return ClientBootstrap(group: eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(configuration.connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let id = try pipelines.addClientHandlers(to: channel, kind: kind, tls: tls, remote: remote)
                    idBox.withLockedValue { $0 = id }
                }
            }
            .connect(to: remote)
            .flatMapErrorThrowing { error in throw SIPTransportError.connectFailed("\(remote): \(error)") }
            .map { channel in
                SIPFlow(
                    kind: kind, local: channel.localAddress, remote: remote, connection: idBox.withLockedValue { $0 })
            }
    }
}
