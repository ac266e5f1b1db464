public import TelecomTypes

/// One circuit between this switch and the peer: where it lives on the E1 side, its blocking flags, the
/// maintenance procedures this end has running on it, and its call (ITU-T Q.764 §2.8, §2.9.3).
///
/// ```
///  call:         idle ⇄ incoming busy / outgoing busy          (ISUPCallStateMachine)
///  blocking:     four independent flags — local/remote × maintenance/hardware
///  procedures:   awaiting BLA (T12/T13) | awaiting UBA (T14/T15)      one at a time
///                resetting: RSC sent, awaiting RLC (T16/T17, or T17 alone after T5)
///                in a group reset (GRS sent, awaiting GRA — calls refused with cause 41)
///                in a group (un)blocking (CGB/CGU sent, awaiting CGBA/CGUA)
/// ```
public struct ISUPCircuit: Sendable {
    /// This end's own BLO/UBL procedure.
    enum BlockingProcedure: Hashable, Sendable {
        case awaitingBlockingAcknowledgement
        case awaitingUnblockingAcknowledgement
    }

    public let cic: CircuitIdentificationCode
    public let span: Int
    public let timeslot: UInt8
    public internal(set) var blocking = ISUPBlockingState()
    public internal(set) var peerReportedUnequipped = false
    var call: ISUPCallStateMachine
    var blockingProcedure: BlockingProcedure?
    /// RSC sent, RLC awaited.
    enum ResetProcedure: Hashable, Sendable {
        /// Q.764 §2.9.3.1: T16 re-sends, T17 alerts.
        case standard
        /// Q.764 §2.9.6: after T5, RSC repeats every T17 only.
        case afterReleaseFailure
    }

    var resetting: ResetProcedure?
    var inGroupReset = false
    var inGroupBlockingProcedure = false

    init(cic: CircuitIdentificationCode, span: Int, timeslot: UInt8) {
        self.cic = cic
        self.span = span
        self.timeslot = timeslot
        self.call = ISUPCallStateMachine(cic: cic)
    }

    /// Whether a procedure of this end awaits the peer's answer (Q.764 §2.9.3.2 "transient").
    var isTransient: Bool {
        call.isTransient || blockingProcedure != nil || resetting != nil || inGroupReset || inGroupBlockingProcedure
    }

    public var status: ISUPCircuitStatus {
        ISUPCircuitStatus(
            cic: cic, span: span, timeslot: timeslot, callState: call.callProcessingState, blocking: blocking,
            isTransient: isTransient, peerReportedUnequipped: peerReportedUnequipped)
    }

    /// The status of a CIC this switch does not have.
    static func unequippedStatus(_ cic: CircuitIdentificationCode) -> ISUPCircuitStatus {
        ISUPCircuitStatus(
            cic: cic, span: nil, timeslot: nil, callState: .idle, blocking: ISUPBlockingState(), isTransient: false,
            peerReportedUnequipped: false)
    }
}

/// All circuits of one switch, by CIC, built from the configured spans.
public struct ISUPCircuitGroup: Sendable {
    private var circuits: [CircuitIdentificationCode: ISUPCircuit] = [:]
    /// The equipped CICs in ascending order.
    public let cics: [CircuitIdentificationCode]

    /// Builds the circuits of `spans`. A CIC claimed by two spans stays with the first.
    public init(spans: [ISUPSpan]) {
        var circuits: [CircuitIdentificationCode: ISUPCircuit] = [:]
        for span in spans {
            for (cic, timeslot) in span.circuits where circuits[cic] == nil && cic.value < 4096 {
                circuits[cic] = ISUPCircuit(cic: cic, span: span.id, timeslot: timeslot)
            }
        }
        self.circuits = circuits
        self.cics = circuits.keys.sorted()
    }

    public subscript(cic: CircuitIdentificationCode) -> ISUPCircuit? {
        get { circuits[cic] }
        set {
            // Only existing circuits can be updated: equipment comes from configuration.
            guard circuits[cic] != nil, let newValue else { return }
            circuits[cic] = newValue
        }
    }

    public func isEquipped(_ cic: CircuitIdentificationCode) -> Bool { circuits[cic] != nil }

    /// The span and timeslot carrying `cic`.
    public func location(of cic: CircuitIdentificationCode) -> (span: Int, timeslot: UInt8)? {
        circuits[cic].map { ($0.span, $0.timeslot) }
    }

    public func status(of cic: CircuitIdentificationCode) -> ISUPCircuitStatus {
        circuits[cic]?.status ?? ISUPCircuit.unequippedStatus(cic)
    }

    /// The equipped CICs from `first` through `first + range`.
    func equipped(from first: CircuitIdentificationCode, range: UInt8) -> [CircuitIdentificationCode] {
        (0...UInt32(range)).map { CircuitIdentificationCode(first.value &+ $0) }.filter { circuits[$0] != nil }
    }

    /// The equipped CICs cut into runs that one group message can cover (at most 32 CICs from first to last).
    var groupRanges: [(first: CircuitIdentificationCode, range: UInt8)] {
        var ranges: [(CircuitIdentificationCode, UInt8)] = []
        var start: CircuitIdentificationCode?
        var last: CircuitIdentificationCode?
        for cic in cics {
            if let first = start, cic.value - first.value <= 31 {
                last = cic
                continue
            }
            if let first = start, let end = last { ranges.append((first, UInt8(end.value - first.value))) }
            start = cic
            last = cic
        }
        if let first = start, let end = last { ranges.append((first, UInt8(end.value - first.value))) }
        return ranges
    }
}
