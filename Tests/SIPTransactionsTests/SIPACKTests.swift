import SIPTransactions
import SIPWire
import Testing

/// The ACK an INVITE client transaction builds for a non-2xx response (RFC 3261 §17.1.1.3), checked on the bytes.
@Suite("ACK for non-2xx")
struct SIPACKTests {
    static let routedInvite = """
        INVITE sip:bob@biloxi.com;transport=udp SIP/2.0\r
        Via: SIP/2.0/UDP pc33.atlanta.com:5066;branch=z9hG4bKnashds8;rport\r
        Route: <sip:p1.atlanta.com;lr>,<sip:p2.biloxi.com;lr>\r
        Route: <sip:p3.biloxi.com;lr>\r
        Max-Forwards: 69\r
        To: "Bob" <sip:bob@biloxi.com>\r
        From: "Alice" <sip:alice@atlanta.com>;tag=9fxced76sl\r
        Call-ID: 3848276298220188511@atlanta.example.com\r
        CSeq: 2 INVITE\r
        Contact: <sip:alice@pc33.atlanta.com:5066>\r
        Proxy-Authorization: Digest username="alice", realm="atlanta.com", nonce="a", uri="sip:bob@biloxi.com",\r
         response="b"\r
        Content-Type: application/sdp\r
        Content-Length: 4\r
        \r
        v=0\r

        """

    @Test("RFC 3261 §17.1.1.3 ACK bytes: Request-URI, one Via, Route, From, To with tag, Call-ID, CSeq n ACK")
    func ackFieldByField() throws {
        let invite = Fixture.request(Self.routedInvite)
        // The 486 as received: our Via (with what the server stamped), the To tag of the UAS.
        var busy = Fixture.response(to: invite, 486, toTag: "8321234356")
        busy.headers.replace(
            "via", with: "SIP/2.0/UDP pc33.atlanta.com:5066;branch=z9hG4bKnashds8;rport=5066;received=192.0.2.1")
        var (machine, _) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        let actions = machine.receive(busy)
        guard case .request(let built) = try #require(actions.sent.first) else { Issue.record("no ACK"); return }

        let bytes = SIPMessage.request(built).encoded
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("ACK sip:bob@biloxi.com;transport=udp SIP/2.0\r\n"), "Request-URI of the INVITE")
        guard case .request(let ack) = try SIPMessage(datagram: bytes) else { Issue.record("not a request"); return }
        #expect(ack.method == .ack)
        // "The ACK MUST contain a single Via header field, and this MUST be equal to the top Via header field of the
        // original request" — as sent, not as stamped by the server.
        #expect(ack.headers.values("via") == ["SIP/2.0/UDP pc33.atlanta.com:5066;branch=z9hG4bKnashds8;rport"])
        #expect(ack.headers.rows("route") == [
            "<sip:p1.atlanta.com;lr>,<sip:p2.biloxi.com;lr>", "<sip:p3.biloxi.com;lr>",
        ])
        #expect(ack.headers["max-forwards"] == "69")
        #expect(ack.headers["from"] == "\"Alice\" <sip:alice@atlanta.com>;tag=9fxced76sl")
        #expect(try ack.headers.to().tag == "8321234356", "To of the response, with its tag")
        #expect(ack.headers["to"] == busy.headers["to"])
        #expect(ack.headers["call-id"] == "3848276298220188511@atlanta.example.com")
        #expect(ack.headers["cseq"] == "2 ACK")
        #expect(ack.headers["content-length"] == "0")
        #expect(ack.body.isEmpty)
        #expect(!ack.headers.contains("contact"))
        #expect(!ack.headers.contains("content-type"))
        #expect(!ack.headers.contains("proxy-authorization"))
        #expect(ack.headers.count == 9, "Via, 2 Route rows, Max-Forwards, From, To, Call-ID, CSeq, Content-Length")
    }

    @Test("RFC 3261 §17.1.1.3 the ACK is resent unchanged for each retransmitted final response")
    func ackResentIdentically() throws {
        let invite = Fixture.request(Self.routedInvite)
        let notFound = Fixture.response(to: invite, 404, toTag: "x1")
        var (machine, _) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        let first = machine.receive(notFound).sent
        #expect(machine.receive(notFound).sent == first)
    }

    @Test("RFC 3261 §9.1 CANCEL: same Request-URI, Call-ID, From, To, Route, one Via, CSeq number with CANCEL")
    func cancelFields() throws {
        let invite = Fixture.request(Self.routedInvite)
        let cancel = SIPRequest.cancelling(invite)
        guard case .request(let parsed) = try SIPMessage(datagram: SIPMessage.request(cancel).encoded) else {
            Issue.record("not a request")
            return
        }
        #expect(parsed.method == .cancel)
        #expect(parsed.uri == invite.uri)
        #expect(parsed.headers.values("via") == [invite.headers.values("via")[0]])
        #expect(parsed.headers.rows("route") == invite.headers.rows("route"))
        #expect(parsed.headers["to"] == invite.headers["to"])
        #expect(parsed.headers["from"] == invite.headers["from"])
        #expect(parsed.headers["call-id"] == invite.headers["call-id"])
        #expect(parsed.headers["cseq"] == "2 CANCEL")
    }
}
