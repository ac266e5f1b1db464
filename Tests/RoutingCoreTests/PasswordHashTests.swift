import RoutingCore
import Testing

@Suite struct PasswordHashTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }

    /// RFC 7914 §11: the PBKDF2-HMAC-SHA256 test vectors.
    @Test func rfc7914PBKDF2Vectors() {
        #expect(Self.hex(PasswordHash.derive(password: "passwd", salt: Array("salt".utf8), iterations: 1, length: 64))
            == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
        #expect(Self.hex(PasswordHash.derive(password: "Password", salt: Array("NaCl".utf8), iterations: 80_000, length: 64))
            == "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
            + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d")
    }

    @Test func storedFormCarriesItsParametersAndVerifies() throws {
        let salt: [UInt8] = Array(0..<16)
        let hash = PasswordHash(password: "s3cret pass", salt: salt)
        #expect(hash.iterations >= 200_000)
        #expect(hash.encoded.hasPrefix("$pbkdf2-sha256$i=210000$"))
        let parsed = try #require(PasswordHash(encoded: hash.encoded))
        #expect(parsed == hash)
        #expect(parsed.verify("s3cret pass"))
        #expect(!parsed.verify("s3cret pasS"))
        // Another salt, another key: equal passwords do not give equal hashes.
        #expect(PasswordHash(password: "s3cret pass", salt: Array(1...16)).key != hash.key)
        #expect(PasswordHash(encoded: "$pbkdf2-sha256$i=1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA") == nil)
    }

    @Test func sessionTokensAreStoredHashed() {
        let token = SessionToken(randomBytes: Array(repeating: 0xAB, count: 32))
        #expect(token.value.count == 43)
        #expect(token.storedHash.count == 64 && token.storedHash != token.value)
        #expect(SessionToken(presented: token.value).storedHash == token.storedHash)
    }
}
