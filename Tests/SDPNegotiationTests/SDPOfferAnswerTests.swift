import SDPNegotiation
import SDPWire
import Testing

let local = SDPLocalMedia(
    sessionID: 4711, address: "192.0.2.10", port: 30000,
    iceLite: .init(
        usernameFragment: "abcd", password: "0123456789abcdefghijkl",
        candidates: [
            SDPCandidate(
                foundation: "1", component: 1, priority: 2_130_706_431, address: "192.0.2.10",
                port: 30000)
        ]))

func answer(_ media: String, session: String = "", extra: String = "") throws -> SDPSessionDescription {
    let text =
        "v=0\r\no=- 9 1 IN IP4 198.51.100.5\r\ns=-\r\nc=IN IP4 198.51.100.5\r\nt=0 0\r\n" + session + media
        + extra
    return try SDPSessionDescription(parsing: Array(text.utf8))
}

@Suite("RFC 3264 offer/answer")
struct SDPOfferAnswerTests {
    @Test("RFC 3264 §5: the offer lists the media side's codecs with rtpmap/fmtp, rtcp-mux and ICE-lite")
    func offer() throws {
        let offer = SDPOfferAnswer.offer(local, bandwidth: .applicationSpecific(kbps: 50))
        let media = try #require(offer.media.first)
        #expect(media.formats == ["111", "18", "8", "0", "101"])
        #expect(media.rtpMap(for: 111)?.wireText == "111 opus/48000/2")
        #expect(media.formatParameters(for: "18")?.parameters == "annexb=yes")
        #expect(media.formatParameters(for: "101")?.parameters == "0-16")
        #expect(media.rtpMap(for: 101)?.wireText == "101 telephone-event/8000")
        #expect(media.rtcpMux)
        #expect(media.packetTime == 20)
        #expect(media.direction == .sendrecv)
        #expect(offer.hasAttribute("ice-lite"))  // RFC 8839 §5.3: session level
        #expect(media.candidates.first?.type == "host")
        #expect(media.iceUsernameFragment == "abcd")
        #expect(offer.origin.sessionID == "4711")
        #expect(offer.connection?.address == "192.0.2.10")
        // What we send must parse as what we meant.
        #expect(try SDPSessionDescription(parsing: offer.encoded) == offer)
    }

    @Test("RFC 3264 §7: the first answered codec is used; telephone-event and rtcp-mux when both have them")
    func pickCodec() throws {
        let offer = SDPOfferAnswer.offer(local)
        let reply = try answer(
            "m=audio 40000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=rtcp-mux\r\na=ptime:30\r\n")
        let audio = try SDPOfferAnswer.evaluate(answer: reply, offer: offer)
        #expect(audio.codec.encodingName == "PCMA")
        #expect(audio.payloadType == 8)
        #expect(audio.telephoneEventPayloadType == 101)
        #expect(audio.remoteAddress == "198.51.100.5")
        #expect(audio.remotePort == 40000)
        #expect(audio.rtcpMux)
        #expect(audio.remoteRTCPPort == 40000)  // RFC 5761 §5.1.1
        #expect(audio.packetTime == 30)
        #expect(audio.direction == .sendrecv)
    }

    @Test("RFC 3264 §6.1 / RFC 4856 §2.1.9: the answer's fmtp is what the device takes — G.729 annexb=no is kept, not our offer's annexb=yes")
    func answersFormatParameters() throws {
        let offer = SDPOfferAnswer.offer(local)
        let refused = try answer("m=audio 40000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\na=fmtp:18 annexb=no\r\n")
        #expect(try SDPOfferAnswer.evaluate(answer: refused, offer: offer).codec.formatParameters == "annexb=no")
        // Without an fmtp in the answer the offered parameters stand (RFC 4856 §2.1.9: annexb defaults to yes).
        let plain = try answer("m=audio 40000 RTP/AVP 18\r\n")
        #expect(try SDPOfferAnswer.evaluate(answer: plain, offer: offer).codec.formatParameters == "annexb=yes")
    }

    @Test("RFC 3264 §6.1: a dynamic payload type may be renumbered in the answer; matched by rtpmap")
    func renumberedDynamic() throws {
        let reply = try answer("m=audio 40000 RTP/AVP 96\r\na=rtpmap:96 OPUS/48000/2\r\n")
        let audio = try SDPOfferAnswer.evaluate(answer: reply, offer: SDPOfferAnswer.offer(local))
        #expect(audio.codec.encodingName == "opus")
        #expect(audio.payloadType == 96)
        #expect(!audio.rtcpMux)
        #expect(audio.remoteRTCPPort == 40001)  // RFC 3550 §11: RTP port + 1 without rtcp-mux or a=rtcp
    }

