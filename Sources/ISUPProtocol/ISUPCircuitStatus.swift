public import TelecomTypes

/// Blocking of one circuit (Q.764 §2.8.2): four independent flags, maintenance and hardware, local and remote.
///
/// Locally blocked: this switch sent BLO/CGB (it refuses new calls in both directions). Remotely blocked: the
/// peer sent BLO/CGB (this switch places no outgoing call, but still accepts incoming ones — Q.764 §2.8.2.1).
public struct ISUPBlockingState: Hashable, Sendable {
    public var locallyForMaintenance = false
    public var remotelyForMaintenance = false
    public var locallyForHardware = false
    public var remotelyForHardware = false

    public init(
        locallyForMaintenance: Bool = false, remotelyForMaintenance: Bool = false,
        locallyForHardware: Bool = false, remotelyForHardware: Bool = false
    ) {
        self.locallyForMaintenance = locallyForMaintenance
        self.remotelyForMaintenance = remotelyForMaintenance
        self.locallyForHardware = locallyForHardware
        self.remotelyForHardware = remotelyForHardware
    }

    public var isLocallyBlocked: Bool { locallyForMaintenance || locallyForHardware }
    public var isRemotelyBlocked: Bool { remotelyForMaintenance || remotelyForHardware }
    public var isBlocked: Bool { isLocallyBlocked || isRemotelyBlocked }
}

/// The call processing state of a circuit (Q.764 §2.9.3.2, "call processing states").
public enum ISUPCallProcessingState: Hashable, Sendable {
    case idle
    case incomingBusy
    case outgoingBusy
}

/// What the rest of the gateway may know of one circuit.
public struct ISUPCircuitStatus: Hashable, Sendable, CustomStringConvertible {
    public var cic: CircuitIdentificationCode
    /// `nil` for a CIC not in the configuration (unequipped).
    public var span: Int?
    public var timeslot: UInt8?
    public var callState: ISUPCallProcessingState
    public var blocking: ISUPBlockingState
    /// Awaiting a backward message after IAM, RLC after REL/RSC, or an acknowledgement of BLO/UBL/CGB/CGU/GRS.
    public var isTransient: Bool
    /// The peer reported this CIC unequipped (UCIC, Q.764 §2.12); the circuit is out of service.
    public var peerReportedUnequipped: Bool

    public var isEquipped: Bool { span != nil }

    /// Whether a new outgoing call may use this circuit.
    public var isAvailableForOutgoing: Bool {
        isEquipped && callState == .idle && !isTransient && !blocking.isBlocked && !peerReportedUnequipped
    }

    /// The circuit state indicator octet of a CQR (Q.763 §3.14).
    ///
    /// ```
    ///   H G   F E        D C           B A
    ///  spare  hardware   call proc.    maintenance
    ///         blocking   01 in busy    blocking (DC≠00: 00 active, 01 local,
    ///                    10 out busy   10 remote, 11 both; DC=00: 00 transient,
    ///                    11 idle       11 unequipped)
    /// ```
    public var circuitStateIndicator: UInt8 {
        guard isEquipped else { return 0b0000_0011 }
        if isTransient { return 0 }
        let maintenance: UInt8 = (blocking.locallyForMaintenance ? 1 : 0) | (blocking.remotelyForMaintenance ? 2 : 0)
        let hardware: UInt8 = (blocking.locallyForHardware ? 1 : 0) | (blocking.remotelyForHardware ? 2 : 0)
        // Q.763 §3.14 NOTE: "If bits F E are not coded 0 0, bits D C must be coded 1 1."
        let call: UInt8 =
            switch callState {
            case .idle: 0b11
            case .incomingBusy: hardware == 0 ? 0b01 : 0b11
            case .outgoingBusy: hardware == 0 ? 0b10 : 0b11
            }
        return hardware << 4 | call << 2 | maintenance
    }

    public var description: String {
        "CIC \(cic) \(callState) \(blocking)\(isTransient ? " transient" : "")"
    }
}
