import NIOCore

/// M3UA over one TCP connection (RFC 4666 §1.5.1 allows other transports; there are no streams and no PPID).
///
/// `send` ignores stream and PPID; received messages report stream 0 and PPID 3. The channel's events become
/// association events: active → `.associationUp` with the configured stream counts, inactive → `.associationDown`.
final class TCPAssociation: SIGTRANAssociation, @unchecked Sendable {
    let channel: any Channel
    var eventLoop: any EventLoop { channel.eventLoop }
    /// Set on the event loop when `close()` is called, so the down event says `.closedLocally`.
    fileprivate var closingLocally = false
    /// Set on the event loop when an error was caught, so the down event says `.communicationLost`.
    fileprivate var failed = false

    init(channel: any Channel) {
        self.channel = channel
    }

    func send(message: ByteBuffer, stream: UInt16, ppid: UInt32) {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenFailure { [channel] error in
            channel.pipeline.fireUserInboundEventTriggered(
                TCPAssociationHandler.SendFailed(
                    failure: SIGTRANSendFailure(stream: stream, ppid: ppid, reason: "TCP write: \(error)")))
        }
        channel.writeAndFlush(message, promise: promise)
    }

    func close() -> EventLoopFuture<Void> {
        channel.eventLoop.flatSubmit {
            self.closingLocally = true
            return self.channel.close().recover { _ in }
        }
    }
}

/// Delivers a TCP channel's events as association events; completes the client's connect once up.
final class TCPAssociationHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    struct SendFailed {
        var failure: SIGTRANSendFailure
    }

    private let association: TCPAssociation
    private let handler: SIGTRANEventHandler
    private let streams: (inbound: UInt16, outbound: UInt16)
    private let connected: EventLoopPromise<any SIGTRANAssociation>?
    private var up = false

    init(
        association: TCPAssociation, handler: @escaping SIGTRANEventHandler,
        configuration: SIGTRANTransportConfiguration, connected: EventLoopPromise<any SIGTRANAssociation>?
    ) {
        self.association = association
        self.handler = handler
        self.streams = (configuration.inboundStreams, configuration.outboundStreams)
        self.connected = connected
    }

    func channelActive(context: ChannelHandlerContext) {
        up = true
        handler(association, .associationUp(inboundStreams: streams.inbound, outboundStreams: streams.outbound))
        connected?.succeed(association)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        handler(association, .message(Self.unwrapInboundIn(data), stream: 0, ppid: 3))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let sendFailed = event as? SendFailed, up {
            handler(association, .sendFailed(sendFailed.failure))
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        association.failed = true
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if up {
            up = false
            let reason: SIGTRANAssociationDownReason =
                association.closingLocally ? .closedLocally : association.failed ? .communicationLost : .peerShutdown
            handler(association, .associationDown(reason))
        }
        context.fireChannelInactive()
    }
}
