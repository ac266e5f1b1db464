import NIOCore
import SIPForking
import SIPTransactions
import SIPWire
import TelecomTypes
import Testing

@Suite("SIP ingress: the soft switch's leg (RFC 3261 §13.3, §9.2, §15; RFC 3398 §8.2.6.1)")
struct SIPIngressLegTests {
    static let sdp = Array("v=0\r\no=sipp 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n".utf8)

    static func leg(reliable: Bool = false) throws -> SIPIngressLeg {
        SIPIngressLeg(
            invite: try switchInvite(["Record-Route: <sip:192.0.2.9;lr>"]),
            contact: SIPAddress(uri: SIPURI(host: "127.0.0.1", port: 5060)),
            via: SIPVia(transport: "UDP", host: "127.0.0.1", port: 5060), reliable: reliable,
            timers: SIPTimerConfiguration(), identifiers: SIPIdentifierGenerator(seed: 7))
    }

    static func responses(_ actions: [SIPIngressLeg.Action]) -> [SIPResponse] {
        actions.compactMap { if case .respond(let response) = $0 { response } else { nil } }
    }

    @Test("§13.3.1.1 / §12.1.1: one 180 however many devices ring; 183 carries the device's SDP; both in our dialog with Contact and Record-Route")
    func provisional() throws {
        var leg = try Self.leg()
        let ringing = Self.responses(leg.handle(.ringing))
        #expect(ringing.map(\.status) == [.ringing])
        #expect(leg.handle(.ringing).isEmpty)
        let early = Self.responses(leg.handle(.earlyMedia(sdp: Self.sdp)))
        #expect(early.map(\.status) == [.sessionProgress])
        #expect(early.first?.body == Self.sdp)
        let tags = (ringing + early).compactMap { try? $0.headers.to().tag }
        #expect(tags.count == 2 && Set(tags).count == 1 && tags[0] == leg.localTag)
        #expect(ringing.first?.headers["record-route"] == "<sip:192.0.2.9;lr>")
        #expect(ringing.first?.headers["contact"] != nil)
    }

    @Test("§13.3.1.4: the 2xx is retransmitted from T1 doubling to T2 until the ACK; the ACK stops both timers")
    func answerRetransmission() throws {
        var leg = try Self.leg()
        let answered = leg.handle(.answer(sdp: Self.sdp))
        #expect(Self.responses(answered).map(\.status) == [.ok])
        #expect(answered.contains(.startTimer(.waitForACK, after: .seconds(32))))
        #expect(answered.contains(.startTimer(.retransmitAnswer, after: .milliseconds(500))))
        var intervals: [TimeAmount] = []
        for _ in 0..<5 {
            let again = leg.handle(.timerFired(.retransmitAnswer))
            #expect(Self.responses(again).map(\.status) == [.ok])
            for case .startTimer(.retransmitAnswer, let after) in again { intervals.append(after) }
        }
        #expect(intervals == [.seconds(1), .seconds(2), .seconds(4), .seconds(4), .seconds(4)])
        #expect(leg.handle(.ack) == [.cancelTimer(.retransmitAnswer), .cancelTimer(.waitForACK)])
        #expect(leg.phase == .answered(acknowledged: true))
        #expect(leg.handle(.timerFired(.retransmitAnswer)).isEmpty)
    }

    @Test("§13.3.1.4: over TCP no retransmission, but no ACK within 64·T1 ends the session with a BYE (Reason: Q.850 102)")
    func noACK() throws {
        var leg = try Self.leg(reliable: true)
        let answered = leg.handle(.answer(sdp: Self.sdp))
        #expect(!answered.contains { if case .startTimer(.retransmitAnswer, _) = $0 { true } else { false } })
        let ended = leg.handle(.timerFired(.waitForACK))
        let bye = ended.compactMap { if case .sendRequest(let request) = $0 { request } else { nil } }.first
        #expect(bye?.method == .bye)
        #expect(bye?.uri.user == "switch", "to the switch's Contact (§12.2.1.1)")
        #expect(bye?.headers.values("route") == ["<sip:192.0.2.9;lr>"])
        #expect(bye?.headers["reason"] == "Q.850;cause=102")
        #expect(ended.contains(.callerGone(.recoveryOnTimerExpiry)))
        #expect(ended.last == .finished)
    }

    @Test("RFC 3398 §8.2.6.1: a refusal before the answer is the status of its cause with Reason: Q.850 (17 → 486, 20 → 480, 25 → 483)")
    func refusals() throws {
        for (cause, status) in [(Q850Cause.userBusy, 486), (.subscriberAbsent, 480), (.exchangeRoutingError, 483),
            (.noAnswerFromUser, 480), (.unallocatedNumber, 404), (.temporaryFailure, 503)]
        {
            var leg = try Self.leg()
            let actions = leg.handle(.release(cause))
            let response = try #require(Self.responses(actions).first)
            #expect(response.status.rawValue == status, "cause \(cause.rawValue)")
            #expect(response.headers["reason"] == "Q.850;cause=\(cause.rawValue)")
            #expect(actions.last == .finished)
            #expect(leg.phase == .ended)
        }
    }

    @Test("§9.2: a CANCEL while devices ring gives 487 and releases the devices; a CANCEL after the answer changes nothing")
    func cancel() throws {
        var leg = try Self.leg()
        _ = leg.handle(.ringing)
        let cancelled = leg.handle(.cancelled)
        #expect(Self.responses(cancelled).map(\.status) == [.requestTerminated])
        #expect(cancelled.contains(.callerGone(.normalCallClearing)))
        var answered = try Self.leg()
        _ = answered.handle(.answer(sdp: Self.sdp))
        #expect(answered.handle(.cancelled).isEmpty)
    }

    @Test("§15.1.2: the switch's BYE ends the call with its cause; our release after the answer is a BYE in the dialog")
    func bye() throws {
        var leg = try Self.leg()
        _ = leg.handle(.answer(sdp: Self.sdp))
        _ = leg.handle(.ack)
        let ended = leg.handle(.bye(.userBusy))
        #expect(ended.contains(.callerGone(.userBusy)))
        #expect(Self.responses(ended).isEmpty)
        var ours = try Self.leg()
        _ = ours.handle(.answer(sdp: Self.sdp))
        _ = ours.handle(.ack)
        let released = ours.handle(.release(.normalCallClearing))
        let request = released.compactMap { if case .sendRequest(let request) = $0 { request } else { nil } }.first
        #expect(request?.method == .bye)
        #expect((try? request?.headers.to())??.tag == "a1", "To is the switch with its From tag")
        #expect(!released.contains { if case .callerGone = $0 { true } else { false } })
        // Nothing after the end.
        #expect(ours.handle(.ringing).isEmpty)
        #expect(ours.handle(.bye(.normalCallClearing)).isEmpty)
    }
}
