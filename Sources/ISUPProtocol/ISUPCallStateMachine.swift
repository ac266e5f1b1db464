import ISUPWire
import NIOCore
import TelecomTypes

/// The call on one circuit, both directions (ITU-T Q.764 §2.1 set-up, §2.1.8 continuity check, §2.3 release,
/// §2.4 suspend/resume, §2.1.6 information request).
///
/// ```
///                 placeCall → IAM, T7       ACM, T9                ANM (or CON before ACM)
///   ┌──────┐ ───────────────▶ awaitingACM ─────────▶ outgoingAlerted ─────────▶ answered(out)
///   │ idle │                   │ COT fail (or T24) → T25 ─▶ outgoingRecheck ─ T25/T26 → CCR, T24 ─ pass → REL
///   └──────┘   IAM             │                                      fail (or T24) → COT failure, T26 (again)
///      │  ──────▶ incomingSetUp ── digits complete (ST / length; SAM under T35),
///      │           │              COT received (T8), INF received (T33)  ──▶ presented
///      │           └─ COT failure → incomingRecheck: T27 ─ CCR → loop, T36 ─ REL → idle; T27/T36 → RSC
///      │  presented ── alert → ACM ──▶ incomingAlerted ── answer → ANM ──▶ answered(in)
///      │      └──────── answer → CON ────────────────────────────────────▶ answered(in)
///
///   any busy state ── release(cause) → REL, T1+T5 ──▶ awaitingRLC ── RLC ──▶ idle
///   any busy state ── REL → RLC ──────────────────────────────────────────▶ idle
///   awaitingRLC ── REL (release collision) → RLC ─────────────────────────▶ idle
///   awaitingRLC ── T1 → REL again;  T5 → reset procedure (RSC) takes over ▶ idle
///   answered ── SUS (network) → T6 / SUS (user) → T2 ── RES ──▶ answered;  T6/T2 → REL
/// ```
/// Dual seizure and blocking checks happen in ``ISUPSwitch`` before an IAM reaches this machine.
struct ISUPCallStateMachine {
    enum Direction: Hashable {
        case incoming
        case outgoing
    }

    /// What the machine asks the switch to do; the switch turns timer names into identified timers.
    enum Output: Hashable {
        case send(ISUPMessage)
        case start(ISUPTimer)
        case cancel(ISUPTimer)
        case event(ISUPCallEvent)
        case incomingCall(ISUPIncomingCall)
        case alert(ISUPMaintenanceAlert)
        /// Hand the circuit to the reset procedure: after T5 (Q.764 §2.9.6: RSC, alert maintenance, T17 alone) or
        /// after T27 (Q.764 §2.1.8: RSC with T16 and T17).
        case resetCircuit(after: ISUPTimer)
        /// A recognised call message that does not fit the state.
        case unexpected(ISUPMessageType)
    }

    /// An incoming call that is not presented yet: digits, COT or INF still awaited.
    private struct IncomingSetUp: Hashable {
        var iam: ISUPMessage
        var called: ISUPNumber
        var digitsComplete = false
        /// T8 runs: the IAM asked for a continuity check on this or a previous circuit.
        var awaitingContinuity = false
        /// The check is on this circuit: a loop is connected until COT (or REL, or a reset).
        var loopConnected = false
        /// T33 runs: INR sent.
        var awaitingInformation = false
    }

    /// Who suspended the call (the suspend/resume indicators, Q.763 §3.52: bit A 1 = network initiated).
    private enum Suspension: Hashable {
        case subscriber
        case network
    }

    private enum State: Hashable {
        case idle
        case incomingSetUp(IncomingSetUp)
        case incomingPresented
        case incomingAlerted
        /// The IAM sent, kept to answer INR; `continuityPending` until the call layer reports the check.
        case outgoingAwaitingAddressComplete(iam: ISUPMessage, continuityPending: Bool)
        case outgoingAlerted(iam: ISUPMessage)
        case answered(Direction, suspended: Suspension?)
        case awaitingReleaseComplete(Direction, cause: Q850Cause)
        /// COT failure received: T27 awaits CCR (`loopConnected` false); after CCR the loop is on.
        case incomingRecheck(loopConnected: Bool)
        /// Our check failed `failures` times: T25/T26 runs (`testing` false), or CCR sent and the tone is on.
        case outgoingRecheck(testing: Bool, failures: Int)
    }

