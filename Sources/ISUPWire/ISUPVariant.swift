/// Which ISUP flavour a message follows.
///
/// ITU-T Q.763 ISUP and its bearer-independent sibling BICC (ITU-T Q.1902.3, carried with service indicator 13)
/// share the message layouts and parameters; BICC's call instance code is 4 octets. ANSI T1.113 differs in the CIC
/// width (14 bits) and in several message layouts; it gets its own case and layout table when it is needed.
public enum ISUPVariant: Hashable, Sendable {
    /// ITU-T Q.763: a 12-bit CIC in two octets, least significant octet first, 4 spare bits (Q.763 §1.2).
    case itu
    /// ITU-T Q.1902.3: a 32-bit call instance code in four octets, least significant octet first (§1.2).
    case bicc

    /// The number of octets the CIC field takes.
    public var cicOctets: Int {
        switch self {
        case .itu: 2
        case .bicc: 4
        }
    }

    /// The number of CIC bits carried in the CIC octets; the rest are spare.
    public var cicBits: Int {
        switch self {
        case .itu: 12
        case .bicc: 32
        }
    }

    /// The mask of the CIC bits within the CIC field.
    var cicMask: UInt32 { UInt32(truncatingIfNeeded: (UInt64(1) << cicBits) - 1) }
}
