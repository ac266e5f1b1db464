import MediaSecurity
import RerouteTestSupport
import SDPNegotiation
import SDPWire
import Testing

@Suite("SDES keys (RFC 4568 §6)")
struct SDESKeyTests {
    /// RFC 4568 §5.1.1's example offer line.
    let example = SDPCrypto(
        tag: 1, suite: "AES_CM_128_HMAC_SHA1_80",
        keyParameters: ["inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4"])

    @Test("RFC 4568 §6.1: inline key||salt decodes to 16 + 14 bytes; a lifetime 2^20 is read")
    func inlineKey() throws {
        var line = example
        line.keyParameters = ["inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20"]
        let key = try SDESKey(crypto: line)
        #expect(key.suite == .aesCM128HMACSHA1_80)
        #expect(key.masterKey.count == 16 && key.masterSalt.count == 14)
        #expect(key.lifetime == 1 << 20)
        // Written back, the same base64 (RFC 4648 §4).
        #expect(key.crypto(tag: 1).keyParameters == ["inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"])
    }

    @Test("RFC 4568 §7.1.2: what we cannot run is refused with 488 and a reason")
    func refusals() {
        #expect(throws: SDESKeyError.unsupportedMKI("1:4")) { try SDESKey(crypto: example) }
        var line = example
        line.suite = "F8_128_HMAC_SHA1_80"
        #expect(throws: SDESKeyError.unsupportedSuite("F8_128_HMAC_SHA1_80")) { try SDESKey(crypto: line) }
        line = example
        line.keyParameters = ["inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo1"]
        #expect(throws: SDESKeyError.wrongKeyLength(expected: 30, found: 27)) { try SDESKey(crypto: line) }
        line.keyParameters = ["inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaV*R"]
        #expect(throws: SDESKeyError.invalidBase64) { try SDESKey(crypto: line) }
        line.keyParameters = [
            "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
        ]
        #expect(throws: SDESKeyError.multipleKeys) { try SDESKey(crypto: line) }
        line.keyParameters = ["inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR"]
        line.sessionParameters = ["UNENCRYPTED_SRTP"]
        #expect(throws: SDESKeyError.unsupportedSessionParameter("UNENCRYPTED_SRTP")) { try SDESKey(crypto: line) }
        line.sessionParameters = ["KDR=1"]
        #expect((try? SDESKey(crypto: line)) == nil)
        #expect(SDESKeyError.invalidBase64.sipStatusCode == 488)
    }

    @Test("RFC 7714 §14.2: AEAD_AES_128_GCM keys are 16 + 12 bytes (base64 with padding)")
    func gcmKey() throws {
        var random = SeededGenerator(seed: 7)
        let key = SDESKey.generate(suite: .aeadAES128GCM, using: &random)
        let line = key.crypto(tag: 3)
        #expect(line.keyParameters[0].hasSuffix("="))
        #expect(try SDESKey(crypto: line) == key)
    }

    @Test("RFC 4568 §8.1: fresh keys differ per suite and per offer, from the caller's random source")
    func freshKeys() throws {
        var random = SeededGenerator(seed: 1)
        let first = SDPOfferAnswer.freshCryptos(using: &random)
        let second = SDPOfferAnswer.freshCryptos(using: &random)
        #expect(first.map(\.tag) == [1, 2])
        #expect(first.map(\.suite) == ["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"])
        #expect(Set((first + second).map(\.keyParameters)).count == 4)
        for line in first + second { _ = try SDESKey(crypto: line) }
        // The same seed gives the same keys (reproducible offers in tests).
        var again = SeededGenerator(seed: 1)
        #expect(SDPOfferAnswer.freshCryptos(using: &again) == first)
    }
}
