import NIOCore
import SIPTransactions
import SIPWire
import Testing

/// RFC 3261 §17.2.2 (Figure 8) as scripts.
@Suite("SIPServerNonInviteTransaction")
struct SIPServerNonInviteTransactionTests {
    let options = Fixture.request(Fixture.options)

    @Test("RFC 3261 §17.2.2 Trying: request to the TU, retransmissions discarded, no timer")
    func trying() {
        var (machine, actions) = SIPServerNonInviteTransaction.start(request: options, reliable: false)
        #expect(actions == [.deliver(.request(options))])
        #expect(machine.state == .trying)
        #expect(machine.receive(options) == [])
        #expect(machine.transportError() == [])
    }

    @Test("RFC 3261 §17.2.2 Proceeding: 1xx sent, a retransmission resends the latest 1xx")
    func proceeding() {
        var (machine, _) = SIPServerNonInviteTransaction.start(request: options, reliable: false)
        let trying = Fixture.response(to: options, 100)
        #expect(machine.send(trying) == [.send(.response(trying))])
        #expect(machine.state == .proceeding)
        #expect(machine.receive(options) == [.send(.response(trying))])
    }

    @Test("RFC 3261 §17.2.2 Completed: Timer J = 64*T1 on UDP, final resent per retransmission, Timer J ends it")
    func completedThenTimerJ() {
        var (machine, _) = SIPServerNonInviteTransaction.start(request: options, reliable: false)
        _ = machine.send(Fixture.response(to: options, 100))
        let ok = Fixture.response(to: options, 200)
        let actions = machine.send(ok)
        #expect(actions.sent == [.response(ok)])
        #expect(actions.started(.j)?.1 == .seconds(32))
        #expect(machine.state == .completed)
        #expect(machine.receive(options) == [.send(.response(ok))])
        #expect(machine.send(Fixture.response(to: options, 500)) == [], "other finals are discarded")
        #expect(machine.timerFired(actions.started(.j)!.0) == [.terminated])
        #expect(machine.receive(options) == [])
    }

    @Test("RFC 3261 §17.2.2 Timer J is zero on a reliable transport")
    func timerJZeroReliable() {
        var (machine, _) = SIPServerNonInviteTransaction.start(request: options, reliable: true)
        let ok = Fixture.response(to: options, 200)
        #expect(machine.send(ok) == [.send(.response(ok)), .terminated])
        #expect(machine.state == .terminated)
    }

    @Test("RFC 3261 §17.2.4 transport error in Completed: TU informed, Terminated")
    func transportError() {
        var (machine, _) = SIPServerNonInviteTransaction.start(request: options, reliable: false)
        let timerJ = machine.send(Fixture.response(to: options, 404)).started(.j)!.0
        #expect(machine.transportError() == [.transportError, .cancelTimer(timerJ), .terminated])
        #expect(machine.timerFired(timerJ) == [])
    }
}
