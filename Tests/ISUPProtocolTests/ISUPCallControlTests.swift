@testable import ISUPProtocol
import ISUPWire
import NIOCore
import TelecomTypes
import Testing

@Suite("Q.764 call control")
struct ISUPCallControlTests {
    @Test("Q.764 §2.1.1 incoming call: IAM → ACM → ANM → REL → RLC")
    func incomingCall() {
        var node = TestNet.ready()
        var actions = node.receive(TestNet.iam(5))
        #expect(actions.incomingCalls.count == 1)
        #expect(actions.incomingCalls.first?.calledPartyNumber.signals == TestNet.called.signals)
        #expect(node.status(of: CIC(5)).callState == .incomingBusy)
        actions = node.alert(cic: CIC(5))
        #expect(actions.sentTypes == [.addressComplete])
        #expect(actions.sent.first?.backwardCallIndicators?.calledPartysStatus == 1)
        actions = node.answer(cic: CIC(5))
        #expect(actions.sentTypes == [.answer])
        actions = node.receive(TestNet.rel(5))
        #expect(actions.sentTypes == [.releaseComplete])
        #expect(actions.events == [.released(cause: .normalCallClearing)])
        #expect(actions.contains { if case .circuitStateChanged(let s) = $0 { s.callState == .idle } else { false } })
        #expect(node.isQuiet)
    }

