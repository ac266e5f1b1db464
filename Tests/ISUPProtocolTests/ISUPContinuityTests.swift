@testable import ISUPProtocol
import ISUPWire
import NIOCore
import TelecomTypes
import Testing

/// Q.764 §2.1.8 continuity check and recheck, both sides, with every timer's expiry path (T8, T24–T27, T36).
@Suite("Q.764 §2.1.8 continuity check")
struct ISUPContinuityTests {
    @Test("Q.764 §2.1.8 incoming, check on this circuit: loop and T8; the call waits for COT success")
    func incomingCheckSucceeds() {
        var node = TestNet.ready()
        var actions = node.receive(TestNet.iam(5, continuity: 1))
        #expect(actions.started == [.t8])
        #expect(actions.loopEvents == [true])
        #expect(actions.incomingCalls.isEmpty)
        #expect(node.status(of: CIC(5)).callState == .incomingBusy)
        actions = node.receive(TestNet.cot(5, passed: true))
        #expect(actions.cancelled == [.t8])
        #expect(actions.loopEvents == [false])
        #expect(actions.incomingCalls.count == 1)
        #expect(node.alert(cic: CIC(5)).sentTypes == [.addressComplete])
    }

    @Test("Q.764 §2.1.8 incoming, check performed on a previous circuit: T8 without a loop")
    func incomingPreviousCircuit() {
        var node = TestNet.ready()
        var actions = node.receive(TestNet.iam(5, continuity: 2))
        #expect(actions.started == [.t8] && actions.loopEvents.isEmpty && actions.incomingCalls.isEmpty)
        // A failure reported for the previous circuit: the preceding exchange releases this one; T8 still guards.
        actions = node.receive(TestNet.cot(5, passed: false))
        #expect(actions.sent.isEmpty && node.isArmed(.t8, cic: 5))
        actions = node.receive(TestNet.rel(5))
        #expect(actions.sentTypes == [.releaseComplete])
        #expect(node.isQuiet)
    }

