/// Which ISUP flavour a message follows.
///
/// Only the ITU-T Q.763 flavour is implemented. ANSI T1.113 differs in the CIC width (14 bits) and in several
/// message layouts; it gets its own case and layout table when it is needed.
public enum ISUPVariant: Hashable, Sendable {
    /// ITU-T Q.763: a 12-bit CIC in two octets, least significant octet first, 4 spare bits (Q.763 §1.2).
    case itu

    /// The number of CIC bits carried in the two CIC octets.
    public var cicBits: Int {
        switch self {
        case .itu: 12
        }
    }
}
