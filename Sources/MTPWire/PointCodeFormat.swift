/// Which MTP3 routing label layout to use.
///
/// ITU-T Q.704 §2.2: 14-bit point codes and a 4-bit SLS in 32 bits. ANSI T1.111.4 §2.2: 24-bit point codes
/// (network-cluster-member) and an SLS octet (5 or 8 bits used) in 56 bits. National variants that differ
/// again (Japan TTC 16-bit, China 24-bit) would be further cases.
public enum PointCodeFormat: Hashable, Sendable {
    /// ITU-T Q.704: DPC 14 bits, OPC 14 bits, SLS 4 bits (4 octets).
    case itu
    /// ANSI T1.111: DPC 24 bits, OPC 24 bits, SLS octet (7 octets).
    case ansi

    /// Octets taken by the routing label.
    public var routingLabelLength: Int {
        switch self {
        case .itu: 4
        case .ansi: 7
        }
    }
}
