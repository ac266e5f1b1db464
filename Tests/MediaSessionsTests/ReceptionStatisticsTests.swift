import MediaSessions
import NIOCore
import RTPWire
import Testing

func header(_ sequence: UInt16, timestamp: UInt32 = 0, ssrc: UInt32 = 0x1234) -> RTPHeader {
    RTPHeader(payloadType: .pcma, sequenceNumber: sequence, timestamp: timestamp, ssrc: ssrc)
}

@Suite("RTP reception statistics (RFC 3550 Appendix A)")
struct ReceptionStatisticsTests {
    @Test("RFC 3550 §A.1: a new source is on probation until MIN_SEQUENTIAL (2) packets arrive in sequence")
    func probation() {
        var stats = RTPReceptionStatistics(ssrc: 1, clockRate: 8000, firstSequence: 10)
        #expect(stats.receive(header(10), at: .zero) == .probation)
        #expect(stats.receive(header(11), at: .milliseconds(20)) == .accepted(extendedSequence: 11))
        #expect(stats.received == 1)
        var jumpy = RTPReceptionStatistics(ssrc: 1, clockRate: 8000, firstSequence: 10)
        #expect(jumpy.receive(header(10), at: .zero) == .probation)
        #expect(jumpy.receive(header(500), at: .zero) == .probation)  // out of sequence: probation restarts
        #expect(jumpy.receive(header(501), at: .zero) == .accepted(extendedSequence: 501))
    }

    @Test("RFC 3550 §A.1: the extended highest sequence number counts cycles across the 16-bit wrap")
    func wrap() {
        var stats = RTPReceptionStatistics(ssrc: 1, clockRate: 8000, firstSequence: 65_530)
        var sequence: UInt16 = 65_530
        for _ in 0..<12 {
            _ = stats.receive(header(sequence), at: .zero)
            sequence &+= 1
        }
        #expect(stats.extendedHighestSequence == 65_536 + 5)
        // A late packet from before the wrap keeps its own cycle.
        #expect(stats.receive(header(65_534), at: .zero) == .accepted(extendedSequence: 65_534))
    }

    @Test("RFC 3550 §A.1: a jump beyond MAX_DROPOUT is a restart only when the next packet follows it")
    func largeJump() {
        var stats = RTPReceptionStatistics(ssrc: 1, clockRate: 8000, firstSequence: 1)
        _ = stats.receive(header(1), at: .zero)
        _ = stats.receive(header(2), at: .zero)
        #expect(stats.receive(header(20_000), at: .zero) == .rejected)
        #expect(stats.receive(header(20_001), at: .zero) == .accepted(extendedSequence: 20_001))
        #expect(stats.received == 1)  // counters start over with the restart
    }

    @Test("RFC 3550 §A.3: 5 of 100 lost → cumulative 5, fraction 5 × 256 / 100 = 12; the next interval starts at 0")
    func loss() {
        var stats = RTPReceptionStatistics(ssrc: 1, clockRate: 8000, firstSequence: 0)
        let lost: Set<UInt16> = [10, 33, 34, 70, 99]
        for sequence in UInt16(0)...100 where !lost.contains(sequence) {
            _ = stats.receive(header(sequence), at: .zero)
        }
        // Packet 0 was the probation packet: base is 1, so 100 expected (1…100), 95 received.
        #expect(stats.expected == 100)
        #expect(stats.cumulativeLost == 5)
        let block = stats.makeReportBlock(at: .zero)
        #expect(block.fractionLost == 12)
        #expect(block.cumulativeLost == 5)
        #expect(block.extendedHighestSequence == 100)
        for sequence in UInt16(101)...110 { _ = stats.receive(header(sequence), at: .zero) }
        #expect(stats.makeReportBlock(at: .zero).fractionLost == 0)
    }

    @Test("RFC 3550 §A.8: constant transit gives jitter 0; alternating ±10 ms converges to 80 timestamp units")
    func jitter() {
        var steady = RTPReceptionStatistics(ssrc: 1, clockRate: 8000, firstSequence: 0)
        var wobbly = RTPReceptionStatistics(ssrc: 1, clockRate: 8000, firstSequence: 0)
        for index in 0..<300 {
            let timestamp = UInt32(index * 160)
            let nominal = Int64(index) * 20
            _ = steady.receive(header(UInt16(index), timestamp: timestamp), at: .milliseconds(nominal + 50))
            let wobble: Int64 = index % 2 == 0 ? 0 : 10
            _ = wobbly.receive(header(UInt16(index), timestamp: timestamp), at: .milliseconds(nominal + wobble))
        }
        #expect(steady.jitter == 0)
        // |D| = 10 ms = 80 units each packet; J → 80 (J += (|D| − J) / 16).
        #expect((75...80).contains(wobbly.jitter))
    }

    @Test("RFC 3550 §6.4.1: LSR is the middle 32 bits of the last SR's NTP time; DLSR counts 1/65536 s since")
    func lsrDlsr() {
        var stats = RTPReceptionStatistics(ssrc: 1, clockRate: 8000, firstSequence: 0)
        let sr = RTCPSenderReport(
            ssrc: 1, ntpTimestamp: NTPTimestamp(seconds: 0x0001_2345, fraction: 0x6789_0000), rtpTimestamp: 0,
            packetCount: 0, octetCount: 0)
        stats.receiveSenderReport(sr, at: .seconds(10))
        let block = stats.makeReportBlock(at: .seconds(11.5))
        #expect(block.lastSenderReport == 0x2345_6789)
        #expect(block.delaySinceLastSenderReport == 98_304)  // 1.5 s × 65536
    }
}
