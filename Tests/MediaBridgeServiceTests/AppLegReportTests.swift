import MediaBridge
import MediaBridgeService
import RTPWire
import Testing

/// The report blocks the media bridge hands the codec chooser (RFC 3550 §6.4.1, §6.4.2).
@Suite("AppLegReport: RTCP report blocks about our stream")
struct AppLegReportTests {
    static let ours: UInt32 = 0x1234_5678

    static func block(about ssrc: UInt32, fraction: UInt8 = 51, lsr: UInt32 = 0, dlsr: UInt32 = 0) -> RTCPReportBlock {
        RTCPReportBlock(
            ssrc: ssrc, fractionLost: fraction, cumulativeLost: 10, extendedHighestSequence: 70_000, jitter: 400,
            lastSenderReport: lsr, delaySinceLastSenderReport: dlsr)
    }

    @Test("RFC 3550 §6.4.1: only blocks whose SSRC_n is ours, from SRs and RRs alike, with their reporter")
    func blocksAboutUs() {
        let compound = RTCPCompoundPacket(packets: [
            .senderReport(
                RTCPSenderReport(
                    ssrc: 0xA, ntpTimestamp: NTPTimestamp(rawValue: 0), rtpTimestamp: 0, packetCount: 0, octetCount: 0,
                    reports: [Self.block(about: 0xBEEF), Self.block(about: Self.ours, fraction: 1)])),
            .receiverReport(RTCPReceiverReport(ssrc: 0xB, reports: [Self.block(about: Self.ours, fraction: 2)])),
        ])
        let found = AppLegReport.blocks(about: Self.ours, in: compound)
        #expect(found.map(\.reporter) == [0xA, 0xB])
        #expect(found.map(\.block.fractionLost) == [1, 2])
        #expect(AppLegReport.blocks(about: 0xCAFE, in: compound).isEmpty)
    }

    @Test("RFC 3550 §6.4.1: fraction lost 51/256 ≈ 20 %, jitter in the codec's timestamp units, RTT = A − LSR − DLSR")
    func fields() {
        // A = 0x0001_8000 (1.5 s in the middle 32 bits), LSR 1 s, DLSR 0.25 s: RTT 0.25 s.
        let arrival = NTPTimestamp(rawValue: UInt64(0x0001_8000) << 16)
        var report = AppLegReport(
            cic: 5, leg: MediaLegID(1), reporter: 0xB,
            block: Self.block(about: Self.ours, lsr: 0x0001_0000, dlsr: 0x4000),
            arrival: arrival, clockRate: 8000)
        #expect(abs(report.fractionLost - 0.1992) < 0.001)
        #expect(report.jitter == .milliseconds(50))
        #expect(report.roundTripTime == .milliseconds(250))
        report.clockRate = 48000
        #expect(report.jitter == .nanoseconds(8_333_333))
        // No LSR (no SR of ours reached the peer yet): no RTT; a negative one (clock step) is none either.
        report.block.lastSenderReport = 0
        #expect(report.roundTripTime == nil)
        report.block.lastSenderReport = 0x0002_0000
        #expect(report.roundTripTime == nil)
    }
}