    @Test("Q.764 §2.1.7 answer before alerting sends CON; progress before alerting sends ACM then CPG")
    func connectAndProgress() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5))
        #expect(node.answer(cic: CIC(5)).sentTypes == [.connect])
        _ = node.receive(TestNet.iam(6))
        #expect(node.progress(cic: CIC(6)).sentTypes == [.addressComplete, .callProgress])
        #expect(node.answer(cic: CIC(6)).sentTypes == [.answer])
    }

    @Test("Q.764 §2.1.2 overlap: IAM without ST waits for SAM under T35; ST completes the number")
    func overlapReceiving() {
        var node = TestNet.ready(overlap: ISUPOverlapReceiving(completeLength: 10))
        var actions = node.receive(TestNet.iam(5, called: ISUPNumber(signals: "0612")))
        #expect(actions.incomingCalls.isEmpty)
        #expect(actions.started == [.t35])
        var sam = ISUPMessage(cic: CIC(5), type: .subsequentAddress)
        sam.setParameter(.subsequentNumber, to: ISUPSubsequentNumber(signals: "34"))
        actions = node.receive(sam)
        #expect(actions.started == [.t35])
        sam.setParameter(.subsequentNumber, to: ISUPSubsequentNumber(signals: AddressSignals(codes: [5, 15])))
        actions = node.receive(sam)
        #expect(actions.cancelled == [.t35])
        #expect(actions.incomingCalls.first?.calledPartyNumber.signals == AddressSignals(codes: [0, 6, 1, 2, 3, 4, 5, 15]))
        #expect(actions.incomingCalls.first?.initialAddress.calledPartyNumber?.signals.digits == "0612345")
    }

    @Test("Q.764 §2.1.2 overlap: the configured length completes the number")
    func overlapByLength() {
        var node = TestNet.ready(overlap: ISUPOverlapReceiving(completeLength: 6))
        _ = node.receive(TestNet.iam(5, called: ISUPNumber(signals: "0612")))
        var sam = ISUPMessage(cic: CIC(5), type: .subsequentAddress)
        sam.setParameter(.subsequentNumber, to: ISUPSubsequentNumber(signals: "34"))
        #expect(node.receive(sam).incomingCalls.count == 1)
    }

    @Test("Q.764 Annex A T35 expiry releases with cause 28")
    func t35Expiry() {
        var node = TestNet.ready(overlap: ISUPOverlapReceiving(completeLength: 10))
        _ = node.receive(TestNet.iam(5, called: ISUPNumber(signals: "06")))
        let actions = node.fire(.t35, cic: 5)
        #expect(actions.sentTypes == [.release])
        #expect(actions.sentCause == .invalidNumberFormat)
        #expect(actions.started == [.t1, .t5])
    }

    @Test("Q.764 §2.1.1.1 outgoing call: IAM (T7) → ACM (T9) → ANM → release → REL (T1, T5) → RLC")
    func outgoingCall() throws {
        var node = TestNet.ready()
        let placed = try node.mustPlaceCall()
        #expect(placed.cic == CIC(2))  // higher point code: even CICs first
        #expect(placed.actions.sentTypes == [.initialAddress])
        #expect(placed.actions.started == [.t7])
        #expect(node.status(of: placed.cic).isTransient)
        var actions = node.receive(TestNet.acm(2))
        #expect(actions.cancelled == [.t7] && actions.started == [.t9])
        #expect(actions.events == [.addressComplete(TestNet.acm(2))])
        actions = node.receive(TestNet.message(.answer, 2))
        #expect(actions.cancelled == [.t9])
        #expect(actions.events == [.answered(TestNet.message(.answer, 2))])
        actions = node.release(cic: CIC(2))
        #expect(actions.sentTypes == [.release] && actions.started == [.t1, .t5])
        actions = node.receive(TestNet.message(.releaseComplete, 2))
        #expect(Set(actions.cancelled) == [.t1, .t5])
        #expect(node.isQuiet)
    }

    @Test("Q.764 §2.1.7 CON on an outgoing call answers it at once")
    func outgoingConnect() throws {
        var node = TestNet.ready()
        let cic = try node.mustPlaceCall().cic
        let connect = ISUPMessage.connect(cic: cic)
        #expect(node.receive(connect).events == [.connected(connect)])
        #expect(node.status(of: cic).callState == .outgoingBusy && !node.status(of: cic).isTransient)
    }

    @Test("Hunting order injected; no circuit available gives nil")
    func huntingOrder() {
        var node = TestNet.ready(hunting: [CIC(7), CIC(16), CIC(9)])
        #expect(node.placeCall(called: TestNet.called)?.cic == CIC(7))
        #expect(node.placeCall(called: TestNet.called)?.cic == CIC(9))
        #expect(node.placeCall(called: TestNet.called) == nil)
    }

    @Test("Q.764 §2.1.5 T7 expiry: REL cause 102 and the call layer told")
    func t7Expiry() throws {
        var node = TestNet.ready()
        let cic = try node.mustPlaceCall().cic
        let actions = node.fire(.t7, cic: cic.value)
        #expect(actions.sentCause == .recoveryOnTimerExpiry)
        #expect(actions.events == [.released(cause: .recoveryOnTimerExpiry)])
        #expect(node.isArmed(.t1, cic: cic.value) && node.isArmed(.t5, cic: cic.value))
    }

    @Test("Q.118 §4.3.2 T9 expiry: REL cause 19")
    func t9Expiry() throws {
        var node = TestNet.ready()
        let cic = try node.mustPlaceCall().cic
        _ = node.receive(TestNet.acm(cic.value))
        let actions = node.fire(.t9, cic: cic.value)
        #expect(actions.sentCause == .noAnswerFromUser)
        #expect(actions.events == [.released(cause: .noAnswerFromUser)])
    }

    @Test("Q.764 §2.9.6 T1 expiry re-sends REL; T5 expiry sends RSC, alerts maintenance, repeats on T17")
    func t1AndT5Expiry() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5))
        _ = node.release(cic: CIC(5), cause: .userBusy)
        var actions = node.fire(.t1, cic: 5)
        #expect(actions.sentTypes == [.release] && actions.sentCause == .userBusy && actions.started == [.t1])
        actions = node.fire(.t5, cic: 5)
        #expect(actions.sentTypes == [.resetCircuit])
        #expect(actions.cancelled == [.t1] && actions.started == [.t17])
        #expect(actions.alerts == [.timerExpired(.t5, CIC(5))])
        #expect(node.status(of: CIC(5)).isTransient)
        actions = node.fire(.t17, cic: 5)
        #expect(actions.sentTypes == [.resetCircuit] && actions.started == [.t17])
        actions = node.receive(TestNet.message(.releaseComplete, 5))
        #expect(actions.cancelled == [.t17])
        #expect(node.isQuiet)
    }

    @Test("Q.764 rule 8: a timer firing after its cancel is ignored")
    func lateTimerIgnored() throws {
        var node = TestNet.ready()
        let placed = try node.mustPlaceCall()
        let t7 = try #require(placed.actions.startedID(.t7))
        _ = node.receive(TestNet.acm(placed.cic.value))
        #expect(node.timerFired(t7) == [])
        #expect(node.status(of: placed.cic).callState == .outgoingBusy)
    }

    @Test("Q.764 §2.3 release collision: REL while awaiting RLC → RLC and idle")
    func releaseCollision() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5))
        _ = node.release(cic: CIC(5))
        let actions = node.receive(TestNet.rel(5))
        #expect(actions.sentTypes == [.releaseComplete])
        #expect(actions.events.isEmpty)
        #expect(node.isQuiet)
        #expect(node.receive(TestNet.message(.releaseComplete, 5)).isEmpty)
    }

    @Test("Q.764 §2.5 SUS starts T6, RES stops it; T6 expiry releases")
    func suspendResume() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5))
        _ = node.answer(cic: CIC(5))
        var suspend = ISUPMessage(cic: CIC(5), type: .suspend)
        suspend.setParameter(ISUPParameter(code: .suspendResumeIndicators, value: .init(bytes: [1])))
        var actions = node.receive(suspend)
        #expect(actions.started == [.t6] && actions.events == [.suspended])
        var resume = suspend
        resume.type = .resume
        actions = node.receive(resume)
        #expect(actions.cancelled == [.t6] && actions.events == [.resumed])
        _ = node.receive(suspend)
        actions = node.fire(.t6, cic: 5)
        #expect(actions.sentTypes == [.release])
    }

    @Test("Q.764 §2.9.1.3 dual seizure, controlling end: the incoming IAM is disregarded")
    func dualSeizureControlling() throws {
        var node = TestNet.ready(hunting: [CIC(2)])  // PC 2 > 1: controls even CICs
        _ = try node.mustPlaceCall()
        let actions = node.receive(TestNet.iam(2))
        #expect(actions.isEmpty)
        #expect(node.status(of: CIC(2)).callState == .outgoingBusy)
    }

    @Test("Q.764 §2.9.1.3 dual seizure, non-controlling end: backs off and takes the incoming call")
    func dualSeizureBackOff() throws {
        var node = TestNet.ready(hunting: [CIC(3)])  // PC 2 does not control odd CICs
        _ = try node.mustPlaceCall()
        let actions = node.receive(TestNet.iam(3))
        #expect(actions.events == [.dualSeizure])
        #expect(actions.cancelled == [.t7])
        #expect(actions.incomingCalls.count == 1)
        #expect(node.status(of: CIC(3)).callState == .incomingBusy)
    }

    @Test("Q.764 §2.9.3.1 RSC on a busy circuit: call dropped, RLC sent")
    func resetOnBusyCircuit() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5))
        _ = node.answer(cic: CIC(5))
        let actions = node.receive(TestNet.message(.resetCircuit, 5))
        #expect(actions.sentTypes == [.releaseComplete])
        #expect(actions.events == [.released(cause: .temporaryFailure)])
        #expect(node.isQuiet)
    }

    @Test("Unexpected RLC on an answered call: the circuit follows the peer to idle")
    func unexpectedReleaseComplete() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5))
        _ = node.answer(cic: CIC(5))
        let actions = node.receive(TestNet.message(.releaseComplete, 5))
        #expect(actions.events == [.released(cause: .normalUnspecified)])
        #expect(node.isQuiet)
    }

    @Test("Q.764 §2.3 REL on an idle circuit is answered with RLC")
    func releaseOnIdle() {
        var node = TestNet.ready()
        #expect(node.receive(TestNet.rel(5)).sentTypes == [.releaseComplete])
        #expect(node.isQuiet)
    }
}
