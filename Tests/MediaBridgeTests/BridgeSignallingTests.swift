import MediaBridge
import MediaCodecs
import MediaSessions
import NIOCore
import RTPWire
import RerouteTestSupport
import Testing

@Suite("CallMediaBridge: DTMF ↔ RFC 4733, ringback and early media, pseudowire loss")
struct BridgeSignallingTests {
    static let leg = MediaLegID(7)

    /// The caller's keypad: Q.23 digits from spandsp's generator (80 ms on, 80 ms off), A-law.
    static func keyed(_ digits: String) throws -> [Int16] {
        let generator = try DTMFGenerator(level: -10, onMilliseconds: 80, offMilliseconds: 80)
        generator.enqueue(digits.compactMap { DTMFDigit(character: $0) })
        var audio = [Int16](repeating: 0, count: 1600)
        while true {
            let chunk = generator.generate(samples: 160)
            if chunk.isEmpty { break }
            audio += chunk
        }
        return audio + [Int16](repeating: 0, count: 1600)
    }

    @Test("RFC 4733 §2.5.1: TDM digits become events (one timestamp each, marker first, E bit ×3) and tones again")
    func dtmfRoundTrip() throws {
        let a = try BridgeHarness()
        let b = try BridgeHarness()
        for side in [a, b] {
            try side.bridge.addLeg(Self.leg, codec: .pcma(telephoneEvent: RTPPayloadType(101)))
            side.bridge.answer(Self.leg)
        }
        let digits = "159#0*D"
        let input = try Self.keyed(digits)
        a.run(periods: input.count / 8 + 300, input: input.alaw, to: b, leg: Self.leg, farLeg: Self.leg)

        // A's packets towards the app, grouped by event timestamp.
        let events = a.rtpOut.filter { $0.packet.header.payloadType == RTPPayloadType(101) }
        var byTimestamp: [UInt32: [TelephoneEvent]] = [:]
        var order: [UInt32] = []
        for entry in events {
            let event = try TelephoneEvent.decode(entry.packet.payload)
            if byTimestamp[entry.packet.header.timestamp] == nil {
                order.append(entry.packet.header.timestamp)
                // §2.5.1.1: the first packet of an event has the marker bit.
                #expect(entry.packet.header.marker)
            }
            byTimestamp[entry.packet.header.timestamp, default: []].append(event)
        }
        let sentDigits = String(order.compactMap { byTimestamp[$0]!.first?.dtmfCharacter })
        #expect(sentDigits == digits)
        for timestamp in order {
            let packets = byTimestamp[timestamp]!
            // §2.5.1.4: the final packet is sent three times; durations never shrink (§2.5.1.3).
            #expect(packets.filter { $0.isEnd }.count == 3)
            #expect(packets.suffix(3).allSatisfy { $0.isEnd })
            #expect(zip(packets, packets.dropFirst()).allSatisfy { $0.duration <= $1.duration })
            #expect(Set(packets.map(\.event)).count == 1)
            // 80 ms digits, detected ≈ 40 ms late and ended one packet period late at most: 60–140 ms.
            let duration = Int(packets.last!.duration) / 8
            #expect((60...140).contains(duration), "duration \(duration) ms")
        }
        // RFC 3550 §5.1: RTP timestamps keep following the sampling clock across events: every packet period
        // moves the timestamp by 160 in total.
        let all = a.rtpOut.filter { $0.leg == Self.leg }
        let first = all.first!
        let last = all.last!
        #expect(last.packet.header.timestamp &- first.packet.header.timestamp == UInt32(160 * (all.count - 1)))

        // B's caller hears the digits again (the events became Q.23 tones on the timeslot).
        let detector = try DTMFDetector()
        let heard = detector.process(b.tdmOut.linear).filter { $0.kind == .start }.map(\.digit.character)
        #expect(String(heard) == digits)
    }

    /// 25 ms block levels of the timeslot output.
    static func blocks(_ octets: [UInt8]) -> [Double] {
        SignalAnalysis.blockLevels(octets.linear, block: 200)
    }