    @Test("Q.764 Annex A T8 expiry: REL (cause 41), loop removed, T1 and T5")
    func t8Expiry() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5, continuity: 1))
        let actions = node.fire(.t8, cic: 5)
        #expect(actions.sentTypes == [.release] && actions.sentCause == .temporaryFailure)
        #expect(actions.loopEvents == [false])
        #expect(actions.started == [.t1, .t5])
        #expect(node.receive(TestNet.message(.releaseComplete, 5)).cancelled == [.t1, .t5])
        #expect(node.isQuiet)
    }

    @Test("Q.764 §2.1.8 COT failure: loop removed, T27; CCR → loop and T36; REL ends the recheck")
    func incomingFailureAndRecheck() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5, continuity: 1))
        var actions = node.receive(TestNet.cot(5, passed: false))
        #expect(actions.loopEvents == [false] && actions.started == [.t27] && actions.cancelled.contains(.t8))
        #expect(actions.incomingCalls.isEmpty && actions.sent.isEmpty)
        #expect(node.status(of: CIC(5)).callState == .incomingBusy)
        actions = node.receive(TestNet.message(.continuityCheckRequest, 5))
        #expect(actions.cancelled == [.t27] && actions.started == [.t36] && actions.loopEvents == [true])
        actions = node.receive(TestNet.rel(5))
        #expect(actions.sentTypes == [.releaseComplete] && actions.loopEvents == [false])
        #expect(actions.events == [.continuityLoop(connect: false)])  // no call was presented, none is released
        #expect(node.isQuiet)
    }

    @Test("Q.764 §2.1.8 recheck fails again: COT failure removes the loop and restarts T27")
    func incomingRecheckFailsAgain() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5, continuity: 1))
        _ = node.receive(TestNet.cot(5, passed: false))
        _ = node.receive(TestNet.message(.continuityCheckRequest, 5))
        let actions = node.receive(TestNet.cot(5, passed: false))
        #expect(actions.cancelled == [.t36] && actions.started == [.t27] && actions.loopEvents == [false])
    }

    @Test("Q.764 §2.1.8 T27 expiry: RSC with T16 and T17")
    func t27Expiry() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5, continuity: 1))
        _ = node.receive(TestNet.cot(5, passed: false))
        let actions = node.fire(.t27, cic: 5)
        #expect(actions.sentTypes == [.resetCircuit] && actions.started == [.t16, .t17])
        _ = node.receive(TestNet.message(.releaseComplete, 5))
        #expect(node.isQuiet)
    }

    @Test("Q.764 §2.1.8 T36 expiry (CCR but neither COT nor REL): loop removed, RSC with T16 and T17")
    func t36Expiry() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.message(.continuityCheckRequest, 5))  // a recheck asked on an idle circuit
        let actions = node.fire(.t36, cic: 5)
        #expect(actions.loopEvents == [false])
        #expect(actions.sentTypes == [.resetCircuit] && actions.started == [.t16, .t17])
    }

    @Test("Q.764 §2.1.8 an IAM instead of the CCR: T27 stops and the call proceeds")
    func iamDuringT27() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5, continuity: 1))
        _ = node.receive(TestNet.cot(5, passed: false))
        let actions = node.receive(TestNet.iam(5))
        #expect(actions.cancelled == [.t27] && actions.incomingCalls.count == 1)
    }

    @Test("Q.764 §2.1.8 with overlap: the call is presented once both the digits and COT are in, in either order")
    func continuityWithOverlap() {
        let overlap = ISUPOverlapReceiving(completeLength: 6)
        var node = TestNet.ready(overlap: overlap)
        // COT first, digits later.
        var actions = node.receive(TestNet.iam(5, continuity: 1, called: ISUPNumber(signals: "0612")))
        #expect(Set(actions.started) == [.t8, .t35])
        actions = node.receive(TestNet.cot(5, passed: true))
        #expect(actions.incomingCalls.isEmpty && !actions.started.contains(.t35))
        actions = node.receive(TestNet.sam(5, "34"))
        #expect(actions.cancelled == [.t35] && actions.incomingCalls.count == 1)
        // Digits first, COT later; a late SAM is discarded.
        actions = node.receive(TestNet.iam(6, continuity: 1, called: ISUPNumber(signals: "0612")))
        actions = node.receive(TestNet.sam(6, "34"))
        #expect(actions.cancelled == [.t35] && actions.incomingCalls.isEmpty)
        #expect(node.receive(TestNet.sam(6, "5")).isEmpty)
        actions = node.receive(TestNet.cot(6, passed: true))
        #expect(actions.incomingCalls.first?.calledPartyNumber.signals.digits == "061234")
    }

    @Test("Q.764 §2.9.3.1 RSC during the check: loop removed, RLC, circuit idle")
    func resetDuringCheck() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5, continuity: 1))
        let actions = node.receive(TestNet.message(.resetCircuit, 5))
        #expect(actions.loopEvents == [false] && actions.sentTypes == [.releaseComplete])
        #expect(node.isQuiet)
    }

    @Test("Q.764 §2.1.8 outgoing: IAM asks for the check, T24 runs; a pass sends COT success and the call goes on")
    func outgoingCheckPasses() throws {
        var node = TestNet.ready()
        let attempt = node.placeCall(called: TestNet.called, continuityCheck: true)
        let placed = try #require(attempt)
        #expect(placed.actions.sent.first?.natureOfConnectionIndicators?.continuityCheckIndicator == 1)
        #expect(placed.actions.started == [.t7, .t24])
        #expect(placed.actions.events == [.continuityTestRequested])
        let actions = node.continuityResult(cic: placed.cic, passed: true)
        #expect(actions.sentTypes == [.continuity] && actions.sentContinuityPassed == true)
        #expect(actions.cancelled == [.t24])
        #expect(node.receive(TestNet.acm(placed.cic.value)).events == [.addressComplete(TestNet.acm(placed.cic.value))])
    }

    @Test("Q.764 §2.1.8 outgoing failure: COT failure, call re-attempted elsewhere; T25 → CCR; a pass → REL")
    func outgoingFailureThenRecheckPasses() throws {
        var node = TestNet.ready()
        let attempt = node.placeCall(called: TestNet.called, continuityCheck: true)
        let cic = try #require(attempt).cic
        var actions = node.continuityResult(cic: cic, passed: false)
        #expect(actions.sentTypes == [.continuity] && actions.sentContinuityPassed == false)
        #expect(actions.events == [.continuityFailure])
        #expect(Set(actions.cancelled) == [.t7, .t24] && actions.started == [.t25])
        #expect(!node.status(of: cic).isAvailableForOutgoing)
        actions = node.fire(.t25, cic: cic.value)
        #expect(actions.sentTypes == [.continuityCheckRequest] && actions.started == [.t24])
        #expect(actions.events == [.continuityTestRequested])
        actions = node.continuityResult(cic: cic, passed: true)
        #expect(actions.sentTypes == [.release] && actions.started == [.t1, .t5])
        _ = node.receive(TestNet.message(.releaseComplete, cic.value))
        #expect(node.isQuiet && node.status(of: cic).isAvailableForOutgoing)
    }

    @Test("Q.764 §2.1.8 T24 expiry counts as a failure; repeated failures alert maintenance and repeat on T26")
    func outgoingT24AndT26() throws {
        var node = TestNet.ready()
        let attempt = node.placeCall(called: TestNet.called, continuityCheck: true)
        let cic = try #require(attempt).cic
        var actions = node.fire(.t24, cic: cic.value)
        #expect(actions.sentContinuityPassed == false && actions.started == [.t25])
        _ = node.fire(.t25, cic: cic.value)
        actions = node.fire(.t24, cic: cic.value)
        #expect(actions.sentContinuityPassed == false && actions.started == [.t26])
        #expect(actions.alerts == [.continuityCheckFailed(cic, failures: 2)])
        actions = node.fire(.t26, cic: cic.value)
        #expect(actions.sentTypes == [.continuityCheckRequest])
        actions = node.continuityResult(cic: cic, passed: false)
        #expect(actions.alerts == [.continuityCheckFailed(cic, failures: 3)] && actions.started == [.t26])
    }

    @Test("Q.764 §2.1.8 back to back: a failed check is rechecked and the circuit returns to service on both ends")
    func backToBackRecheck() throws {
        var a = TestNet.ready(own: TestNet.high, peer: TestNet.low)
        var b = TestNet.ready(own: TestNet.low, peer: TestNet.high)
        func deliver(_ actions: [ISUPAction], to node: inout ISUPSwitch) -> [ISUPAction] {
            actions.sent.flatMap { node.receive($0.encoded) }
        }
        let attempt = a.placeCall(called: TestNet.called, continuityCheck: true)
        let placed = try #require(attempt)
        var atB = deliver(placed.actions, to: &b)
        #expect(atB.loopEvents == [true])
        atB = deliver(a.continuityResult(cic: placed.cic, passed: false), to: &b)
        #expect(atB.loopEvents == [false] && b.isArmed(.t27, cic: placed.cic.value))
        atB = deliver(a.fire(.t25, cic: placed.cic.value), to: &b)
        #expect(atB.loopEvents == [true] && !b.isArmed(.t27, cic: placed.cic.value))
        atB = deliver(a.continuityResult(cic: placed.cic, passed: true), to: &b)
        #expect(atB.sentTypes == [.releaseComplete] && atB.loopEvents == [false])
        _ = deliver(atB, to: &a)
        #expect(a.isQuiet && b.isQuiet)
    }
}
