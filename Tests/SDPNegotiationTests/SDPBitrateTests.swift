import SDPNegotiation
import SDPWire
import Testing

@Suite("Codec bit rates and bandwidth ordering")
struct SDPBitrateTests {
    @Test("RFC 3550 §5.1 + RFC 768 + RFC 791: 40 bytes per packet, 50 packets/s at 20 ms = 16 kbit/s")
    func overhead() {
        #expect(SDPBitrate.overhead(packetTime: 20) == 16_000)
        #expect(SDPBitrate.overhead(packetTime: 20, ip: .v6) == 24_000)  // RFC 8200: 40-byte IPv6 header
        #expect(SDPBitrate.overhead(packetTime: 40) == 8_000)
        #expect(SDPBitrate.overhead(packetTime: 20, includeIPAndUDP: false) == 4_800)
    }

    @Test("G.711 80 kbit/s and G.729 24 kbit/s on the wire at 20 ms over IPv4")
    func onWire() {
        #expect(SDPBitrate.onWire(.pcma) == 80_000)
        #expect(SDPBitrate.onWire(.pcmu, ip: .v6) == 88_000)
        #expect(SDPBitrate.onWire(.g729) == 24_000)
        #expect(SDPBitrate.onWire(.g729, packetTime: 40) == 16_000)
        #expect(SDPBitrate.transportIndependent(.pcma) == 68_800)
    }

    @Test("RFC 3264 §5.1 preference order: without bandwidth information, best audio first, telephone-event last")
    func unknownBandwidth() {
        let order = SDPDeviceBandwidth.unknown.order([.telephoneEvent, .g729, .pcmu, .pcma, .opus])
        #expect(order.map(\.encodingName) == ["opus", "PCMA", "PCMU", "G729", "telephone-event"])
    }

    @Test(
        "Codecs that fit the device's b=AS first (by quality), the others after by rising rate",
        arguments: [
            (UInt64(100), ["opus", "PCMA", "PCMU", "G729"]),
            (UInt64(80), ["opus", "PCMA", "PCMU", "G729"]),  // 80 kbit/s holds G.711 exactly
            (UInt64(79), ["opus", "G729", "PCMA", "PCMU"]),
            (UInt64(30), ["G729", "opus", "PCMA", "PCMU"]),  // Opus at 32 kbit/s + 16 does not fit
            (UInt64(20), ["G729", "opus", "PCMA", "PCMU"]),  // nothing fits: lowest rate first
        ])
    func applicationSpecific(kbps: UInt64, expected: [String]) {
        let order = SDPDeviceBandwidth.applicationSpecific(kbps: kbps).order(SDPCodec.mediaSide)
        #expect(order.map(\.encodingName) == expected + ["telephone-event"])
    }

    @Test("RFC 3890 b=TIAS counts no IP/UDP overhead: 70 000 bit/s holds G.711 (68 800), 60 000 does not")
    func transportIndependent() {
        #expect(SDPDeviceBandwidth.transportIndependent(bps: 70_000).fits(.pcma))
        #expect(!SDPDeviceBandwidth.transportIndependent(bps: 60_000).fits(.pcma))
        #expect(!SDPDeviceBandwidth.applicationSpecific(kbps: 70).fits(.pcma))
    }

    @Test("The device's last SDP gives its bandwidth: media-level TIAS before AS (RFC 3890 §6.2)")
    func fromLastDescription() throws {
        let text =
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nb=AS:30\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\nb=TIAS:70000\r\n"
        let sdp = try SDPSessionDescription(parsing: Array(text.utf8))
        #expect(SDPDeviceBandwidth(lastDescription: sdp) == .transportIndependent(bps: 70_000))
        var sessionOnly = sdp
        sessionOnly.media[0].bandwidths = []
        #expect(SDPDeviceBandwidth(lastDescription: sessionOnly) == .applicationSpecific(kbps: 30))
        sessionOnly.bandwidths = []
        #expect(SDPDeviceBandwidth(lastDescription: sessionOnly) == .unknown)
    }
}
