import Foundation
import MediaBridge
import MediaCodecs
import MediaSessions
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TDMWire

/// The customer-edge end of a SAToP pseudowire for loopback tests (RFC 4553): a framed E1 (G.704 §2.3, TS0
/// FAS/NFAS) whose timeslot `slot` carries `signal` in A-law and every other timeslot 0xD5, sent as the unstructured
/// bit stream in 256-octet packets, one per millisecond by the clock. The stream starts `leadOctets` octets and
/// `leadBits` bits before the first frame, so no packet boundary falls on a frame boundary (RFC 4553 §5.1: the
/// payload is the bit stream with no regard to its framing). Every `dropEvery`-th packet is not sent (its sequence
/// number is used), so the receiver has to play a replacement (RFC 4553 §6.2.2). It keeps every datagram it receives.
final class SAToPToneCE: Sendable {
    let channel: any Channel
    private let task: NIOLockedValueBox<RepeatedTask?>
    private let received: NIOLockedValueBox<[ByteBuffer]>
    private let dropped: NIOLockedValueBox<Int>

    /// What the clock-driven sender keeps between wake-ups.
    private struct Generator {
        var framer = E1Framer()
        var sender = PseudowireSender(service: .satop, initialSequence: 0xFF00)
        var bytes: [UInt8]
        var carry: UInt8 = 0
        var sent = 0
        var frameIndex = 0
    }

    private init(channel: any Channel, received: NIOLockedValueBox<[ByteBuffer]>) {
        self.channel = channel
        self.received = received
        self.task = NIOLockedValueBox(nil)
        self.dropped = NIOLockedValueBox(0)
    }

    static func start(
        group: any EventLoopGroup, port: Int, remote: SocketAddress, slot: Int, signal: [Int16], leadOctets: Int,
        leadBits: Int, dropEvery: Int, duration: Duration
    ) async throws -> SAToPToneCE {
        precondition((0..<8).contains(leadBits))
        let received = NIOLockedValueBox<[ByteBuffer]>([])
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(.maxMessagesPerRead, value: 64)
            .channelOption(.socketOption(.so_rcvbuf), value: 1 << 20)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SAToPKeeper(received: received))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        let ce = SAToPToneCE(channel: channel, received: received)
        let octets = G711Codec.encode(signal, law: .aLaw)
        let total = Int(duration.components.seconds * 1000)
        let start = NIODeadline.now()
        let state = NIOLockedValueBox(Generator(bytes: [UInt8](repeating: 0x3C, count: leadOctets)))
        let repeated = channel.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(1), delay: .milliseconds(1)) {
            task in
            let due = min(total, Int((NIODeadline.now() - start).nanoseconds / 1_000_000))
            let packets: [ByteBuffer?] = state.withLockedValue { generator in
                var out: [ByteBuffer?] = []
                while generator.sent < due {
                    // Enough framed stream for one packet, shifted right by `leadBits` (the bits carried over).
                    while generator.bytes.count < 256 {
                        let tone = (0..<8).map { octets[(generator.frameIndex + $0) % octets.count] }
                        generator.frameIndex += 8
                        let frames = generator.framer.makeFrames(count: 8, channels: [slot: tone])
                        for byte in E1Bitstream.encode(frames).readableBytesView {
                            guard leadBits > 0 else {
                                generator.bytes.append(byte)
                                continue
                            }
                            generator.bytes.append(generator.carry << (8 - leadBits) | byte >> leadBits)
                            generator.carry = byte & (1 << leadBits - 1)
                        }
                    }
                    let payload = ByteBuffer(bytes: generator.bytes.prefix(256))
                    generator.bytes.removeFirst(256)
                    let packet = generator.sender.makePacket(payload: payload).encoded(rtp: .none)
                    generator.sent += 1
                    out.append(generator.sent % dropEvery == 0 ? nil : packet)
                }
                return out
            }
            for packet in packets {
                guard let packet else {
                    ce.dropped.withLockedValue { $0 += 1 }
                    continue
                }
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: packet), promise: nil)
            }
            if due >= total { task.cancel() }
        }
        ce.task.withLockedValue { $0 = repeated }
        return ce
    }

    var receivedCount: Int { received.withLockedValue { $0.count } }
    var receivedPackets: [ByteBuffer] { received.withLockedValue { $0 } }
    /// Packets deliberately not sent.
    var droppedCount: Int { dropped.withLockedValue { $0 } }

    /// Waits (polling, bounded by `deadline`) until `count` packets have arrived; false when the deadline passed.
    func waitForReceived(_ count: Int, within deadline: Duration) async -> Bool {
        let end = ContinuousClock.now + deadline
        while receivedCount < count {
            guard ContinuousClock.now < end else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// The E1 frames Reroute sent, found in the concatenated SAToP payloads with a fresh G.706 aligner.
    func receivedFrames() -> (frames: [E1Frame], aligner: E1FrameAligner) {
        var aligner = E1FrameAligner()
        var frames: [E1Frame] = []
        for datagram in receivedPackets {
            guard let packet = try? PseudowirePacket.decode(datagram, rtp: .none) else { continue }
            frames += aligner.push(packet.payload.readableBytesView)
        }
        return (frames, aligner)
    }

    func stop() async {
        task.withLockedValue { $0?.cancel() }
        try? await channel.close()
    }
}

private final class SAToPKeeper: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let received: NIOLockedValueBox<[ByteBuffer]>

    init(received: NIOLockedValueBox<[ByteBuffer]>) { self.received = received }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data).data
        received.withLockedValue { $0.append(bytes) }
    }
}
