import RerouteTestSupport
import Testing
@testable import MediaCodecs
import CSRTP

@Suite("Transcoder and codec descriptor")
struct TranscoderTests {
    @Test("no transcoding when both legs agree: same G.711 law, any Opus settings, any G.729 Annex B")
    func passthrough() throws {
        #expect(try Transcoder(from: .g711(.aLaw), to: .g711(.aLaw)).isPassthrough)
        #expect(try !Transcoder(from: .g711(.aLaw), to: .g711(.muLaw)).isPassthrough)
        let narrow = CodecFormat.opus(OpusSettings(sampleRate: 8000, bitrate: 12000))
        let full = CodecFormat.opus(OpusSettings(sampleRate: 48000, bitrate: 40000))
        #expect(try Transcoder(from: narrow, to: full).isPassthrough)
        #expect(try !Transcoder(from: .g711(.aLaw), to: narrow).isPassthrough)
        let payload: [UInt8] = [1, 2, 3]
        #expect(try Transcoder(from: narrow, to: full).transcode(payload) == [payload])
    }

    @Test("A-law → µ-law transcoding gives one 160-octet packet per 20 ms and the same audio")
    func lawChange() throws {
        let transcoder = try Transcoder(from: .g711(.aLaw), to: .g711(.muLaw))
        let sweep = TestSignals.sweep(seconds: 0.2)
        var output: [Int16] = []
        for start in stride(from: 0, to: sweep.count, by: 160) {
            let packets = try transcoder.transcode(G711Codec.encode(Array(sweep[start..<start + 160]), law: .aLaw))
            #expect(packets.map(\.count) == [160])
            output += packets.flatMap { G711Codec.decode($0, law: .muLaw) }
        }
        #expect(SignalAnalysis.snr(output, against: sweep) >= 30)
    }

    @Test("G.711 → G.729 at 20 ms packs two 10-octet frames per packet (RFC 3551 §4.5.6)")
    func g729Packing() throws {
        let transcoder = try Transcoder(from: .g711(.aLaw), to: .g729(G729Parameters(annexB: false)))
        let packets = try transcoder.transcode(G711Codec.encode(TestSignals.sweep(seconds: 0.02), law: .aLaw))
        #expect(packets.map(\.count) == [20])
        #expect(try transcoder.concealLoss(milliseconds: 20).map(\.count) == [20])
    }

    // RFC 3550 §5.1 (RTP 12 octets) + UDP 8 + IPv4 20: G.711 at 20 ms is (160 + 40) × 8 × 50 = 80 kbit/s;
    // G.729 (20 + 40) × 8 × 50 = 24 kbit/s; IPv6 adds 20 octets a packet (8 kbit/s at 50 packets/s).
    @Test("RFC 3550/3551: bitrate with IP/UDP/RTP overhead per ptime and 'fits in N kbit/s'")
    func descriptor() {
        let g711 = CodecDescriptor(format: .g711(.aLaw))
        #expect(g711.networkBitrate() == 80000)
        #expect(g711.networkBitrate(ip: .v6) == 88000)
        let g729 = CodecDescriptor(format: .g729(G729Parameters()))
        #expect(g729.networkBitrate() == 24000)
        #expect(CodecDescriptor(format: .g729(G729Parameters()), ptime: 40).networkBitrate() == 16000)
        #expect(g729.fits(kbps: 24) && !g729.fits(kbps: 23))
        let opus = CodecDescriptor(format: .opus(OpusSettings(bitrate: 16000)))
        #expect(opus.networkBitrate() == 32000)
        #expect(!g711.fits(kbps: 64) && g711.fits(kbps: 80))
    }

    // The CSRTP module map links libsrtp2 (RFC 3711) for the RTP session code; prove it links. Its global state is
    // initialised once per process by MediaSecurity and never shut down: an srtp_shutdown() here would pull the
    // crypto kernel from under SRTP contexts of tests running in the same process.
    @Test("libsrtp2 links (RFC 3711 library for SRTP legs)")
    func srtpLinks() {
        #expect(srtp_get_version() >= 0x0002_0000)
    }
}
