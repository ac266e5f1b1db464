import Foundation
import NIOCore
import SIPWire
import Testing

/// RFC 4475 §3.1.2 (invalid messages) and §3.2.1: each must raise a typed `SIPDecodingError`, never a crash, and a
/// request gets the answer the RFC names, with a reason phrase saying what was wrong (RFC 3261 §21.4.1).
@Suite("RFC 4475 §3.1.2 invalid torture messages")
struct RFC4475InvalidTests {
    /// The answer of an invalid request: its status, and that the phrase names `mention`.
    private func answer(_ name: String, _ status: SIPStatus, mentioning mention: String) throws -> SIPDecodingError {
        let error = try RFC4475.error(name)
        #expect(error.isRequest == true, "\(name)")
        #expect(error.status == status, "\(name)")
        let response = try #require(error.errorResponse(toTag: "rfc4475"), "\(name) must be answered")
        #expect(response.status == status, "\(name)")
        #expect(response.reason.lowercased().contains(mention.lowercased()), "\(name): \(response.reason)")
        // RFC 3261 §8.2.6.2: Via and CSeq come back so the client transaction can match the answer (§17.1.3).
        let bytes = try RFC4475.bytes(name)
        let request = String(decoding: bytes, as: UTF8.self)
        for via in response.headers.rows("via") { #expect(request.contains(via), "\(name): Via \(via)") }
        #expect(response.headers["cseq"] != nil, "\(name)")
        return error
    }

    @Test("RFC 4475 §3.1.2.1 badinv01: empty Via and Contact parameters are an error; no answer without a Via")
    func badinv01() throws {
        let error = try RFC4475.error("badinv01")
        #expect(error.kind == .malformedHeader)
        #expect(error.header == "via")
        #expect(error.status == .badRequest)
        // Every Via value is unreadable, so there is no branch to answer to (RFC 3261 §17.1.3): the element
        // discards it (docs/sip.md, "RFC 4475").
        #expect(error.errorResponse() == nil)
    }

    @Test("RFC 4475 §3.1.2.2 clerr: Content-Length larger than the datagram → 400")
    func clerr() throws {
        let error = try answer("clerr", .badRequest, mentioning: "content-length")
        #expect(error.kind == .bodyShorterThanContentLength)
    }

    @Test("RFC 4475 §3.1.2.3 ncl: negative Content-Length → 400")
    func ncl() throws {
        let error = try answer("ncl", .badRequest, mentioning: "content-length")
        #expect(error.kind == .malformedHeader)
    }

    @Test("RFC 4475 §3.1.2.4 scalar02: CSeq, Max-Forwards and Expires too large → 400")
    func scalar02() throws {
        let error = try answer("scalar02", .badRequest, mentioning: "cseq")
        #expect(error.kind == .malformedHeader)
        // The overlarge CSeq is copied back as it came (RFC 3261 §8.2.6.2), so the client can match the answer.
        #expect(error.errorResponse()?.headers["cseq"] == "36893488147419103232 REGISTER")
        // Each overlarge field fails on its own, too.
        let text = String(decoding: try RFC4475.bytes("scalar02"), as: UTF8.self)
        let fixedCSeq = text.replacingOccurrences(of: "36893488147419103232 REGISTER", with: "1 REGISTER")
        let maxForwards = try #require(throws: SIPDecodingError.self) {
            try SIPMessage(datagram: Array(fixedCSeq.utf8))
        }
        #expect(maxForwards.header == "max-forwards")
        var headers = SIPHeaders([("Expires", "1" + String(repeating: "0", count: 100))])
        #expect(throws: SIPDecodingError.self) { try headers.expires() }
        headers = SIPHeaders([("Expires", "280297596632815")])
        #expect(throws: SIPDecodingError.self) { try headers.expires() }
    }

    @Test("RFC 4475 §3.1.2.5 scalarlg: a response with an overlarge CSeq is discarded, not answered")
    func scalarlg() throws {
        let error = try RFC4475.error("scalarlg")
        #expect(error.isRequest == false)
        #expect(error.header == "cseq")
        #expect(error.errorResponse() == nil)
    }

    @Test("RFC 4475 §3.1.2.6 quotbal: unterminated quoted string in To → 400")
    func quotbal() throws {
        let error = try answer("quotbal", .badRequest, mentioning: "to")
        #expect(error.header == "to")
    }

    @Test("RFC 4475 §3.1.2.7 ltgtruri: Request-URI in <> → 400")
    func ltgtruri() throws {
        let error = try answer("ltgtruri", .badRequest, mentioning: "Request-URI")
        #expect(error.kind == .malformedStartLine)
    }

    @Test("RFC 4475 §3.1.2.8 lwsruri: LWS inside the Request-URI → 400")
    func lwsruri() throws {
        let error = try answer("lwsruri", .badRequest, mentioning: "request line")
        #expect(error.kind == .malformedStartLine)
    }

