import NIOCore
import SIPTransactions
import SIPWire
import Testing

/// RFC 3261 §17.1.1 (Figure 5) with RFC 6026 §8.4, as scripts.
@Suite("SIPClientInviteTransaction")
struct SIPClientInviteTransactionTests {
    let invite = Fixture.request(Fixture.invite)

    @Test("RFC 3261 §17.1.1.2 Calling on UDP: INVITE sent, Timer A = T1, Timer B = 64*T1")
    func startUnreliable() {
        let (machine, actions) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        #expect(machine.state == .calling)
        #expect(actions.sent == [.request(invite)])
        #expect(actions.started(.a)?.1 == .ms(500))
        #expect(actions.started(.b)?.1 == .seconds(32))
        #expect(actions.startedKinds == [.a, .b])
    }

    @Test("RFC 3261 §17.1.1.2 Calling on TCP: no Timer A, Timer B = 64*T1")
    func startReliable() {
        let (_, actions) = SIPClientInviteTransaction.start(request: invite, reliable: true)
        #expect(actions.startedKinds == [.b])
    }

    @Test("RFC 3261 §17.1.1.2 Timer A doubles with no cap; Timer B fires at 64*T1 and informs the TU")
    func timerARetransmissionsThenTimerB() {
        var (machine, actions) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        var clock = MachineClock()
        clock.apply(actions)
        var sendTimes: [Int64] = [0]
        var intervals: [TimeAmount] = [actions.started(.a)!.1]
        var last: [SIPTransactionAction] = []
        while let timer = clock.next() {
            last = machine.timerFired(timer)
            clock.apply(last)
            if !last.sent.isEmpty { sendTimes.append(clock.milliseconds) }
            if let (_, interval) = last.started(.a) { intervals.append(interval) }
        }
        // INVITE at 0 and retransmissions at 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s; Timer B at 32 s.
        #expect(sendTimes == [0, 500, 1500, 3500, 7500, 15_500, 31_500])
        #expect(intervals.prefix(7) == [.ms(500), .ms(1000), .ms(2000), .ms(4000), .ms(8000), .ms(16_000),
            .ms(32_000)])
        #expect(clock.milliseconds == 32_000)
        #expect(last.contains(.timeout(.b)))
        #expect(last.terminates)
        #expect(last.cancelledKinds == [.a])
        #expect(machine.state == .terminated)
    }

    @Test("RFC 3261 §17.1.1.2 Timer B on a reliable transport: timeout in Calling without retransmissions")
    func timerBReliable() {
        var (machine, actions) = SIPClientInviteTransaction.start(request: invite, reliable: true)
        let (timerB, _) = actions.started(.b)!
        actions = machine.timerFired(timerB)
        #expect(actions == [.timeout(.b), .terminated])
    }

    @Test("RFC 3261 §17.1.1.2 1xx: Calling → Proceeding, no more retransmissions, every 1xx to the TU")
    func provisionalToProceeding() {
        var (machine, start) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        let ringing = Fixture.response(to: invite, 180)
        let actions = machine.receive(ringing)
        #expect(machine.state == .proceeding)
        #expect(actions.delivered == [.response(ringing)])
        #expect(Set(actions.cancelledKinds) == [.a, .b])
        // A firing of Timer A that raced the 180 carries the old generation and is ignored.
        #expect(machine.timerFired(start.started(.a)!.0) == [])
        let progress = Fixture.response(to: invite, 183)
        #expect(machine.receive(progress) == [.deliver(.response(progress))])
    }

    @Test("RFC 3261 §17.1.1.2 300-699 in Proceeding: ACK sent, response to TU, Timer D = 32 s on UDP")
    func failureToCompletedThenTimerD() {
        var (machine, _) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        _ = machine.receive(Fixture.response(to: invite, 180))
        let busy = Fixture.response(to: invite, 486)
        let actions = machine.receive(busy)
        let ack = SIPRequest.acknowledging(invite, response: busy)
        #expect(actions == [.send(.request(ack)), .deliver(.response(busy)), .startTimer(actions.started(.d)!.0,
            after: .seconds(32))])
        #expect(machine.state == .completed)
        // "retransmissions of the final response ... MUST cause the ACK to be re-passed ... MUST NOT be passed up".
        #expect(machine.receive(busy) == [.send(.request(ack))])
        #expect(machine.receive(Fixture.response(to: invite, 180)) == [])
        #expect(machine.timerFired(actions.started(.d)!.0) == [.terminated])
        #expect(machine.state == .terminated)
    }

    @Test("RFC 3261 §17.1.1.2 300-699 in Calling on UDP cancels Timers A and B")
    func failureInCalling() {
        var (machine, _) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        let actions = machine.receive(Fixture.response(to: invite, 404))
        #expect(Set(actions.cancelledKinds) == [.a, .b])
        #expect(actions.startedKinds == [.d])
        #expect(actions.sent.count == 1)
    }

    @Test("RFC 3261 §17.1.1.2 Timer D is zero on a reliable transport: Completed is left at once")
    func timerDZeroReliable() {
        var (machine, _) = SIPClientInviteTransaction.start(request: invite, reliable: true)
        let actions = machine.receive(Fixture.response(to: invite, 603))
        #expect(actions.sent.count == 1)
        #expect(actions.startedKinds.isEmpty)
        #expect(actions.last == .terminated)
        #expect(machine.state == .terminated)
    }

    @Test("RFC 6026 §8.4 2xx: Accepted, Timer M = 64*T1, 2xx retransmissions to the TU, Timer M ends it")
    func successToAcceptedThenTimerM() {
        var (machine, _) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        let ok = Fixture.response(to: invite, 200, contact: "<sip:bob@192.0.2.4>")
        let actions = machine.receive(ok)
        #expect(machine.state == .accepted)
        #expect(actions.delivered == [.response(ok)])
        #expect(actions.sent.isEmpty, "the ACK for a 2xx is the TU's (RFC 3261 §13.2.2.4)")
        #expect(actions.started(.m)?.1 == .seconds(32))
        #expect(machine.receive(ok) == [.deliver(.response(ok))])
        let forked = Fixture.response(to: invite, 200, toTag: "other-fork")
        #expect(machine.receive(forked) == [.deliver(.response(forked))])
        #expect(machine.receive(Fixture.response(to: invite, 500)) == [])
        #expect(machine.transportError() == [])
        #expect(machine.timerFired(actions.started(.m)!.0) == [.terminated])
    }

    @Test("RFC 3261 §17.1.4 transport error in Calling and in Completed: TU informed, Terminated")
    func transportErrors() {
        var (calling, _) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        let actions = calling.transportError()
        #expect(actions.first == .transportError)
        #expect(Set(actions.cancelledKinds) == [.a, .b])
        #expect(actions.last == .terminated)
        var (completed, _) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        _ = completed.receive(Fixture.response(to: invite, 486))
        #expect(completed.transportError() == [.transportError, .cancelTimer(SIPTimer(.d, generation: 3)),
            .terminated])
        #expect(completed.receive(Fixture.response(to: invite, 486)) == [])
    }

    @Test("RFC 3261 §9.1 no final response 64*T1 after the CANCEL: the INVITE transaction is destroyed")
    func cancelGrace() {
        var (machine, _) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        _ = machine.receive(Fixture.response(to: invite, 180))
        let actions = machine.cancelSent()
        #expect(actions.started(.cancelGrace)?.1 == .seconds(32))
        #expect(machine.cancelSent() == [], "a second CANCEL does not extend the grace")
        #expect(machine.timerFired(actions.started(.cancelGrace)!.0) == [.timeout(.cancelGrace), .terminated])
    }

    @Test("RFC 3261 §9.1 the 487 after a CANCEL arrives in time: Completed, the grace timer is cancelled")
    func cancelThen487() {
        var (machine, _) = SIPClientInviteTransaction.start(request: invite, reliable: false)
        _ = machine.receive(Fixture.response(to: invite, 180))
        let grace = machine.cancelSent().started(.cancelGrace)!.0
        let actions = machine.receive(Fixture.response(to: invite, 487))
        #expect(actions.cancelledKinds == [.cancelGrace])
        #expect(machine.state == .completed)
        #expect(machine.timerFired(grace) == [])
    }
}