    let cic: CircuitIdentificationCode
    private var state: State = .idle

    init(cic: CircuitIdentificationCode) { self.cic = cic }

    var callProcessingState: ISUPCallProcessingState {
        switch state {
        case .idle: .idle
        case .incomingSetUp, .incomingPresented, .incomingAlerted, .incomingRecheck: .incomingBusy
        case .outgoingAwaitingAddressComplete, .outgoingAlerted, .outgoingRecheck: .outgoingBusy
        case .answered(let direction, _), .awaitingReleaseComplete(let direction, _):
            direction == .incoming ? .incomingBusy : .outgoingBusy
        }
    }

    /// Q.764 §2.9.3.2: "after having sent an initial address message and waiting for the first backward
    /// message, or after having sent a release message and waiting for the release complete message".
    var isTransient: Bool {
        switch state {
        case .outgoingAwaitingAddressComplete, .awaitingReleaseComplete: true
        case .idle, .incomingSetUp, .incomingPresented, .incomingAlerted, .outgoingAlerted, .answered,
            .incomingRecheck, .outgoingRecheck:
            false
        }
    }

    var isIdle: Bool { state == .idle }

    /// Whether an outgoing IAM has been sent and no backward message received (the dual seizure window).
    var isAwaitingFirstBackwardMessage: Bool {
        if case .outgoingAwaitingAddressComplete = state { return true }
        return false
    }

    /// Whether an unexpected call message shows that the two ends disagree about the circuit, so that it is reset
    /// (Q.764 §2.9.5.1): a call that has seen no backward message (ACM, CON) yet either way, or a circuit that holds
    /// no call but a continuity recheck. Later in a call such a message is discarded.
    var resetsOnUnexpectedMessage: Bool {
        switch state {
        case .incomingSetUp, .incomingPresented, .outgoingAwaitingAddressComplete, .incomingRecheck, .outgoingRecheck:
            true
        case .idle, .incomingAlerted, .outgoingAlerted, .answered, .awaitingReleaseComplete:
            false
        }
    }

    /// Whether an IAM may seize the circuit: idle, or awaiting a CCR that the peer chose not to send (T27).
    var acceptsInitialAddress: Bool {
        state == .idle || state == .incomingRecheck(loopConnected: false)
    }

    var isAwaitingReleaseComplete: Bool {
        if case .awaitingReleaseComplete = state { return true }
        return false
    }

    // MARK: Commands from the call layer.

    /// Q.764 §2.1.1.1: send IAM, start T7; with a continuity check the call layer is asked to run it (§2.1.8).
    mutating func placeCall(_ iam: ISUPMessage) -> [Output] {
        guard state == .idle else { return [] }
        let check = iam.natureOfConnectionIndicators?.continuityCheckIndicator == 1
        state = .outgoingAwaitingAddressComplete(iam: iam, continuityPending: check)
        return [.send(iam), .start(.t7)] + (check ? [.start(.t24), .event(.continuityTestRequested)] : [])
    }

    /// ACM: `alerting` false is the early ACM of an interworking exchange (called party's status "no
    /// indication", Q.764 Annex A T11); the alerting then follows in a CPG (``progress(_:)``).
    mutating func alert(alerting: Bool = true) -> [Output] {
        switch state {
        case .incomingPresented:
            state = .incomingAlerted
            return [.send(.addressComplete(cic: cic, alerting: alerting))]
        case .idle, .incomingSetUp, .incomingAlerted, .outgoingAwaitingAddressComplete, .outgoingAlerted, .answered,
            .awaitingReleaseComplete, .incomingRecheck, .outgoingRecheck:
            return []
        }
    }

    mutating func progress(_ event: ISUPEventInformation) -> [Output] {
        switch state {
        case .incomingPresented:
            // Q.764 §2.1.5: CPG follows ACM; an early progress sends ACM (no indication) first.
            state = .incomingAlerted
            return [.send(.addressComplete(cic: cic, alerting: false)), .send(.callProgress(cic: cic, event: event))]
        case .incomingAlerted, .answered(.incoming, _):
            return [.send(.callProgress(cic: cic, event: event))]
        case .idle, .incomingSetUp, .outgoingAwaitingAddressComplete, .outgoingAlerted, .answered(.outgoing, _),
            .awaitingReleaseComplete, .incomingRecheck, .outgoingRecheck:
            return []
        }
    }

