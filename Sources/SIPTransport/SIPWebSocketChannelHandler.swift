import NIOCore
import NIOWebSocket
import SIPWire

/// One SIP WebSocket connection after the upgrade (RFC 7118): each text or binary WebSocket message holds exactly
/// one SIP message (§5.2), answers go back as text when they are UTF-8 (§5.1 — ours always are); pings get pongs
/// (RFC 6455 §5.5.2); a close is echoed and ends the flow. Fragmented messages arrive whole through
/// `NIOWebSocketFrameAggregator`.
final class SIPWebSocketChannelHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let connection: SIPConnectionID
    private let kind: SIPTransportKind
    private let handler: SIPTransportEventHandler
    private let onClose: @Sendable (SIPConnectionID) -> Void
    private var flow: SIPFlow?
    private var closeSent = false

    init(
        connection: SIPConnectionID, kind: SIPTransportKind, handler: @escaping SIPTransportEventHandler,
        onClose: @escaping @Sendable (SIPConnectionID) -> Void
    ) {
        self.connection = connection
        self.kind = kind
        self.handler = handler
        self.onClose = onClose
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // Added by the upgrade, on a channel that is already active.
        if let remote = context.channel.remoteAddress {
            flow = SIPFlow(kind: kind, local: context.channel.localAddress, remote: remote, connection: connection)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let flow else { return }
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .binary:
            message(frame.unmaskedData, on: flow, context: context)
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .pong:
            handler(.keepAlivePong(flow))
        case .connectionClose:
            // RFC 6455 §5.5.1: answer a Close with a Close (echoing the status), then the TCP connection ends.
            var payload = frame.unmaskedData
            let status = payload.readSlice(length: min(2, payload.readableBytes)) ?? ByteBuffer()
            let echo = WebSocketFrame(fin: true, opcode: .connectionClose, data: status)
            sendClose(echo, context: context)
        default:
            // Continuations never reach here (the aggregator joins them); reserved opcodes are a protocol error.
            sendClose(Self.closeFrame(.protocolError, allocator: context.channel.allocator), context: context)
        }
    }

    private func message(_ bytes: ByteBuffer, on flow: SIPFlow, context: ChannelHandlerContext) {
        let view = bytes.readableBytesView
        if !view.isEmpty, view.allSatisfy({ $0 == 0x0D || $0 == 0x0A }) {
            // A client using RFC 5626 CRLF keep-alives inside WebSocket messages: answer with one CRLF as on TCP.
            if view.count >= 4 {
                send(ByteBuffer(string: "\r\n"), context: context)
                handler(.keepAlivePing(flow))
            } else {
                handler(.keepAlivePong(flow))
            }
            return
        }
        do {
            handler(.message(try SIPMessage(datagram: view), flow))
        } catch {
            let answer = error.errorResponse()
            if let answer { send(ByteBuffer(bytes: SIPMessage.response(answer).encoded), context: context) }
            handler(.malformed(error, flow, answered: answer != nil))
        }
    }

    private func send(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: bytes)), promise: nil)
    }

    private func sendClose(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        guard !closeSent else {
            context.close(promise: nil)
            return
        }
        closeSent = true
        context.writeAndFlush(wrapOutboundOut(frame)).whenComplete { _ in context.close(promise: nil) }
    }

    static func closeFrame(_ code: WebSocketErrorCode, allocator: ByteBufferAllocator) -> WebSocketFrame {
        var data = allocator.buffer(capacity: 2)
        data.write(webSocketErrorCode: code)
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
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
