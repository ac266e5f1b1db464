@testable import ISUPProtocol
import ISUPWire
import NIOCore
import TelecomTypes
import Testing

/// The outgoing half of Q.764 §2.1 and §2.3, and §2.9.5.1 for every outgoing state.
@Suite("Q.764 outgoing calls")
struct ISUPOutgoingCallTests {
    /// The outgoing states of CIC 2 (the first circuit a high point code hunts).
    static var states: [(String, (inout ISUPSwitch) -> Void)] { [
        ("awaiting ACM", { _ = $0.placeCall(called: TestNet.called, calling: TestNet.calling) }),
        ("alerted", {
            _ = $0.placeCall(called: TestNet.called, calling: TestNet.calling)
            _ = $0.receive(TestNet.acm(2))
        }),
        ("answered", {
            _ = $0.placeCall(called: TestNet.called, calling: TestNet.calling)
            _ = $0.receive(TestNet.acm(2))
            _ = $0.receive(TestNet.message(.answer, 2))
        }),
        ("awaiting RLC", {
            _ = $0.placeCall(called: TestNet.called, calling: TestNet.calling)
            _ = $0.release(cic: CIC(2))
        }),
    ] }

    /// Every call message paired with the outgoing states in which it fits.
    static var probes: [(ISUPMessage, fits: Set<String>)] { [
        (TestNet.acm(2), ["awaiting ACM"]),
        (.connect(cic: CIC(2)), ["awaiting ACM"]),
        (TestNet.message(.answer, 2), ["awaiting ACM", "alerted"]),
        (.callProgress(cic: CIC(2), event: ISUPEventInformation(event: 1)), ["alerted", "answered"]),
        (TestNet.suspend(2, network: true), ["answered"]),
        (TestNet.suspend(2, network: true, type: .resume), []),
        (TestNet.sam(2, "1"), []),
        (TestNet.cot(2, passed: true), []),
        (TestNet.message(.continuityCheckRequest, 2), []),
        (TestNet.inr(2), ["awaiting ACM", "alerted"]),
        ({
            var inf = ISUPMessage(cic: CIC(2), type: .information)
            inf.setParameter(.informationIndicators, to: ISUPInformationIndicators(rawValue: 0))
            return inf
        }(), []),
    ] }

    @Test("Q.764 §2.9.5.1 each unexpected message in each outgoing state: RSC before the first backward message")
    func unexpectedMessages() {
        for (name, setup) in Self.states {
            for (probe, fits) in Self.probes where !fits.contains(name) {
                var node = TestNet.ready()
                setup(&node)
                let before = node.status(of: CIC(2))
                let actions = node.receive(probe)
                if name == "awaiting ACM" {
                    #expect(actions.sentTypes == [.resetCircuit], "\(probe.type) in \(name)")
                    #expect(actions.alerts == [.unexpectedMessage(CIC(2), probe.type)], "\(probe.type) in \(name)")
                    #expect(actions.events == [.released(cause: .temporaryFailure)], "\(probe.type) in \(name)")
                    #expect(node.status(of: CIC(2)).callState == .idle, "\(probe.type) in \(name)")
                } else {
                    #expect(actions.sent.isEmpty, "\(probe.type) in \(name)")
                    #expect(actions.events.isEmpty, "\(probe.type) in \(name)")
                    #expect(node.status(of: CIC(2)) == before, "\(probe.type) in \(name)")
                }
            }
        }
    }

    @Test("Q.764 §2.3.2 REL from the peer in each outgoing state: RLC, call released, timers stopped")
    func releaseFromPeer() {
        for (name, setup) in Self.states where name != "awaiting RLC" {
            var node = TestNet.ready()
            setup(&node)
            let actions = node.receive(TestNet.rel(2, .userBusy))
            #expect(actions.sentTypes == [.releaseComplete], "\(name)")
            #expect(actions.events == [.released(cause: .userBusy)], "\(name)")
            #expect(node.isQuiet, "\(name)")
        }
    }

