import NIOCore
import SIPWire

/// The UDP socket: one datagram, one message (RFC 3261 §18.3). Malformed requests are answered to their source;
/// CRLF-only datagrams (keep-alives some clients send on UDP) are ignored.
final class SIPDatagramChannelHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let handler: SIPTransportEventHandler

    init(handler: @escaping SIPTransportEventHandler) {
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let bytes = envelope.data.readableBytesView
        guard bytes.contains(where: { $0 != 0x0D && $0 != 0x0A && $0 != 0x20 && $0 != 0x00 }) else { return }
        let flow = SIPFlow(kind: .udp, local: context.channel.localAddress, remote: envelope.remoteAddress)
        do {
            handler(.message(try SIPMessage(datagram: bytes), flow))
        } catch {
            let answer = error.errorResponse()
            if let answer {
                let out = ByteBuffer(bytes: SIPMessage.response(answer).encoded)
                context.writeAndFlush(
                    wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: out)), promise: nil)
            }
            handler(.malformed(error, flow, answered: answer != nil))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable and the like surface here on UDP; the transaction layer's timers cover them.
    }
}
