import SIPWire
import Testing

@Suite("SIP serialization (RFC 3261 §7)")
struct SIPSerializationTests {
    @Test("RFC 3261 §7: a parsed message re-encodes to bytes that parse to the same message")
    func roundTrip() throws {
        for bytes in [SIPTestMessages.tortuousInvite, SIPTestMessages.ringing, SIPTestMessages.request()] {
            let message = try SIPMessage(datagram: bytes)
            let again = try SIPMessage(datagram: message.encoded)
            #expect(again == message)
            // Typed views agree as well.
            #expect(try again.headers.vias() == message.headers.vias())
            #expect(try again.headers.to() == message.headers.to())
        }
    }

    @Test("RFC 3261 §18.3 / §20.14: Content-Length is written from the body, whatever the header said")
    func contentLengthRewritten() throws {
        let message = try SIPMessage(datagram: SIPTestMessages.request(body: "abc"))
        guard case .request(var request) = message else {
            Issue.record("not a request")
            return
        }
        request.body = Array("a longer body".utf8)
        let reparsed = try SIPMessage(datagram: SIPMessage.request(request).encoded)
        #expect(try reparsed.headers.contentLength() == 13)
        #expect(reparsed.body == Array("a longer body".utf8))
        #expect(reparsed.headers.rows("content-length").count == 1)
    }

    @Test("RFC 3261 §8.1.1: a request built from typed parts parses back")
    func built() throws {
        var headers = SIPHeaders()
        headers.add("Via", SIPVia(transport: "udp", host: "192.0.2.1", port: 5060,
            parameters: SIPParameters([.init(name: "branch", value: "z9hG4bK1"), .init(name: "rport", value: nil)]))
            .description)
        var from = SIPAddress(displayName: "Reroute \"GW\"", uri: SIPURI(user: "+4477009001", host: "gw.example.net"))
        from.tag = "abc"
        headers.add("From", from.description)
        headers.add("To", SIPAddress(uri: SIPURI(user: "dev1", host: "198.51.100.4", port: 40000)).description)
        headers.add("Call-ID", "c1@gw")
        headers.add("CSeq", SIPCSeq(sequence: 1, method: .invite).description)
        headers.add("Max-Forwards", "70")
        let request = SIPRequest(method: .invite, uri: SIPURI(user: "dev1", host: "198.51.100.4", port: 40000),
            headers: headers, body: Array(SIPTestMessages.sdp.utf8))
        let parsed = try SIPMessage(datagram: SIPMessage.request(request).encoded)
        guard case .request(let again) = parsed else {
            Issue.record("not a request")
            return
        }
        #expect(try again.headers.from() == from)
        #expect(try again.headers.topVia().rport == .some(nil))
        #expect(again.uri == request.uri)
        #expect(again.body == request.body)
    }

    @Test("RFC 3261 §18.1.2: removing the top Via keeps the other values of its row")
    func removeTopVia() throws {
        let message = try SIPMessage(datagram: SIPTestMessages.tortuousInvite)
        var headers = message.headers
        headers.removeFirstValue("via")
        let vias = try headers.vias()
        #expect(vias.count == 2)
        #expect(vias.first?.host == "proxy.example.net")
    }
}