    @Test("Answers that break RFC 3264 are refused with 488")
    func violations() throws {
        let offer = SDPOfferAnswer.offer(local)
        let cases: [(String, SDPNegotiationError)] = [
            ("m=audio 40000 RTP/AVP 8\r\nm=video 0 RTP/AVP 96\r\n", .mediaCountMismatch(offered: 1, answered: 2)),
            ("m=audio 0 RTP/AVP 8\r\n", .audioRejected),  // §6: port zero
            ("m=audio 40000 RTP/AVP 9\r\n", .unknownFormat("9")),  // G.722 was not offered
            ("m=audio 40000 RTP/AVP 101\r\na=rtpmap:101 telephone-event/8000\r\n", .noCommonCodec),
            ("m=video 40000 RTP/AVP 8\r\n", .mediaTypeMismatch(index: 0)),
        ]
        for (media, expected) in cases {
            #expect(throws: expected) { try SDPOfferAnswer.evaluate(answer: try answer(media), offer: offer) }
        }
        #expect(SDPNegotiationError.noCommonCodec.sipStatusCode == 488)
    }

    @Test("RFC 3264 §6.1: a sendonly offer (hold) may only be answered recvonly or inactive")
    func directions() throws {
        var held = local
        held.direction = .sendonly
        let offer = SDPOfferAnswer.offer(held)
        let sendrecv = try answer("m=audio 40000 RTP/AVP 8\r\n")
        #expect(throws: SDPNegotiationError.directionNotAllowed(offered: .sendonly, answered: .sendrecv)) {
            try SDPOfferAnswer.evaluate(answer: sendrecv, offer: offer)
        }
        let recvonly = try answer("m=audio 40000 RTP/AVP 8\r\na=recvonly\r\n")
        #expect(try SDPOfferAnswer.evaluate(answer: recvonly, offer: offer).direction == .recvonly)
        let sessionLevel = try answer("m=audio 40000 RTP/AVP 8\r\n", session: "a=inactive\r\n")
        #expect(try SDPOfferAnswer.evaluate(answer: sessionLevel, offer: offer).direction == .inactive)
    }

    @Test("RFC 4568 §7.1.3: an SDES offer needs an answer accepting one offered crypto line")
    func sdes() throws {
        var secure = local
        secure.cryptos = [
            SDPCrypto(
                tag: 1, suite: "AES_CM_128_HMAC_SHA1_80",
                keyParameters: ["inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"])
        ]
        let offer = SDPOfferAnswer.offer(secure)
        #expect(offer.media[0].proto == "RTP/SAVP")
        let plain = try answer("m=audio 40000 RTP/SAVP 8\r\n")
        #expect(throws: SDPNegotiationError.noCryptoAccepted) {
            try SDPOfferAnswer.evaluate(answer: plain, offer: offer)
        }
        // A 27-byte key-salt is not the suite's 16 + 14 (RFC 4568 §6.1): refused.
        let short = try answer(
            "m=audio 40000 RTP/SAVP 8\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo1\r\n")
        #expect(throws: SDPNegotiationError.noCryptoAccepted) {
            try SDPOfferAnswer.evaluate(answer: short, offer: offer)
        }
        let keyed = try answer(
            "m=audio 40000 RTP/SAVP 8\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo1MjM0\r\n")
        let settled = try SDPOfferAnswer.evaluate(answer: keyed, offer: offer)
        #expect(settled.crypto?.tag == 1)
        // Our sending key is the offered line under the answered tag.
        #expect(settled.localCrypto == secure.cryptos[0])
        // A tag we never offered, or a plain RTP/AVP answer to RTP/SAVP, accepts nothing.
        let otherTag = try answer(
            "m=audio 40000 RTP/SAVP 8\r\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo1MjM0\r\n")
        #expect(throws: SDPNegotiationError.noCryptoAccepted) {
            try SDPOfferAnswer.evaluate(answer: otherTag, offer: offer)
        }
        let downgraded = try answer(
            "m=audio 40000 RTP/AVP 8\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo1MjM0\r\n")
        #expect(throws: SDPNegotiationError.noCryptoAccepted) {
            try SDPOfferAnswer.evaluate(answer: downgraded, offer: offer)
        }
    }

    @Test("RFC 3264 §6, §8.4: answering a device's hold offer mirrors the direction and keeps its first codec")
    func answeringHold() throws {
        let offer = try answer(
            "m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=sendonly\r\n"
                + "m=video 40002 RTP/AVP 96\r\n")
        let (reply, audio) = try SDPOfferAnswer.answer(to: offer, local: local)
        #expect(reply.media.count == 2)
        #expect(reply.media[0].formats == ["0", "101"])
        #expect(reply.media[0].direction == .recvonly)
        #expect(!reply.media[0].rtcpMux)  // not offered
        #expect(reply.media[1].port == 0)  // video rejected
        #expect(audio.codec.encodingName == "PCMU")
        #expect(try SDPOfferAnswer.evaluate(answer: reply, offer: offer).codec.encodingName == "PCMU")
    }
}
