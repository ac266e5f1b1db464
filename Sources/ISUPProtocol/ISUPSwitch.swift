public import ISUPWire
public import NIOCore
public import TelecomTypes

/// The ISUP side of one signalling relation: every circuit shared with one peer point code, their calls and
/// their maintenance (ITU-T Q.764). Messages, commands and timer expiries in; ``ISUPAction``s out.
///
/// ```
///            linkUp() → GRS per group, T22/T23          GRA
///   ┌──────┐ ─────────────────────────────▶ resetting ───────▶ in service (calls accepted)
///   │ down │            (IAMs refused, cause 41)
///   └──────┘ ◀──────────────────────── linkDown(): calls dropped, timers cancelled
/// ```
/// Routing: a message for a CIC outside the configuration is answered with UCIC (Q.764 §2.12); an unrecognised
/// message or parameter follows its compatibility information (Q.764 §2.9.5); a malformed message follows its
/// ``ISUPDecodingError/reaction``; maintenance messages go to the circuit's procedures; call messages go to the
/// circuit's ``ISUPCallStateMachine``. Which clause readings were checked against Q.764 text and which are our
/// own choices: `docs/isup-conformance.md`.
public struct ISUPSwitch: Sendable {
    private enum LinkState: Hashable, Sendable {
        case down
        case up
    }

    /// A CGB or CGU this end sent, awaiting its acknowledgement.
    struct GroupSupervision: Hashable, Sendable {
        var type: ISUPMessageType
        var hardware: Bool
        var range: UInt8
        var status: [Bool]
    }

    public let configuration: ISUPConfiguration
    public internal(set) var circuits: ISUPCircuitGroup
    var timers: ISUPTimerSet
    private var link: LinkState = .down
    private let huntingOrder: [CircuitIdentificationCode]
    /// GRS sent, GRA awaited: first CIC → range.
    var pendingGroupResets: [CircuitIdentificationCode: UInt8] = [:]
    /// CGB/CGU sent, acknowledgement awaited, by first CIC.
    var pendingGroupSupervision: [CircuitIdentificationCode: GroupSupervision] = [:]

    public init(configuration: ISUPConfiguration) {
        self.configuration = configuration
        let circuits = ISUPCircuitGroup(spans: configuration.spans)
        self.circuits = circuits
        self.timers = ISUPTimerSet(table: configuration.timers)
        if let order = configuration.huntingOrder {
            self.huntingOrder = order.filter { circuits.isEquipped($0) }
        } else {
            let controlled = circuits.cics.filter { configuration.controls($0) }
            let others = circuits.cics.filter { !configuration.controls($0) }
            self.huntingOrder = controlled + others.reversed()
        }
    }

    public var isLinkUp: Bool { link == .up }

    /// The status of `cic` (unequipped when not configured).
    public func status(of cic: CircuitIdentificationCode) -> ISUPCircuitStatus { circuits.status(of: cic) }

    /// Every equipped circuit's status, in CIC order.
    public var statuses: [ISUPCircuitStatus] { circuits.cics.map { circuits.status(of: $0) } }

    /// The timers currently armed (a shell that restarts can re-arm them).
    public var armedTimers: [ISUPTimerID] { timers.armedIDs }

    // MARK: Link.

    /// The signalling relation is available: reset every circuit with GRS (Q.764 §2.9.3.2) unless configured not to.
    public mutating func linkUp() -> [ISUPAction] {
        guard link == .down else { return [] }
        link = .up
        guard configuration.resetOnLinkUp else { return [] }
        return observing { switchState in
            switchState.circuits.groupRanges.flatMap { switchState.startGroupReset(from: $0.first, range: $0.range) }
        }
    }

