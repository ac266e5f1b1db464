import SIPTransactions
import SIPWire
import Testing

/// Dialogs (RFC 3261 §12, §13.2.2.4): creation on both sides, route sets, CSeq rules, target refresh, forking.
@Suite("SIPDialog")
struct SIPDialogTests {
    static let recordRoutedInvite = """
        INVITE sips:bob@biloxi.com SIP/2.0\r
        Via: SIP/2.0/TLS p2.biloxi.com;branch=z9hG4bKp2\r
        Via: SIP/2.0/TLS p1.atlanta.com;branch=z9hG4bKp1\r
        Via: SIP/2.0/TLS pc33.atlanta.com;branch=z9hG4bKuac\r
        Record-Route: <sip:p2.biloxi.com;lr>\r
        Record-Route: <sip:p1.atlanta.com;lr>\r
        Max-Forwards: 68\r
        To: Bob <sips:bob@biloxi.com>\r
        From: Alice <sips:alice@atlanta.com>;tag=1928301774\r
        Call-ID: a84b4c76e66710@pc33.atlanta.com\r
        CSeq: 314159 INVITE\r
        Contact: <sips:alice@pc33.atlanta.com>\r
        Content-Length: 0\r
        \r

        """

    let invite = Fixture.request(Self.recordRoutedInvite)
    let via = SIPVia("SIP/2.0/TLS pc33.atlanta.com")!

    /// The 2xx/1xx as the UAC receives it: Record-Route copied from the request (RFC 3261 §12.1.1).
    func response(_ status: Int, tag: String?, contact: String? = "<sips:bob@192.0.2.4>") -> SIPResponse {
        var response = Fixture.response(to: invite, status, toTag: tag, contact: contact)
        for route in invite.headers.rows("record-route") { response.headers.add("Record-Route", route) }
        return response
    }