    @Test("E.180 Suppl. 2 (GB): ringback 400+450 Hz 0.4/0.2/0.4/2.0 s while ringing, the answering leg after answer")
    func ringbackThenAnswer() throws {
        let h = try BridgeHarness(configuration: .init(country: .gb))
        try h.bridge.addLeg(Self.leg, codec: .pcma())
        h.run(periods: 6000)  // two 3 s cadences
        let levels = Self.blocks(h.tdmOut)
        let cadence = [(0, 400, true), (400, 600, false), (600, 1000, true), (1000, 3000, false)]
        for (index, level) in levels.enumerated() {
            let start = (index * 25) % 3000
            let end = start + 25
            // Blocks within 10 ms of a cadence edge are not judged (spandsp switches on sample boundaries).
            guard let part = cadence.first(where: { start >= $0.0 + 10 && end <= $0.1 - 10 }) else { continue }
            if part.2 { #expect(level > -30, "block \(index) should ring") } else {
                #expect(level < -50, "block \(index) should be silent")
            }
        }
        let tone = h.tdmOut.linear
        #expect(SignalAnalysis.tonePower(tone[0..<3200], frequency: 425) < SignalAnalysis.tonePower(tone[0..<3200], frequency: 400))

        // The device sends early media (a 1 kHz tone): it replaces the ringback.
        let audio = TestSignals.tone(1000, seconds: 4, amplitude: 4000).alaw
        var packets: [(period: Int, leg: MediaLegID, packet: RTPPacket)] = []
        for k in 0..<(audio.count / 160) {
            let header = RTPHeader(payloadType: .pcma, sequenceNumber: UInt16(k), timestamp: UInt32(k * 160), ssrc: 9)
            packets.append((k * 20, Self.leg, RTPPacket(header: header, payload: ByteBuffer(bytes: audio[k * 160..<k * 160 + 160]))))
        }
        h.replay(packets, as: Self.leg, at: h.period)
        h.bridge.earlyMedia(from: Self.leg)
        let earlyStart = h.tdmOut.count
        h.run(periods: 2000)
        let early = Array(h.tdmOut[(earlyStart + 800)...]).linear
        #expect(SignalAnalysis.toneSNR(early[...], frequency: 1000) > 25)
        #expect(SignalAnalysis.tonePower(early[...], frequency: 400) < SignalAnalysis.tonePower(early[...], frequency: 1000) / 1000)

        // Answer: the rest of the device's audio, then silence when it stops; no ringback ever again.
        h.bridge.answer(Self.leg)
        let answerStart = h.tdmOut.count
        h.run(periods: 4000)
        let after = Array(h.tdmOut[answerStart...]).linear
        let blockLevels = SignalAnalysis.blockLevels(Array(after[(8 * 2100)...]), block: 200)
        #expect(blockLevels.allSatisfy { $0 < -50 }, "silence after the device stopped, no ringback")
    }

    @Test("Issue 7 item 2 (voicemail): answered by the gateway, a greeting then a beep play on the timeslot in order, each reported in the period its last sample leaves; then silence, no ringback; the tap records the caller")
    func announcementsThenRecording() throws {
        let h = try BridgeHarness(configuration: .init(country: .gb))
        h.run(periods: 100)  // ringing
        h.bridge.answerLocally()
        h.bridge.recording = true
        let greeting = TestSignals.tone(600, seconds: 0.5, amplitude: 4000)  // 4000 samples = 500 periods
        let beep = TestSignals.tone(1400, seconds: 0.2, amplitude: 4000)  // 1600 samples = 200 periods
        h.bridge.play(greeting, id: 1)
        h.bridge.play(beep, id: 2)
        let start = h.tdmOut.count
        let caller = TestSignals.tone(1000, seconds: 1.5, amplitude: 2000).alaw
        h.run(periods: 1500, input: caller)
        #expect(h.announcementsFinished.map(\.id) == [1, 2])
        #expect(h.announcementsFinished.map(\.period) == [100 + 499, 100 + 699])
        let out = Array(h.tdmOut[start...]).linear
        #expect(SignalAnalysis.toneSNR(out[0..<4000], frequency: 600) > 30)
        #expect(SignalAnalysis.toneSNR(out[4000..<5600], frequency: 1400) > 30)
        // After the beep: silence on the timeslot (no ringback once the gateway answered).
        #expect(SignalAnalysis.blockLevels(Array(out[5600...]), block: 200).allSatisfy { $0 < -50 })
        // The recording tap hears the caller's 1 kHz (after the pseudowire's playout delay).
        #expect(h.recorded.count >= 11_000)
        #expect(SignalAnalysis.toneSNR(h.recorded[4000..<11_000], frequency: 1000) > 25)
    }