    @Test("Q.764 §2.3.1 release from this end in each outgoing state: REL, T1 and T5, then RLC")
    func releaseFromHere() {
        for (name, setup) in Self.states where name != "awaiting RLC" {
            var node = TestNet.ready()
            setup(&node)
            let actions = node.release(cic: CIC(2), cause: .normalCallClearing)
            #expect(actions.sentTypes == [.release] && actions.started == [.t1, .t5], "\(name)")
            #expect(node.status(of: CIC(2)).isTransient, "\(name)")
            _ = node.receive(TestNet.message(.releaseComplete, 2))
            #expect(node.isQuiet, "\(name)")
        }
    }

    @Test("Q.764 §2.3.1 e) release collision on an outgoing call: REL answered with RLC, the late RLC ignored")
    func releaseCollision() throws {
        var node = TestNet.ready()
        let cic = try node.mustPlaceCall().cic
        _ = node.receive(TestNet.acm(cic.value))
        _ = node.release(cic: cic)
        let actions = node.receive(TestNet.rel(cic.value))
        #expect(actions.sentTypes == [.releaseComplete] && actions.events.isEmpty)
        #expect(Set(actions.cancelled) == [.t1, .t5])
        #expect(node.isQuiet)
        #expect(node.receive(TestNet.message(.releaseComplete, cic.value)).isEmpty)
    }

    @Test("Q.764 §2.1.4 CPG after ACM and after answer reach the call layer; ANM stops T9")
    func progressAndAnswer() throws {
        var node = TestNet.ready()
        let cic = try node.mustPlaceCall().cic
        _ = node.receive(TestNet.acm(cic.value))
        let cpg = ISUPMessage.callProgress(cic: cic, event: ISUPEventInformation(event: 1))
        #expect(node.receive(cpg).events == [.progress(cpg)])
        let anm = TestNet.message(.answer, cic.value)
        let actions = node.receive(anm)
        #expect(actions.cancelled == [.t9] && actions.events == [.answered(anm)])
        #expect(node.receive(cpg).events == [.progress(cpg)])
    }

    @Test("Q.764 §2.4 SUS (network) starts T6, SUS (user) starts T2; RES stops the one running")
    func suspendKinds() throws {
        var node = TestNet.ready()
        let cic = try node.mustPlaceCall().cic
        _ = node.receive(.connect(cic: cic))
        var actions = node.receive(TestNet.suspend(cic.value, network: false))
        #expect(actions.started == [.t2] && actions.events == [.suspended])
        // A second SUS while suspended does not fit.
        #expect(node.receive(TestNet.suspend(cic.value, network: true)).isEmpty)
        actions = node.receive(TestNet.suspend(cic.value, network: false, type: .resume))
        #expect(actions.cancelled == [.t2] && actions.events == [.resumed])
        actions = node.receive(TestNet.suspend(cic.value, network: true))
        #expect(actions.started == [.t6])
        actions = node.receive(TestNet.suspend(cic.value, network: true, type: .resume))
        #expect(actions.cancelled == [.t6])
    }

    @Test("Q.764 Annex A T2 expiry: release (cause 102); REL while suspended stops T6")
    func suspendTimers() throws {
        var node = TestNet.ready()
        var cic = try node.mustPlaceCall().cic
        _ = node.receive(.connect(cic: cic))
        _ = node.receive(TestNet.suspend(cic.value, network: false))
        var actions = node.fire(.t2, cic: cic.value)
        #expect(actions.sentTypes == [.release] && actions.sentCause == .recoveryOnTimerExpiry)
        #expect(actions.events == [.released(cause: .recoveryOnTimerExpiry)])
        cic = try node.mustPlaceCall().cic
        _ = node.receive(.connect(cic: cic))
        _ = node.receive(TestNet.suspend(cic.value, network: true))
        actions = node.receive(TestNet.rel(cic.value))
        #expect(actions.cancelled.contains(.t6) && actions.sentTypes == [.releaseComplete])
        #expect(!node.isArmed(.t6, cic: cic.value))
    }

    @Test("Q.764 §2.9.3.1 RSC on each outgoing state: call dropped, RLC")
    func resetInEachState() {
        for (name, setup) in Self.states {
            var node = TestNet.ready()
            setup(&node)
            let actions = node.receive(TestNet.message(.resetCircuit, 2))
            #expect(actions.sentTypes == [.releaseComplete], "\(name)")
            #expect(actions.events == (name == "awaiting RLC" ? [] : [.released(cause: .temporaryFailure)]), "\(name)")
            #expect(node.isQuiet, "\(name)")
        }
    }
}
