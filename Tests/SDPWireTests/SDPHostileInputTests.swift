import RerouteTestSupport
import SDPWire
import Testing

@Suite("SDPWire hostile input")
struct SDPHostileInputTests {
    static let base = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"

    static func parse(_ text: String) -> SDPDecodingError? {
        do {
            _ = try SDPSessionDescription(parsing: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "Malformed descriptions give a typed error with the SIP answer (RFC 3261 §21.4.1 400, §21.4.26 488)",
        arguments: [
            ("", SDPDecodingError.Kind.missingField, 488),
            ("hello", .malformedLine, 400),
            ("v=1\r\n", .unsupportedVersion, 488),  // RFC 8866 §5.1
            ("v=0\r\ns=-\r\n", .missingField, 488),  // o= missing
            ("v=0\r\no=- x 1 IN IP4 a\r\ns=-\r\nt=0 0\r\n", .malformedValue, 488),  // sess-id not numeric
            ("v=0\r\no=- 1 1 IN IP4 a\r\ns=\r\nt=0 0\r\n", .missingField, 488),  // RFC 8866 §5.3 empty s=
            ("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\n", .missingField, 488),  // RFC 8866 §5.9 no t=
            ("v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n", .missingField, 488),  // §5.7
            (base + "m=audio 1 RTP/AVP 200\r\n", .malformedValue, 488),  // payload type above 127
            (base + "m=audio 70000 RTP/AVP 0\r\n", .malformedValue, 488),
            (base + "m=audio 1 RTP/AVP\r\n", .malformedValue, 488),
            (base + "m=audio 1 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n", .malformedValue, 488),
            (base + "m=audio 1 RTP/AVP 0\r\na=ptime:abc\r\n", .malformedValue, 488),
            (base + "m=audio 1 RTP/AVP 0\r\na=candidate:1 1 UDP 1 a 1 host\r\n", .malformedValue, 488),
            (base + "m=audio 1 RTP/AVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 key\r\n", .malformedValue, 488),
            (base + "m=audio 1 RTP/AVP 0\r\nv=0\r\n", .outOfOrder, 488),
            (base + "a=x\u{0}y\r\n", .malformedLine, 400),
            (base + "A=uppercase\r\n", .malformedLine, 400),
        ])
    func malformed(text: String, kind: SDPDecodingError.Kind, status: Int) throws {
        let error = try #require(Self.parse(text))
        #expect(error.kind == kind)
        #expect(error.sipStatusCode == status)
    }

    @Test("Not UTF-8, too large, too many media: refused, not processed")
    func limits() throws {
        #expect(throws: SDPDecodingError.self) { try SDPSessionDescription(parsing: [0x76, 0x3D, 0xFF, 0xFE]) }
        let huge = Self.base + String(repeating: "a=x\r\n", count: 20_000)
        #expect(Self.parse(huge)?.kind == .tooLarge)
        let many = Self.base + String(repeating: "m=audio 1 RTP/AVP 0\r\n", count: 40)
        #expect(Self.parse(many)?.kind == .tooLarge)
    }

    /// Style rule 12: a seeded, bounded mutation loop. Whatever decodes re-encodes to a description that decodes to
    /// the same value; nothing crashes or hangs.
    @Test("Mutation loop: never crashes; whatever decodes round-trips")
    func mutationLoop() throws {
        var random = SeededGenerator(seed: 0x5D9_2026)
        let seed = Array(richOffer.utf8)
        var decoded = 0
        for _ in 0..<3000 {
            var bytes = seed
            for _ in 0...(random.next() % 4) {
                guard !bytes.isEmpty else { break }
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 5 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(Array(" :=/\r\n0a".utf8)[Int(random.next() % 8)], at: position)
                case 3: bytes.removeSubrange(position..<min(bytes.count, position + Int(random.next() % 40)))
                default:
                    let end = min(bytes.count, position + Int(random.next() % 60))
                    bytes.insert(contentsOf: bytes[position..<end], at: position)
                }
            }
            guard let sdp = try? SDPSessionDescription(parsing: bytes) else { continue }
            decoded += 1
            let again = try SDPSessionDescription(parsing: sdp.encoded)
            #expect(again == sdp)
            #expect(again.encoded == sdp.encoded)
        }
        // The loop must exercise the success path too, or it proves nothing about round trips.
        #expect(decoded > 100)
    }
}

