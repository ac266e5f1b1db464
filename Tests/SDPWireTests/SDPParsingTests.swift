import SDPWire
import Testing

/// A WebRTC-ish audio offer with everything SDPWire types, plus lines it does not.
let richOffer = """
    v=0\r
    o=- 4858251974351650128 2 IN IP4 192.0.2.10\r
    s=-\r
    i=forwarded call\r
    c=IN IP4 192.0.2.10\r
    b=AS:84\r
    t=0 0\r
    a=ice-lite\r
    a=x-session-thing:42\r
    m=audio 49170 RTP/SAVP 111 8 0 18 101\r
    c=IN IP4 192.0.2.11\r
    b=TIAS:64000\r
    a=rtpmap:111 opus/48000/2\r
    a=fmtp:111 minptime=10;useinbandfec=1\r
    a=rtpmap:8 PCMA/8000\r
    a=rtpmap:18 G729/8000\r
    a=fmtp:18 annexb=no\r
    a=rtpmap:101 telephone-event/8000\r
    a=fmtp:101 0-16\r
    a=ptime:20\r
    a=maxptime:60\r
    a=rtcp:49171 IN IP4 192.0.2.11\r
    a=rtcp-mux\r
    a=ice-ufrag:F7gI\r
    a=ice-pwd:x9cml/YzichV2+XlhiMu8g\r
    a=candidate:1 1 UDP 2130706431 192.0.2.11 49170 typ host\r
    a=candidate:2 1 UDP 1694498815 198.51.100.7 61000 typ srflx raddr 192.0.2.11 rport 49170 generation 0\r
    a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\r
    a=x-unknown-attribute\r
    a=recvonly\r

    """

@Suite("SDPWire parsing (RFC 8866)")
struct SDPParsingTests {
    @Test("RFC 8866 §5: session fields and their order")
    func sessionFields() throws {
        let sdp = try SDPSessionDescription(parsing: Array(richOffer.utf8))
        #expect(sdp.version == 0)
        #expect(sdp.origin.sessionID == "4858251974351650128")
        #expect(sdp.origin.address == "192.0.2.10")
        #expect(sdp.sessionName == "-")
        #expect(sdp.connection == SDPConnection(address: "192.0.2.10"))
        #expect(sdp.bandwidths == [.applicationSpecific(kbps: 84)])
        #expect(sdp.timings == [SDPTiming(start: 0, stop: 0)])
        #expect(sdp.hasAttribute("ice-lite"))
        #expect(sdp.otherLines == [SDPLine(type: "i", value: "forwarded call")])
        #expect(sdp.media.count == 1)
    }

    @Test("RFC 8866 §6.6, §6.15, §6.4, §6.5: rtpmap, fmtp, ptime and maxptime")
    func codecAttributes() throws {
        let media = try #require(try SDPSessionDescription(parsing: Array(richOffer.utf8)).media.first)
        #expect(media.formats == ["111", "8", "0", "18", "101"])
        #expect(media.proto == "RTP/SAVP")
        #expect(
            media.rtpMap(for: 111)
                == SDPRTPMap(
                    payloadType: 111, encodingName: "opus", clockRate: 48000,
                    encodingParameters: "2"))
        #expect(media.rtpMap(for: 111)?.channels == 2)
        #expect(media.rtpMap(for: 0) == nil)  // static, no rtpmap given
        #expect(media.formatParameters(for: "18")?.pairs == ["annexb": "no"])
        #expect(media.formatParameters(for: "111")?.pairs["useinbandfec"] == "1")
        #expect(media.packetTime == 20)
        #expect(media.maximumPacketTime == 60)
    }

    @Test("RFC 5761 rtcp-mux, RFC 3605 rtcp, RFC 8866 §6.7 direction, §5.8 b=TIAS at media level")
    func transportAttributes() throws {
        let sdp = try SDPSessionDescription(parsing: Array(richOffer.utf8))
        let media = try #require(sdp.media.first)
        #expect(media.rtcpMux)
        #expect(media.rtcp == SDPRTCPAddress(port: 49171, connection: SDPConnection(address: "192.0.2.11")))
        #expect(media.direction == .recvonly)
        #expect(sdp.effectiveConnection(of: media)?.address == "192.0.2.11")
        #expect(sdp.declaredBandwidth(of: media) == 64000)
        #expect(sdp.declaredBandwidth() == 84000)
    }

    @Test("RFC 8839 §5.1 candidates and ICE credentials, RFC 4568 §9.1 crypto")
    func iceAndCrypto() throws {
        let media = try #require(try SDPSessionDescription(parsing: Array(richOffer.utf8)).media.first)
        #expect(media.iceUsernameFragment == "F7gI")
        #expect(media.icePassword == "x9cml/YzichV2+XlhiMu8g")
        #expect(media.candidates.count == 2)
        let srflx = media.candidates[1]
        #expect(srflx.type == "srflx")
        #expect(srflx.relatedAddress == "192.0.2.11")
        #expect(srflx.relatedPort == 49170)
        #expect(srflx.extensions == [SDPCandidate.Extension(name: "generation", value: "0")])
        #expect(
            media.candidates[0].priority
                == SDPCandidate.priority(
                    typePreference: 126, localPreference: 65535,
                    component: 1))
        let crypto = try #require(media.cryptos.first)
        #expect(crypto.tag == 1)
        #expect(crypto.suite == "AES_CM_128_HMAC_SHA1_80")
        #expect(crypto.firstKeySalt == "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR")
    }

    @Test("Style rule 3: unknown attributes and lines are kept and written back byte for byte")
    func roundTrip() throws {
        let sdp = try SDPSessionDescription(parsing: Array(richOffer.utf8))
        #expect(sdp.media[0].hasAttribute("x-unknown-attribute"))
        #expect(sdp.attributes.contains(SDPAttribute("x-session-thing", "42")))
        #expect(sdp.text == richOffer)
        #expect(try SDPSessionDescription(parsing: sdp.encoded) == sdp)
    }

    @Test("RFC 8866 §5: records ending in a bare LF are accepted")
    func bareLineFeeds() throws {
        let lf = richOffer.replacingCRLF()
        let sdp = try SDPSessionDescription(parsing: Array(lf.utf8))
        #expect(sdp.text == richOffer)
    }

    @Test("RFC 8866 §5: an unknown type letter is kept in place")
    func unknownLetter() throws {
        let text =
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\ny=something\r\n"
            + "m=audio 4000 RTP/AVP 0\r\n"
        let sdp = try SDPSessionDescription(parsing: Array(text.utf8))
        #expect(sdp.otherLines.map(\.type) == ["y"])
        #expect(sdp.text == text)
    }
}

extension String {
    func replacingCRLF() -> String {
        String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "\r" }))
    }
}
