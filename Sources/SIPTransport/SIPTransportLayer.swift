public import NIOCore
import NIOConcurrencyHelpers
import NIOPosix
public import SIPWire

/// SIP over UDP and TCP on one address (RFC 3261 §18): the thin shell under the transaction layer.
///
/// Inbound bytes become `SIPTransportEvent`s on `eventLoop`; `send` writes a message on a flow, reusing or opening a
/// TCP connection as needed. Protocol decisions (retransmission, response routing per §18.2.2) stay above.
public final class SIPTransportLayer: Sendable {
    public let eventLoop: any EventLoop
    private let configuration: SIPTransportConfiguration
    private let handler: SIPTransportEventHandler
    private let registry: SIPConnectionRegistry
    private let udpChannel: (any Channel)?
    private let tcpServer: (any Channel)?

    private init(
        eventLoop: any EventLoop, configuration: SIPTransportConfiguration, handler: @escaping SIPTransportEventHandler,
        registry: SIPConnectionRegistry, udpChannel: (any Channel)?, tcpServer: (any Channel)?
    ) {
        self.eventLoop = eventLoop
        self.configuration = configuration
        self.handler = handler
        self.registry = registry
        self.udpChannel = udpChannel
        self.tcpServer = tcpServer
    }

    /// Binds the configured UDP and TCP ports.
    public static func start(
        configuration: SIPTransportConfiguration, eventLoop: any EventLoop,
        handler: @escaping SIPTransportEventHandler
    ) -> EventLoopFuture<SIPTransportLayer> {
        let registry = SIPConnectionRegistry()
        let udp: EventLoopFuture<(any Channel)?> =
            if let port = configuration.udpPort {
                DatagramBootstrap(group: eventLoop)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(SIPDatagramChannelHandler(handler: handler))
                        }
                    }
                    .bind(host: configuration.host, port: port)
                    .map { Optional($0) }
            } else {
                eventLoop.makeSucceededFuture(nil)
            }
        let tcp: EventLoopFuture<(any Channel)?> =
            if let port = configuration.tcpPort {
                ServerBootstrap(group: eventLoop)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                    .childChannelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try addStreamHandlers(
                                to: channel, configuration: configuration, registry: registry, handler: handler)
                        }
                    }
                    .bind(host: configuration.host, port: port)
                    .map { Optional($0) }
            } else {
                eventLoop.makeSucceededFuture(nil)
            }
        return udp.and(tcp).map { udpChannel, tcpServer in
            SIPTransportLayer(
                eventLoop: eventLoop, configuration: configuration, handler: handler, registry: registry,
                udpChannel: udpChannel, tcpServer: tcpServer)
        }
    }

    /// The bound UDP address (its port when 0 was asked for).
    public var udpAddress: SocketAddress? { udpChannel?.localAddress }

    /// The bound TCP listening address.
    public var tcpAddress: SocketAddress? { tcpServer?.localAddress }

    /// Open stream connections, inbound and outbound.
    public var connectionCount: Int { registry.count }

    /// Sends `message` on `flow` and returns the flow used (with the connection a new TCP flow got).
    ///
    /// A stream flow naming a connection that has closed fails with `.flowClosed`: RFC 5626 §4.4.1 says a request
    /// for a registered flow must not silently take another path. A stream flow without a connection reuses an open
    /// connection to that address or opens one.
    public func send(_ message: SIPMessage, over flow: SIPFlow) -> EventLoopFuture<SIPFlow> {
        let bytes = ByteBuffer(bytes: message.encoded)
        switch flow.kind {
        case .udp:
            guard let udpChannel else { return eventLoop.makeFailedFuture(SIPTransportError.transportDisabled(.udp)) }
            let envelope = AddressedEnvelope(remoteAddress: flow.remote, data: bytes)
            return udpChannel.writeAndFlush(envelope).map {
                SIPFlow(kind: .udp, local: udpChannel.localAddress, remote: flow.remote)
            }
        case .tcp:
            if let id = flow.connection {
                guard let channel = registry.channel(id) else {
                    return eventLoop.makeFailedFuture(SIPTransportError.flowClosed(flow))
                }
                return channel.writeAndFlush(bytes).map { flow }
            }
            if let (id, channel) = registry.connection(to: flow.remote) {
                let used = SIPFlow(kind: .tcp, local: channel.localAddress, remote: flow.remote, connection: id)
                return channel.writeAndFlush(bytes).map { used }
            }
            return connect(to: flow.remote).flatMap { used in
                guard let id = used.connection, let channel = self.registry.channel(id) else {
                    return self.eventLoop.makeFailedFuture(SIPTransportError.flowClosed(used))
                }
                return channel.writeAndFlush(bytes).map { used }
            }
        }
    }

    /// Sends a CRLF CRLF ping on a stream flow (RFC 5626 §3.5.1); the pong comes back as `.keepAlivePong`.
    public func ping(_ flow: SIPFlow) -> EventLoopFuture<Void> {
        guard flow.kind == .tcp, let id = flow.connection, let channel = registry.channel(id) else {
            return eventLoop.makeFailedFuture(SIPTransportError.flowClosed(flow))
        }
        return channel.writeAndFlush(ByteBuffer(string: "\r\n\r\n"))
    }

    /// Closes one stream flow.
    public func close(_ flow: SIPFlow) -> EventLoopFuture<Void> {
        guard let id = flow.connection, let channel = registry.channel(id) else { return eventLoop.makeSucceededVoidFuture() }
        return channel.close()
    }

    /// Closes the sockets and every connection.
    public func shutdown() -> EventLoopFuture<Void> {
        var closing: [EventLoopFuture<Void>] = registry.all().map { $0.close().recover { _ in } }
        if let udpChannel { closing.append(udpChannel.close().recover { _ in }) }
        if let tcpServer { closing.append(tcpServer.close().recover { _ in }) }
        return EventLoopFuture.andAllComplete(closing, on: eventLoop)
    }

    private func connect(to remote: SocketAddress) -> EventLoopFuture<SIPFlow> {
        let registry = self.registry
        let configuration = self.configuration
        let handler = self.handler
        let idBox = NIOLockedValueBox<SIPConnectionID?>(nil)
        return ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(configuration.connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let id = try SIPTransportLayer.addStreamHandlers(
                        to: channel, configuration: configuration, registry: registry, handler: handler,
                        remote: remote)
                    idBox.withLockedValue { $0 = id }
                }
            }
            .connect(to: remote)
            .flatMapErrorThrowing { error in throw SIPTransportError.connectFailed("\(remote): \(error)") }
            .map { channel in
                SIPFlow(kind: .tcp, local: channel.localAddress, remote: remote, connection: idBox.withLockedValue { $0 })
            }
    }

    @discardableResult
    private static func addStreamHandlers(
        to channel: any Channel, configuration: SIPTransportConfiguration, registry: SIPConnectionRegistry,
        handler: @escaping SIPTransportEventHandler, remote: SocketAddress? = nil
    ) throws -> SIPConnectionID {
        let id = registry.allocateID()
        registry.add(id, channel: channel, remote: remote ?? channel.remoteAddress)
        // A connect that fails never becomes active, so the close future (not channelInactive) drops the entry.
        channel.closeFuture.whenComplete { _ in registry.remove(id) }
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(
                SIPStreamFrameDecoder(
                    maximumHeaderBytes: configuration.maximumHeaderBytes,
                    maximumBodyBytes: configuration.maximumBodyBytes)))
        try channel.pipeline.syncOperations.addHandler(
            SIPStreamChannelHandler(connection: id, handler: handler, onClose: { registry.remove($0) }))
        return id
    }
}
