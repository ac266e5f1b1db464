import Foundation
import SIPWire
import Testing

@Suite("SIP message parsing (RFC 3261 §7, §20, §25)")
struct SIPMessageParsingTests {
    @Test("RFC 3261 §7.3: compact forms, folding, lists and escapes in one INVITE")
    func tortuousInvite() throws {
        guard case .request(let invite) = try SIPMessage(datagram: SIPTestMessages.tortuousInvite) else {
            Issue.record("not a request")
            return
        }
        #expect(invite.method == .invite)
        // RFC 3261 §19.1.2: escaped and unescaped forms are the same user.
        #expect(invite.uri.user == "+4477009001")
        #expect(invite.uri.host == "[2001:db8::10]")
        #expect(invite.uri.hostWithoutBrackets == "2001:db8::10")
        #expect(invite.uri.port == 5060)
        #expect(invite.uri.transport == "tcp")
        #expect(invite.uri.parameters.value("user") == "phone")

        // §7.3.1: three Via values from two rows, one of them folded, with LWS around the slashes.
        let vias = try invite.headers.vias()
        #expect(vias.count == 3)
        #expect(vias[0].transport == "TCP")
        #expect(vias[0].host == "[2001:db8::1]")
        #expect(vias[0].port == 5062)
        #expect(vias[0].branch == "z9hG4bK-a1")
        #expect(vias[0].rport == .some(nil))
        #expect(vias[1].host == "proxy.example.net")
        #expect(vias[1].received == "192.0.2.7")
        #expect(vias[2].hasRFC3261Branch)

        // Header names are case-insensitive, with whitespace before the colon; the value was folded onto a new line.
        let to = try invite.headers.to()
        #expect(to.displayName == "Bob \"The\" Subscriber")
        #expect(to.uri.user == "+4477009001")
        #expect(to.tag == nil)
        #expect(try invite.headers.from().tag == "1928301774")
        #expect(try invite.headers.callID() == "a84b4c76e66710@pc33.example.com")
        #expect(try invite.headers.cseq() == SIPCSeq(sequence: 314_159, method: .invite))

        guard case .addresses(let contacts) = try invite.headers.contacts() else {
            Issue.record("contact is not a list")
            return
        }
        #expect(contacts.count == 2)
        #expect(contacts[0].parameters.value("+sip.instance") == "<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>")
        #expect(contacts[0].parameters.value("reg-id") == "1")
        // RFC 3261 §20.10: without angle brackets the parameters belong to the header, not the URI.
        #expect(contacts[1].uri.parameters.isEmpty)
        #expect(contacts[1].parameters.value("expires") == "30")

        #expect(try invite.headers.optionTags("k") == ["100rel", "timer", "replaces"])
        #expect(invite.headers["x-unknown-header"] == "some ; thing , \"with, commas\"")
        let diversion = try invite.headers.addresses("Diversion")
        #expect(diversion.first?.uri.scheme == "tel")
        #expect(diversion.first?.uri.user == "+4477009001")
        #expect(diversion.first?.parameters.value("reason") == "unavailable")
        #expect(invite.headers["content-type"] == "application/sdp")
        #expect(String(decoding: invite.body, as: UTF8.self) == SIPTestMessages.sdp)
    }

    @Test("RFC 3261 §7.2: a response with received/rport on its Via")
    func response() throws {
        guard case .response(let response) = try SIPMessage(datagram: SIPTestMessages.ringing) else {
            Issue.record("not a response")
            return
        }
        #expect(response.status == .ringing)
        #expect(response.reason == "Ringing")
        #expect(try response.headers.topVia().rport == .some(5070))
        #expect(try response.headers.to().tag == "a6c85cf")
    }

    @Test("RFC 3261 §7.2: an empty reason phrase is valid")
    func emptyReason() throws {
        var bytes = SIPTestMessages.ringing
        bytes.replaceSubrange(0..<"SIP/2.0 180 Ringing".utf8.count, with: Array("SIP/2.0 180 ".utf8))
        guard case .response(let response) = try SIPMessage(datagram: bytes) else {
            Issue.record("not a response")
            return
        }
        #expect(response.reason == "")
    }

