import CodecPolicy
import MediaCodecs
import MediaSessions
import RTPWire
import SDPNegotiation
import SDPWire
import Testing

@Suite("Codec chooser: RTCP loss, recovery, re-INVITE")
struct CodecChooserTests {
    /// A G.711 leg with room for it (b=AS:100) and a device without Opus: the only way down is G.729.
    func g711Leg() throws -> CodecChooser {
        try chooser(device: [.pcma, .pcmu, .g729], bandwidth: .applicationSpecific(kbps: 100))
    }

    @Test("RFC 3550 §6.4.1 sustained loss (≥ 3 % for 15 s, three reports): G.711 steps down to G.729 by re-INVITE")
    func sustainedLoss() throws {
        var leg = try g711Leg()
        #expect(leg.current.codec.encodingName == "PCMA" && !leg.current.transcoding)
        var script = ReportScript()
        #expect(drive(&leg, &script, count: 8) { _ in 0 }.isEmpty)  // 40 s clean
        let actions = drive(&leg, &script, count: 3) { _ in 0.05 }
        #expect(actions.count == 1)
        let (time, action) = try #require(actions.first)
        #expect(time == .seconds(55))  // the third lossy report, 15 s after the run began at 40 s
        let decision = try #require(action.switchDecision)
        #expect(decision.reason == .sustainedLoss)
        #expect(decision.from.codec.encodingName == "PCMA")
        #expect(decision.to.codec.encodingName == "G729")
        // RFC 3264 §8: the new offer, chosen codec first, telephone-event kept, version incremented.
        let media = try #require(decision.offer.media.first)
        #expect(media.formats == ["18", "101"])
        #expect(decision.offer.origin.sessionVersion == "2")
        #expect(media.port == localMedia.port)
        #expect(leg.pendingSwitch == decision)
        // The answer puts G.729 in effect.
        let effect = leg.receiveAnswer(try answer(decision.offer), at: .seconds(55.3))
        #expect(effect == [.codecInEffect(decision.to)])
        #expect(leg.current.codec.encodingName == "G729")
        #expect(leg.pendingSwitch == nil)
    }

    @Test("Loss bursts are not sustained loss: one or two bad intervals, or alternating loss, change nothing")
    func bursts() throws {
        var leg = try g711Leg()
        var script = ReportScript()
        // A 30 % burst in one 5 s interval: averaged over three reports it is 10 %, still no switch.
        #expect(drive(&leg, &script, count: 20) { $0 == 10 ? 0.30 : 0 }.isEmpty)
        // Two bad intervals in a row (minimumReports is three).
        #expect(drive(&leg, &script, count: 20) { $0 == 5 || $0 == 6 ? 0.20 : 0 }.isEmpty)
        // Ten minutes of alternating 10 % / 0 %: each clean report breaks the lossy run.
        #expect(drive(&leg, &script, count: 120) { $0 % 2 == 0 ? 0.10 : 0 }.isEmpty)
        // Below the per-report floor (1.5 %) every time: 1.2 % is no sustained loss either.
        #expect(drive(&leg, &script, count: 20) { _ in 0.012 }.isEmpty)
        #expect(leg.current.codec.encodingName == "PCMA")
    }

    @Test("RFC 7587 §3.1.2 / RFC 6716 §2.1.7: Opus first gets FEC and the loss %, then 25 % bitrate cuts, then a switch")
    func opusAdaptsFirst() throws {
        var leg = try chooser(device: [.opus, .pcma, .g729], bandwidth: .applicationSpecific(kbps: 64))
        #expect(leg.current.codec.encodingName == "opus")
        #expect(leg.current.opus?.bitrate == 20_000)
        var script = ReportScript()
        _ = drive(&leg, &script, count: 8) { _ in 0 }
        let actions = drive(&leg, &script, count: 12) { _ in 0.05 }
        // 12 of 250 packets lost per interval: 4.8 % → 5 % expected loss.
        #expect(actions.map(\.0) == [.seconds(55), .seconds(70), .seconds(85)])
        #expect(actions[0].1.opusSettings == OpusSettingsView(bitrate: 20_000, fec: true, loss: 5, reason: .sustainedLoss))
        // 20 × 0.75 = 15 kbit/s is below the FEC floor (16): the cut stops there.
        #expect(actions[1].1.opusSettings == OpusSettingsView(bitrate: 16_000, fec: true, loss: 5, reason: .sustainedLoss))
        // At the 16 kbit/s floor (32 kbit/s on the wire) G.729 (24) is lower: now the re-INVITE.
        let decision = try #require(actions[2].1.switchDecision)
        #expect(decision.to.codec.encodingName == "G729")
        #expect(decision.from.opus?.bitrate == 16_000)
    }

