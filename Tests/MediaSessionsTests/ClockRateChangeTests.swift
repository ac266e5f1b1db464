import MediaSessions
import NIOCore
import RTPWire
import Testing

/// A leg whose codec changes to one of another RTP clock mid-call (RFC 3264 §8, G.711 8 kHz → Opus 48 kHz, RFC 7587
/// §4.1), on the same SSRC.
@Suite("RTP session: a codec change to another clock rate")
struct ClockRateChangeTests {
    @Test(
        "RFC 3550 §5.1, §6.4.1: timestamps carry on and advance at 48 kHz; the SR's RTP timestamp is extrapolated at 48 kHz"
    )
    func sending() throws {
        var session = RTPSession(configuration: configuration(ssrc: 7))
        _ = session.start(at: .zero)
        for index in 0..<10 {
            _ = session.sendRTP(
                payloadType: .pcma, payload: silence, samples: 160, at: .milliseconds(Int64(index) * 20))
        }
        session.changeClockRate(48000)
        #expect(session.configuration.clockRate == 48000 && session.sender.clockRate == 48000)
        var last: RTPPacket?
        for index in 10..<20 {
            last = session.sendRTP(
                payloadType: RTPPayloadType(111), payload: silence, samples: 960, at: .milliseconds(Int64(index) * 20))
        }
        // 10 × 160 then 9 × 960 before the last packet.
        let header = try #require(last?.header)
        #expect(header.timestamp == UInt32(50_000 + 10 * 160 + 9 * 960))
        #expect(header.sequenceNumber == 1019)
        let actions = session.timerFired(.report, at: .milliseconds(400))
        guard case .sendRTCP(let compound)? = actions.first, case .senderReport(let sr) = compound.packets[0] else {
            Issue.record("expected an SR: \(actions)")
            return
        }
        // The last packet left at 380 ms; 20 ms later is 960 units at 48 kHz (160 at 8 kHz would be wrong).
        #expect(sr.rtpTimestamp == UInt32(50_000 + 10 * 160 + 10 * 960))
    }

    @Test(
        "RFC 3550 §A.8: jitter keeps its value in time across the change, and the change itself is not counted as jitter"
    )
    func receiving() {
        var statistics = RTPReceptionStatistics(ssrc: 9, clockRate: 8000, firstSequence: 100)
        // 8 kHz packets every 20 ms, each arriving 1 ms late on alternate packets: some jitter builds up.
        var sequence: UInt16 = 100
        var timestamp: UInt32 = 0
        var time: Int64 = 0
        for index in 0..<50 {
            let header = RTPHeader(payloadType: .pcma, sequenceNumber: sequence, timestamp: timestamp, ssrc: 9)
            _ = statistics.receive(header, at: MediaTime(nanoseconds: time + (index % 2 == 0 ? 0 : 1_000_000)))
            sequence &+= 1
            timestamp &+= 160
            time += 20_000_000
        }
        let before = statistics.jitter
        #expect(before > 0)
        statistics.changeClockRate(48000)
        // The A.8 estimate is kept ×16: rescaled there, it reads 6 × before give or take the truncation.
        #expect(
            statistics.jitter >= before * 6 && statistics.jitter <= before * 6 + 5, "\(before) → \(statistics.jitter)")
        // The device's Opus packets: the timestamp jumps to a 48 kHz count, arrivals perfectly regular.
        timestamp = timestamp &* 6
        for _ in 0..<3 {
            let header = RTPHeader(
                payloadType: RTPPayloadType(111), sequenceNumber: sequence, timestamp: timestamp, ssrc: 9)
            _ = statistics.receive(header, at: MediaTime(nanoseconds: time))
            sequence &+= 1
            timestamp &+= 960
            time += 20_000_000
        }
        // No spike: regular packets only let the estimate decay (J += (|D| − J) / 16 with D = 0).
        #expect(statistics.jitter <= before * 6)
        #expect(statistics.cumulativeLost == 0)
    }
}