    mutating func answer() -> [Output] {
        switch state {
        case .incomingPresented:
            // Q.764 §2.1.7: "CON ... when the called party answers before ACM has been sent".
            state = .answered(.incoming, suspended: nil)
            return [.send(.connect(cic: cic))]
        case .incomingAlerted:
            state = .answered(.incoming, suspended: nil)
            return [.send(.bare(.answer, cic: cic))]
        case .idle, .incomingSetUp, .outgoingAwaitingAddressComplete, .outgoingAlerted, .answered,
            .awaitingReleaseComplete, .incomingRecheck, .outgoingRecheck:
            return []
        }
    }

    /// Q.764 §2.3.1 / §2.2.1: send REL, start T1 and T5. A circuit under continuity recheck holds no call.
    mutating func release(cause: Q850Cause) -> [Output] {
        let direction: Direction
        var loop: [Output] = []
        switch state {
        case .idle, .awaitingReleaseComplete, .incomingRecheck, .outgoingRecheck:
            return []
        case .incomingSetUp(let setUp):
            direction = .incoming
            if setUp.loopConnected { loop = [.event(.continuityLoop(connect: false))] }
        case .incomingPresented, .incomingAlerted:
            direction = .incoming
        case .outgoingAwaitingAddressComplete, .outgoingAlerted:
            direction = .outgoing
        case .answered(let current, _):
            direction = current
        }
        state = .awaitingReleaseComplete(direction, cause: cause)
        return Self.cancelCallTimers + loop
            + [.send(.withCause(.release, cic: cic, cause: cause)), .start(.t1), .start(.t5)]
    }

    /// Refuses an IAM that arrived on an idle circuit (blocked, not yet reset, malformed): REL at once.
    mutating func refuse(cause: Q850Cause, diagnostics: [UInt8] = []) -> [Output] {
        guard acceptsInitialAddress else { return [] }
        let t27: [Output] = state == .idle ? [] : [.cancel(.t27)]
        state = .awaitingReleaseComplete(.incoming, cause: cause)
        return t27
            + [.send(.withCause(.release, cic: cic, cause: cause, diagnostics: diagnostics)), .start(.t1), .start(.t5)]
    }

    /// Drops the call without signalling (dual seizure back-off, RSC/GRS received, hardware blocking, link down).
    mutating func clear(reporting event: ISUPCallEvent?) -> [Output] {
        var outputs = Self.cancelCallTimers
        switch state {
        case .idle:
            return []
        case .awaitingReleaseComplete, .outgoingRecheck, .incomingRecheck(loopConnected: false):
            break
        case .incomingRecheck(loopConnected: true):
            outputs.append(.event(.continuityLoop(connect: false)))
        case .incomingSetUp(let setUp):
            if setUp.loopConnected { outputs.append(.event(.continuityLoop(connect: false))) }
            outputs += event.map { [Output.event($0)] } ?? []
        case .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete, .outgoingAlerted, .answered:
            outputs += event.map { [Output.event($0)] } ?? []
        }
        state = .idle
        return outputs
    }

    /// The media layer's verdict on the continuity check this end was asked to run (Q.764 §2.1.8): COT for the
    /// call's own check; during a recheck a pass ends the procedure with REL, a failure repeats it under T26.
    mutating func continuityResult(passed: Bool) -> [Output] {
        switch state {
        case .outgoingAwaitingAddressComplete(let iam, continuityPending: true):
            if passed {
                state = .outgoingAwaitingAddressComplete(iam: iam, continuityPending: false)
                return [.cancel(.t24), .send(.continuity(cic: cic, passed: true))]
            }
            state = .outgoingRecheck(testing: false, failures: 1)
            return [.cancel(.t24), .cancel(.t7), .send(.continuity(cic: cic, passed: false)), .start(.t25),
                .event(.continuityFailure)]
        case .outgoingRecheck(testing: true, let failures):
            if passed {
                // The circuit is good again: release it so that both ends return it to service.
                state = .awaitingReleaseComplete(.outgoing, cause: .normalCallClearing)
                return [.cancel(.t24), .send(.withCause(.release, cic: cic, cause: .normalCallClearing)),
                    .start(.t1), .start(.t5)]
            }
            state = .outgoingRecheck(testing: false, failures: failures + 1)
            return [.cancel(.t24), .send(.continuity(cic: cic, passed: false)), .start(.t26),
                .alert(.continuityCheckFailed(cic, failures: failures + 1))]
        case .idle, .incomingSetUp, .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete,
            .outgoingAlerted, .answered, .awaitingReleaseComplete, .incomingRecheck, .outgoingRecheck:
            return []
        }
    }

