import CodecPolicy
import MediaCodecs
import SDPNegotiation
import SDPWire
import Testing

@Suite("Codec choice by bandwidth")
struct CodecSelectionTests {
    static let all = CodecSelection(candidates: SDPCodec.mediaSide)
    static let noOpus = CodecSelection(candidates: [.pcma, .pcmu, .g729])

    @Test(
        "b=AS (RFC 8866 §5.8, IP/UDP/RTP counted, 16 kbit/s at 20 ms): best quality that fits, Opus sized to fit",
        arguments: [
            // 16: even G.729 (24) and Opus at 8 kbit/s (24) are too big: the lowest rate, ties to the better codec.
            (UInt64(16), "opus", 8_000, false, true),
            (UInt64(24), "opus", 8_000, true, true),  // 8 000 + 16 000 fits exactly
            (UInt64(40), "opus", 20_000, true, true),  // 24 kbit/s would fit; RFC 7587 §3.1.1 NB/WB cap 20
            (UInt64(64), "opus", 20_000, true, true),
            (UInt64(79), "opus", 20_000, true, true),  // G.711 needs 80
            (UInt64(80), "PCMA", 64_000, true, false),  // G.711 fits: relayed to the E1 unchanged
            (UInt64(100), "PCMA", 64_000, true, false),
        ])
    func applicationSpecific(kbps: UInt64, name: String, bitrate: Int, fits: Bool, transcoding: Bool) throws {
        let choice = try #require(Self.all.best(bandwidth: .applicationSpecific(kbps: kbps)))
        #expect(choice.codec.encodingName == name)
        #expect(Int(choice.codec.bitrate) == bitrate)
        #expect(choice.fitsBandwidth == fits)
        #expect(choice.transcoding == transcoding)
        #expect(choice.opus?.bitrate == (name == "opus" ? bitrate : nil))
    }

    @Test(
        "b=TIAS (RFC 3890 §6.2, no IP/UDP overhead; SDPBitrate adds the 4.8 kbit/s RTP header at 20 ms) admits more payload",
        arguments: [
            (UInt64(16_000), "opus", 11_000),  // 11 000 + 4 800 ≤ 16 000; as b=AS:16 nothing fit
            (UInt64(24_000), "opus", 19_000),
            (UInt64(40_000), "opus", 20_000),
            (UInt64(64_000), "opus", 20_000),  // G.711: 64 000 + 4 800 > 64 000
            (UInt64(70_000), "PCMA", 64_000),  // while b=AS:70 keeps Opus (below)
            (UInt64(100_000), "PCMA", 64_000),
        ])
    func transportIndependent(bps: UInt64, name: String, bitrate: Int) throws {
        let choice = try #require(Self.all.best(bandwidth: .transportIndependent(bps: bps)))
        #expect(choice.codec.encodingName == name)
        #expect(Int(choice.codec.bitrate) == bitrate)
        #expect(choice.fitsBandwidth)
    }

    @Test("RFC 8866 §5.8 vs RFC 3890: 70 kbit/s as b=AS does not hold G.711 (80 on the wire), as b=TIAS it does")
    func asVersusTIAS() throws {
        #expect(Self.all.best(bandwidth: .applicationSpecific(kbps: 70))?.codec.encodingName == "opus")
        #expect(Self.all.best(bandwidth: .transportIndependent(bps: 70_000))?.codec.encodingName == "PCMA")
    }

    @Test(
        "Without Opus: G.729 (24 kbit/s on the wire) below 80 kbit/s, G.711 A-law from 80",
        arguments: [
            (UInt64(16), "G729", false), (UInt64(24), "G729", true), (UInt64(40), "G729", true),
            (UInt64(64), "G729", true), (UInt64(100), "PCMA", true),
        ])
    func withoutOpus(kbps: UInt64, name: String, fits: Bool) throws {
        let choice = try #require(Self.noOpus.best(bandwidth: .applicationSpecific(kbps: kbps)))
        #expect(choice.codec.encodingName == name)
        #expect(choice.fitsBandwidth == fits)
    }

    @Test("No transcoding when both sides agree: PCMA relayed to the E1 A-law even though Opus ranks higher")
    func noTranscoding() throws {
        let choice = try #require(Self.all.best(bandwidth: .unknown))
        #expect(choice.codec.encodingName == "PCMA")
        #expect(!choice.transcoding)
        #expect(choice.codec.format(opus: nil)?.isRelayable(to: .g711(.aLaw)) == true)
        // A µ-law device (G.711 A ↔ µ, G.711 Tables 3/4) is transcoded; Opus still ranks above PCMU.
        let muLawDevice = CodecSelection(candidates: [.pcmu, .g729])
        let mu = try #require(muLawDevice.best(bandwidth: .applicationSpecific(kbps: 100)))
        #expect(mu.codec.encodingName == "PCMU" && mu.transcoding)
        let muOrOpus = CodecSelection(candidates: [.opus, .pcmu])
        #expect(muOrOpus.best(bandwidth: .applicationSpecific(kbps: 100))?.codec.encodingName == "opus")
        // On a µ-law network side, PCMU is the one relayed.
        let usNetwork = CodecSelection(candidates: SDPCodec.mediaSide, network: .g711(.muLaw))
        #expect(usNetwork.best(bandwidth: .unknown)?.codec.encodingName == "PCMU")
    }

    @Test("RFC 3264 §6.1: the codecs both sides support, matched by rtpmap, and the device's useinbandfec=1 (RFC 7587 §6.1)")
    func commonCodecs() throws {
        let sdp = try deviceSDP([.opus, .g729])
        let audio = try #require(sdp.media.first)
        let common = CodecSelection.common(local: SDPCodec.mediaSide, remote: audio)
        #expect(common.codecs.map(\.encodingName) == ["opus", "G729"])
        #expect(common.fec)
        let noFEC = try #require(try deviceSDP([.opus], fec: false).media.first)
        #expect(!CodecSelection.common(local: SDPCodec.mediaSide, remote: noFEC).fec)
    }

    @Test("RFC 7587 §3.1.1: the Opus encoder runs narrowband at 8 kHz (the E1 side) with the chosen bitrate")
    func opusSettings() throws {
        let choice = try #require(Self.all.best(bandwidth: .applicationSpecific(kbps: 40)))
        let settings = try #require(choice.opus)
        #expect(settings.sampleRate == 8000)
        #expect(settings.maxBandwidth == .narrowband)
        #expect(settings.bitrate == 20_000)
        #expect(settings.inbandFEC)
        #expect(settings.packetLossPercent == 0)
    }
}