    @Test("RFC 3261 §18.3: a datagram body longer than Content-Length is truncated")
    func datagramTruncation() throws {
        var bytes = SIPTestMessages.request(body: "abcdef")
        bytes += Array("trailing garbage".utf8)
        let message = try SIPMessage(datagram: bytes)
        #expect(message.body == Array("abcdef".utf8))
    }

    @Test("RFC 3261 §18.3: Content-Length larger than the datagram is a 400")
    func datagramShortBody() throws {
        var text = String(decoding: SIPTestMessages.request(body: "abc"), as: UTF8.self)
        text = text.replacingOccurrences(of: "Content-Length: 3", with: "Content-Length: 30")
        let error = try #require(throws: SIPDecodingError.self) { try SIPMessage(datagram: Array(text.utf8)) }
        #expect(error.kind == .bodyShorterThanContentLength)
        #expect(error.status == .badRequest)
        #expect(error.errorResponse() != nil)
    }

    /// Each case names the rule it breaks; every one must be answered 400 (or 505) with the headers copied back.
    @Test(
        "RFC 3261 §8.2 / §21.4.1: invalid requests are answered 400 naming the problem",
        arguments: [
            // §7.1: "No linear whitespace (LWS) is allowed in any of the elements" of the request line.
            ("request URI with spaces", SIPTestMessages.request(uri: "sip:alice @example.com")),
            // §8.1.1.5: the CSeq method must match the request method.
            ("CSeq method mismatch", SIPTestMessages.request(cseq: "1 INVITE")),
            // §8.1.1.5: CSeq below 2**31.
            ("CSeq too large", SIPTestMessages.request(cseq: "2147483648 OPTIONS")),
            ("CSeq without method", SIPTestMessages.request(cseq: "12")),
            // §20.22: Max-Forwards = 1*DIGIT.
            ("Max-Forwards not a number", SIPTestMessages.request(extra: ["Max-Forwards: seventy"], drop: ["Max-Forwards"])),
            // §20.16, §8.1.1: CSeq is mandatory.
            ("missing CSeq", SIPTestMessages.request(drop: ["CSeq"])),
            // §7.3.1 and §20: Call-ID is single-valued.
            ("two Call-IDs", SIPTestMessages.request(extra: ["Call-ID: other@host"])),
            // §25.1: an unterminated quoted-string in From.
            ("unbalanced quote", SIPTestMessages.request(extra: ["From: \"Alice <sip:a@b>;tag=1"], drop: ["From"])),
            // §25.1: the display name must be followed by a name-addr in <>.
            ("display name without <>", SIPTestMessages.request(extra: ["To: \"Bob\" sip:bob@b"], drop: ["To"])),
            // §20.14: Content-Length = 1*DIGIT.
            ("negative Content-Length", SIPTestMessages.request(extra: ["Content-Length: -1"], drop: ["Content-Length"])),
            // §25.1 host: a port above 65535.
            ("port out of range", SIPTestMessages.request(uri: "sip:gw.example.net:70000")),
        ])
    func invalidRequests(name: String, bytes: [UInt8]) throws {
        let error = try #require(throws: SIPDecodingError.self, "\(name)") { try SIPMessage(datagram: bytes) }
        #expect(error.isRequest == true, "\(name)")
        #expect(error.status == .badRequest, "\(name)")
    }

    @Test("RFC 3261 §8.2.6.2: the 400 copies Via, From, To, Call-ID and CSeq and adds a To tag")
    func errorResponseHeaders() throws {
        let bytes = SIPTestMessages.request(extra: ["Max-Forwards: seventy"], drop: ["Max-Forwards"])
        let error = try #require(throws: SIPDecodingError.self) { try SIPMessage(datagram: bytes) }
        let response = try #require(error.errorResponse(toTag: "t1"))
        #expect(response.status == .badRequest)
        #expect(response.reason.contains("max-forwards"))
        #expect(try response.headers.topVia().branch == "z9hG4bK776asdhds")
        #expect(try response.headers.callID() == "843817637684230@998sdasdh09")
        #expect(try response.headers.cseq() == SIPCSeq(sequence: 1, method: .options))
        #expect(try response.headers.to().tag == "t1")
        #expect(try response.headers.from().tag == "88sja8x")
        // And the answer itself parses as a valid response.
        guard case .response(let parsed) = try SIPMessage(datagram: SIPMessage.response(response).encoded) else {
            Issue.record("the answer is not a response")
            return
        }
        #expect(parsed.status == .badRequest)
        #expect(try parsed.headers.to().tag == "t1")
    }

