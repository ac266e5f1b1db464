import MediaSessions
import NIOCore
import RTPWire
import RerouteTestSupport
import Testing

/// A deterministic lossy network: each packet is dropped with probability `loss`, delayed by a base delay plus
/// uniform jitter, and so reordered whenever the jitter exceeds the packet spacing.
struct LossyNetwork {
    var rng: SeededGenerator
    var loss: Double
    var baseDelay: Int64 = 40
    var jitter: Int64

    /// (arrival ms, packet) pairs sorted by arrival.
    mutating func carry(_ packets: [(sentAt: Int64, packet: RTPPacket)]) -> [(arrival: Int64, packet: RTPPacket)] {
        var out: [(arrival: Int64, packet: RTPPacket)] = []
        for (sentAt, packet) in packets {
            if Double.random(in: 0..<1, using: &rng) < loss { continue }
            out.append((sentAt + baseDelay + Int64.random(in: 0...jitter, using: &rng), packet))
        }
        return out.sorted { $0.arrival < $1.arrival }
    }
}

func pcmaStream(count: Int, ssrc: UInt32 = 0x5555) -> [(sentAt: Int64, packet: RTPPacket)] {
    (0..<count).map { index in
        let header = RTPHeader(
            payloadType: .pcma, sequenceNumber: UInt16(truncatingIfNeeded: 65_000 + index),
            timestamp: UInt32(index * 160), ssrc: ssrc)
        return (Int64(index) * 20, RTPPacket(header: header, payload: ByteBuffer(bytes: [UInt8(index & 0xFF)])))
    }
}

/// Runs a stream through a network and a jitter buffer pulled every 20 ms; returns the playout.
func playout(
    _ arrivals: [(arrival: Int64, packet: RTPPacket)], buffer: inout JitterBuffer, until end: Int64
) -> [JitterBuffer.Playout] {
    var results: [JitterBuffer.Playout] = []
    var next = 0
    for tick in stride(from: Int64(0), through: end, by: 5) {
        while next < arrivals.count, arrivals[next].arrival <= tick {
            _ = buffer.insert(arrivals[next].packet, at: .milliseconds(arrivals[next].arrival))
            next += 1
        }
        if tick % 20 == 0 { results.append(buffer.pull(at: .milliseconds(tick))) }
    }
    return results
}

@Suite("Adaptive jitter buffer")
struct JitterBufferTests {
    @Test("reordering within the delay is undone; duplicates and late packets are dropped")
    func reorderDuplicateLate() {
        var buffer = JitterBuffer(configuration: .init(minimumDelay: .milliseconds(40)))
        let stream = pcmaStream(count: 6).map(\.packet)
        #expect(buffer.insert(stream[1], at: .milliseconds(0)) == .buffered)
        #expect(buffer.insert(stream[0], at: .milliseconds(5)) == .buffered)
        #expect(buffer.insert(stream[0], at: .milliseconds(6)) == .duplicate)
        #expect(buffer.insert(stream[3], at: .milliseconds(10)) == .buffered)
        #expect(buffer.pull(at: .milliseconds(20)) == .waiting)
        // Playout starts after the target delay.
        let played = (0..<4).map { buffer.pull(at: .milliseconds(60 + Int64($0) * 20)) }
        #expect(played[0] == .frame(stream[0]))
        #expect(played[1] == .frame(stream[1]))
        #expect(played[2] == .conceal(lost: true))  // 2 missing, 3 present
        #expect(played[3] == .frame(stream[3]))
        #expect(buffer.insert(stream[2], at: .milliseconds(125)) == .late)
        #expect(buffer.pull(at: .milliseconds(140)) == .conceal(lost: false))  // underrun: nothing buffered
        #expect(buffer.insert(stream[4], at: .milliseconds(141)) == .buffered)
        #expect(buffer.pull(at: .milliseconds(160)) == .frame(stream[4]))
    }

    @Test("a burst beyond capacity overflows instead of growing without bound")
    func bounded() {
        var buffer = JitterBuffer(configuration: .init(capacity: 4))
        let stream = pcmaStream(count: 6).map(\.packet)
        #expect(stream.prefix(4).map { buffer.insert($0, at: .zero) } == Array(repeating: .buffered, count: 4))
        #expect(buffer.insert(stream[4], at: .zero) == .overflow)
    }

    @Test("target delay follows measured jitter (RFC 3550 §A.8) within [minimum, maximum]")
    func adapts() {
        var calm = JitterBuffer(configuration: .init())
        var network = LossyNetwork(rng: SeededGenerator(seed: 1), loss: 0, jitter: 0)
        _ = playout(network.carry(pcmaStream(count: 100)), buffer: &calm, until: 2_500)
        #expect(calm.targetDelay == .milliseconds(20))
        var rough = JitterBuffer(configuration: .init())
        network = LossyNetwork(rng: SeededGenerator(seed: 2), loss: 0, jitter: 60)
        _ = playout(network.carry(pcmaStream(count: 200)), buffer: &rough, until: 4_500)
        #expect(rough.targetDelay > .milliseconds(50))
        #expect(rough.targetDelay <= .milliseconds(200))
        var wild = JitterBuffer(configuration: .init(maximumDelay: .milliseconds(80)))
        network = LossyNetwork(rng: SeededGenerator(seed: 3), loss: 0, jitter: 400)
        _ = playout(network.carry(pcmaStream(count: 100)), buffer: &wild, until: 3_000)
        #expect(wild.targetDelay == .milliseconds(80))
    }

    @Test(
        "5 % loss and reordering: continuous output, in order, no gap longer than concealment",
        arguments: [UInt64(11), 12, 13, 14])
    func lossAndReordering(seed: UInt64) {
        let count = 1_000
        var network = LossyNetwork(rng: SeededGenerator(seed: seed), loss: 0.05, jitter: 45)
        let arrivals = network.carry(pcmaStream(count: count))
        var buffer = JitterBuffer(configuration: .init())
        let results = playout(arrivals, buffer: &buffer, until: Int64(count) * 20 + 400)
        let started = results.drop { $0 == .waiting }
        // Once started, every 20 ms period yields a frame or a concealment signal: never silence by omission.
        #expect(!started.contains(.waiting))
        var lastSequence: Int?
        var concealRun = 0
        var longestConcealRun = 0
        var frames = 0
        for result in started {
            switch result {
            case .frame(let packet):
                let sequence = Int(packet.header.timestamp / 160)
                if let lastSequence { #expect(sequence > lastSequence) }
                lastSequence = sequence
                frames += 1
                concealRun = 0
            case .conceal:
                if lastSequence != nil && lastSequence! < count - 1 {
                    concealRun += 1
                    longestConcealRun = max(longestConcealRun, concealRun)
                }
            case .waiting:
                break
            }
        }
        // Every packet that arrived before its playout time is played; only late ones are lost beyond the 5 %.
        #expect(frames + buffer.counters.late + buffer.counters.skipped == arrivals.count)
        #expect(Double(buffer.counters.late) < Double(count) * 0.02)
        // Two consecutive network losses at 5 % are rare; four in a row would be a buffer fault.
        #expect(longestConcealRun <= 4)
    }
}
