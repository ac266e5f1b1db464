import SDPNegotiation
import SDPWire
import Testing

/// A device's offer with the given crypto lines under `proto`.
private func deviceOffer(proto: String, cryptos: [String]) throws -> SDPSessionDescription {
    try answer("m=audio 40000 \(proto) 8 0\r\n" + cryptos.map { "a=crypto:\($0)\r\n" }.joined())
}

/// Our fresh keys, one per supported suite (what a secured leg puts in SDPLocalMedia).
private let securedLocal: SDPLocalMedia = {
    var media = local
    media.cryptos = [
        SDPCrypto(
            tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyParameters: ["inline:" + String(repeating: "A", count: 40)]),
        SDPCrypto(
            tag: 2, suite: "AES_CM_128_HMAC_SHA1_32", keyParameters: ["inline:" + String(repeating: "B", count: 40)]),
    ]
    return media
}()

@Suite("SDES in offer/answer (RFC 4568 §5, §7)")
struct SDPSDESTests {
    let key80 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"

    @Test("RFC 4568 §5.1.1 / §7.1.1: a secured leg offers RTP/SAVP with both AES_CM lines, a plain one RTP/AVP")
    func offers() {
        let secure = SDPOfferAnswer.offer(securedLocal)
        #expect(secure.media[0].proto == "RTP/SAVP")
        #expect(secure.media[0].cryptos.map(\.suite) == ["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"])
        let plain = SDPOfferAnswer.offer(local)
        #expect(plain.media[0].proto == "RTP/AVP" && plain.media[0].cryptos.isEmpty)
    }

    @Test("RFC 4568 §8.3: a leg whose device signalled over TLS offers fresh SDES keys; any other leg plain RTP")
    func securing() throws {
        var random = SystemRandomNumberGenerator()  // production's source; only the shape is checked
        let secured = local.securing(true, using: &random)
        let offer = SDPOfferAnswer.offer(secured)
        #expect(offer.media[0].proto == "RTP/SAVP")
        #expect(offer.media[0].cryptos.map(\.tag) == [1, 2])
        for line in offer.media[0].cryptos { _ = try SDESKey(crypto: line) }
        let again = local.securing(true, using: &random)
        #expect(again.cryptos.map(\.keyParameters) != secured.cryptos.map(\.keyParameters))
        let plain = SDPOfferAnswer.offer(secured.securing(false, using: &random))
        #expect(plain.media[0].proto == "RTP/AVP" && plain.media[0].cryptos.isEmpty)
    }

    @Test(
        "RFC 4568 §8.3, §7.1.1: a forked call's offer secured for a TLS branch differs only in RTP/SAVP and fresh a=crypto lines; the answer with one of them is checked against it (§7.1.3)"
    )
    func securedOfferForABranch() throws {
        var random = SystemRandomNumberGenerator()
        let plain = SDPOfferAnswer.offer(local)
        let secured = SDPOfferAnswer.secured(plain, using: &random)
        #expect(secured.media[0].proto == "RTP/SAVP")
        #expect(secured.media[0].cryptos.map(\.tag) == [1, 2])
        #expect(secured.media[0].cryptos.map(\.suite) == ["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"])
        for line in secured.media[0].cryptos { _ = try SDESKey(crypto: line) }
        var stripped = secured
        stripped.media[0].proto = "RTP/AVP"
        stripped.media[0].attributes.removeAll { $0.name == "crypto" }
        #expect(stripped.encoded == plain.encoded)
        // Fresh keys per call (RFC 4568 §8.1); keys already present are kept as they are.
        #expect(SDPOfferAnswer.secured(plain, using: &random).media[0].cryptos != secured.media[0].cryptos)
        #expect(SDPOfferAnswer.secured(secured, using: &random).encoded == secured.encoded)
        // The device's answer under tag 2: its key and ours; a plain answer to it is refused (488).
        let reply = try answer("m=audio 40000 RTP/SAVP 8\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:\(key80)\r\n")
        let audio = try SDPOfferAnswer.evaluate(answer: reply, offer: secured)
        #expect(audio.localCrypto == secured.media[0].cryptos[1])
        #expect(audio.crypto?.tag == 2)
        #expect(throws: SDPNegotiationError.noCryptoAccepted) {
            try SDPOfferAnswer.evaluate(answer: try answer("m=audio 40000 RTP/AVP 8\r\n"), offer: secured)
        }
    }

    @Test("RFC 4568 §7.1.2: the answer takes the first acceptable offered line, under its tag, with our own key")
    func answersFirstAcceptable() throws {
        let offer = try deviceOffer(
            proto: "RTP/SAVP",
            cryptos: [
                "1 AES_256_CM_HMAC_SHA1_80 inline:\(key80)\(key80)",  // a suite we do not run
                "2 AES_CM_128_HMAC_SHA1_80 inline:\(key80)|2^31|1:1",  // an MKI we do not do
                "3 AES_CM_128_HMAC_SHA1_32 inline:\(key80)",
                "4 AES_CM_128_HMAC_SHA1_80 inline:\(key80)",
            ])
        let (reply, audio) = try SDPOfferAnswer.answer(to: offer, local: securedLocal)
        #expect(reply.media[0].proto == "RTP/SAVP")
        let line = try #require(reply.media[0].cryptos.first)
        #expect(reply.media[0].cryptos.count == 1)  // §7.1.2: exactly one
        #expect(line.tag == 3 && line.suite == "AES_CM_128_HMAC_SHA1_32")
        #expect(line.keyParameters == securedLocal.cryptos[1].keyParameters)  // our key, never theirs echoed
        #expect(audio.crypto?.tag == 3 && audio.crypto?.keyParameters == ["inline:\(key80)"])
        #expect(audio.localCrypto == line)
        // And the offerer's check of that answer accepts it (RFC 4568 §7.1.3).
        #expect(try SDPOfferAnswer.evaluate(answer: reply, offer: offer).crypto == line)
    }

    @Test("RFC 4568 §7.1.2: a secure offer with no acceptable line is refused (488)")
    func refusesUnacceptable() throws {
        let offer = try deviceOffer(proto: "RTP/SAVP", cryptos: ["1 AES_CM_128_HMAC_SHA1_80 inline:\(key80)|2^31|1:1"])
        #expect(throws: SDPNegotiationError.noCryptoAccepted) {
            try SDPOfferAnswer.answer(to: offer, local: securedLocal)
        }
        #expect(SDPNegotiationError.noCryptoAccepted.sipStatusCode == 488)
        // Without local keys a secure offer cannot be answered either.
        let good = try deviceOffer(proto: "RTP/SAVP", cryptos: ["1 AES_CM_128_HMAC_SHA1_80 inline:\(key80)"])
        #expect(throws: SDPNegotiationError.noCryptoAccepted) { try SDPOfferAnswer.answer(to: good, local: local) }
    }

    @Test("RFC 4568 §3.1.4: crypto lines in a plain RTP/AVP offer are ignored; the answer is plain RTP")
    func plainOffer() throws {
        let offer = try deviceOffer(proto: "RTP/AVP", cryptos: ["1 AES_CM_128_HMAC_SHA1_80 inline:\(key80)"])
        let (reply, audio) = try SDPOfferAnswer.answer(to: offer, local: securedLocal)
        #expect(reply.media[0].proto == "RTP/AVP" && reply.media[0].cryptos.isEmpty)
        #expect(audio.crypto == nil && audio.localCrypto == nil)
    }
}