    /// The signalling relation is lost: every call is dropped and every procedure abandoned (rule 11: the link's
    /// failure, not one call's). The next ``linkUp()`` resets the circuits.
    public mutating func linkDown() -> [ISUPAction] {
        guard link == .up else { return [] }
        link = .down
        return observing { switchState in
            var actions: [ISUPAction] = []
            for cic in switchState.circuits.cics {
                guard var circuit = switchState.circuits[cic] else { continue }
                let outputs = circuit.call.clear(reporting: .released(cause: .networkOutOfOrder))
                circuit.blockingProcedure = nil
                circuit.resetting = nil
                circuit.inGroupReset = false
                circuit.inGroupBlockingProcedure = false
                switchState.circuits[cic] = circuit
                actions += switchState.apply(outputs, cic: cic)
            }
            switchState.pendingGroupResets = [:]
            switchState.pendingGroupSupervision = [:]
            return actions + switchState.timers.cancelEverything()
        }
    }

    // MARK: Input from the peer.

    /// Decodes and handles one ISUP message (the octets from the CIC on). Malformed input never throws: it becomes
    /// the CFN, REL, RLC or nothing that its ``ISUPDecodingError/reaction`` asks for, plus a maintenance alert.
    public mutating func receive(_ bytes: ByteBuffer) -> [ISUPAction] {
        let message: ISUPMessage
        do {
            message = try ISUPMessage.decode(bytes, variant: .itu)
        } catch {
            return observing { $0.handleDecodingError(error) }
        }
        return receive(message)
    }

    /// Handles one decoded ISUP message.
    public mutating func receive(_ message: ISUPMessage) -> [ISUPAction] {
        guard link == .up else { return [] }
        return observing { $0.dispatch(message) }
    }

    /// A timer expired. A firing for a timer that was cancelled or re-armed since is ignored.
    public mutating func timerFired(_ id: ISUPTimerID) -> [ISUPAction] {
        guard timers.fire(id) else { return [] }
        return observing { switchState in
            if id.timer.isCallTimer {
                return switchState.runCall(id.cic) { $0.timerFired(id.timer) }
            }
            return switchState.maintenanceTimerFired(id.timer, cic: id.cic)
        }
    }

    // MARK: Commands from the call layer.

    /// Seizes a free circuit and sends IAM (Q.764 §2.1.1.1); `nil` when no circuit is available.
    ///
    /// Circuits are hunted in the configured order; by default the ones this switch controls in dual seizure
    /// come first (Q.764 §2.9.1.3 recommends this to make dual seizure rare).
    ///
    /// With `continuityCheck` the IAM asks for a check on this circuit (nature of connection indicators DC = 01,
    /// Q.764 §2.1.8): the actions include ``ISUPCallEvent/continuityTestRequested`` and the call layer reports the
    /// outcome with ``continuityResult(cic:passed:)``.
    public mutating func placeCall(
        called: ISUPNumber, calling: ISUPNumber? = nil, category: ISUPCallingPartyCategory = .ordinarySubscriber,
        additional: [ISUPParameter] = [], continuityCheck: Bool = false
    ) -> (cic: CircuitIdentificationCode, actions: [ISUPAction])? {
        guard link == .up, let cic = huntingOrder.first(where: { circuits.status(of: $0).isAvailableForOutgoing })
        else { return nil }
        var iam = ISUPMessage.initialAddress(
            cic: cic, called: called, calling: calling, category: category, additional: additional)
        if continuityCheck {
            var nature = iam.natureOfConnectionIndicators ?? ISUPNatureOfConnectionIndicators(rawValue: 0)
            nature.continuityCheckIndicator = 1
            iam.setParameter(.natureOfConnectionIndicators, to: nature)
        }
        return (cic, observing { $0.runCall(cic) { $0.placeCall(iam) } })
    }

    /// The outcome of the continuity check this end was asked to run (``ISUPCallEvent/continuityTestRequested``):
    /// COT for a call's check; in a recheck a pass releases the circuit back to service and a failure repeats the
    /// CCR after T26 (Q.764 §2.1.8).
    public mutating func continuityResult(cic: CircuitIdentificationCode, passed: Bool) -> [ISUPAction] {
        observing { $0.runCall(cic) { $0.continuityResult(passed: passed) } }
    }

