public import MediaCodecs
import NIOConcurrencyHelpers
public import NIOCore
public import RTPWire

/// An app's (or the network side's) RTP sender in tests: `samples` G.711-encoded from `peer`'s socket, 160 a
/// packet (20 ms) every 20 ms from one SSRC, until `stop()`, the end of the samples or the socket's close.
/// `destination` is asked before each packet (nil: wait) — a fixed address, or where the other side's RTP comes
/// from (symmetric RTP, RFC 4961, as an app behind NAT answers).
public final class RTPToneSender: Sendable {
    private let task: RepeatedTask
    private let count: NIOLockedValueBox<Int>

    public init(
        peer: UDPPeer, samples: [Int16], law: G711Law, payloadType: RTPPayloadType, ssrc: UInt32 = 0x5EED_0700,
        destination: @escaping @Sendable () -> SocketAddress?
    ) {
        let payloads = stride(from: 0, to: samples.count - 159, by: 160).map {
            ByteBuffer(bytes: G711Codec.encode(Array(samples[$0..<$0 + 160]), law: law))
        }
        let count = NIOLockedValueBox(0)
        self.count = count
        task = peer.channel.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(20)) { task in
            guard let address = destination() else { return }
            let next = count.withLockedValue { value -> Int? in
                guard value < payloads.count else { return nil }
                defer { value += 1 }
                return value
            }
            guard let index = next else { return task.cancel() }
            let header = RTPHeader(
                payloadType: payloadType, sequenceNumber: UInt16(truncatingIfNeeded: 1000 + index),
                timestamp: UInt32(160 * index), ssrc: ssrc)
            peer.send(RTPPacket(header: header, payload: payloads[index]).encoded, to: address)
        }
        let task = task
        peer.channel.closeFuture.whenComplete { _ in task.cancel() }
    }

    public convenience init(
        peer: UDPPeer, samples: [Int16], law: G711Law, payloadType: RTPPayloadType, to address: SocketAddress
    ) {
        self.init(peer: peer, samples: samples, law: law, payloadType: payloadType, destination: { address })
    }

    /// Packets sent so far.
    public var sent: Int { count.withLockedValue { $0 } }

    public func stop() { task.cancel() }
}
