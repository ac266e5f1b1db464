import NIOCore
import SIPTransactions
import SIPWire
import Testing

/// Matching (RFC 3261 §17.1.3, §17.2.3), Via handling (§18.2.1, §18.2.2, RFC 3581) and the layer's routing of
/// actions.
@Suite("SIPTransactionLayer")
struct SIPTransactionLayerTests {
    let alice = SIPTransportAddress(transport: "UDP", host: "192.0.2.101", port: 5060)

    func layer() -> SIPTransactionLayer { SIPTransactionLayer(identifiers: SIPIdentifierGenerator(seed: 7)) }

    // MARK: Client side

    @Test("RFC 3261 §8.1.1.7 a request without branch gets a new z9hG4bK branch; the same branch twice is refused")
    func branchFromGenerator() throws {
        var layer = layer()
        let invite = Fixture.request(Fixture.invite, via: "SIP/2.0/UDP pc33.atlanta.com;rport")
        let (id, actions) = try layer.send(invite, to: Fixture.udpPeer)
        let sent = try #require(actions.sends.first)
        #expect(sent.destination == Fixture.udpPeer)
        #expect(sent.transaction == id)
        guard case .request(let wire) = sent.message else { Issue.record("not a request"); return }
        let branch = try #require(try wire.headers.topVia().branch)
        #expect(branch.hasPrefix("z9hG4bK") && branch.count == 23)
        #expect(try wire.headers.topVia().rport == .some(nil))
        #expect(sent.bytes == SIPMessage.request(wire).encoded)
        #expect(throws: SIPTransactionError.self) { try layer.send(wire, to: Fixture.udpPeer) }
        #expect(layer.count == 1)
    }