    // MARK: Messages from the peer.

    /// An IAM on this circuit, which the switch has found idle and acceptable (Q.764 §2.1.1.2). A continuity check
    /// asked for (§2.1.8) starts T8; a missing calling party number is asked for with INR when `requestCallingNumber`
    /// (§2.1.6); the call is presented once the digits, COT and INF are all in.
    mutating func receiveInitialAddress(
        _ iam: ISUPMessage, overlap: ISUPOverlapReceiving?, requestCallingNumber: Bool
    ) -> [Output] {
        guard let called = iam.calledPartyNumber else { return [] }
        var outputs: [Output] = []
        switch state {
        case .idle:
            break
        case .incomingRecheck(loopConnected: false):
            // The peer re-seizes the circuit instead of rechecking it: T27 has no more purpose.
            outputs.append(.cancel(.t27))
        case .incomingSetUp, .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete, .outgoingAlerted,
            .answered, .awaitingReleaseComplete, .incomingRecheck, .outgoingRecheck:
            return []
        }
        var setUp = IncomingSetUp(iam: iam, called: called)
        let indicator = iam.natureOfConnectionIndicators?.continuityCheckIndicator ?? 0
        if indicator == 1 || indicator == 2 {
            // Q.764 Annex A, T8: started "when an exchange receives initial address message requiring continuity
            // check on this circuit or indicates that continuity check has been performed on a previous circuit".
            setUp.awaitingContinuity = true
            setUp.loopConnected = indicator == 1
            outputs.append(.start(.t8))
            if indicator == 1 { outputs.append(.event(.continuityLoop(connect: true))) }
        }
        if requestCallingNumber, iam.callingPartyNumber == nil {
            var request = ISUPInformationRequestIndicators(rawValue: 0)
            request.callingPartyAddressRequested = true
            setUp.awaitingInformation = true
            outputs += [.send(.informationRequest(cic: cic, indicators: request)), .start(.t33)]
        }
        return outputs + addDigits(setUp, overlap: overlap, digitTimerRunning: false)
    }

    /// Q.764 §2.1.2 (overlap): wait for SAMs while the number is short and has no ST; T35 guards each gap.
    private mutating func addDigits(
        _ setUp: IncomingSetUp, overlap: ISUPOverlapReceiving?, digitTimerRunning: Bool
    ) -> [Output] {
        var setUp = setUp
        let digits = setUp.called.signals.codes.filter { $0 != AddressSignals.endOfPulsing }.count
        if let overlap, !setUp.called.signals.hasEndOfPulsing, digits < overlap.completeLength {
            state = .incomingSetUp(setUp)
            return [.start(.t35)]
        }
        setUp.digitsComplete = true
        return (digitTimerRunning ? [.cancel(.t35)] : []) + present(setUp)
    }

    /// Presents the call when nothing more is awaited; otherwise keeps waiting.
    private mutating func present(_ setUp: IncomingSetUp) -> [Output] {
        guard setUp.digitsComplete, !setUp.awaitingContinuity, !setUp.awaitingInformation else {
            state = .incomingSetUp(setUp)
            return []
        }
        state = .incomingPresented
        let iam = setUp.iam
        let call = ISUPIncomingCall(
            cic: cic, calledPartyNumber: setUp.called, callingPartyNumber: iam.callingPartyNumber,
            callingPartysCategory: iam.callingPartysCategory, forwardCallIndicators: iam.forwardCallIndicators,
            natureOfConnectionIndicators: iam.natureOfConnectionIndicators,
            transmissionMediumRequirement: iam.transmissionMediumRequirement, initialAddress: iam)
        return [.incomingCall(call)]
    }

