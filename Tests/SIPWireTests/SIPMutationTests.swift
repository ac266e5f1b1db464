import NIOCore
import RerouteTestSupport
import SIPWire
import Testing

/// Hostile input: seeded mutations of valid messages, byte-level and SIP-syntax-aware. Nothing may crash or hang;
/// whatever parses must re-encode to bytes that parse to the same message, and every error must say what to answer.
@Suite("SIP hostile input")
struct SIPMutationTests {
    private static let structural = Array(":;,\"<>@[]%\\ \t\r\n=?/".utf8)

    private static func mutate(_ bytes: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        guard rng.next() % 2 == 0, !bytes.isEmpty else { return Mutator.mutate(bytes, using: &rng) }
        var out = bytes
        let index = Int.random(in: 0..<out.count, using: &rng)
        switch rng.next() % 3 {
        case 0: out[index] = structural[Int(rng.next() % UInt64(structural.count))]
        case 1: out.insert(structural[Int(rng.next() % UInt64(structural.count))], at: index)
        default: out.remove(at: index)
        }
        return out
    }

    private static func withoutContentLength(_ message: SIPMessage) -> SIPMessage {
        switch message {
        case .request(var request):
            request.headers.remove("content-length")
            return .request(request)
        case .response(var response):
            response.headers.remove("content-length")
            return .response(response)
        }
    }

    @Test("RFC 3261 §8.2 / §18.3: 20,000 mutated datagrams never crash; parsed ones round-trip")
    func datagrams() throws {
        var rng = SeededGenerator(seed: 0x5149_5057)
        let seeds = [SIPTestMessages.tortuousInvite, SIPTestMessages.ringing, SIPTestMessages.request(body: "x=1")]
        var parsed = 0
        var answered = 0
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...3, using: &rng) { bytes = Self.mutate(bytes, using: &rng) }
            do {
                let message = try SIPMessage(datagram: bytes)
                parsed += 1
                let again = try SIPMessage(datagram: message.encoded)
                // Encoding always writes a correct Content-Length; everything else must come back unchanged.
                #expect(Self.withoutContentLength(again) == Self.withoutContentLength(message), "round \(round)")
            } catch {
                if error.isRequest == true, let response = error.errorResponse(toTag: "x") {
                    answered += 1
                    // The answer itself must be a valid message, but for the CSeq, From, To and Call-ID rows it
                    // copies as received even when they are what was wrong (RFC 3261 §8.2.6.2; RFC 4475 §3.1.2.4,
                    // §3.1.2.6, §3.3.1).
                    do { _ = try SIPMessage(datagram: SIPMessage.response(response).encoded) } catch {
                        #expect(["cseq", "from", "to", "call-id"].contains(error.header ?? ""), "round \(round): \(error)")
                    }
                }
            }
        }
        // Both paths were exercised (a loop where everything fails or everything passes would prove nothing).
        #expect(parsed > 500)
        #expect(answered > 500)
    }

    @Test("RFC 3261 §18.3: mutated streams fed in random chunks never crash or loop")
    func streams() throws {
        var rng = SeededGenerator(seed: 0x5354_524D)
        let seed = SIPTestMessages.tortuousInvite + SIPTestMessages.ringing
        for _ in 0..<3_000 {
            let bytes = Self.mutate(Self.mutate(seed, using: &rng), using: &rng)
            var decoder = SIPStreamDecoder(maximumHeaderBytes: 4096, maximumBodyBytes: 4096)
            var buffer = ByteBuffer()
            var offset = 0
            streamLoop: while offset < bytes.count {
                let chunk = min(bytes.count - offset, Int.random(in: 1...200, using: &rng))
                buffer.writeBytes(bytes[offset..<(offset + chunk)])
                offset += chunk
                var steps = 0
                while true {
                    steps += 1
                    #expect(steps < 1_000)
                    do {
                        let before = buffer.readableBytes
                        guard try decoder.decode(&buffer) != nil else { break }
                        #expect(buffer.readableBytes < before)
                    } catch {
                        if error.breaksStreamFraming { break streamLoop }
                    }
                    if steps >= 1_000 { break streamLoop }
                }
            }
        }
    }
}