    /// The called party is being alerted: ACM (Q.764 §2.1.4).
    public mutating func alert(cic: CircuitIdentificationCode) -> [ISUPAction] {
        observing { $0.runCall(cic) { $0.alert() } }
    }

    /// Early ACM without alerting (called party's status "no indication"): an interworking exchange that has not
    /// heard from the called side sends it before the previous exchange's T7 runs out (Q.764 Annex A, T11).
    public mutating func earlyAddressComplete(cic: CircuitIdentificationCode) -> [ISUPAction] {
        observing { $0.runCall(cic) { $0.alert(alerting: false) } }
    }

    /// In-band information or another event: CPG (ACM first if none was sent).
    public mutating func progress(
        cic: CircuitIdentificationCode,
        event: ISUPEventInformation = ISUPEventInformation(event: ISUPEventInformation.inbandInformationAvailable)
    ) -> [ISUPAction] {
        observing { $0.runCall(cic) { $0.progress(event) } }
    }

    /// The called party answered: ANM, or CON when no ACM was sent (Q.764 §2.1.7).
    public mutating func answer(cic: CircuitIdentificationCode) -> [ISUPAction] {
        observing { $0.runCall(cic) { $0.answer() } }
    }

    /// Clears the call: REL with `cause`, T1 and T5 (Q.764 §2.3.1).
    public mutating func release(cic: CircuitIdentificationCode, cause: Q850Cause = .normalCallClearing)
        -> [ISUPAction]
    {
        observing { $0.runCall(cic) { $0.release(cause: cause) } }
    }

    // MARK: Plumbing.

    /// Runs `body` and appends a ``ISUPAction/circuitStateChanged(_:)`` for each circuit whose status changed.
    mutating func observing(_ body: (inout ISUPSwitch) -> [ISUPAction]) -> [ISUPAction] {
        let before = statuses
        var actions = body(&self)
        for (index, cic) in circuits.cics.enumerated() {
            let after = circuits.status(of: cic)
            if index < before.count, after != before[index] { actions.append(.circuitStateChanged(after)) }
        }
        return actions
    }

    /// Runs one input of a circuit's call machine and turns its outputs into actions.
    mutating func runCall(
        _ cic: CircuitIdentificationCode, _ body: (inout ISUPCallStateMachine) -> [ISUPCallStateMachine.Output]
    ) -> [ISUPAction] {
        guard var circuit = circuits[cic] else { return [] }
        let outputs = body(&circuit.call)
        circuits[cic] = circuit
        return apply(outputs, cic: cic)
    }

    mutating func apply(_ outputs: [ISUPCallStateMachine.Output], cic: CircuitIdentificationCode) -> [ISUPAction] {
        var actions: [ISUPAction] = []
        for output in outputs {
            switch output {
            case .send(let message): actions.append(.send(message))
            case .start(let timer): actions += timers.start(timer, cic: cic)
            case .cancel(let timer): actions += timers.cancel(timer, cic: cic)
            case .event(let event): actions.append(.callEvent(cic, event))
            case .incomingCall(let call): actions.append(.incomingCall(call))
            case .alert(let alert): actions.append(.maintenanceAlert(alert))
            case .resetCircuit(after: let timer):
                if timer == .t5 {
                    actions.append(.maintenanceAlert(.timerExpired(.t5, cic)))
                    actions += startReset(cic, .afterReleaseFailure)
                } else {
                    actions += startReset(cic, .standard)
                }
            case .unexpected(let type):
                // Q.764 §2.9.5.1 (unexpected message): on an idle circuit, or on one seized by a call that has seen
                // no backward message yet, the two ends disagree about the circuit: reset it (the call, if any, is
                // dropped and may be re-attempted). Later in a call the message is discarded.
                guard let circuit = circuits[cic], circuit.resetting == nil, !circuit.inGroupReset else { break }
                if circuit.call.isIdle || circuit.call.resetsOnUnexpectedMessage {
                    actions.append(.maintenanceAlert(.unexpectedMessage(cic, type)))
                    actions += startReset(cic, .standard)
                }
            }
        }
        return actions
    }
}
