import NIOCore
import SIPForking
import SIPTransactions
import SIPWire
import TelecomTypes
import Testing

@Suite("SIPForking: PRACK, session timers, hold")
struct SIPForkingSessionTests {
    @Test("RFC 3262 §4: a 18x with Require: 100rel gets one PRACK per RSeq with RAck")
    func prack() throws {
        var leg = Script.leg()
        let invite = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        let reliable = Script.response(invite, .ringing, tag: "a", headers: [("Require", "100rel"), ("RSeq", "7")])
        let actions = leg.receiveResponse(reliable)
        let prack = try #require(Script.requests(actions, .prack).first)
        let inviteSequence = try invite.headers.cseq().sequence
        #expect(prack.headers["rack"] == "7 \(inviteSequence) INVITE")
        #expect(try prack.headers.to().tag == "a")  // in the early dialog
        #expect(try prack.headers.cseq().sequence == inviteSequence + 1)
        #expect(actions.contains(.alerting(SIPForkID(0))))
        // A retransmission (same RSeq) is not PRACKed again; the next RSeq is.
        #expect(Script.requests(leg.receiveResponse(reliable), .prack).isEmpty)
        let next = Script.response(invite, .sessionProgress, tag: "a", headers: [("Require", "100rel"), ("RSeq", "8")])
        #expect(
            Script.requests(leg.receiveResponse(next), .prack).first?.headers["rack"] == "8 \(inviteSequence) INVITE")
        // Without Require: 100rel, no PRACK.
        var plain = Script.leg()
        let other = Script.invites(plain.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        #expect(
            Script.requests(
                plain.receiveResponse(
                    Script.response(
                        other, .ringing, tag: "a",
                        headers: [("RSeq", "1")])), .prack
            ).isEmpty)
    }

    @Test("RFC 4028 §10: refresher=uac makes us refresh at half the interval, by UPDATE when allowed")
    func weRefresh() throws {
        var leg = Script.leg()
        let invite = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        let answer = Script.response(
            invite, .ok, tag: "a",
            headers: [("Session-Expires", "600;refresher=uac"), ("Allow", "INVITE, ACK, BYE, CANCEL, UPDATE")])
        let actions = leg.receiveResponse(answer)
        let timer = SIPForkingTimer(.sessionRefresh, generation: 2)
        #expect(actions.last == .startTimer(timer, after: .seconds(300)))
        let refresh = leg.timerFired(timer)
        let update = try #require(Script.requests(refresh, .update).first)
        #expect(update.headers["session-expires"] == "600;refresher=uac")
        #expect(update.body.isEmpty)
        let ok = Script.response(update, .ok, tag: "a", headers: [("Session-Expires", "600;refresher=uac")])
        #expect(
            leg.receiveResponse(ok) == [
                .startTimer(
                    SIPForkingTimer(.sessionRefresh, generation: 3),
                    after: .seconds(300))
            ])
    }

    @Test("RFC 4028 §9: without UPDATE in Allow the refresh is a re-INVITE with the unchanged SDP, ACKed")
    func refreshByReinvite() throws {
        var leg = Script.leg()
        let invite = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        _ = leg.receiveResponse(
            Script.response(invite, .ok, tag: "a", headers: [("Session-Expires", "90;refresher=uac")]))
        let reinvite = try #require(
            Script.requests(
                leg.timerFired(SIPForkingTimer(.sessionRefresh, generation: 2)),
                .invite
            ).first)
        #expect(reinvite.body == Script.offer)
        #expect(try reinvite.headers.to().tag == "a")
        let actions = leg.receiveResponse(Script.response(reinvite, .ok, tag: "a", body: Script.answerSDP))
        #expect(Script.acks(actions).count == 1)
        #expect(!actions.contains { if case .sessionModified = $0 { true } else { false } })
    }

    @Test("RFC 4028 §10: refresher=uas — no refresh from the device before the end → BYE, cause 102")
    func deviceFailsToRefresh() throws {
        var leg = Script.leg()
        let invite = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        let actions = leg.receiveResponse(
            Script.response(
                invite, .ok, tag: "a",
                headers: [("Session-Expires", "1800;refresher=uas")]))
        // "the minimum of 32 seconds and one third of the session interval" before the end.
        #expect(actions.last == .startTimer(SIPForkingTimer(.sessionExpiry, generation: 2), after: .seconds(1768)))
        // A refresh from the device re-arms it.
        let update = try Script.deviceRequest(.update, in: invite, tag: "a", headers: [("Session-Expires", "1800")])
        let refreshed = leg.receiveRequest(update, transaction: Script.transaction)
        guard case .sendResponse(let ok, _) = refreshed.first else {
            Issue.record("no 200")
            return
        }
        #expect(ok.status == .ok)
        #expect(ok.headers["session-expires"] == "1800;refresher=uac")
        #expect(refreshed.contains(.cancelTimer(SIPForkingTimer(.sessionExpiry, generation: 2))))
        #expect(refreshed.last == .startTimer(SIPForkingTimer(.sessionExpiry, generation: 3), after: .seconds(1768)))
        #expect(leg.timerFired(SIPForkingTimer(.sessionExpiry, generation: 2)) == [])  // stale
        let expired = leg.timerFired(SIPForkingTimer(.sessionExpiry, generation: 3))
        #expect(Script.requests(expired, .bye).first?.headers["reason"] == "Q.850;cause=102")
        #expect(expired.last == .released(cause: .recoveryOnTimerExpiry))
    }

    @Test("RFC 4028 §7.2: no Session-Expires in the 2xx, no session timer")
    func noSessionTimer() throws {
        var leg = Script.leg()
        let invite = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        let actions = leg.receiveResponse(Script.response(invite, .ok, tag: "a"))
        #expect(!actions.contains { if case .startTimer = $0 { true } else { false } })
    }

    @Test("Hold from the network side: re-INVITE with the new offer (RFC 3264 §8.4), 2xx ACKed, answer reported")
    func holdByNetwork() throws {
        var leg = Script.leg(sessionTimers: false)
        let invite = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        _ = leg.receiveResponse(Script.response(invite, .ok, tag: "a"))
        let hold = Array(
            "v=0\r\no=- 1 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\na=sendonly\r\n".utf8)
        let sent = leg.modifySession(offer: hold)
        let reinvite = try #require(Script.requests(sent, .invite).first)
        #expect(reinvite.body == hold)
        // RFC 3261 §14.1: no second re-INVITE while one is in progress.
        #expect(leg.modifySession(offer: hold) == [])
        let actions = leg.receiveResponse(Script.response(reinvite, .ok, tag: "a", body: Script.answerSDP))
        #expect(Script.acks(actions).count == 1)
        #expect(actions.contains(.sessionModified(SIPForkID(0), sdp: Script.answerSDP)))
        // A refused re-INVITE leaves the session as it was.
        let again = try #require(Script.requests(leg.modifySession(offer: hold), .invite).first)
        #expect(
            leg.receiveResponse(Script.response(again, .requestPending, tag: "a"))
                == [.sessionModificationFailed(SIPForkID(0), .requestPending)])
    }

    @Test("Hold from the device: its re-INVITE offer is reported; our answer goes in the 200 (RFC 3261 §14.2)")
    func holdByDevice() throws {
        var leg = Script.leg(sessionTimers: false)
        let invite = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        _ = leg.receiveResponse(Script.response(invite, .ok, tag: "a"))
        let reinvite = try Script.deviceRequest(.invite, in: invite, tag: "a", body: Script.earlySDP)
        #expect(
            leg.receiveRequest(reinvite, transaction: Script.transaction)
                == [.offerReceived(SIPForkID(0), sdp: Script.earlySDP)])
        // Glare: a second offer meanwhile gets 491.
        let second = try Script.deviceRequest(.update, in: invite, tag: "a", sequence: 2, body: Script.earlySDP)
        guard case .sendResponse(let pending, _) = leg.receiveRequest(second, transaction: Script.transaction).first
        else {
            Issue.record("no 491")
            return
        }
        #expect(pending.status == .requestPending)
        let answered = leg.answerOffer(Script.answerSDP)
        guard case .sendResponse(let ok, let transaction) = answered.first else {
            Issue.record("no 200")
            return
        }
        #expect(ok.status == .ok)
        #expect(ok.body == Script.answerSDP)
        #expect(ok.headers["contact"] != nil)
        #expect(transaction == Script.transaction)
    }

    @Test("RFC 3261 §14.2 / RFC 3264 §8: a device offer we cannot answer gets 488 with a Warning; the session stays and the next offer is taken")
    func deviceOfferRefused() throws {
        var leg = Script.leg(sessionTimers: false)
        let invite = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        _ = leg.receiveResponse(Script.response(invite, .ok, tag: "a"))
        let reinvite = try Script.deviceRequest(.invite, in: invite, tag: "a", body: Script.earlySDP)
        #expect(!leg.receiveRequest(reinvite, transaction: Script.transaction).isEmpty)
        guard case .sendResponse(let refusal, let transaction) = leg.refuseOffer(warning: "no common codec").first else {
            Issue.record("no 488")
            return
        }
        #expect(refusal.status == .notAcceptableHere)
        #expect(refusal.headers["warning"] == "399 reroute \"no common codec\"")
        #expect(transaction == Script.transaction)
        // Nothing pending any more: a second refusal or answer does nothing, a new offer is reported again.
        #expect(leg.refuseOffer() == [])
        #expect(leg.answerOffer(Script.answerSDP) == [])
        let next = try Script.deviceRequest(.update, in: invite, tag: "a", sequence: 2, body: Script.earlySDP)
        #expect(
            leg.receiveRequest(next, transaction: Script.transaction)
                == [.offerReceived(SIPForkID(0), sdp: Script.earlySDP)])
    }
}