    /// Any other call-control message on this circuit.
    mutating func receive(_ message: ISUPMessage, overlap: ISUPOverlapReceiving?) -> [Output] {
        switch message.type {
        case .release:
            return receiveRelease(message)
        case .releaseComplete:
            return receiveReleaseComplete()
        case .subsequentAddress:
            return receiveSubsequentAddress(message, overlap: overlap)
        case .continuity:
            return receiveContinuity(message)
        case .continuityCheckRequest:
            return receiveContinuityCheckRequest(message)
        case .informationRequest:
            return receiveInformationRequest(message)
        case .information:
            return receiveInformation(message)
        case .addressComplete:
            guard case .outgoingAwaitingAddressComplete(let iam, _) = state else { return unexpected(message) }
            // Q.764 §2.1.4.1: stop T7, start T9 (Q.118 §4.3.2) on receipt of ACM.
            state = .outgoingAlerted(iam: iam)
            return [.cancel(.t7), .start(.t9), .event(.addressComplete(message))]
        case .connect:
            guard case .outgoingAwaitingAddressComplete = state else { return unexpected(message) }
            state = .answered(.outgoing, suspended: nil)
            return [.cancel(.t7), .event(.connected(message))]
        case .answer:
            switch state {
            case .outgoingAwaitingAddressComplete, .outgoingAlerted:
                // Taken as answer before ACM too, as lenient peers expect (an interop choice, not a Q.764 rule).
                state = .answered(.outgoing, suspended: nil)
                return [.cancel(.t7), .cancel(.t9), .event(.answered(message))]
            case .idle, .incomingSetUp, .incomingPresented, .incomingAlerted, .answered, .awaitingReleaseComplete,
                .incomingRecheck, .outgoingRecheck:
                return unexpected(message)
            }
        case .callProgress:
            switch state {
            case .outgoingAlerted, .answered(.outgoing, _):
                return [.event(.progress(message))]
            case .idle, .incomingSetUp, .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete,
                .answered(.incoming, _), .awaitingReleaseComplete, .incomingRecheck, .outgoingRecheck:
                return unexpected(message)
            }
        case .suspend:
            guard case .answered(let direction, nil) = state else { return unexpected(message) }
            // Q.764 Annex A: T6 on SUS (network), T2 on SUS (user); this end, the call's end point, is the
            // controlling exchange for its side of the call.
            let octet = message.parameter(.suspendResumeIndicators)?.value.readableBytesView.first ?? 0
            let suspension: Suspension = octet & 1 == 1 ? .network : .subscriber
            state = .answered(direction, suspended: suspension)
            return [.start(suspension == .network ? .t6 : .t2), .event(.suspended)]
        case .resume:
            guard case .answered(let direction, .some(let suspension)) = state else { return unexpected(message) }
            state = .answered(direction, suspended: nil)
            return [.cancel(suspension == .network ? .t6 : .t2), .event(.resumed)]
        default:
            return unexpected(message)
        }
    }

    private mutating func receiveSubsequentAddress(_ message: ISUPMessage, overlap: ISUPOverlapReceiving?)
        -> [Output]
    {
        switch state {
        case .incomingSetUp(var setUp) where !setUp.digitsComplete:
            guard let more = message.subsequentNumber else { return unexpected(message) }
            setUp.called.signals.codes =
                setUp.called.signals.codes.filter { $0 != AddressSignals.endOfPulsing } + more.signals.codes
            setUp.iam.setParameter(.calledPartyNumber, to: setUp.called)
            return addDigits(setUp, overlap: overlap, digitTimerRunning: true)
        case .incomingSetUp, .incomingPresented, .incomingAlerted, .answered(.incoming, _):
            // Digits after the number is complete change nothing (Q.764 §2.1.2): discarded.
            return []
        case .idle, .outgoingAwaitingAddressComplete, .outgoingAlerted, .answered(.outgoing, _),
            .awaitingReleaseComplete, .incomingRecheck, .outgoingRecheck:
            return unexpected(message)
        }
    }