    @Test("RFC 3261 §12.1.2 UAC dialog from 180 with To tag: early, reversed route set, Contact target, local CSeq")
    func uacEarlyDialog() throws {
        let dialog = try SIPDialog(uacRequest: invite, response: response(180, tag: "314159"), overTLS: true)
        #expect(dialog.state == .early)
        #expect(dialog.id == SIPDialogID(callID: "a84b4c76e66710@pc33.atlanta.com", localTag: "1928301774",
            remoteTag: "314159"))
        #expect(dialog.routeSet.map(\.uri.description) == ["sip:p1.atlanta.com;lr", "sip:p2.biloxi.com;lr"])
        #expect(dialog.remoteTarget.description == "sips:bob@192.0.2.4")
        #expect(dialog.localSequence == 314_159)
        #expect(dialog.remoteSequence == nil)
        #expect(dialog.remoteAddress.uri.description == "sips:bob@biloxi.com")
        #expect(dialog.remoteAddress.tag == nil)
        #expect(dialog.secure, "RFC 3261 §12.1.2: sent over TLS to a SIPS Request-URI")
        let overTCP = try SIPDialog(uacRequest: invite, response: response(180, tag: "314159"), overTLS: false)
        #expect(!overTCP.secure)
    }

    @Test("RFC 3261 §12.1.1 UAS dialog: route set in order, remote CSeq, local tag from the response, no local CSeq")
    func uasDialog() throws {
        let ok = Fixture.response(to: invite, 200, toTag: "uas-1", contact: "<sips:bob@192.0.2.4>")
        let dialog = try SIPDialog(uasRequest: invite, response: ok, overTLS: true)
        #expect(dialog.state == .confirmed)
        #expect(dialog.id == SIPDialogID(callID: "a84b4c76e66710@pc33.atlanta.com", localTag: "uas-1",
            remoteTag: "1928301774"))
        #expect(dialog.routeSet.map(\.uri.description) == ["sip:p2.biloxi.com;lr", "sip:p1.atlanta.com;lr"])
        #expect(dialog.remoteTarget.description == "sips:alice@pc33.atlanta.com")
        #expect(dialog.remoteSequence == 314_159)
        #expect(dialog.localSequence == nil)
        #expect(dialog.localAddress.uri.description == "sips:bob@biloxi.com")
    }

    @Test("RFC 3261 §12.1 100 Trying and a provisional without To tag create no dialog; 2xx without Contact fails")
    func notDialogCreating() {
        #expect(throws: SIPDialogError.notDialogCreating(.trying)) {
            try SIPDialog(uacRequest: invite, response: response(100, tag: nil), overTLS: false)
        }
        #expect(throws: SIPDialogError.notDialogCreating(.ringing)) {
            try SIPDialog(uacRequest: invite, response: response(180, tag: nil), overTLS: false)
        }
        #expect(throws: SIPDialogError.missingContact) {
            try SIPDialog(uacRequest: invite, response: response(200, tag: "t", contact: nil), overTLS: false)
        }
        #expect(throws: SIPDialogError.notDialogCreating(.busyHere)) {
            try SIPDialog(uacRequest: invite, response: response(486, tag: "t"), overTLS: false)
        }
    }

    @Test("RFC 3261 §12.2.1.1 loose routing: Request-URI = remote target, Route = route set, CSeq + 1, tags")
    func looseRoutedRequest() throws {
        var dialog = try SIPDialog(uacRequest: invite, response: response(200, tag: "b0b"), overTLS: true)
        var identifiers = SIPIdentifierGenerator(seed: 1)
        let bye = dialog.makeRequest(.bye, via: via, identifiers: &identifiers)
        #expect(bye.uri.description == "sips:bob@192.0.2.4")
        #expect(bye.headers.rows("route") == ["<sip:p1.atlanta.com;lr>", "<sip:p2.biloxi.com;lr>"])
        #expect(try bye.headers.cseq() == SIPCSeq(sequence: 314_160, method: .bye))
        #expect(try bye.headers.to().tag == "b0b")
        #expect(try bye.headers.from().tag == "1928301774")
        #expect(try bye.headers.callID() == "a84b4c76e66710@pc33.atlanta.com")
        let bytes = SIPMessage.request(bye).encoded
        #expect(try SIPMessage(datagram: bytes).encoded == bytes, "the request is valid on the wire")
        let next = dialog.makeRequest(.info, via: via, identifiers: &identifiers)
        #expect(try next.headers.cseq().sequence == 314_161, "RFC 3261 §12.2.1.1: increasing by one")
    }

    @Test("RFC 3261 §12.2.1.1 strict routing: Request-URI = first route without lr-less params, target last Route")
    func strictRoutedRequest() throws {
        var ok = Fixture.response(to: invite, 200, toTag: "b0b", contact: "<sip:bob@192.0.2.4>")
        ok.headers.add("Record-Route", "<sip:p2.biloxi.com;lr>")
        ok.headers.add("Record-Route", "<sip:strict.atlanta.com;method=INVITE;maddr=192.0.2.9>")
        var dialog = try SIPDialog(uacRequest: invite, response: ok, overTLS: false)
        var identifiers = SIPIdentifierGenerator(seed: 1)
        let bye = dialog.makeRequest(.bye, via: via, identifiers: &identifiers)
        #expect(bye.uri.description == "sip:strict.atlanta.com;maddr=192.0.2.9", "method is not allowed there")
        #expect(bye.headers.rows("route") == ["<sip:p2.biloxi.com;lr>", "<sip:bob@192.0.2.4>"])
    }

    @Test("RFC 3261 §12.2.1.1 UAS side: the empty local CSeq starts from the injected generator, below 2**31")
    func uasFirstRequest() throws {
        let ok = Fixture.response(to: invite, 200, toTag: "uas-1", contact: "<sips:bob@192.0.2.4>")
        var dialog = try SIPDialog(uasRequest: invite, response: ok, overTLS: true)
        var identifiers = SIPIdentifierGenerator(seed: 99)
        var expected = SIPIdentifierGenerator(seed: 99)
        let bye = dialog.makeRequest(.bye, via: via, identifiers: &identifiers)
        let initial = expected.initialSequence()
        #expect(try bye.headers.cseq().sequence == initial)
        #expect(try bye.headers.cseq().sequence < 1 << 31)
        #expect(try bye.headers.to().tag == "1928301774")
        #expect(try bye.headers.from().tag == "uas-1")
        #expect(bye.uri.description == "sips:alice@pc33.atlanta.com")
        #expect(bye.headers.rows("route") == ["<sip:p2.biloxi.com;lr>", "<sip:p1.atlanta.com;lr>"])
    }

    @Test("RFC 3261 §12.2.2 a lower CSeq is rejected with 500; a higher one is accepted; foreign tags get 481")
    func incomingSequence() throws {
        let ok = Fixture.response(to: invite, 200, toTag: "uas-1", contact: "<sips:bob@192.0.2.4>")
        var dialog = try SIPDialog(uasRequest: invite, response: ok, overTLS: true)
        func request(_ method: SIPMethod, _ sequence: UInt32, toTag: String = "uas-1") -> SIPRequest {
            var request = invite
            request.method = method
            request.headers.replace("cseq", with: "\(sequence) \(method.rawValue)")
            request.headers.replace("to", with: "Bob <sips:bob@biloxi.com>;tag=\(toTag)")
            return request
        }
        #expect(dialog.receiveRequest(request(.ack, 314_159)) == .accept, "the ACK reuses the INVITE's CSeq")
        #expect(dialog.receiveRequest(request(.info, 314_158)) == .reject(.serverInternalError))
        #expect(dialog.remoteSequence == 314_159)
        #expect(dialog.receiveRequest(request(.info, 314_170)) == .accept)
        #expect(dialog.remoteSequence == 314_170)
        #expect(dialog.receiveRequest(request(.bye, 314_169)) == .reject(.serverInternalError))
        #expect(dialog.receiveRequest(request(.bye, 314_171, toTag: "other")) == .reject(
            .callOrTransactionDoesNotExist))
    }

    @Test("RFC 3261 §12.2.2 target refresh: a re-INVITE or UPDATE Contact replaces the remote target, BYE's does not")
    func targetRefresh() throws {
        let ok = Fixture.response(to: invite, 200, toTag: "uas-1", contact: "<sips:bob@192.0.2.4>")
        var dialog = try SIPDialog(uasRequest: invite, response: ok, overTLS: true)
        var reinvite = invite
        reinvite.headers.replace("cseq", with: "314160 INVITE")
        reinvite.headers.replace("to", with: "Bob <sips:bob@biloxi.com>;tag=uas-1")
        reinvite.headers.replace("contact", with: "<sips:alice@198.51.100.1:5071>")
        #expect(dialog.receiveRequest(reinvite) == .accept)
        #expect(dialog.remoteTarget.description == "sips:alice@198.51.100.1:5071")
        var update = reinvite
        update.method = .update
        update.headers.replace("cseq", with: "314161 UPDATE")
        update.headers.replace("contact", with: "<sips:alice@198.51.100.2>")
        #expect(dialog.receiveRequest(update) == .accept)
        #expect(dialog.remoteTarget.description == "sips:alice@198.51.100.2")
        var bye = reinvite
        bye.method = .bye
        bye.headers.replace("cseq", with: "314162 BYE")
        bye.headers.replace("contact", with: "<sips:elsewhere@203.0.113.1>")
        #expect(dialog.receiveRequest(bye) == .accept)
        #expect(dialog.remoteTarget.description == "sips:alice@198.51.100.2")
    }

    @Test("RFC 3261 §12.2.1.2 a 2xx to our re-INVITE refreshes the remote target; a 2xx to INFO does not")
    func uacTargetRefresh() throws {
        var dialog = try SIPDialog(uacRequest: invite, response: response(200, tag: "b0b"), overTLS: true)
        dialog.receiveResponse(response(200, tag: "b0b", contact: "<sips:bob@203.0.113.5>"), to: .info)
        #expect(dialog.remoteTarget.description == "sips:bob@192.0.2.4")
        dialog.receiveResponse(response(200, tag: "b0b", contact: "<sips:bob@203.0.113.5>"), to: .invite)
        #expect(dialog.remoteTarget.description == "sips:bob@203.0.113.5")
    }

    @Test("RFC 3261 §13.2.2.4 ACK for a 2xx: in-dialog headers, the INVITE's CSeq number with ACK")
    func ackForSuccess() throws {
        let ok = response(200, tag: "b0b")
        let dialog = try SIPDialog(uacRequest: invite, response: ok, overTLS: true)
        let ack = dialog.makeACK(for: ok, via: via)
        #expect(ack.method == .ack)
        #expect(try ack.headers.cseq() == SIPCSeq(sequence: 314_159, method: .ack))
        #expect(ack.uri.description == "sips:bob@192.0.2.4")
        #expect(try ack.headers.to().tag == "b0b")
        #expect(dialog.localSequence == 314_159)
    }

    @Test("RFC 3261 §12.1.2, §13.2.2.4 forking: each To tag its own early dialog; 2xx confirms; 486 ends the early")
    func forkingEarlyDialogs() throws {
        var set = SIPDialogSet(invite: invite, overTLS: true)
        #expect(set.receive(response(100, tag: nil)) == .none)
        guard case .created(let a) = set.receive(response(180, tag: "fork-a")),
            case .created(let b) = set.receive(response(180, tag: "fork-b"))
        else { Issue.record("no early dialogs"); return }
        #expect(a != b)
        #expect(set.dialogs.count == 2)
        #expect(set.receive(response(183, tag: "fork-a", contact: "<sips:a@192.0.2.10>")) == .updated(a))
        #expect(set[a]?.remoteTarget.description == "sips:a@192.0.2.10", "RFC 3261 §12.2.1.2 early target refresh")
        #expect(set.receive(response(200, tag: "fork-a")) == .confirmed(a))
        #expect(set[a]?.state == .confirmed)
        #expect(set.receive(response(200, tag: "fork-a")) == .retransmission(a))
        guard case .created(let c) = set.receive(response(200, tag: "fork-c")) else {
            Issue.record("a 2xx with a new tag makes a confirmed dialog")
            return
        }
        #expect(set[c]?.state == .confirmed)
        #expect(set.receive(response(486, tag: "fork-d")) == .earlyDialogsTerminated([b]))
        #expect(set.dialogs.keys.sorted { $0.remoteTag < $1.remoteTag } == [a, c])
    }
}