    @Test("RFC 3261 §8.2.6.2: no answer is possible without a readable Via")
    func noAnswerWithoutVia() throws {
        let bytes = SIPTestMessages.request(drop: ["Via"])
        let error = try #require(throws: SIPDecodingError.self) { try SIPMessage(datagram: bytes) }
        #expect(error.errorResponse() == nil)
    }

    @Test("RFC 3261 §8.2.2 / §21.5.6: another SIP version is answered 505")
    func unsupportedVersion() throws {
        var text = String(decoding: SIPTestMessages.request(), as: UTF8.self)
        text = text.replacingOccurrences(of: "sip:gw.example.net SIP/2.0", with: "sip:gw.example.net SIP/7.0")
        let error = try #require(throws: SIPDecodingError.self) { try SIPMessage(datagram: Array(text.utf8)) }
        #expect(error.status == .versionNotSupported)
        #expect(error.errorResponse()?.status == .versionNotSupported)
    }

    @Test("RFC 3261 §18.1.2: a malformed response has no one to answer")
    func malformedResponse() throws {
        var text = String(decoding: SIPTestMessages.ringing, as: UTF8.self)
        text = text.replacingOccurrences(of: "CSeq: 314159 INVITE", with: "CSeq: x INVITE")
        let error = try #require(throws: SIPDecodingError.self) { try SIPMessage(datagram: Array(text.utf8)) }
        #expect(error.isRequest == false)
        #expect(error.errorResponse() == nil)
    }

    @Test("RFC 3261 §7.3.1: several rows and several values per row are the same list")
    func listEquivalence() throws {
        let oneRow = SIPTestMessages.request(extra: ["Route: <sip:p1.example.net;lr>, <sip:p2.example.net;lr>"])
        let twoRows = SIPTestMessages.request(extra: ["Route: <sip:p1.example.net;lr>", "Route: <sip:p2.example.net;lr>"])
        let first = try SIPMessage(datagram: oneRow).headers.routes()
        let second = try SIPMessage(datagram: twoRows).headers.routes()
        #expect(first == second)
        #expect(first.count == 2)
        #expect(first[0].uri.parameters.contains("lr"))
    }

    @Test("RFC 3261 §7.5: CRLFs before the start line are ignored")
    func leadingCRLF() throws {
        let message = try SIPMessage(datagram: Array("\r\n\r\n".utf8) + SIPTestMessages.request())
        guard case .request(let request) = message else {
            Issue.record("not a request")
            return
        }
        #expect(request.method == .options)
    }

    @Test("RFC 7616 §3.4: digest credentials keep quoted and unquoted parameters apart")
    func digestCredentials() throws {
        let bytes = SIPTestMessages.request(
            method: "REGISTER", uri: "sip:example.net",
            extra: [
                "Authorization: Digest username=\"+4477009001\", realm=\"reroute\", nonce=\"a,b\\\"c\",",
                "  uri=\"sip:example.net\", response=\"0123abcd\", algorithm=SHA-256, qop=auth, nc=00000001,",
                "  cnonce=\"0a4f113b\"",
            ])
        let credentials = try #require(try SIPMessage(datagram: bytes).headers.authentications("authorization").first)
        #expect(credentials.scheme == "Digest")
        #expect(credentials["nonce"] == "a,b\"c")
        #expect(credentials["algorithm"] == "SHA-256")
        #expect(credentials["nc"] == "00000001")
        #expect(credentials["cnonce"] == "0a4f113b")
        let reparsed = try #require(SIPAuthentication(credentials.description))
        #expect(reparsed == credentials)
    }

    @Test("RFC 3261 §20.10: Contact * removes every binding")
    func contactWildcard() throws {
        let bytes = SIPTestMessages.request(method: "REGISTER", extra: ["Contact: *", "Expires: 0"])
        let headers = try SIPMessage(datagram: bytes).headers
        #expect(try headers.contacts() == .wildcard)
        #expect(try headers.expires() == 0)
    }
}