    @Test("Opus without the device's useinbandfec=1 adapts loss % and bitrate but never turns FEC on (RFC 7587 §6.1)")
    func opusWithoutFEC() throws {
        var leg = try chooser(device: [.opus], bandwidth: .applicationSpecific(kbps: 64), fec: false)
        var script = ReportScript()
        _ = drive(&leg, &script, count: 8) { _ in 0 }
        let actions = drive(&leg, &script, count: 15) { _ in 0.08 }
        #expect(actions.compactMap(\.1.opusSettings).map(\.fec) == [false, false])
        #expect(actions.compactMap(\.1.opusSettings).map(\.loss) == [8, 8])
        // Opus alone and at its floor: nothing lower to switch to, so nothing more happens.
        #expect(actions.count == 2)
    }

    @Test("Recovery sustained for 60 s steps back up one codec; Opus bitrate goes up before any codec switch")
    func recovery() throws {
        var leg = try chooser(device: [.opus, .pcma, .g729], bandwidth: .applicationSpecific(kbps: 64))
        var script = ReportScript()
        _ = drive(&leg, &script, count: 8) { _ in 0 }
        let down = drive(&leg, &script, count: 9) { _ in 0.05 }
        let decision = try #require(down.last?.1.switchDecision)
        _ = leg.receiveAnswer(try answer(decision.offer), at: script.time)
        #expect(leg.current.codec.encodingName == "G729")
        // Clean from now on: the step up comes after 60 s of clean reports, not before.
        let up = drive(&leg, &script, count: 20) { _ in 0 }
        let (time, action) = try #require(up.first)
        #expect(time == .seconds(145))  // switched at 85 s + the 60 s recovery window
        let upSwitch = try #require(action.switchDecision)
        #expect(upSwitch.reason == .recovery)
        #expect(upSwitch.to.codec.encodingName == "opus")  // PCMA (80) does not fit b=AS:64
        #expect(upSwitch.offer.media.first?.formats == ["111", "18", "101"])  // G.729 kept as a fallback
        // RFC 7587 §6.1: the device is told the rate that fits.
        #expect(upSwitch.offer.media.first?.formatParameters(for: "111")?.parameters.contains("maxaveragebitrate=20000") == true)
        _ = leg.receiveAnswer(try answer(upSwitch.offer), at: time)
        #expect(leg.current.opus?.bitrate == 20_000)
    }

    @Test("Opus back up after loss: the bitrate climbs in steps to what fits before anything else")
    func opusRecovery() throws {
        var leg = try chooser(device: [.opus], bandwidth: .applicationSpecific(kbps: 64))
        var script = ReportScript()
        _ = drive(&leg, &script, count: 8) { _ in 0 }
        _ = drive(&leg, &script, count: 9) { _ in 0.05 }
        #expect(leg.current.opus?.bitrate == 16_000)
        #expect(leg.current.opus?.packetLossPercent == 5)
        let up = drive(&leg, &script, count: 60) { _ in 0 }.compactMap(\.1.opusSettings)
        #expect(up.map(\.bitrate) == [20_000])  // 16 / 0.75 = 21.3, capped at 20
        #expect(up.map(\.loss) == [0])
        #expect(up.allSatisfy { $0.reason == .recovery })
    }

