import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// M3UA over TCP: NIO bootstraps with the M3UA framing decoder and the association handler.
enum TCPTransport {
    static func connect(
        configuration: SIGTRANTransportConfiguration, eventLoop: any EventLoop, handler: @escaping SIGTRANEventHandler
    ) -> EventLoopFuture<any SIGTRANAssociation> {
        let remote: SocketAddress
        let local: SocketAddress?
        do {
            remote = try configuration.remoteSocketAddresses()[0]
            local =
                configuration.localAddresses.isEmpty && configuration.localPort == 0
                ? nil : try configuration.localSocketAddresses(defaultFamilyOf: [remote])[0]
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        let connected = eventLoop.makePromise(of: (any SIGTRANAssociation).self)
        var bootstrap = ClientBootstrap(group: eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: configuration.noDelay ? 1 : 0)
            .connectTimeout(configuration.connectTimeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try addHandlers(to: channel, configuration: configuration, handler: handler, connected: connected)
                }
            }
        if let local { bootstrap = bootstrap.bind(to: local) }
        bootstrap.connect(to: remote).whenFailure { error in
            connected.fail(mapError(error, peer: "\(remote)", local: local))
        }
        return connected.futureResult
    }

    static func listen(
        configuration: SIGTRANTransportConfiguration, eventLoop: any EventLoop,
        onAccept: @escaping SIGTRANAcceptHandler
    ) -> EventLoopFuture<any SIGTRANListener> {
        let local: SocketAddress
        do {
            local = try configuration.localSocketAddresses()[0]
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        let children = NIOLockedValueBox<[ObjectIdentifier: TCPAssociation]>([:])
        return ServerBootstrap(group: eventLoop)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: configuration.noDelay ? 1 : 0)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let association = try addHandlers(
                        to: channel, configuration: configuration, handler: nil, onAccept: onAccept, connected: nil)
                    let key = ObjectIdentifier(association)
                    children.withLockedValue { $0[key] = association }
                    channel.closeFuture.whenComplete { _ in _ = children.withLockedValue { $0.removeValue(forKey: key) } }
                }
            }
            .bind(to: local)
            .flatMapErrorThrowing { error in throw mapError(error, peer: nil, local: local) }
            .map { channel in TCPListener(channel: channel, children: children) }
    }

    @discardableResult
    private static func addHandlers(
        to channel: any Channel, configuration: SIGTRANTransportConfiguration, handler: SIGTRANEventHandler?,
        onAccept: SIGTRANAcceptHandler? = nil, connected: EventLoopPromise<any SIGTRANAssociation>?
    ) throws -> TCPAssociation {
        let association = TCPAssociation(channel: channel)
        let ignore: SIGTRANEventHandler = { _, _ in }
        let eventHandler = handler ?? onAccept?(association) ?? ignore
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(M3UAFrameDecoder()))
        try channel.pipeline.syncOperations.addHandler(
            TCPAssociationHandler(
                association: association, handler: eventHandler, configuration: configuration, connected: connected))
        return association
    }

    static func mapError(_ error: any Error, peer: String?, local: SocketAddress?) -> SIGTRANTransportError {
        if let error = error as? SIGTRANTransportError { return error }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return .connectionRefused(peer ?? "peer")
            case EADDRINUSE: return .addressInUse("TCP \(local.map { "\($0)" } ?? "?")")
            default: return .systemCall(call: "TCP", errno: error.errnoCode)
            }
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return .connectTimeout(peer ?? "peer")
        }
        if let error = error as? NIOConnectionError {
            return mapError(error.connectionErrors.first?.error ?? ChannelError.connectTimeout(.zero), peer: peer, local: local)
        }
        return .systemCall(call: "TCP: \(error)", errno: 0)
    }
}

/// A listening TCP socket; closing it closes every accepted connection too.
final class TCPListener: SIGTRANListener, Sendable {
    let channel: any Channel
    private let children: NIOLockedValueBox<[ObjectIdentifier: TCPAssociation]>
    var eventLoop: any EventLoop { channel.eventLoop }
    var localPort: Int { channel.localAddress?.port ?? 0 }

    init(channel: any Channel, children: NIOLockedValueBox<[ObjectIdentifier: TCPAssociation]>) {
        self.channel = channel
        self.children = children
    }

    func close() -> EventLoopFuture<Void> {
        let open = children.withLockedValue { Array($0.values) }
        let closes = [channel.close().recover { _ in }] + open.map { $0.close() }
        return EventLoopFuture.andAllComplete(closes, on: channel.eventLoop)
    }
}