    /// COT (Q.764 §2.1.8): success lets the call go on; failure drops it and waits for the recheck under T27.
    private mutating func receiveContinuity(_ message: ISUPMessage) -> [Output] {
        let passed = (message.parameter(.continuityIndicators)?.value.readableBytesView.first ?? 0) & 1 == 1
        switch state {
        case .incomingSetUp(var setUp) where setUp.awaitingContinuity:
            let loop: [Output] = setUp.loopConnected ? [.event(.continuityLoop(connect: false))] : []
            if passed {
                setUp.awaitingContinuity = false
                setUp.loopConnected = false
                return [.cancel(.t8)] + loop + present(setUp)
            }
            guard setUp.loopConnected else {
                // The failed check was on a previous circuit: the preceding exchange releases this one; T8 guards.
                return []
            }
            state = .incomingRecheck(loopConnected: false)
            return Self.cancelCallTimers + loop + [.start(.t27)]
        case .incomingRecheck(loopConnected: true):
            let loop = Output.event(.continuityLoop(connect: false))
            if passed {
                // ITU ends a good recheck with REL; a COT success is taken as the same news.
                state = .idle
                return [.cancel(.t36), loop]
            }
            state = .incomingRecheck(loopConnected: false)
            return [.cancel(.t36), loop, .start(.t27)]
        case .idle, .incomingSetUp, .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete,
            .outgoingAlerted, .answered, .awaitingReleaseComplete, .incomingRecheck, .outgoingRecheck:
            return unexpected(message)
        }
    }

    /// CCR (Q.764 §2.1.8): connect the loop for the peer's recheck; T27 stops.
    private mutating func receiveContinuityCheckRequest(_ message: ISUPMessage) -> [Output] {
        switch state {
        case .idle, .incomingRecheck(loopConnected: false):
            state = .incomingRecheck(loopConnected: true)
            return [.cancel(.t27), .start(.t36), .event(.continuityLoop(connect: true))]
        case .incomingSetUp, .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete, .outgoingAlerted,
            .answered, .awaitingReleaseComplete, .incomingRecheck, .outgoingRecheck:
            return unexpected(message)
        }
    }

    /// INR on our outgoing call before answer (Q.764 §2.1.6): answer INF from the IAM we sent.
    private mutating func receiveInformationRequest(_ message: ISUPMessage) -> [Output] {
        switch state {
        case .outgoingAwaitingAddressComplete(let iam, _), .outgoingAlerted(let iam):
            guard let request = message.informationRequestIndicators else { return unexpected(message) }
            return [.send(.information(cic: cic, answering: request, iam: iam))]
        case .idle, .incomingSetUp, .incomingPresented, .incomingAlerted, .answered, .awaitingReleaseComplete,
            .incomingRecheck, .outgoingRecheck:
            return unexpected(message)
        }
    }

    /// INF answering our INR (Q.764 §2.1.6): stop T33, take the calling party number and category it carries.
    private mutating func receiveInformation(_ message: ISUPMessage) -> [Output] {
        guard case .incomingSetUp(var setUp) = state, setUp.awaitingInformation else { return unexpected(message) }
        setUp.awaitingInformation = false
        let indicators = message.informationIndicators
        if indicators?.callingPartyAddressResponse == 3, let calling = message.parameter(.callingPartyNumber) {
            setUp.iam.setParameter(calling)
        }
        if indicators?.callingPartysCategoryIncluded == true, let category = message.parameter(.callingPartysCategory) {
            setUp.iam.setParameter(category)
        }
        return [.cancel(.t33)] + present(setUp)
    }

    /// Q.764 §2.3.2: on REL, release the path and answer RLC; a REL while awaiting RLC is a release collision
    /// (§2.3.1 e: each end sends RLC) and ends the wait too.
    private mutating func receiveRelease(_ message: ISUPMessage) -> [Output] {
        let cause = message.causeIndicators?.cause ?? .normalUnspecified
        let rlc = Output.send(.bare(.releaseComplete, cic: cic))
        let previous = state
        state = .idle
        switch previous {
        case .idle:
            // Q.764 §2.9.5 / §2.3: a REL for an idle circuit is answered with RLC.
            return [rlc]
        case .awaitingReleaseComplete, .outgoingRecheck, .incomingRecheck(loopConnected: false):
            return Self.cancelCallTimers + [rlc]
        case .incomingRecheck(loopConnected: true):
            // Q.764 §2.1.8: the outgoing exchange ends a successful recheck with REL.
            return Self.cancelCallTimers + [.event(.continuityLoop(connect: false)), rlc]
        case .incomingSetUp(let setUp):
            let loop: [Output] = setUp.loopConnected ? [.event(.continuityLoop(connect: false))] : []
            return Self.cancelCallTimers + loop + [rlc, .event(.released(cause: cause))]
        case .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete, .outgoingAlerted, .answered:
            return Self.cancelCallTimers + [rlc, .event(.released(cause: cause))]
        }
    }

