import NIOCore
import SIPForking
import SIPTransactions
import SIPWire
import TelecomTypes
import Testing

@Suite("SIPForking: failures, ring timeout, abandon, release")
struct SIPForkingOutcomeTests {
    func failAll(_ statuses: [(SIPStatus, [(String, String)])]) -> [SIPForkingAction] {
        var leg = Script.leg()
        let contacts = statuses.indices.map { Script.contact($0 + 1) }
        let invites = Script.invites(leg.start(contacts: contacts))
        var last: [SIPForkingAction] = []
        for (index, (status, headers)) in statuses.enumerated() {
            let invite = invites[SIPForkID(index)]!
            _ = leg.receiveResponse(Script.response(invite, .ringing, tag: "t\(index)"))
            last = leg.receiveResponse(Script.response(invite, status, tag: "t\(index)", headers: headers))
        }
        return last
    }

    @Test(
        "RFC 3261 §16.7 best response, RFC 3398 §8.2.6.1 cause",
        arguments: [
            ([486, 603], 603, 21),  // a 6xx wins over any 4xx
            ([486, 480], 486, 17),  // same class: first received
            ([480, 486], 480, 18),
            ([503, 404], 404, 1),  // lowest class
            ([503, 503], 500, 41),  // "if the selected response is a 503 ... MUST generate a 500"
            ([408, 484], 484, 28),  // 484 gives resubmission information: preferred
            ([600], 600, 17),
            ([410], 410, 22),
            ([502], 502, 38),
            ([488], 488, 127),  // no fixed RFC 3398 value
            ([499], 499, 41),  // unknown 4xx: as 400 (RFC 3261 §8.1.3.2)
        ])
    func bestResponse(statuses: [Int], best: Int, cause: UInt8) {
        let actions = failAll(statuses.map { (SIPStatus($0), []) })
        #expect(actions.last == .failed(.rejected(SIPStatus(best), cause: Q850Cause(cause))))
        #expect(actions.contains(.cancelTimer(SIPForkingTimer(.ringTimeout, generation: 1))))
    }

    @Test("RFC 3326 §2: a Reason: Q.850 header in the failure response gives the cause")
    func reasonHeaderWins() {
        let actions = failAll([(.temporarilyUnavailable, [("Reason", "Q.850;cause=20;text=\"absent\"")])])
        #expect(actions.last == .failed(.rejected(.temporarilyUnavailable, cause: .subscriberAbsent)))
    }

    @Test("Early media stops when its branch fails")
    func earlyMediaBranchFails() throws {
        var leg = Script.leg()
        let invites = Script.invites(leg.start(contacts: [Script.contact(1), Script.contact(2)]))
        _ = leg.receiveResponse(
            Script.response(invites[SIPForkID(0)]!, .sessionProgress, tag: "a", body: Script.earlySDP))
        let failed = leg.receiveResponse(Script.response(invites[SIPForkID(0)]!, .decline, tag: "a"))
        #expect(failed == [.earlyMediaStopped(SIPForkID(0))])
        // The other branch's early media is now heard.
        let other = leg.receiveResponse(
            Script.response(
                invites[SIPForkID(1)]!, .sessionProgress, tag: "b",
                body: Script.answerSDP))
        #expect(other.contains(.earlyMedia(SIPForkID(1), sdp: Script.answerSDP)))
    }

