import NIOConcurrencyHelpers
public import NIOCore
import NIOPosix

/// A UDP peer on loopback that keeps every datagram it receives; `wait(for:within:)` waits with a deadline.
public final class UDPPeer: Sendable {
    public let channel: any Channel
    private let received = NIOLockedValueBox<[ByteBuffer]>([])
    private let senders = NIOLockedValueBox<[SocketAddress]>([])

    private init(channel: any Channel) { self.channel = channel }

    public static func bind(group: any EventLoopGroup, port: Int = 0) async throws -> UDPPeer {
        let box = NIOLockedValueBox<UDPPeer?>(nil)
        let channel = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        let peer = UDPPeer(channel: channel)
        box.withLockedValue { $0 = peer }
        return peer
    }

    fileprivate func append(_ bytes: ByteBuffer, from source: SocketAddress) {
        received.withLockedValue { $0.append(bytes) }
        senders.withLockedValue { if !$0.contains(source) { $0.append(source) } }
    }

    /// Every address datagrams came from, in order of first arrival.
    public var sources: [SocketAddress] { senders.withLockedValue { $0 } }

    public var datagrams: [ByteBuffer] { received.withLockedValue { $0 } }

    public var port: Int { channel.localAddress!.port! }

    public struct Timeout: Error {
        public init() {}
    }

    /// Waits until `count` datagrams arrived; the deadline bounds the test, the polling step is not a timing
    /// assumption.
    public func wait(for count: Int, within deadline: Duration = .seconds(10)) async throws {
        try await wait(within: deadline) { $0.count >= count }
    }

    /// Waits until the datagrams received so far satisfy `condition` (such as "100 of them are RTP"); same deadline
    /// and polling as `wait(for:within:)`. `condition` runs under the lock the receiving event loop takes: keep it
    /// cheap, and it sees the list without copying it.
    public func wait(
        within deadline: Duration = .seconds(10), until condition: ([ByteBuffer]) -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while !received.withLockedValue({ condition($0) }) {
            guard clock.now < end else { throw Timeout() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    public func send(_ bytes: ByteBuffer, to address: SocketAddress) {
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: bytes), promise: nil)
    }
}

private final class Collector: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let box: NIOLockedValueBox<UDPPeer?>
    init(box: NIOLockedValueBox<UDPPeer?>) { self.box = box }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        box.withLockedValue { $0 }?.append(envelope.data, from: envelope.remoteAddress)
    }
}
