import NIOCore
import SMPPWire

/// Frames and decodes the SMSC's byte stream (SMPP 3.4 §3.2) and reports the connection's life to the core.
final class SMPPChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let core: SMPPClientCore
    private let generation: Int
    private var cumulation = ByteBuffer()
    /// Set after a framing error: the stream cannot be re-synchronised, later bytes are dropped.
    private var isBroken = false

    init(core: SMPPClientCore, generation: Int) {
        self.core = core
        self.generation = generation
    }

    func channelActive(context: ChannelHandlerContext) {
        core.channelUp(context.channel, generation: generation)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        core.channelDown(generation: generation)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !isBroken else { return }
        var bytes = unwrapInboundIn(data)
        cumulation.writeBuffer(&bytes)
        do {
            while let frame = try SMPPPDU.frame(from: &cumulation) {
                do {
                    core.received(try SMPPPDU.decode(frame), generation: generation)
                } catch {
                    core.receivedMalformed(error, generation: generation)
                }
            }
        } catch {
            isBroken = true
            core.receivedMalformed(error, generation: generation)
        }
        cumulation.discardReadBytes()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