    @Test("RFC 3261 §8.1.3.1: a branch whose INVITE timed out counts as 408")
    func timedOutBranch() {
        var leg = Script.leg()
        _ = leg.start(contacts: [Script.contact(1)])
        #expect(
            leg.branchFailed(SIPForkID(0)).last == .failed(.rejected(.requestTimeout, cause: .recoveryOnTimerExpiry)))
    }

    @Test("Ring timeout: CANCEL all (Reason Q.850 19) → .noAnswer; a stale timer does nothing")
    func ringTimeout() throws {
        var leg = Script.leg(ring: .seconds(20))
        let invites = Script.invites(leg.start(contacts: [Script.contact(1), Script.contact(2)]))
        _ = leg.receiveResponse(Script.response(invites[SIPForkID(0)]!, .ringing, tag: "a"))
        _ = leg.receiveResponse(Script.response(invites[SIPForkID(1)]!, .ringing, tag: "b"))
        #expect(leg.timerFired(SIPForkingTimer(.ringTimeout, generation: 99)) == [])
        let actions = leg.timerFired(SIPForkingTimer(.ringTimeout, generation: 1))
        let cancels = Script.requests(actions, .cancel)
        #expect(cancels.count == 2)
        #expect(cancels.allSatisfy { $0.headers["reason"] == "Q.850;cause=19" })
        #expect(actions.last == .failed(.noAnswer))
        #expect(leg.isEnded)
        // A device answering as the CANCEL crosses gets ACK + BYE (issue 7: "answers after the ring timeout").
        let late = leg.receiveResponse(Script.response(invites[SIPForkID(0)]!, .ok, tag: "a"))
        #expect(Script.acks(late).count == 1)
        #expect(Script.requests(late, .bye).count == 1)
    }

    @Test("The caller abandons: CANCEL every branch with the release cause (RFC 3326, RFC 3398 §7.2.2)")
    func abandon() throws {
        var leg = Script.leg()
        let invites = Script.invites(leg.start(contacts: [Script.contact(1), Script.contact(2)]))
        _ = leg.receiveResponse(Script.response(invites[SIPForkID(0)]!, .ringing, tag: "a"))
        _ = leg.receiveResponse(Script.response(invites[SIPForkID(1)]!, .ringing, tag: "b"))
        let actions = leg.abandon(cause: .normalCallClearing)
        #expect(actions.first == .cancelTimer(SIPForkingTimer(.ringTimeout, generation: 1)))
        #expect(Script.requests(actions, .cancel).map { $0.headers["reason"] } == ["Q.850;cause=16", "Q.850;cause=16"])
        #expect(leg.addContact(Script.contact(3)) == [])
    }

    @Test("BYE from the device releases the network side: cause 16, or its Reason: Q.850 (RFC 3398 §8.2.1, RFC 3326)")
    func deviceHangsUp() throws {
        for (headers, cause) in [
            ([(String, String)](), Q850Cause.normalCallClearing),
            ([("Reason", "Q.850;cause=31")], Q850Cause(31)),
        ] {
            var leg = Script.leg(sessionTimers: false)
            let invite = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
            _ = leg.receiveResponse(Script.response(invite, .ok, tag: "a"))
            let bye = try Script.deviceRequest(.bye, in: invite, tag: "a", headers: headers)
            #expect(leg.owns(bye))
            let actions = leg.receiveRequest(bye, transaction: Script.transaction)
            guard case .sendResponse(let ok, let transaction) = actions.first else {
                Issue.record("no response to BYE")
                continue
            }
            #expect(ok.status == .ok)
            #expect(transaction == Script.transaction)
            #expect(actions.last == .released(cause: cause))
            #expect(leg.isEnded)
        }
    }

    @Test("RFC 3261 §12.2.2: a request in no dialog of ours gets 481")
    func unknownDialog() throws {
        var leg = Script.leg()
        let invite = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        _ = leg.receiveResponse(Script.response(invite, .ok, tag: "a"))
        let stray = try Script.deviceRequest(.bye, in: invite, tag: "other")
        guard case .sendResponse(let response, _) = leg.receiveRequest(stray, transaction: Script.transaction).first
        else {
            Issue.record("no response")
            return
        }
        #expect(response.status == .callOrTransactionDoesNotExist)
    }

    @Test("The network side releases: BYE with Reason: Q.850 (RFC 3398 §7.2.2 / Q.1912.5)")
    func networkReleases() throws {
        var leg = Script.leg(sessionTimers: false)
        let invite = Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)]!
        _ = leg.receiveResponse(Script.response(invite, .ok, tag: "a"))
        let actions = leg.release(cause: .userBusy)
        let bye = try #require(Script.requests(actions, .bye).first)
        #expect(bye.headers["reason"] == "Q.850;cause=17")
        #expect(try bye.headers.to().tag == "a")
        #expect(bye.uri.user == "a")
        #expect(try bye.headers.cseq().sequence == invite.headers.cseq().sequence + 1)  // RFC 3261 §12.2.1.1
        #expect(leg.isEnded)
    }
}
