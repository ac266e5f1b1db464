import NIOCore
import SIPForking
import SIPTransactions
import SIPWire
import TelecomTypes
import Testing

@Suite("SIPForking: parallel forking, first 2xx wins")
struct SIPForkingLegTests {
    @Test("Issue 5 item 4: INVITE every contact in parallel, each its own Call-ID, tag and branch; ring timer armed")
    func forksInParallel() throws {
        var leg = Script.leg()
        let actions = leg.start(contacts: [Script.contact(1), Script.contact(2)])
        let invites = Script.invites(actions)
        #expect(invites.count == 2)
        #expect(actions.first == .startTimer(SIPForkingTimer(.ringTimeout, generation: 1), after: .seconds(25)))
        let (first, second) = (try #require(invites[SIPForkID(0)]), try #require(invites[SIPForkID(1)]))
        #expect(first.uri.host == "198.51.100.1")
        #expect(try first.headers.callID() != second.headers.callID())
        #expect(try first.headers.topVia().branch != second.headers.topVia().branch)
        #expect(try first.headers.topVia().hasRFC3261Branch)  // RFC 3261 §8.1.1.7
        #expect(try first.headers.from().tag != nil)
        #expect(try first.headers.optionTags("supported") == ["100rel", "timer"])  // RFC 3262 §3, RFC 4028 §7.1
        #expect(first.headers["session-expires"] == "1800")
        #expect(first.headers["min-se"] == "90")
        #expect(first.body == Script.offer)
        #expect(first.headers["content-type"] == "application/sdp")
    }

    @Test("RFC 3261 §13.2.2.4 + issue 5: 180 alerts, 183 with SDP gives early media, the first 2xx wins")
    func firstAnswerWins() throws {
        var leg = Script.leg()
        let invites = Script.invites(leg.start(contacts: [Script.contact(1), Script.contact(2)]))
        let (a, b) = (invites[SIPForkID(0)]!, invites[SIPForkID(1)]!)
        #expect(leg.receiveResponse(Script.response(a, .trying)) == [])
        #expect(leg.receiveResponse(Script.response(a, .ringing, tag: "a")) == [.alerting(SIPForkID(0))])
        #expect(
            leg.receiveResponse(Script.response(b, .sessionProgress, tag: "b", body: Script.earlySDP))
                == [.alerting(SIPForkID(1)), .earlyMedia(SIPForkID(1), sdp: Script.earlySDP)])
        // A repeated 180 alerts no more.
        #expect(leg.receiveResponse(Script.response(a, .ringing, tag: "a")) == [])

        let actions = leg.receiveResponse(Script.response(a, .ok, tag: "a", body: Script.answerSDP))
        #expect(actions.first == .cancelTimer(SIPForkingTimer(.ringTimeout, generation: 1)))
        let acks = Script.acks(actions)
        #expect(acks.count == 1)
        #expect(acks.first?.0 == SIPForkID(0))
        #expect(try acks.first?.1.headers.cseq() == SIPCSeq(sequence: try a.headers.cseq().sequence, method: .ack))
        #expect(try acks.first?.1.headers.to().tag == "a")
        #expect(acks.first?.1.uri.user == "a")  // the Contact of the 2xx: the remote target (RFC 3261 §12.1.2)
        // Media switches from the early branch to the winner, then the loser is cancelled.
        let stopped = actions.firstIndex(of: .earlyMediaStopped(SIPForkID(1)))
        let answered = actions.firstIndex(of: .answered(SIPForkID(0), sdp: Script.answerSDP))
        #expect(stopped != nil && answered != nil && stopped! < answered!)
        let cancels = Script.requests(actions, .cancel)
        #expect(cancels.count == 1)
        #expect(try cancels.first?.headers.callID() == b.headers.callID())
        #expect(try cancels.first?.headers.topVia().branch == b.headers.topVia().branch)  // RFC 3261 §9.1
        #expect(cancels.first?.headers["reason"] == "SIP;cause=200;text=\"Call completed elsewhere\"")
        #expect(leg.winner == SIPForkID(0))
        // The loser's 487 changes nothing.
        #expect(leg.receiveResponse(Script.response(b, .requestTerminated, tag: "b")) == [])
    }

    @Test("RFC 3261 §13.2.2.4: a second 2xx after the winner is ACKed and ended with BYE")
    func lateSecondAnswer() throws {
        var leg = Script.leg()
        let invites = Script.invites(leg.start(contacts: [Script.contact(1), Script.contact(2)]))
        let (a, b) = (invites[SIPForkID(0)]!, invites[SIPForkID(1)]!)
        _ = leg.receiveResponse(Script.response(b, .ringing, tag: "b"))
        _ = leg.receiveResponse(Script.response(a, .ok, tag: "a"))
        let late = leg.receiveResponse(Script.response(b, .ok, tag: "b"))
        #expect(Script.acks(late).map(\.0) == [SIPForkID(1)])
        let byes = Script.requests(late, .bye)
        #expect(byes.count == 1)
        #expect(try byes.first?.headers.to().tag == "b")
        #expect(try byes.first?.headers.callID() == b.headers.callID())
        #expect(byes.first?.headers["reason"] == SIPCauseMapping.completedElsewhere)
        #expect(!late.contains { if case .answered = $0 { true } else { false } })
        // Its retransmission is ACKed again, without a second BYE.
        let again = leg.receiveResponse(Script.response(b, .ok, tag: "b"))
        #expect(Script.acks(again).count == 1)
        #expect(Script.requests(again, .bye).isEmpty)
    }

    @Test("RFC 3261 §9.1: a branch without provisional response is cancelled only once one arrives")
    func cancelWaitsForProvisional() throws {
        var leg = Script.leg()
        let invites = Script.invites(leg.start(contacts: [Script.contact(1), Script.contact(2)]))
        let (a, b) = (invites[SIPForkID(0)]!, invites[SIPForkID(1)]!)
        let answered = leg.receiveResponse(Script.response(a, .ok, tag: "a"))
        #expect(Script.requests(answered, .cancel).isEmpty)
        let ringing = leg.receiveResponse(Script.response(b, .ringing, tag: "b"))
        #expect(Script.requests(ringing, .cancel).count == 1)
        #expect(!ringing.contains(.alerting(SIPForkID(1))))
    }

    @Test("Late forking (issue 5 item 3): a new contact while ringing is INVITEd; none after the answer")
    func lateForking() throws {
        var leg = Script.leg()
        let first = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        let late = Script.invites(leg.addContact(Script.contact(3)))
        #expect(late.keys.sorted() == [SIPForkID(1)])
        #expect(late[SIPForkID(1)]?.uri.host == "198.51.100.3")
        _ = leg.receiveResponse(Script.response(first, .ok, tag: "a"))
        #expect(leg.addContact(Script.contact(4)) == [])
    }

    @Test("Push wake-up: with more contacts expected, all branches failing waits for them")
    func expectingMoreContacts() throws {
        var leg = Script.leg()
        let invite = Script.invites(leg.start(contacts: [Script.contact(1)], expectingMoreContacts: true))[
            SIPForkID(0)]!
        #expect(leg.receiveResponse(Script.response(invite, .busyHere, tag: "a")) == [])
        #expect(!leg.isEnded)
        let done = leg.noMoreContacts()
        #expect(done.last == .failed(.rejected(.busyHere, cause: .userBusy)))
    }
}
