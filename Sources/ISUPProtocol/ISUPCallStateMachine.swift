import ISUPWire
import TelecomTypes

/// The call on one circuit, both directions (ITU-T Q.764 §2.1 set-up, §2.3 release, §2.5 suspend/resume).
///
/// ```
///                 placeCall → IAM, T7       ACM, T9                ANM (or CON before ACM)
///   ┌──────┐ ───────────────▶ awaitingACM ─────────▶ outgoingAlerted ─────────▶ answered(out)
///   │ idle │                      └───────── ANM / CON ───────────────────────▶ answered(out)
///   └──────┘   IAM (number complete)        alert → ACM            answer → ANM
///      │  ───────────────────▶ presented ─────────▶ incomingAlerted ─────────▶ answered(in)
///      │  IAM (overlap)  ▲ ST / length         └──────── answer → CON ───────▶ answered(in)
///      └─────▶ collecting (T35) ─ SAM ─┘
///
///   any busy state ── release(cause) → REL, T1+T5 ──▶ awaitingRLC ── RLC ──▶ idle
///   any busy state ── REL → RLC ──────────────────────────────────────────▶ idle
///   awaitingRLC ── REL (release collision) → RLC ─────────────────────────▶ idle
///   awaitingRLC ── T1 → REL again;  T5 → reset procedure (RSC) takes over ▶ idle
///   answered ── SUS → T6 (suspended) ── RES ──▶ answered;  T6 → REL
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
        /// T5 expired: hand the circuit to the reset procedure (Q.764 §2.9.6: "send RSC, alert maintenance").
        case resetCircuit
        /// A recognised call message that does not fit the state.
        case unexpected(ISUPMessageType)
    }

    private enum State: Hashable {
        case idle
        case collectingDigits(iam: ISUPMessage, called: ISUPNumber)
        case incomingPresented
        case incomingAlerted
        case outgoingAwaitingAddressComplete
        case outgoingAlerted
        case answered(Direction, suspended: Bool)
        case awaitingReleaseComplete(Direction, cause: Q850Cause)
    }

    let cic: CircuitIdentificationCode
    private var state: State = .idle

    init(cic: CircuitIdentificationCode) { self.cic = cic }

    var callProcessingState: ISUPCallProcessingState {
        switch state {
        case .idle: .idle
        case .collectingDigits, .incomingPresented, .incomingAlerted: .incomingBusy
        case .outgoingAwaitingAddressComplete, .outgoingAlerted: .outgoingBusy
        case .answered(let direction, _), .awaitingReleaseComplete(let direction, _):
            direction == .incoming ? .incomingBusy : .outgoingBusy
        }
    }

    /// Q.764 §2.9.3.2: "after having sent an initial address message and waiting for the first backward
    /// message, or after having sent a release message and waiting for the release complete message".
    var isTransient: Bool {
        switch state {
        case .outgoingAwaitingAddressComplete, .awaitingReleaseComplete: true
        case .idle, .collectingDigits, .incomingPresented, .incomingAlerted, .outgoingAlerted, .answered: false
        }
    }

    var isIdle: Bool { state == .idle }

    /// Whether an outgoing IAM has been sent and no backward message received (the dual seizure window).
    var isAwaitingFirstBackwardMessage: Bool { state == .outgoingAwaitingAddressComplete }

    var isAwaitingReleaseComplete: Bool {
        if case .awaitingReleaseComplete = state { return true }
        return false
    }

    // MARK: Commands from the call layer.

    mutating func placeCall(_ iam: ISUPMessage) -> [Output] {
        guard state == .idle else { return [] }
        state = .outgoingAwaitingAddressComplete
        return [.send(iam), .start(.t7)]
    }

    mutating func alert() -> [Output] {
        switch state {
        case .incomingPresented:
            state = .incomingAlerted
            return [.send(.addressComplete(cic: cic, alerting: true))]
        case .idle, .collectingDigits, .incomingAlerted, .outgoingAwaitingAddressComplete, .outgoingAlerted,
            .answered, .awaitingReleaseComplete:
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
        case .idle, .collectingDigits, .outgoingAwaitingAddressComplete, .outgoingAlerted, .answered(.outgoing, _),
            .awaitingReleaseComplete:
            return []
        }
    }

    mutating func answer() -> [Output] {
        switch state {
        case .incomingPresented:
            // Q.764 §2.1.7: "CON ... when the called party answers before ACM has been sent".
            state = .answered(.incoming, suspended: false)
            return [.send(.connect(cic: cic))]
        case .incomingAlerted:
            state = .answered(.incoming, suspended: false)
            return [.send(.bare(.answer, cic: cic))]
        case .idle, .collectingDigits, .outgoingAwaitingAddressComplete, .outgoingAlerted, .answered,
            .awaitingReleaseComplete:
            return []
        }
    }

    /// Q.764 §2.3.1 / §2.2.1: send REL, start T1 and T5.
    mutating func release(cause: Q850Cause) -> [Output] {
        let direction: Direction
        switch state {
        case .idle, .awaitingReleaseComplete:
            return []
        case .collectingDigits, .incomingPresented, .incomingAlerted:
            direction = .incoming
        case .outgoingAwaitingAddressComplete, .outgoingAlerted:
            direction = .outgoing
        case .answered(let current, _):
            direction = current
        }
        state = .awaitingReleaseComplete(direction, cause: cause)
        return Self.cancelCallTimers + [.send(.withCause(.release, cic: cic, cause: cause)), .start(.t1), .start(.t5)]
    }

    /// Refuses an IAM that arrived on an idle circuit (blocked, not yet reset, malformed): REL at once.
    mutating func refuse(cause: Q850Cause, diagnostics: [UInt8] = []) -> [Output] {
        guard state == .idle else { return [] }
        state = .awaitingReleaseComplete(.incoming, cause: cause)
        return [.send(.withCause(.release, cic: cic, cause: cause, diagnostics: diagnostics)), .start(.t1), .start(.t5)]
    }

    /// Drops the call without signalling (dual seizure back-off, RSC/GRS received, hardware blocking, link down).
    mutating func clear(reporting event: ISUPCallEvent?) -> [Output] {
        let wasActive: Bool
        switch state {
        case .idle: return []
        case .awaitingReleaseComplete: wasActive = false
        case .collectingDigits, .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete,
            .outgoingAlerted, .answered:
            wasActive = true
        }
        state = .idle
        return Self.cancelCallTimers + (wasActive ? event.map { [Output.event($0)] } ?? [] : [])
    }

    // MARK: Messages from the peer.

    /// An IAM on this circuit, which the switch has found idle and acceptable (Q.764 §2.1.1.2).
    mutating func receiveInitialAddress(_ iam: ISUPMessage, overlap: ISUPOverlapReceiving?) -> [Output] {
        guard state == .idle, let called = iam.calledPartyNumber else { return [] }
        return collect(iam: iam, called: called, overlap: overlap, timerRunning: false)
    }

    private mutating func collect(
        iam: ISUPMessage, called: ISUPNumber, overlap: ISUPOverlapReceiving?, timerRunning: Bool
    ) -> [Output] {
        let digits = called.signals.codes.filter { $0 != AddressSignals.endOfPulsing }.count
        if let overlap, !called.signals.hasEndOfPulsing, digits < overlap.completeLength {
            // Q.764 §2.1.2 (overlap): wait for SAMs; T35 guards the gap between digits.
            state = .collectingDigits(iam: iam, called: called)
            return [.start(.t35)]
        }
        state = .incomingPresented
        let call = ISUPIncomingCall(
            cic: cic, calledPartyNumber: called, callingPartyNumber: iam.callingPartyNumber,
            callingPartysCategory: iam.callingPartysCategory, forwardCallIndicators: iam.forwardCallIndicators,
            natureOfConnectionIndicators: iam.natureOfConnectionIndicators,
            transmissionMediumRequirement: iam.transmissionMediumRequirement, initialAddress: iam)
        return (timerRunning ? [.cancel(.t35)] : []) + [.incomingCall(call)]
    }

    /// Any other call-control message on this circuit.
    mutating func receive(_ message: ISUPMessage, overlap: ISUPOverlapReceiving?) -> [Output] {
        switch message.type {
        case .release:
            return receiveRelease(message)
        case .releaseComplete:
            return receiveReleaseComplete()
        case .subsequentAddress:
            guard case .collectingDigits(let iam, var called) = state, let more = message.subsequentNumber else {
                return unexpected(message)
            }
            called.signals.codes = called.signals.codes.filter { $0 != AddressSignals.endOfPulsing }
                + more.signals.codes
            var updated = iam
            updated.setParameter(.calledPartyNumber, to: called)
            return collect(iam: updated, called: called, overlap: overlap, timerRunning: true)
        case .addressComplete:
            guard state == .outgoingAwaitingAddressComplete else { return unexpected(message) }
            // Q.764 §2.1.4.1: stop T7, start T9 (Q.118 §4.3.2) on receipt of ACM.
            state = .outgoingAlerted
            return [.cancel(.t7), .start(.t9), .event(.addressComplete(message))]
        case .connect:
            guard state == .outgoingAwaitingAddressComplete else { return unexpected(message) }
            state = .answered(.outgoing, suspended: false)
            return [.cancel(.t7), .event(.connected(message))]
        case .answer:
            switch state {
            case .outgoingAwaitingAddressComplete, .outgoingAlerted:
                // Q.764 §2.1.7: ANM before ACM is taken as answer too.
                state = .answered(.outgoing, suspended: false)
                return [.cancel(.t7), .cancel(.t9), .event(.answered(message))]
            case .idle, .collectingDigits, .incomingPresented, .incomingAlerted, .answered, .awaitingReleaseComplete:
                return unexpected(message)
            }
        case .callProgress:
            switch state {
            case .outgoingAlerted, .answered(.outgoing, _):
                return [.event(.progress(message))]
            case .idle, .collectingDigits, .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete,
                .answered(.incoming, _), .awaitingReleaseComplete:
                return unexpected(message)
            }
        case .suspend:
            guard case .answered(let direction, false) = state else { return unexpected(message) }
            // Q.764 §2.5.1: on SUS, T6 (network initiated; T2 for a user-initiated suspend is not separated).
            state = .answered(direction, suspended: true)
            return [.start(.t6), .event(.suspended)]
        case .resume:
            guard case .answered(let direction, true) = state else { return unexpected(message) }
            state = .answered(direction, suspended: false)
            return [.cancel(.t6), .event(.resumed)]
        default:
            return unexpected(message)
        }
    }

    /// Q.764 §2.3.2: on REL, release the path and answer RLC; a REL while awaiting RLC is a release collision
    /// (simultaneous release, Q.764 §2.3: each end sends RLC) and ends the wait too.
    private mutating func receiveRelease(_ message: ISUPMessage) -> [Output] {
        let cause = message.causeIndicators?.cause ?? .normalUnspecified
        let rlc = Output.send(.bare(.releaseComplete, cic: cic))
        switch state {
        case .idle:
            // Q.764 §2.9.5 / §2.3: a REL for an idle circuit is answered with RLC.
            return [rlc]
        case .awaitingReleaseComplete:
            state = .idle
            return Self.cancelCallTimers + [rlc]
        case .collectingDigits, .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete,
            .outgoingAlerted, .answered:
            state = .idle
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
        case .collectingDigits, .incomingPresented, .incomingAlerted, .outgoingAwaitingAddressComplete,
            .outgoingAlerted, .answered:
            // The peer holds the circuit idle: follow it (no REL was sent, so none is awaited).
            state = .idle
            return Self.cancelCallTimers + [.event(.released(cause: .normalUnspecified))]
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
            return [.cancel(.t1), .resetCircuit]
        case .t7:
            guard state == .outgoingAwaitingAddressComplete else { return [] }
            return timeoutRelease(cause: .recoveryOnTimerExpiry)
        case .t9:
            guard state == .outgoingAlerted else { return [] }
            return timeoutRelease(cause: .noAnswerFromUser)
        case .t6:
            guard case .answered(_, true) = state else { return [] }
            return timeoutRelease(cause: .recoveryOnTimerExpiry)
        case .t35:
            // Q.764 Annex A, T35: "send release message (cause 28)".
            guard case .collectingDigits = state else { return [] }
            return timeoutRelease(cause: .invalidNumberFormat)
        case .t12, .t13, .t14, .t15, .t16, .t17, .t18, .t19, .t20, .t21, .t22, .t23:
            return []
        }
    }

    private mutating func timeoutRelease(cause: Q850Cause) -> [Output] {
        release(cause: cause) + [.event(.released(cause: cause))]
    }

    static let cancelCallTimers: [Output] = [.cancel(.t1), .cancel(.t5), .cancel(.t6), .cancel(.t7), .cancel(.t9),
        .cancel(.t35)]
}
