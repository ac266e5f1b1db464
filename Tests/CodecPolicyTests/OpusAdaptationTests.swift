import CodecPolicy
import Foundation
import MediaCodecs
import MediaSessions
import RerouteTestSupport
import SDPNegotiation
import Testing

/// The chooser's Opus actions applied to a real libopus encoder (MediaCodecs.OpusEncoder): the packets must change
/// as decided.
@Suite("Codec chooser driving libopus")
struct OpusAdaptationTests {
    /// 20 ms frames of a voiced, speech-like signal at 8 kHz: a 140 Hz pulse train through two formant resonances,
    /// syllable-rate amplitude modulation, and a little seeded noise.
    static func speechLike(frames: Int, seed: UInt64) -> [[Int16]] {
        var rng = SeededGenerator(seed: seed)
        var (y1, y2, z1, z2) = (0.0, 0.0, 0.0, 0.0)
        var samples: [Int16] = []
        for n in 0..<(frames * 160) {
            let pulse = n % 57 == 0 ? 1.0 : 0.0
            // Resonators at 500 Hz and 1500 Hz (r = 0.95).
            let a: Double = 2 * 0.95 * cos(2 * Double.pi * 500 / 8000)
            let b: Double = 2 * 0.95 * cos(2 * Double.pi * 1500 / 8000)
            let y: Double = pulse + a * y1 - 0.9025 * y2
            let z: Double = y + b * z1 - 0.9025 * z2
            (y2, y1, z2, z1) = (y1, y, z1, z)
            let phase: Double = 2 * Double.pi * 4 * Double(n) / 8000
            let envelope: Double = 0.55 + 0.45 * sin(phase)
            let noise: Double = Double(Int64(rng.next() % 2001) - 1000) / 1000
            let value: Double = z * 900 * envelope + noise * 150
            samples.append(Int16(clamping: Int(value)))
        }
        return stride(from: 0, to: samples.count, by: 160).map { Array(samples[$0..<($0 + 160)]) }
    }

    /// RFC 6716 §3.1: TOC config (bits 7–3); SILK-only narrowband 20 ms is config 1.
    static func config(_ packet: [UInt8]) -> Int { Int(packet[0] >> 3) }

    /// RFC 6716 §4.2.3–§4.2.4: in a mono SILK packet of one 20 ms frame the first two range-coded bits are the VAD
    /// flag and the LBRR flag, each coded with probability ½, so the LBRR flag is bit 6 of the first octet after the
    /// TOC (the reading WebRTC's `WebRtcOpus_PacketHasFec` uses).
    static func hasLBRR(_ packet: [UInt8]) -> Bool { packet.count > 1 && packet[1] & 0x40 != 0 }

    struct Measured {
        var meanOctets: Double
        var lbrrShare: Double
        var configs: Set<Int>
    }

    static func encode(_ encoder: OpusEncoder, _ frames: ArraySlice<[Int16]>) throws -> Measured {
        var octets = 0
        var lbrr = 0
        var configs: Set<Int> = []
        for frame in frames {
            let packet = try encoder.encode(frame)
            octets += packet.count
            if hasLBRR(packet) { lbrr += 1 }
            configs.insert(config(packet))
        }
        return Measured(
            meanOctets: Double(octets) / Double(frames.count), lbrrShare: Double(lbrr) / Double(frames.count),
            configs: configs)
    }

    @Test("RFC 6716 §2.1.7 / RFC 7587 §3.1.2: FEC appears in the packets when the chooser asks; bitrate cuts shrink them")
    func encoderFollowsChooser() throws {
        var leg = try chooser(device: [.opus, .pcma, .g729], bandwidth: .applicationSpecific(kbps: 64))
        let encoder = try OpusEncoder(settings: try #require(leg.current.opus))
        let frames = Self.speechLike(frames: 1500, seed: 7)
        var next = 0
        func take(_ count: Int) -> ArraySlice<[Int16]> {
            defer { next += count }
            return frames[next..<(next + count)]
        }
        _ = try Self.encode(encoder, take(50))  // settle
        let clean = try Self.encode(encoder, take(250))

        var script = ReportScript()
        _ = drive(&leg, &script, count: 8) { _ in 0 }
        var measured: [Measured] = []
        var settings: [OpusSettings] = []
        for _ in 0..<12 {
            let (block, time) = script.next(loss: 0.05)
            for action in leg.receiveReport(block, at: time) {
                guard case .adaptOpus(let new, _) = action else { continue }
                try encoder.apply(new)
                settings.append(new)
                _ = try Self.encode(encoder, take(25))  // the encoder's rate control settles
                measured.append(try Self.encode(encoder, take(250)))
            }
        }
        #expect(settings.map(\.bitrate) == [20_000, 16_000])
        #expect(encoder.currentBitrate == 16_000)
        // Every packet: SILK narrowband 20 ms (RFC 6716 Table 2: configs 0–3 are SILK NB).
        #expect(([clean] + measured).allSatisfy { $0.configs.isSubset(of: [0, 1, 2, 3]) })
        // Before the loss report: no LBRR (libopus codes none with 0 % expected loss); after: in most packets.
        #expect(clean.lbrrShare < 0.05)
        #expect(measured.allSatisfy { $0.lbrrShare > 0.5 })
        // Each cut makes the packets smaller, and the average rate stays near the target (VBR, ±35 %).
        #expect(measured[1].meanOctets < measured[0].meanOctets * 0.9)
        for (m, s) in zip(measured, settings) {
            let rate = m.meanOctets * 8 * 50
            #expect(rate > Double(s.bitrate) * 0.65 && rate < Double(s.bitrate) * 1.35)
        }
        // Why 16 kbit/s is the floor (CodecPolicyConfiguration.opusLossFloorBitrate): one more 25 % cut and libopus
        // drops LBRR altogether, although FEC and the loss are still set.
        var below = try #require(settings.last)
        below.bitrate = 12_000
        try encoder.apply(below)
        _ = try Self.encode(encoder, take(25))
        #expect(try Self.encode(encoder, take(250)).lbrrShare < 0.05)
    }
}