    @Test("No flapping when loss comes back with the higher rate: never two switches within 30 s, waits double")
    func noFlapping() throws {
        var leg = try g711Leg()
        var script = ReportScript()
        var switches: [MediaTime] = []
        // A congested access link: 8 % loss while the leg sends more than 40 kbit/s, none below.
        for _ in 0..<360 {  // 30 minutes
            let rate = leg.current.onWire(packetTime: 20)
            let (block, time) = script.next(loss: rate > 40_000 ? 0.08 : 0)
            for action in leg.receiveReport(block, at: time) {
                guard let decision = action.switchDecision else { continue }
                switches.append(time)
                _ = leg.receiveAnswer(try answer(decision.offer), at: time)
            }
        }
        let gaps = zip(switches.dropFirst(), switches).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= .seconds(30) })
        // Down after 15 s of loss (held to 30 s by the minimum interval), up after 60 s clean; each loss that follows
        // an up-step within 300 s doubles the next recovery wait: 60, 120, 240, 480, then capped at 8 × 60.
        #expect(switches.first == .seconds(30))
        let seconds = gaps.map { $0.components.seconds }
        #expect(seconds == [60, 30, 120, 30, 240, 30, 480, 30, 480, 30])
        #expect(switches.count == 11)  // in 30 minutes; without the doubling it would be ≈ 40 (one cycle per 90 s)
    }

    @Test("RFC 3261 §14.1 / RFC 3264 §8: a 491 keeps the codec and backs off 60 s, then 120 s; a 488'd codec is not offered again")
    func failedReinvite() throws {
        var leg = try g711Leg()
        var script = ReportScript()
        _ = drive(&leg, &script, count: 8) { _ in 0 }
        var offers: [MediaTime] = []
        for _ in 0..<60 {
            let (block, time) = script.next(loss: 0.05)
            for action in leg.receiveReport(block, at: time) where action.switchDecision != nil {
                offers.append(time)
                #expect(leg.reinviteFailed(status: 491, at: time + .milliseconds(200)).isEmpty)
                #expect(leg.current.codec.encodingName == "PCMA")
            }
        }
        // Offer at 55 s; 491 → next allowed 115.2 s (report at 120 s: runs were reset, 15 s more loss needed → 120 s
        // is already past it); then 120 s back-off, then 240 s.
        #expect(offers.count >= 3)
        let gaps = zip(offers.dropFirst(), offers).map { $0 - $1 }
        #expect(gaps[0] >= .seconds(60) && gaps[0] < .seconds(75))
        #expect(gaps[1] >= .seconds(120) && gaps[1] < .seconds(135))
        // 488: G.729 refused, PCMU is not lower than PCMA: nothing left to offer.
        var refusing = try g711Leg()
        var script2 = ReportScript()
        _ = drive(&refusing, &script2, count: 8) { _ in 0 }
        let first = drive(&refusing, &script2, count: 3) { _ in 0.05 }
        #expect(first.count == 1)
        _ = refusing.reinviteFailed(status: 488, at: script2.time)
        #expect(refusing.refused == ["g729"])
        #expect(drive(&refusing, &script2, count: 100) { _ in 0.05 }.isEmpty)
        #expect(refusing.current.codec.encodingName == "PCMA")
    }

    @Test("Bandwidth drop: a running Opus is lowered at once without signalling; G.711 that no longer fits is switched")
    func bandwidthChanges() throws {
        var opus = try chooser(device: [.opus, .pcma], bandwidth: .applicationSpecific(kbps: 64))
        let lowered = opus.bandwidthChanged(.applicationSpecific(kbps: 30), at: .seconds(1))
        #expect(lowered.compactMap(\.opusSettings) == [
            OpusSettingsView(bitrate: 14_000, fec: true, loss: 0, reason: .bandwidthChanged)
        ])
        // More room again, no loss: straight back up to what fits.
        #expect(opus.bandwidthChanged(.applicationSpecific(kbps: 64), at: .seconds(2)).compactMap(\.opusSettings) == [
            OpusSettingsView(bitrate: 20_000, fec: true, loss: 0, reason: .bandwidthChanged)
        ])
        var g711 = try g711Leg()
        // Too early (the call began at 0, minimum interval 30 s): nothing yet, the next report retries.
        #expect(g711.bandwidthChanged(.applicationSpecific(kbps: 50), at: .seconds(10)).isEmpty)
        var script = ReportScript()
        let actions = drive(&g711, &script, count: 6) { _ in 0 }
        let (time, action) = try #require(actions.first)
        #expect(time == .seconds(30))
        #expect(action.switchDecision?.to.codec.encodingName == "G729")
        #expect(action.switchDecision?.reason == .bandwidthChanged)
        // More bandwidth later, no loss: straight back to the relayed G.711.
        _ = g711.receiveAnswer(try answer(try #require(action.switchDecision).offer), at: time)
        let up = g711.bandwidthChanged(.applicationSpecific(kbps: 200), at: time + .seconds(40))
        #expect(up.first?.switchDecision?.to.codec.encodingName == "PCMA")
        #expect(up.first?.switchDecision?.to.transcoding == false)
    }

    @Test("RFC 3550 §6.4.1: RTT = A − LSR − DLSR from the report block")
    func roundTrip() throws {
        var leg = try g711Leg()
        let sent = NTPTimestamp(seconds: 3_900_000_000, fraction: 0)
        let arrival = NTPTimestamp(rawValue: sent.rawValue + (UInt64(1) << 32) * 3 / 10)  // 300 ms later
        let block = RTCPReportBlock(
            ssrc: 1, fractionLost: 0, cumulativeLost: 0, extendedHighestSequence: 10, jitter: 0,
            lastSenderReport: sent.middle32, delaySinceLastSenderReport: 65536 / 10)  // held 100 ms
        _ = leg.receiveReport(block, arrival: arrival, at: .seconds(5))
        let rtt = try #require(leg.roundTripTime)
        #expect(abs((rtt - .milliseconds(200)).nanosecondsValue) < 100_000)
    }
}