    @Test("Q.24 / issue 7 item 2: keys the caller presses on a call the gateway answered itself (no leg) are reported once each, in order — the voicemail deposit's #")
    func keysOnALocallyAnsweredCall() throws {
        let h = try BridgeHarness(configuration: .init(country: .gb))
        h.bridge.answerLocally()
        let input = try Self.keyed("1#")
        h.run(periods: input.count / 8, input: input.alaw)
        #expect(h.digits.map(\.digit) == ["1", "#"])
        // Q.24: recognised within the 40 ms of an 80 ms digit, so the two reports are 160 ms (one on-off cycle) apart.
        if h.digits.count == 2 {
            #expect((140...180).contains(h.digits[1].period - h.digits[0].period))
        }
    }

    @Test("Announcements stopped (the caller pressed a key, or hung up) report nothing and leave silence")
    func announcementsStopped() throws {
        let h = try BridgeHarness(configuration: .init(country: .gb))
        h.bridge.answerLocally()
        h.bridge.play(TestSignals.tone(600, seconds: 1, amplitude: 4000), id: 7)
        h.run(periods: 100)
        h.bridge.stopAnnouncements()
        let start = h.tdmOut.count
        h.run(periods: 500)
        #expect(h.announcementsFinished.isEmpty)
        #expect(SignalAnalysis.blockLevels(Array(h.tdmOut[start...]).linear, block: 200).allSatisfy { $0 < -50 })
    }

    @Test("RFC 5086 §6.2: 5 % loss and reordering on the pseudowire still give the app a continuous stream")
    func pseudowireLoss() throws {
        let h = try BridgeHarness()
        h.network = LossyNetwork(rng: SeededGenerator(seed: 5086), loss: 0.05, maxDelay: 2)
        try h.bridge.addLeg(Self.leg, codec: .pcma())
        h.bridge.answer(Self.leg)
        let tone = TestSignals.tone(440, seconds: 4, amplitude: 4000)
        h.run(periods: tone.count / 8, input: tone.alaw)
        #expect(h.channelizer.lostPackets > 100)  // ≈ 5 % of 4000 periods lost or late
        let packets = h.rtpOut.filter { $0.leg == Self.leg }
        // One packet every 20 ms from the first: no hole in the app's stream.
        #expect(zip(packets, packets.dropFirst()).allSatisfy { $1.period - $0.period == 20 })
        #expect(packets.count >= tone.count / 160 - 2)
        let received = h.sentPCMA(on: Self.leg)
        let levels = SignalAnalysis.blockLevels(Array(received[800...]), block: 160)
        let reference = SignalAnalysis.level(tone)
        // Concealed 1 ms holes keep each 20 ms block within 3 dB of the tone (no dropouts, no bursts).
        #expect(levels.dropLast().allSatisfy { abs($0 - reference) <= 3 }, "min \(levels.min()!) ref \(reference)")
        // The CE saw a continuous sequence from us regardless (RFC 5086 §5.2: +1 per packet).
        #expect(zip(h.sequences, h.sequences.dropFirst()).allSatisfy { $1 == $0 &+ 1 })
    }
}
