import NIOCore
import SIPTransactions
import SIPWire
import Testing

/// RFC 3261 §17.2.1 (Figure 7) with RFC 6026 §8.7, as scripts.
@Suite("SIPServerInviteTransaction")
struct SIPServerInviteTransactionTests {
    let invite = Fixture.request(Fixture.invite)

    @Test("RFC 3261 §17.2.1 Proceeding: INVITE to the TU, 100 Trying after 200 ms when the TU is silent")
    func tryingAfter200ms() throws {
        var request = invite
        request.headers.add("Timestamp", "54")
        var (machine, actions) = SIPServerInviteTransaction.start(request: request, reliable: false)
        #expect(machine.state == .proceeding)
        #expect(actions.delivered == [.request(request)])
        let (timer, after) = try #require(actions.started(.trying))
        #expect(after == .ms(200))
        let fired = machine.timerFired(timer)
        guard case .response(let trying) = try #require(fired.sent.first) else {
            Issue.record("not a response")
            return
        }
        #expect(trying.status == .trying)
        #expect(try trying.headers.to().tag == nil, "RFC 3261 §8.2.6.1: 100 Trying needs no To tag")
        #expect(trying.headers.rows("via") == request.headers.rows("via"))
        #expect(trying.headers["timestamp"] == "54", "RFC 3261 §8.2.6.1 copies Timestamp into 100")
        // A retransmitted INVITE now gets the 100 again.
        #expect(machine.receive(request) == [.send(.response(trying))])
    }

    @Test("RFC 3261 §17.2.1 the TU answers within 200 ms: no 100 Trying; INVITE retransmission resends the 1xx")
    func provisionalFromTU() {
        var (machine, start) = SIPServerInviteTransaction.start(request: invite, reliable: false)
        #expect(machine.receive(invite) == [], "no provisional yet: nothing to resend")
        let ringing = Fixture.response(to: invite, 180)
        let actions = machine.send(ringing)
        #expect(actions == [.cancelTimer(start.started(.trying)!.0), .send(.response(ringing))])
        #expect(machine.timerFired(start.started(.trying)!.0) == [], "a cancelled timer's late firing is ignored")
        #expect(machine.receive(invite) == [.send(.response(ringing))])
        #expect(machine.receive(Fixture.request(Fixture.invite)) == [.send(.response(ringing))])
        let progress = Fixture.response(to: invite, 183)
        #expect(machine.send(progress) == [.send(.response(progress))])
        #expect(machine.receive(invite) == [.send(.response(progress))])
    }

    @Test("RFC 3261 §17.2.1 Timer G doubles up to T2 in Completed; Timer H fires at 64*T1 and informs the TU")
    func timerGScheduleThenTimerH() {
        var (machine, start) = SIPServerInviteTransaction.start(request: invite, reliable: false)
        var clock = MachineClock()
        clock.apply(start)
        let busy = Fixture.response(to: invite, 486)
        let actions = machine.send(busy)
        clock.apply(actions)
        #expect(machine.state == .completed)
        #expect(actions.started(.g)?.1 == .ms(500))
        #expect(actions.started(.h)?.1 == .seconds(32))
        var sendTimes: [Int64] = []
        var intervals: [TimeAmount] = []
        var last: [SIPTransactionAction] = []
        while let timer = clock.next() {
            last = machine.timerFired(timer)
            clock.apply(last)
            if last.sent == [.response(busy)] { sendTimes.append(clock.milliseconds) }
            if let (_, interval) = last.started(.g) { intervals.append(interval) }
        }
        #expect(sendTimes == [500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500])
        #expect(intervals.prefix(4) == [.ms(1000), .ms(2000), .ms(4000), .ms(4000)])
        #expect(last.first == .timeout(.h))
        #expect(last.cancelledKinds == [.g])
        #expect(last.last == .terminated)
    }

    @Test("RFC 3261 §17.2.1 INVITE retransmission in Completed resends the final response")
    func retransmissionInCompleted() {
        var (machine, _) = SIPServerInviteTransaction.start(request: invite, reliable: false)
        let busy = Fixture.response(to: invite, 486)
        _ = machine.send(busy)
        #expect(machine.receive(invite) == [.send(.response(busy))])
        #expect(machine.send(Fixture.response(to: invite, 500)) == [], "one final response only")
    }

    @Test("RFC 3261 §17.2.1 ACK: Completed → Confirmed, Timer I = T4, ACKs absorbed, Timer I ends it")
    func ackThenTimerI() {
        var (machine, _) = SIPServerInviteTransaction.start(request: invite, reliable: false)
        let busy = Fixture.response(to: invite, 486)
        _ = machine.send(busy)
        let ack = SIPRequest.acknowledging(invite, response: busy)
        let actions = machine.receive(ack)
        #expect(Set(actions.cancelledKinds) == [.g, .h])
        #expect(actions.started(.i)?.1 == .seconds(5))
        #expect(actions.delivered.isEmpty, "the ACK of a non-2xx stays in the transaction")
        #expect(machine.state == .confirmed)
        #expect(machine.receive(ack) == [])
        #expect(machine.receive(invite) == [])
        #expect(machine.transportError() == [])
        #expect(machine.timerFired(actions.started(.i)!.0) == [.terminated])
    }

    @Test("RFC 3261 §17.2.1 reliable transport: no Timer G, Timer I zero so the ACK terminates at once")
    func reliableNoTimerGTimerIZero() {
        var (machine, _) = SIPServerInviteTransaction.start(request: invite, reliable: true)
        let busy = Fixture.response(to: invite, 486)
        let actions = machine.send(busy)
        #expect(actions.startedKinds == [.h])
        let acked = machine.receive(SIPRequest.acknowledging(invite, response: busy))
        #expect(acked.startedKinds.isEmpty)
        #expect(acked.last == .terminated)
    }

    @Test("RFC 3261 §17.2.1 Timer H on a reliable transport: no ACK, the TU learns of the failure")
    func timerHReliable() {
        var (machine, _) = SIPServerInviteTransaction.start(request: invite, reliable: true)
        let actions = machine.send(Fixture.response(to: invite, 486))
        #expect(machine.timerFired(actions.started(.h)!.0) == [.timeout(.h), .terminated])
    }

    @Test("RFC 6026 §8.7 2xx: Accepted, Timer L; INVITE retransmissions absorbed, TU's 2xx sent, ACK to TU")
    func acceptedThenTimerL() {
        var (machine, _) = SIPServerInviteTransaction.start(request: invite, reliable: false)
        let ok = Fixture.response(to: invite, 200, contact: "<sip:bob@192.0.2.4>")
        let actions = machine.send(ok)
        #expect(machine.state == .accepted)
        #expect(actions.sent == [.response(ok)])
        #expect(actions.started(.l)?.1 == .seconds(32))
        #expect(!actions.startedKinds.contains(.g), "the 2xx is retransmitted by the TU, not Timer G")
        #expect(machine.receive(invite) == [], "a retransmitted INVITE is absorbed in Accepted")
        #expect(machine.send(ok) == [.send(.response(ok))], "the TU's 2xx retransmission goes out")
        #expect(machine.send(Fixture.response(to: invite, 486)) == [])
        var ack = SIPRequest.acknowledging(invite, response: ok)
        ack.headers.add("X-Probe", "1")
        #expect(machine.receive(ack) == [.deliver(.request(ack))])
        #expect(machine.transportError() == [.transportError], "the TU hears of it; Timer L still ends it")
        #expect(machine.timerFired(actions.started(.l)!.0) == [.terminated])
    }

    @Test("RFC 3261 §17.2.4 transport error in Proceeding and in Completed: TU informed, Terminated")
    func transportErrors() {
        var (proceeding, _) = SIPServerInviteTransaction.start(request: invite, reliable: false)
        _ = proceeding.send(Fixture.response(to: invite, 180))
        #expect(proceeding.transportError() == [.transportError, .terminated])
        var (completed, _) = SIPServerInviteTransaction.start(request: invite, reliable: false)
        _ = completed.send(Fixture.response(to: invite, 486))
        let actions = completed.transportError()
        #expect(actions.first == .transportError)
        #expect(Set(actions.cancelledKinds) == [.g, .h])
        #expect(completed.state == .terminated)
    }

    @Test("RFC 3261 §17.2.1 a zero 100 Trying delay sends 100 Trying at once")
    func immediateTrying() {
        var configuration = SIPTimerConfiguration()
        configuration.tryingDelay = .zero
        let (_, actions) = SIPServerInviteTransaction.start(
            request: invite, reliable: true, configuration: configuration)
        #expect(actions.startedKinds.isEmpty)
        #expect(actions.sent.count == 1)
    }
}
