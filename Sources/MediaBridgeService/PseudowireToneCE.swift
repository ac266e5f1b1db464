public import Foundation
import MediaCodecs
import NIOConcurrencyHelpers
public import NIOCore
import NIOPosix
import MediaBridge
import TDMWire

/// The customer-edge end of a CESoPSN pseudowire for loopback checks of a media bridge (the demo, acceptance
/// tests): every packet period, by the clock as a real E1 is, it sends a packet whose timeslots all carry `signal`
/// (A-law, looped), and it keeps every packet it receives with its arrival time.
///
/// Clock-driven: a repeated task only wakes it; each wake sends every packet due since the start, so a late timer
/// bursts rather than slowing the E1 (RFC 5086 §5.1: one packet per F frames of 125 µs).
public final class PseudowireToneCE: Sendable {
    public let channel: any Channel
    public let timeslots: [Int]
    public let framesPerPacket: Int
    private let task: NIOLockedValueBox<RepeatedTask?>
    private let received: NIOLockedValueBox<[(Date, ByteBuffer)]>
    private let sentBox: NIOLockedValueBox<[(Date, ByteBuffer)]>
    /// The A-law octets being sent, looped (see `setSignal`), and the packet index it started at (nil: from the
    /// next packet).
    private let signalBox: NIOLockedValueBox<(octets: [UInt8], origin: Int?)>

    private init(channel: any Channel, timeslots: [Int], framesPerPacket: Int, received: NIOLockedValueBox<[(Date, ByteBuffer)]>) {
        self.channel = channel
        self.timeslots = timeslots
        self.framesPerPacket = framesPerPacket
        self.received = received
        self.task = NIOLockedValueBox(nil)
        self.sentBox = NIOLockedValueBox([])
        self.signalBox = NIOLockedValueBox(([TDMChannelizer.idleOctet], nil))
    }

    /// From the next packet on, every timeslot carries `signal` (8 kHz linear) from its first sample, looped; `[]`
    /// sends silence.
    public func setSignal(_ signal: [Int16]) {
        let octets = signal.isEmpty ? [TDMChannelizer.idleOctet] : G711Codec.encode(signal, law: .aLaw)
        signalBox.withLockedValue { $0 = (octets, nil) }
    }

    /// Binds a loopback UDP port and sends to `remote` (the bridge's pseudowire socket) for at most `duration`;
    /// `keepSent` keeps a copy of every packet sent (for a capture).
    public static func start(
        group: any EventLoopGroup, host: String = "127.0.0.1", port: Int = 0, remote: SocketAddress, timeslots: [Int],
        framesPerPacket: Int = 8, signal: [Int16], duration: Duration, keepSent: Bool = false
    ) async throws -> PseudowireToneCE {
        let received = NIOLockedValueBox<[(Date, ByteBuffer)]>([])
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(.maxMessagesPerRead, value: 64)
            .channelOption(.socketOption(.so_rcvbuf), value: 1 << 20)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Keeper(received: received))
                }
            }
            .bind(host: host, port: port).get()
        let ce = PseudowireToneCE(
            channel: channel, timeslots: timeslots, framesPerPacket: framesPerPacket, received: received)
        ce.setSignal(signal)
        let period = Int64(framesPerPacket * 125)
        let total = Int(duration.components.seconds * 1_000_000 / period)
        let start = NIODeadline.now()
        let state = NIOLockedValueBox(0)
        let width = timeslots.count
        let repeated = channel.eventLoop.scheduleRepeatedTask(
            initialDelay: .microseconds(period), delay: .microseconds(period)
        ) { task in
            let due = min(total, Int((NIODeadline.now() - start).nanoseconds / 1000 / period))
            let range = state.withLockedValue { sent in
                defer { sent = max(sent, due) }
                return sent..<max(sent, due)
            }
            if range.lowerBound >= total { return task.cancel() }
            let (octets, origin) = ce.signalBox.withLockedValue { signal in
                if signal.origin == nil { signal.origin = range.lowerBound }
                return (signal.octets, signal.origin ?? range.lowerBound)
            }
            for index in range {
                var payload = [UInt8](repeating: 0, count: width * framesPerPacket)
                for frame in 0..<framesPerPacket {
                    let octet = octets[((index - origin) * framesPerPacket + frame) % octets.count]
                    for slot in 0..<width { payload[frame * width + slot] = octet }
                }
                let word = PseudowireControlWord(
                    length: PseudowireControlWord.lengthField(payloadLength: payload.count),
                    sequenceNumber: UInt16(truncatingIfNeeded: index))
                let packet = PseudowirePacket(controlWord: word, payload: ByteBuffer(bytes: payload)).encoded(rtp: .none)
                if keepSent { ce.sentBox.withLockedValue { $0.append((Date(), packet)) } }
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: packet), promise: nil)
            }
        }
        ce.task.withLockedValue { $0 = repeated }
        return ce
    }

    public var port: Int { channel.localAddress?.port ?? 0 }

    /// Packets received so far.
    public var receivedCount: Int { received.withLockedValue { $0.count } }

    /// Waits (polling, bounded by `deadline`) until `count` packets have arrived; false when the deadline passed.
    public func waitForReceived(_ count: Int, within deadline: Duration = .seconds(15)) async -> Bool {
        let end = ContinuousClock.now + deadline
        while receivedCount < count {
            guard ContinuousClock.now < end else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Every packet received, with its arrival time.
    public var receivedPackets: [(Date, ByteBuffer)] { received.withLockedValue { $0 } }

    /// Every packet sent, with its time (empty unless started with `keepSent`).
    public var sentPackets: [(Date, ByteBuffer)] { sentBox.withLockedValue { $0 } }

    /// What arrived on `timeslot`, decoded, one array per packet (packets that do not decode are skipped).
    public func heard(timeslot: Int) -> [[Int16]] {
        guard let index = timeslots.firstIndex(of: timeslot) else { return [] }
        return receivedPackets.compactMap { try? PseudowirePacket.decode($0.1, rtp: .none) }.map { packet in
            let frames = (try? CESoPSNPayload.decode(packet.payload, timeslots: timeslots).frames) ?? []
            return G711Codec.decode(frames.map { $0[index] }, law: .aLaw)
        }
    }

    /// Stops sending and closes the socket.
    public func stop() async {
        task.withLockedValue { $0?.cancel() }
        try? await channel.close()
    }
}

private final class Keeper: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let received: NIOLockedValueBox<[(Date, ByteBuffer)]>

    init(received: NIOLockedValueBox<[(Date, ByteBuffer)]>) { self.received = received }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data).data
        received.withLockedValue { $0.append((Date(), bytes)) }
    }
}
