import NIOCore
import SIPWire

/// One TCP or TLS connection: answers pings, answers malformed requests, reports messages and the close of the flow.
final class SIPStreamChannelHandler: ChannelInboundHandler {
    typealias InboundIn = Result<SIPStreamEvent, SIPDecodingError>
    typealias OutboundOut = ByteBuffer

    private let connection: SIPConnectionID
    private let kind: SIPTransportKind
    private let handler: SIPTransportEventHandler
    private let onClose: @Sendable (SIPConnectionID) -> Void
    private var flow: SIPFlow?

    init(
        connection: SIPConnectionID, kind: SIPTransportKind, handler: @escaping SIPTransportEventHandler,
        onClose: @escaping @Sendable (SIPConnectionID) -> Void
    ) {
        self.connection = connection
        self.kind = kind
        self.handler = handler
        self.onClose = onClose
    }

    func channelActive(context: ChannelHandlerContext) {
        if let remote = context.channel.remoteAddress {
            flow = SIPFlow(kind: kind, local: context.channel.localAddress, remote: remote, connection: connection)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let flow else { return }
        switch unwrapInboundIn(data) {
        case .success(.message(let message)):
            handler(.message(message, flow))
        case .success(.keepAlivePing):
            // RFC 5626 §3.5.1: "the server ... MUST respond with a single CRLF".
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "\r\n")), promise: nil)
            handler(.keepAlivePing(flow))
        case .success(.keepAlivePong):
            handler(.keepAlivePong(flow))
        case .failure(let error):
            let answer = error.errorResponse()
            if let answer {
                let bytes = SIPMessage.response(answer).encoded
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
            }
            handler(.malformed(error, flow, answered: answer != nil))
            if error.breaksStreamFraming {
                // The stream cannot be split into messages any more (RFC 3261 §18.3); the peer must reconnect.
                context.close(promise: nil)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        onClose(connection)
        if let flow { handler(.flowClosed(flow)) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
