import CodecPolicy
import SDPNegotiation
import SDPWire
import Testing

/// Our media read back from our own offer: what the gateway's chooser re-offers from (RFC 3264 §8).
@Suite("SDPLocalMedia from our offer")
struct SDPLocalMediaOfferTests {
    @Test("RFC 3264 §8: the offer's media read back is the media it was made from, through the wire")
    func roundTrip() throws {
        let offer = SDPOfferAnswer.offer(localMedia)
        let parsed = try SDPSessionDescription(parsing: offer.encoded)
        let local = try #require(SDPLocalMedia(offer: parsed))
        #expect(local == localMedia)
        // So a re-offer of the same codecs is the same offer, but for the version (§8: "MUST be incremented").
        var next = local
        next.sessionVersion += 1
        var expected = offer
        expected.origin.sessionVersion = "2"
        #expect(SDPOfferAnswer.offer(next) == expected)
    }

    @Test("RFC 3264 §8.3.1: SDES keys (RFC 4568), ICE-lite (RFC 8839), ptime, direction and an unknown codec survive")
    func everythingButCodecsKept() throws {
        var media = localMedia
        media.sessionVersion = 7
        media.packetTime = 30
        media.direction = .sendonly
        media.rtcpMux = false
        media.cryptos = [
            SDPCrypto(
                tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyParameters: ["inline:" + String(repeating: "A", count: 40)]
            )
        ]
        media.iceLite = .init(
            usernameFragment: "ufrag", password: "password-of-22-chars-x",
            candidates: [
                SDPCandidate(
                    foundation: "1", component: 1, transport: "UDP", priority: 2_130_706_431, address: "192.0.2.10",
                    port: 30000, type: "host")
            ])
        let speex = SDPCodec(encodingName: "speex", clockRate: 8000, payloadType: 97, bitrate: 0, quality: 0)
        media.codecs = [.pcma, speex, .telephoneEvent]
        let parsed = try SDPSessionDescription(parsing: SDPOfferAnswer.offer(media).encoded)
        let local = try #require(SDPLocalMedia(offer: parsed))
        #expect(local == media)
    }

    @Test("No audio stream: nothing to re-offer")
    func noAudio() throws {
        var offer = SDPOfferAnswer.offer(localMedia)
        offer.media[0].media = "video"
        #expect(SDPLocalMedia(offer: offer) == nil)
    }
}
