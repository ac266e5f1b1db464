import MediaBridge
import MediaCodecs
import MediaSessions
import NIOCore
import RTPWire
import RerouteTestSupport
import Testing

/// A leg's codec changed mid-call (the answer to a re-INVITE, RFC 3264 §8) and Opus settings adapted without
/// signalling (RFC 7587 §3.1), on the bridge alone.
@Suite("CallMediaBridge: codec change mid-call and Opus adaptation")
struct CodecChangeTests {
    static let leg = MediaLegID(1)

    /// An answered bridge on PCMA with the caller's 1 kHz on the timeslot.
    static func answered(_ codec: MediaLegCodec) throws -> (BridgeHarness, [UInt8]) {
        let harness = try BridgeHarness()
        try harness.bridge.addLeg(leg, codec: codec)
        harness.bridge.answer(leg)
        return (harness, TestSignals.tone(1000, seconds: 3, amplitude: 4000).alaw)
    }

    @Test(
        "RFC 3264 §8 + RFC 3550 §5.1: PCMA → G.729 → Opus in place — each packet of the new payload type, sequence +1, timestamps increasing by each codec's samples per 20 ms (160 at 8 kHz, 960 at 48 kHz, RFC 7587 §4.1)"
    )
    func changeCodecKeepsTheStream() throws {
        let (harness, tone) = try Self.answered(.pcma())
        harness.run(periods: 400, input: tone)
        #expect(
            try harness.bridge.changeCodec(
                Self.leg, codec: MediaLegCodec(format: .g729(G729Parameters()), payloadType: .g729)))
        #expect(harness.bridge.codec(of: Self.leg)?.payloadType == .g729)
        harness.run(periods: 400, input: tone, from: 400)
        let opus = OpusSettings(sampleRate: 8000, bitrate: 16000, maxBandwidth: .narrowband)
        #expect(
            try harness.bridge.changeCodec(
                Self.leg, codec: MediaLegCodec(format: .opus(opus), payloadType: RTPPayloadType(111))))
        harness.run(periods: 400, input: tone, from: 800)
        #expect(harness.bridge.phase == .answered(Self.leg))

        let packets = harness.rtpOut.map(\.packet.header)
        let types = packets.map(\.payloadType.rawValue)
        // Each codec's packets form one run, in the order the codecs were put in effect.
        let runs = types.reduce(into: [UInt8]()) { runs, type in if runs.last != type { runs.append(type) } }
        #expect(runs == [8, 18, 111])
        for (previous, next) in zip(packets, packets.dropFirst()) {
            #expect(next.sequenceNumber == previous.sequenceNumber &+ 1)
            let step = next.timestamp &- previous.timestamp
            // The step after a packet is that packet's codec's samples per 20 ms.
            #expect(step == (previous.payloadType.rawValue == 111 ? 960 : 160), "\(previous) → \(next)")
        }
        // The G.729 run carries the caller's tone (10 octets per 10 ms frame, RFC 3551 §4.5.6).
        let decoder = try G729Decoder()
        let g729 = harness.rtpOut.map(\.packet).filter { $0.header.payloadType == .g729 }
        #expect(g729.allSatisfy { $0.payload.readableBytes == 20 })
        let heard = try g729.flatMap { try decoder.decode(Array($0.payload.readableBytesView)) }
        #expect(SignalAnalysis.toneSNR(heard[heard.count / 2..<heard.count / 2 + 800], frequency: 1000) > 10)
    }

    @Test("A codec change on a leg the bridge does not have changes nothing")
    func changeCodecOfUnknownLeg() throws {
        let (harness, _) = try Self.answered(.pcma())
        #expect(try !harness.bridge.changeCodec(MediaLegID(9), codec: .pcma()))
        #expect(harness.bridge.codec(of: Self.leg) == .pcma())
    }

    @Test(
        "RFC 7587 §3.1 / RFC 6716 §2.1.7: Opus bitrate lowered from 24 to 8 kbit/s mid-call shrinks the packets; a PCMA leg refuses Opus settings"
    )
    func adaptOpusBitrate() throws {
        let high = OpusSettings(
            sampleRate: 8000, bitrate: 24000, maxBandwidth: .narrowband, inbandFEC: false, packetLossPercent: 0)
        let (harness, tone) = try Self.answered(MediaLegCodec(format: .opus(high), payloadType: RTPPayloadType(111)))
        harness.run(periods: 1000, input: tone)
        var low = high
        low.bitrate = 8000
        #expect(try harness.bridge.adaptOpus(Self.leg, settings: low))
        #expect(harness.bridge.codec(of: Self.leg)?.format == .opus(low))
        harness.run(periods: 1000, input: tone, from: 1000)
        let sizes = harness.rtpOut.map { ($0.period, $0.packet.payload.readableBytes) }
        // Steady state of each half (the first 200 ms of each skipped): mean octets per 20 ms packet.
        func mean(_ range: Range<Int>) -> Double {
            let picked = sizes.filter { range.contains($0.0) }.map(\.1)
            return Double(picked.reduce(0, +)) / Double(max(picked.count, 1))
        }
        let (before, after) = (mean(200..<1000), mean(1200..<2000))
        // 8 kbit/s is 20 octets per 20 ms; at 24 kbit/s (60 octets at most) VBR spends ≈ 37 on a narrowband tone.
        #expect(after <= 22 && after < before * 0.7, "\(before) → \(after) octets")
        let timestamps = harness.rtpOut.map(\.packet.header.timestamp)
        #expect(zip(timestamps, timestamps.dropFirst()).allSatisfy { $1 &- $0 == 960 })

        let (pcma, _) = try Self.answered(.pcma())
        #expect(try !pcma.bridge.adaptOpus(Self.leg, settings: low))
    }
}
