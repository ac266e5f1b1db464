import GatewayRuntime
import M3UAWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SIGTRANTransport
import Testing

/// RFC 4666 §4.3.4.6: an ASP that sends BEAT and gets no BEAT ACK declares the association failed, closes it and
/// reconnects. The peer here is a deliberately mute STP: it completes ASPUP and ASPAC and then ignores BEATs.
@Suite("Heartbeat loss between two processes' worth of stack")
struct HeartbeatLossTests {
    /// A minimal M3UA SG over TCP that acknowledges ASPUP and ASPAC and answers nothing else.
    final class MuteSG: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let accepted = NIOLockedValueBox(0)
        private var pending = ByteBuffer()

        func channelActive(context: ChannelHandlerContext) {
            accepted.withLockedValue { $0 += 1 }
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            pending.writeBuffer(&bytes)
            while let frame = try? M3UAMessage.frame(from: &pending), let message = try? M3UAMessage.decode(frame) {
                let reply: M3UAMessage?
                switch message {
                case .aspUp: reply = .aspUpAck(M3UAASPUpAck(parameters: []))
                case .aspActive(let active): reply = .aspActiveAck(M3UAASPActiveAck(parameters: active.parameters))
                default: reply = nil  // BEAT is deliberately left unanswered.
                }
                if let reply { context.writeAndFlush(wrapOutboundOut(reply.encoded()), promise: nil) }
            }
        }
    }

    @Test("RFC 4666 §4.3.4.6: BEATs left unanswered bring the link down; the ASP reconnects and comes up again")
    func unansweredHeartbeats() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let handler = MuteSG()
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) } }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        var configuration = try TwoGatewayCallTests.configuration(role: .asp, kind: .tcp, port: port, udpPort: 9899)
        configuration.heartbeat = .milliseconds(100)
        let events = LinkFailureTests.Events()
        let gateway = SignallingGateway(configuration: configuration, eventLoop: group.next(), observe: { events.append($0) })
        try await gateway.start().get()
        #expect(try await events.wait(for: 1) { $0 == .linkUp })
        // Two missed BEAT ACKs (the default limit) take the link down within a few heartbeat intervals.
        #expect(try await events.wait(for: 1, timeout: .seconds(10)) { $0 == .linkDown })
        // The ASP reconnects after its backoff and the mute SG brings it up again.
        #expect(try await events.wait(for: 2, timeout: .seconds(10)) { $0 == .linkUp })
        #expect(handler.accepted.withLockedValue { $0 } >= 2)
        try await gateway.stop(grace: .zero).get()
        try await server.close()
        try await group.shutdownGracefully()
    }
}
