import NIOCore
import SIPTransactions
import SIPWire
import Testing

/// RFC 3261 §17.1.2 (Figure 6) as scripts.
@Suite("SIPClientNonInviteTransaction")
struct SIPClientNonInviteTransactionTests {
    let options = Fixture.request(Fixture.options)

    @Test("RFC 3261 §17.1.2.2 Trying on UDP: request sent, Timer E = T1, Timer F = 64*T1")
    func startUnreliable() {
        let (machine, actions) = SIPClientNonInviteTransaction.start(request: options, reliable: false)
        #expect(machine.state == .trying)
        #expect(actions.sent == [.request(options)])
        #expect(actions.started(.e)?.1 == .ms(500))
        #expect(actions.started(.f)?.1 == .seconds(32))
    }

    @Test("RFC 3261 §17.1.2.2 Trying on TCP: no Timer E")
    func startReliable() {
        let (_, actions) = SIPClientNonInviteTransaction.start(request: options, reliable: true)
        #expect(actions.startedKinds == [.f])
    }

    @Test("RFC 3261 §17.1.2.2 Timer E doubles up to T2 in Trying; Timer F fires at 64*T1 and informs the TU")
    func timerEScheduleThenTimerF() {
        var (machine, actions) = SIPClientNonInviteTransaction.start(request: options, reliable: false)
        var clock = MachineClock()
        clock.apply(actions)
        var sendTimes: [Int64] = [0]
        var intervals: [TimeAmount] = []
        var last: [SIPTransactionAction] = []
        while let timer = clock.next() {
            last = machine.timerFired(timer)
            clock.apply(last)
            if !last.sent.isEmpty { sendTimes.append(clock.milliseconds) }
            if let (_, interval) = last.started(.e) { intervals.append(interval) }
        }
        #expect(sendTimes == [0, 500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500])
        #expect(intervals.prefix(5) == [.ms(1000), .ms(2000), .ms(4000), .ms(4000), .ms(4000)])
        #expect(last.contains(.timeout(.f)))
        #expect(last.terminates)
        #expect(clock.milliseconds == 32_000)
    }

    @Test("RFC 3261 §17.1.2.2 Timer E in Proceeding is reset to T2")
    func timerEInProceeding() {
        var (machine, start) = SIPClientNonInviteTransaction.start(request: options, reliable: false)
        let trying = Fixture.response(to: options, 100)
        #expect(machine.receive(trying) == [.deliver(.response(trying))])
        #expect(machine.state == .proceeding)
        let actions = machine.timerFired(start.started(.e)!.0)
        #expect(actions.sent == [.request(options)])
        #expect(actions.started(.e)?.1 == .seconds(4))
    }

    @Test("RFC 3261 §17.1.2.2 Timer F in Proceeding: timeout to the TU")
    func timerFInProceeding() {
        var (machine, start) = SIPClientNonInviteTransaction.start(request: options, reliable: true)
        _ = machine.receive(Fixture.response(to: options, 100))
        #expect(machine.timerFired(start.started(.f)!.0) == [.timeout(.f), .terminated])
    }

    @Test("RFC 3261 §17.1.2.2 final response: Completed, Timer K = T4, retransmissions absorbed, Timer K ends it")
    func finalThenTimerK() {
        var (machine, _) = SIPClientNonInviteTransaction.start(request: options, reliable: false)
        let ok = Fixture.response(to: options, 200)
        let actions = machine.receive(ok)
        #expect(actions.delivered == [.response(ok)])
        #expect(Set(actions.cancelledKinds) == [.e, .f])
        #expect(actions.started(.k)?.1 == .seconds(5))
        #expect(machine.state == .completed)
        #expect(machine.receive(ok) == [])
        #expect(machine.transportError() == [])
        #expect(machine.timerFired(actions.started(.k)!.0) == [.terminated])
    }

    @Test("RFC 3261 §17.1.2.2 Timer K is zero on a reliable transport")
    func timerKZeroReliable() {
        var (machine, _) = SIPClientNonInviteTransaction.start(request: options, reliable: true)
        _ = machine.receive(Fixture.response(to: options, 100))
        let actions = machine.receive(Fixture.response(to: options, 404))
        #expect(actions.startedKinds.isEmpty)
        #expect(actions.last == .terminated)
        #expect(machine.state == .terminated)
    }

    @Test("RFC 3261 §17.1.4 transport error in Trying: TU informed, Terminated")
    func transportError() {
        var (machine, _) = SIPClientNonInviteTransaction.start(request: options, reliable: false)
        let actions = machine.transportError()
        #expect(actions.first == .transportError)
        #expect(actions.last == .terminated)
        #expect(machine.receive(Fixture.response(to: options, 200)) == [])
    }
}