    private mutating func receiveReleaseComplete() -> [Output] {
        switch state {
        case .idle:
            return []
        case .awaitingReleaseComplete:
            state = .idle
            return [.cancel(.t1), .cancel(.t5)]
        case .incomingSetUp, .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete,
            .outgoingAlerted, .answered, .incomingRecheck, .outgoingRecheck:
            // The peer holds the circuit idle: follow it (no REL was sent, so none is awaited).
            return clear(reporting: .released(cause: .normalUnspecified))
        }
    }

    private func unexpected(_ message: ISUPMessage) -> [Output] { [.unexpected(message.type)] }

    // MARK: Timers.

    /// A call timer expired. A timer that belongs to another state (its cancel raced the firing) does nothing.
    mutating func timerFired(_ timer: ISUPTimer) -> [Output] {
        switch timer {
        case .t1:
            // Q.764 §2.9.6: "If T1 expires, the REL is re-sent and T1 restarted."
            guard case .awaitingReleaseComplete(_, let cause) = state else { return [] }
            return [.send(.withCause(.release, cic: cic, cause: cause)), .start(.t1)]
        case .t5:
            // Q.764 §2.9.6: T5 expiry: stop T1, send RSC, alert maintenance; RSC repeats every T17.
            guard case .awaitingReleaseComplete = state else { return [] }
            state = .idle
            return [.cancel(.t1), .resetCircuit(after: .t5)]
        case .t7:
            guard case .outgoingAwaitingAddressComplete = state else { return [] }
            return timeoutRelease(cause: .recoveryOnTimerExpiry)
        case .t8:
            // Q.764 Annex A, T8: "release all equipment and connection into the network (send release message)";
            // the table names no cause: 41 "temporary failure" here.
            guard case .incomingSetUp(let setUp) = state, setUp.awaitingContinuity else { return [] }
            return timeoutRelease(cause: .temporaryFailure)
        case .t9:
            guard case .outgoingAlerted = state else { return [] }
            return timeoutRelease(cause: .noAnswerFromUser)
        case .t2, .t6:
            // Q.764 Annex A: T2 / T6 expiry "initiate release procedure".
            guard case .answered(_, .some(let suspension)) = state, (suspension == .network) == (timer == .t6) else {
                return []
            }
            return timeoutRelease(cause: .recoveryOnTimerExpiry)
        case .t25, .t26:
            // Q.764 §2.1.8: CCR, and the check runs again.
            guard case .outgoingRecheck(testing: false, let failures) = state else { return [] }
            state = .outgoingRecheck(testing: true, failures: failures)
            return [.send(.bare(.continuityCheckRequest, cic: cic)), .start(.t24), .event(.continuityTestRequested)]
        case .t24:
            // Q.764 §2.1.8: no returned tone within T24 is a failed check.
            return continuityResult(passed: false)
        case .t36:
            // Q.764 §2.1.8: neither COT nor REL after CCR: remove the loop, reset the circuit (RSC, T16, T17).
            guard case .incomingRecheck(loopConnected: true) = state else { return [] }
            state = .idle
            return [.event(.continuityLoop(connect: false)), .resetCircuit(after: .t36)]
        case .t27:
            // Q.764 §2.1.8: no CCR came: reset the circuit (RSC, T16 and T17).
            guard case .incomingRecheck(loopConnected: false) = state else { return [] }
            state = .idle
            return [.resetCircuit(after: .t27)]
        case .t33:
            // Q.764 §2.9.7: no INF: release the call and alert maintenance (cause 41 here; the table names none).
            guard case .incomingSetUp(let setUp) = state, setUp.awaitingInformation else { return [] }
            return [.alert(.timerExpired(.t33, cic))] + timeoutRelease(cause: .temporaryFailure)
        case .t35:
            // Q.764 Annex A, T35: "send release message (cause 28)".
            guard case .incomingSetUp(let setUp) = state, !setUp.digitsComplete else { return [] }
            return timeoutRelease(cause: .invalidNumberFormat)
        case .t12, .t13, .t14, .t15, .t16, .t17, .t18, .t19, .t20, .t21, .t22, .t23:
            return []
        }
    }

    private mutating func timeoutRelease(cause: Q850Cause) -> [Output] {
        release(cause: cause) + [.event(.released(cause: cause))]
    }

    static let cancelCallTimers: [Output] = ISUPTimer.allCases.filter(\.isCallTimer).map { .cancel($0) }
}
