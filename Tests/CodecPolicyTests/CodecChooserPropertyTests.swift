import CodecPolicy
import MediaCodecs
import MediaSessions
import RTPWire
import RerouteTestSupport
import SDPNegotiation
import SDPWire
import Testing

/// Seeded random report sequences, bandwidth changes and re-INVITE outcomes against the chooser's invariants.
@Suite("Codec chooser properties")
struct CodecChooserPropertyTests {
    static let bandwidths: [SDPDeviceBandwidth] = [
        .unknown, .applicationSpecific(kbps: 16), .applicationSpecific(kbps: 24), .applicationSpecific(kbps: 30),
        .applicationSpecific(kbps: 40), .applicationSpecific(kbps: 64), .applicationSpecific(kbps: 80),
        .applicationSpecific(kbps: 100), .transportIndependent(bps: 16_000), .transportIndependent(bps: 40_000),
        .transportIndependent(bps: 70_000),
    ]

    @Test(
        "Never two switches closer than the minimum interval; always a codec both sides support; fits when one fits",
        arguments: 0..<40)
    func invariants(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 0xC0DEC + seed)
        let all: [SDPCodec] = [.opus, .pcma, .pcmu, .g729]
        var device = all.filter { _ in Bool.random(using: &rng) }
        if device.isEmpty { device = [all.randomElement(using: &rng)!] }
        device.shuffle(using: &rng)
        let events = Bool.random(using: &rng)
        var bandwidth = Self.bandwidths.randomElement(using: &rng)!
        let offer = SDPOfferAnswer.offer(localMedia, bandwidth: bandwidth)
        let remote = try deviceSDP(device, events: events, fec: Bool.random(using: &rng))
        let negotiated = try SDPOfferAnswer.evaluate(answer: remote, offer: offer)
        var leg = try CodecChooser(
            local: localMedia, remote: remote, negotiated: negotiated, bandwidth: bandwidth, at: .zero)
        let names = Set(device.map { $0.encodingName.lowercased() })
        let interval = leg.selection.configuration.minimumSwitchInterval

        var script = ReportScript()
        var bad = false  // a two-state (Gilbert) loss model: good and bad periods of random length
        var switches: [MediaTime] = []
        for _ in 0..<400 {
            if Double.random(in: 0..<1, using: &rng) < 0.08 { bad.toggle() }
            let loss = bad ? Double.random(in: 0.02..<0.3, using: &rng) : Double.random(in: 0..<0.012, using: &rng)
            let (block, time) = script.next(loss: loss, interval: Double.random(in: 2.5..<7.5, using: &rng))
            var actions = leg.receiveReport(block, at: time)
            if Double.random(in: 0..<1, using: &rng) < 0.03 {
                bandwidth = Self.bandwidths.randomElement(using: &rng)!
                actions += leg.bandwidthChanged(bandwidth, at: time)
            }
            for action in actions {
                let onePriced = leg.selection.best(bandwidth: bandwidth, excluding: leg.refused)?.fitsBandwidth == true
                switch action {
                case .switchCodec(let decision):
                    if let last = switches.last { #expect(time - last >= interval) }
                    switches.append(time)
                    #expect(names.contains(decision.to.codec.encodingName.lowercased()))
                    #expect(!leg.refused.contains(decision.to.codec.encodingName.lowercased()))  // 488 is final
                    if onePriced { #expect(decision.to.fitsBandwidth) }
                    let media = try #require(decision.offer.media.first)
                    #expect(media.formats.first == String(decision.to.codec.payloadType))
                    #expect(media.formats.contains("101") == events)  // RFC 4733 kept
                    // The device answers within two seconds: accepts (any offered codec), 488 or 491.
                    let answerTime = time + .milliseconds(Int64.random(in: 50..<2000, using: &rng))
                    switch Int.random(in: 0..<10, using: &rng) {
                    case 0: _ = leg.reinviteFailed(status: 488, at: answerTime)
                    case 1: _ = leg.reinviteFailed(status: 491, at: answerTime)
                    default:
                        let offered = media.formats.compactMap { UInt8($0) }.compactMap { media.rtpMap(for: $0) }
                            .filter { $0.encodingName != "telephone-event" }
                        let pick = offered.randomElement(using: &rng)?.encodingName
                        _ = leg.receiveAnswer(try answer(decision.offer, pick: pick), at: answerTime)
                    }
                case .adaptOpus(let settings, _):
                    #expect(leg.current.isOpus)
                    if leg.selection.opusBitrate(fitting: bandwidth) != nil {
                        var priced = SDPCodec.opus
                        priced.bitrate = UInt32(settings.bitrate)
                        #expect(bandwidth.fits(priced, packetTime: 20))
                    }
                    #expect(settings.bitrate >= leg.selection.configuration.opusMinimumBitrate)
                    #expect(settings.bitrate <= leg.selection.configuration.opusMaximumBitrate)
                case .codecInEffect:
                    Issue.record("codecInEffect only answers receiveAnswer")
                }
            }
            #expect(names.contains(leg.current.codec.encodingName.lowercased()))
        }
    }

    @Test("Hostile report blocks (RFC 3550 §6.4.1 fields at random: negative, wrapping, 100 % loss) never break the chooser")
    func hostileReports() throws {
        var rng = SeededGenerator(seed: 0xBAD)
        var leg = try chooser(device: [.opus, .pcma, .g729], bandwidth: .applicationSpecific(kbps: 64))
        var time = MediaTime.zero
        var last: MediaTime?
        for _ in 0..<5000 {
            time = time + .milliseconds(Int64.random(in: 0..<8000, using: &rng))
            let block = RTCPReportBlock(
                ssrc: UInt32.random(in: 0...UInt32.max, using: &rng), fractionLost: UInt8.random(in: 0...255, using: &rng),
                cumulativeLost: Int32.random(in: -0x80_0000...0x7F_FFFF, using: &rng),
                extendedHighestSequence: UInt32.random(in: 0...UInt32.max, using: &rng),
                jitter: UInt32.random(in: 0...UInt32.max, using: &rng),
                lastSenderReport: UInt32.random(in: 0...UInt32.max, using: &rng),
                delaySinceLastSenderReport: UInt32.random(in: 0...UInt32.max, using: &rng))
            let arrival = NTPTimestamp(rawValue: UInt64.random(in: 0...UInt64.max, using: &rng))
            for action in leg.receiveReport(block, arrival: arrival, at: time) {
                guard let decision = action.switchDecision else { continue }
                if let last { #expect(time - last >= leg.selection.configuration.minimumSwitchInterval) }
                last = time
                _ = leg.receiveAnswer(try answer(decision.offer), at: time)
            }
            #expect(["opus", "PCMA", "G729"].contains(leg.current.codec.encodingName))
            if let rtt = leg.roundTripTime { #expect(rtt >= .zero) }
        }
    }
}