    @Test("RFC 4475 §3.1.2.9 lwsstart: several SP between request-line elements → 400")
    func lwsstart() throws {
        let error = try answer("lwsstart", .badRequest, mentioning: "request line")
        #expect(error.kind == .malformedStartLine)
    }

    @Test("RFC 4475 §3.1.2.10 trws: SP after the SIP-Version → 400")
    func trws() throws {
        let error = try answer("trws", .badRequest, mentioning: "request line")
        #expect(error.kind == .malformedStartLine)
    }

    @Test("RFC 4475 §3.1.2.11 escruri: escaped headers in the Request-URI → 400")
    func escruri() throws {
        let error = try answer("escruri", .badRequest, mentioning: "escaped headers")
        #expect(error.kind == .malformedStartLine)
    }

    @Test("RFC 4475 §3.1.2.12 baddate: a Date that is not GMT → 400")
    func baddate() throws {
        let error = try answer("baddate", .badRequest, mentioning: "GMT")
        #expect(error.header == "date")
        var good = SIPHeaders([("Date", "Sat, 13 Nov 2010 23:29:00 GMT")])
        #expect(throws: Never.self) { try good.checkDate() }
        good = SIPHeaders([("Date", "Sat, 13 Nov 2010 23:29 GMT")])
        #expect(throws: SIPDecodingError.self) { try good.checkDate() }
    }

    @Test("RFC 4475 §3.1.2.13 regbadct: an addr-spec Contact with URI headers outside <> → 400")
    func regbadct() throws {
        let error = try answer("regbadct", .badRequest, mentioning: "contact")
        #expect(error.header == "contact")
    }

    @Test("RFC 4475 §3.1.2.14 badaspec: whitespace inside <> around the addr-spec → 400")
    func badaspec() throws {
        let error = try answer("badaspec", .badRequest, mentioning: "to")
        #expect(error.header == "to")
    }

    @Test("RFC 4475 §3.1.2.15 baddn: unquoted display names with a comma → 400")
    func baddn() throws {
        let error = try answer("baddn", .badRequest, mentioning: "from")
        #expect(error.header == "from")
    }

    @Test("RFC 4475 §3.1.2.16 badvers: SIP/7.0 → 505 with the SIP/7.0 Via copied back")
    func badvers() throws {
        let error = try answer("badvers", .versionNotSupported, mentioning: "7.0")
        #expect(error.kind == .unsupportedVersion)
        let response = try #require(error.errorResponse())
        #expect(try response.headers.topVia().sentProtocol == "SIP/7.0")
        #expect(try response.headers.topVia().branch == "z9hG4bKkdjuw")
    }

    @Test("RFC 4475 §3.1.2.17 mismatch01: CSeq method differs from the request method → 400")
    func mismatch01() throws {
        let error = try answer("mismatch01", .badRequest, mentioning: "INVITE in a OPTIONS request")
        #expect(error.kind == .cseqMethodMismatch)
    }

    @Test("RFC 4475 §3.1.2.18 mismatch02: unknown method with a mismatched CSeq → 400 (the RFC allows 400 or 501)")
    func mismatch02() throws {
        let error = try answer("mismatch02", .badRequest, mentioning: "NEWMETHOD")
        #expect(error.kind == .cseqMethodMismatch)
    }

    @Test("RFC 4475 §3.1.2.19 bigcode: a status code of 4294967301 is a broken response, discarded")
    func bigcode() throws {
        let error = try RFC4475.error("bigcode")
        #expect(error.isRequest == false)
        #expect(error.kind == .malformedStartLine)
        #expect(error.errorResponse() == nil)
    }

    @Test("RFC 4475 §3.2.1 badbranch: the magic cookie alone parses; the branch is just \"z9hG4bK\"")
    func badbranch() throws {
        // "A parser must not break when receiving this message." The transaction layer then matches on that
        // branch like any other (docs/sip.md, "RFC 4475").
        let request = try RFC4475.request("badbranch")
        #expect(try request.headers.topVia().branch == "z9hG4bK")
        #expect(try request.headers.topVia().hasRFC3261Branch)
    }

    @Test("RFC 4475 §3.1.2: every invalid message, fed to the stream decoder in small chunks, fails cleanly")
    func streamed() throws {
        let names = [
            "badinv01", "ncl", "scalar02", "scalarlg", "quotbal", "ltgtruri", "lwsruri", "lwsstart", "trws",
            "escruri", "baddate", "regbadct", "badaspec", "baddn", "badvers", "mismatch01", "mismatch02", "bigcode",
        ]
        for name in names {
            var decoder = SIPStreamDecoder(maximumHeaderBytes: 8192, maximumBodyBytes: 8192)
            var buffer = ByteBuffer()
            var failed = false
            for chunk in try RFC4475.bytes(name).chunked(7) {
                buffer.writeBytes(chunk)
                do {
                    while let _ = try decoder.decode(&buffer) {}
                } catch {
                    failed = true
                    break
                }
            }
            #expect(failed, "\(name) must fail on a stream too")
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