    @Test("RFC 3261 §17.1.3 responses match on top Via branch and CSeq method: INVITE and CANCEL apart")
    func clientMatchingSeparatesCancel() throws {
        var layer = layer()
        let invite = Fixture.request(Fixture.invite)
        let (inviteID, _) = try layer.send(invite, to: Fixture.udpPeer)
        _ = layer.receive(.response(Fixture.response(to: invite, 180)), from: Fixture.udpPeer)
        let cancel = SIPRequest.cancelling(invite)
        let (cancelID, cancelActions) = try layer.send(cancel, to: Fixture.udpPeer)
        #expect(cancelID != inviteID)
        #expect(cancelActions.started(.cancelGrace)?.0.transaction == inviteID, "RFC 3261 §9.1 bound on the INVITE")
        let cancelOK = Fixture.response(to: cancel, 200)
        #expect(layer.receive(.response(cancelOK), from: Fixture.udpPeer).contains(
            .deliverResponse(cancelOK, transaction: try #require(cancelID))))
        let terminated = Fixture.response(to: invite, 487)
        let actions = layer.receive(.response(terminated), from: Fixture.udpPeer)
        #expect(actions.contains(.deliverResponse(terminated, transaction: try #require(inviteID))))
        #expect(actions.sends.first?.destination == Fixture.udpPeer, "the ACK goes where the INVITE went")
        #expect(layer.state(of: inviteID!) == .completed)
        #expect(layer.state(of: cancelID!) == .completed)
    }

    @Test("RFC 3261 §18.1.2 a response matching no client transaction goes to the core")
    func strayResponse() {
        var layer = layer()
        let ok = Fixture.response(to: Fixture.request(Fixture.invite), 200)
        let actions = layer.receive(.response(ok), from: Fixture.udpPeer)
        #expect(actions == [.deliverStrayResponse(ok, from: Fixture.udpPeer)])
    }

    @Test("RFC 6026 §8.4 2xx retransmissions stay with the INVITE client transaction in Accepted; after Timer M stray")
    func acceptedAbsorbsThenTimerM() throws {
        var layer = layer()
        var clock = LayerClock()
        let invite = Fixture.request(Fixture.invite)
        let (sent, start) = try layer.send(invite, to: Fixture.udpPeer)
        let id = try #require(sent)
        clock.apply(start)
        let ok = Fixture.response(to: invite, 200, contact: "<sip:bob@192.0.2.4>")
        let accepted = layer.receive(.response(ok), from: Fixture.udpPeer)
        clock.apply(accepted)
        #expect(accepted.deliveredResponses == [ok])
        #expect(layer.receive(.response(ok), from: Fixture.udpPeer) == [.deliverResponse(ok, transaction: id)])
        var last: [SIPTransactionLayerAction] = []
        while let timer = clock.next() {
            #expect(timer.timer.kind == .m, "Timers A and B were cancelled by the 2xx")
            last = layer.timerFired(timer)
        }
        #expect(last == [.terminated(id)])
        #expect(clock.now == TimeAmount.seconds(32).nanoseconds)
        let late = layer.receive(.response(ok), from: Fixture.udpPeer)
        #expect(late == [.deliverStrayResponse(ok, from: Fixture.udpPeer)])
    }

    @Test("RFC 3261 §13.2.2.4 the ACK for a 2xx is sent outside any transaction")
    func ackForSuccessIsStateless() throws {
        var layer = layer()
        let invite = Fixture.request(Fixture.invite)
        var ack = SIPRequest.acknowledging(invite, response: Fixture.response(to: invite, 200))
        ack.headers.replace("via", with: "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnewack")
        let (id, actions) = try layer.send(ack, to: Fixture.udpPeer)
        #expect(id == nil)
        #expect(actions == [.send(SIPOutboundMessage(message: .request(ack), destination: Fixture.udpPeer,
            transaction: nil))])
        #expect(layer.count == 0)
    }

    @Test("RFC 3261 §17.1.4 a transport error reported by the shell reaches the transaction and the TU")
    func transportErrorThroughLayer() throws {
        var layer = layer()
        let (id, _) = try layer.send(Fixture.request(Fixture.options), to: Fixture.tcpPeer)
        let txID = try #require(id)
        let actions = layer.transportError(txID)
        #expect(actions.first == .transportError(txID))
        #expect(actions.last == .terminated(txID))
        #expect(layer.count == 0)
        #expect(layer.transportError(txID) == [])
        #expect(throws: SIPTransactionError.unknownTransaction(txID)) {
            try layer.send(Fixture.response(to: Fixture.request(Fixture.options), 200), in: txID)
        }
    }

    // MARK: Server side

    @Test("RFC 3261 §17.2.3 a retransmitted INVITE matches on branch, sent-by and method; another sent-by does not")
    func serverMatching() throws {
        var layer = layer()
        let invite = Fixture.request(Fixture.invite)
        let first = layer.receive(.request(invite), from: alice)
        let (_, id) = try #require(first.deliveredRequest)
        let ringing = Fixture.response(to: try #require(first.deliveredRequest).0, 180)
        _ = try layer.send(ringing, in: id)
        let again = layer.receive(.request(invite), from: alice)
        #expect(again.sends.map(\.message) == [.response(ringing)])
        #expect(again.deliveredRequest == nil)
        let otherHost = Fixture.request(
            Fixture.invite, via: "SIP/2.0/UDP pc34.atlanta.com;branch=z9hG4bK776asdhds")
        #expect(layer.receive(.request(otherHost), from: alice).deliveredRequest != nil)
        #expect(layer.count == 2)
    }

    @Test("RFC 3261 §17.2.3 the ACK for a non-2xx matches the INVITE server transaction; the 2xx ACK is stray")
    func ackMatching() throws {
        var layer = layer()
        let invite = Fixture.request(Fixture.invite)
        let (stamped, id) = try #require(layer.receive(.request(invite), from: alice).deliveredRequest)
        let busy = Fixture.response(to: stamped, 486)
        _ = try layer.send(busy, in: id)
        let ack = SIPRequest.acknowledging(invite, response: busy)
        #expect(layer.receive(.request(ack), from: alice).started(.i) != nil)
        #expect(layer.state(of: id) == .confirmed)

        let second = Fixture.request(Fixture.invite, via: "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK2nd")
        let (stamped2, id2) = try #require(layer.receive(.request(second), from: alice).deliveredRequest)
        let ok = Fixture.response(to: stamped2, 200)
        _ = try layer.send(ok, in: id2)
        var ack2 = SIPRequest.acknowledging(second, response: ok)
        ack2.headers.replace("via", with: "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKack2xx")
        let stray = layer.receive(.request(ack2), from: alice)
        guard case .deliverStrayACK(let delivered, let source) = try #require(stray.first) else {
            Issue.record("not a stray ACK: \(stray)")
            return
        }
        #expect(delivered.method == .ack && source == alice)
        // RFC 6026 §8.7: an ACK that does match in Accepted is passed to the TU with its transaction.
        let sameBranch = SIPRequest.acknowledging(second, response: ok)
        #expect(layer.receive(.request(sameBranch), from: alice).deliveredRequest?.1 == id2)
    }

    @Test("RFC 3261 §9.2 CANCEL is its own server transaction with the INVITE's branch and finds the INVITE")
    func cancelServerTransaction() throws {
        var layer = layer()
        let invite = Fixture.request(Fixture.invite)
        let (_, inviteID) = try #require(layer.receive(.request(invite), from: alice).deliveredRequest)
        let cancel = SIPRequest.cancelling(invite)
        let (received, cancelID) = try #require(layer.receive(.request(cancel), from: alice).deliveredRequest)
        #expect(received.method == .cancel)
        #expect(cancelID != inviteID)
        #expect(layer.inviteTransaction(cancelledBy: received) == inviteID)
        #expect(layer.state(of: inviteID) == .proceeding)
        // A retransmitted CANCEL is absorbed by its own transaction.
        #expect(layer.receive(.request(cancel), from: alice).isEmpty)
    }

    @Test("RFC 3261 §17.2.3 RFC 2543 fallback: no magic cookie, matched on Request-URI, tags, Call-ID, CSeq, Via")
    func rfc2543Matching() throws {
        var layer = layer()
        let invite = Fixture.request(Fixture.invite, via: "SIP/2.0/UDP pc33.atlanta.com;branch=4711")
        let (stamped, id) = try #require(layer.receive(.request(invite), from: alice).deliveredRequest)
        let busy = Fixture.response(to: stamped, 486, toTag: "uas-tag")
        _ = try layer.send(busy, in: id)
        // A retransmission: same everything.
        #expect(layer.receive(.request(invite), from: alice).sends.map(\.message) == [.response(busy)])
        // Another CSeq is another transaction.
        var other = invite
        other.headers.replace("cseq", with: "314160 INVITE")
        #expect(layer.receive(.request(other), from: alice).deliveredRequest != nil)
        // An ACK with another To tag than the response's does not match.
        var wrongACK = SIPRequest.acknowledging(invite, response: Fixture.response(to: stamped, 486, toTag: "nope"))
        wrongACK.uri = invite.uri
        guard case .deliverStrayACK = try #require(layer.receive(.request(wrongACK), from: alice).first) else {
            Issue.record("ACK with a foreign To tag matched")
            return
        }
        // The ACK carrying the response's To tag matches and confirms.
        let ack = SIPRequest.acknowledging(invite, response: busy)
        _ = layer.receive(.request(ack), from: alice)
        #expect(layer.state(of: id) == .confirmed)
        // Without any branch at all the same rules apply.
        let bare = Fixture.request(Fixture.options, via: "SIP/2.0/UDP pc33.atlanta.com")
        let (_, bareID) = try #require(layer.receive(.request(bare), from: alice).deliveredRequest)
        #expect(layer.receive(.request(bare), from: alice).isEmpty)
        #expect(layer.state(of: bareID) == .trying)
    }

    @Test("RFC 3261 §18.2.1 received is added when sent-by is not the source address; not when it is")
    func receivedParameter() throws {
        var layer = layer()
        let byName = Fixture.request(Fixture.options)
        let (stamped, id) = try #require(layer.receive(.request(byName), from: alice).deliveredRequest)
        #expect(try stamped.headers.topVia().received == "192.0.2.101")
        let actions = try layer.send(Fixture.response(to: stamped, 200), in: id)
        // §18.2.2: to "received", at the sent-by port or 5060.
        #expect(actions.sends.first?.destination == SIPTransportAddress(transport: "UDP", host: "192.0.2.101",
            port: 5060))
        guard case .response(let wire) = actions.sends.first?.message else { Issue.record("no response"); return }
        #expect(try wire.headers.topVia().received == "192.0.2.101", "the response carries the stamped Via")

        let byAddress = Fixture.request(Fixture.options, via: "SIP/2.0/UDP 192.0.2.101:5070;branch=z9hG4bKip")
        let (stamped2, id2) = try #require(layer.receive(.request(byAddress), from: alice).deliveredRequest)
        #expect(try stamped2.headers.topVia().received == nil)
        let actions2 = try layer.send(Fixture.response(to: stamped2, 200), in: id2)
        #expect(actions2.sends.first?.destination.port == 5070, "sent-by port")
    }

    @Test("RFC 3581 §4 rport: filled with the source port, received added, the response goes to source IP and port")
    func rport() throws {
        var layer = layer()
        let natted = SIPTransportAddress(transport: "UDP", host: "198.51.100.7", port: 61_234)
        let request = Fixture.request(Fixture.options, via: "SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKnat;rport")
        let (stamped, id) = try #require(layer.receive(.request(request), from: natted).deliveredRequest)
        let via = try stamped.headers.topVia()
        #expect(via.rport == .some(61_234))
        #expect(via.received == "198.51.100.7")
        let actions = try layer.send(Fixture.response(to: stamped, 200), in: id)
        #expect(actions.sends.first?.destination == natted)
        // rport with the sent-by equal to the source still gets received (RFC 3581 §4).
        let direct = SIPTransportAddress(transport: "UDP", host: "10.0.0.2", port: 5060)
        let request2 = Fixture.request(Fixture.options, via: "SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKnat2;rport")
        let (stamped2, _) = try #require(layer.receive(.request(request2), from: direct).deliveredRequest)
        #expect(try stamped2.headers.topVia().received == "10.0.0.2")
    }

    @Test("RFC 3261 §18.2.2 over TCP the response goes back on the connection the request came from")
    func reliableResponseDestination() throws {
        var layer = layer()
        let request = Fixture.request(Fixture.options, via: "SIP/2.0/TCP pc33.atlanta.com:5060;branch=z9hG4bKtcp")
        let (stamped, id) = try #require(layer.receive(.request(request), from: Fixture.tcpPeer).deliveredRequest)
        let actions = try layer.send(Fixture.response(to: stamped, 200), in: id)
        #expect(actions.sends.first?.destination == Fixture.tcpPeer)
        #expect(actions.last == .terminated(id), "Timer J is zero on TCP")
    }

    @Test("RFC 3261 §18.2.2 maddr in the Via: the response goes to maddr at the sent-by port")
    func maddrDestination() {
        let via = SIPVia("SIP/2.0/UDP pc33.atlanta.com:5062;branch=z9hG4bKm;maddr=239.255.255.1")!
        let destination = SIPViaProcessing.responseDestination(via: via, source: alice)
        #expect(destination == SIPTransportAddress(transport: "UDP", host: "239.255.255.1", port: 5062))
    }

    @Test("RFC 3261 §17.2.1 Timer firings through the layer: 100 Trying after 200 ms, stale firings ignored")
    func layerTimers() throws {
        var layer = layer()
        var clock = LayerClock()
        let actions = layer.receive(.request(Fixture.request(Fixture.invite)), from: alice)
        clock.apply(actions)
        let (_, id) = try #require(actions.deliveredRequest)
        let next = clock.next()
        let timer = try #require(next)
        #expect(timer.timer.kind == .trying && timer.transaction == id)
        let fired = layer.timerFired(timer)
        guard case .response(let trying) = fired.sends.first?.message else { Issue.record("no 100"); return }
        #expect(trying.status == .trying)
        #expect(layer.timerFired(timer) == [], "a timer fires once")
    }

    @Test("RFC 3261 §17.2 a response from the TU for a client transaction is refused")
    func responseOnClientTransaction() throws {
        var layer = layer()
        let options = Fixture.request(Fixture.options)
        let (id, _) = try layer.send(options, to: Fixture.udpPeer)
        let txID = try #require(id)
        #expect(throws: SIPTransactionError.notAServerTransaction(txID)) {
            try layer.send(Fixture.response(to: options, 200), in: txID)
        }
    }
}
