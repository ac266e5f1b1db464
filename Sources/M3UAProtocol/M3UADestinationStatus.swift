/// What is known about one destination point code through SSNM (RFC 4666 §3.4, §4.5).
public struct M3UADestinationStatus: Hashable, Sendable, CustomStringConvertible {
    /// Whether MTP3-User traffic can reach the destination.
    public enum Reachability: Hashable, Sendable {
        /// DAVA (§3.4.2), or ASP-ACTIVE with `assumeAvailableOnActive`.
        case available
        /// DRST (§3.4.6): reachable, but the SG would rather not route there.
        case restricted
        /// DUNA (§3.4.1), or nothing known yet.
        case unavailable
    }

    public var reachability: Reachability
    /// The congestion level from SCON (§3.4.4); 0 is "no congestion or undefined".
    public var congestionLevel: UInt8
    /// User parts (service indicators) reported unavailable by DUPU (§3.4.5), with the DUPU cause.
    public var unavailableUserParts: [UInt8: UInt16]

    public init(
        reachability: Reachability, congestionLevel: UInt8 = 0, unavailableUserParts: [UInt8: UInt16] = [:]
    ) {
        self.reachability = reachability
        self.congestionLevel = congestionLevel
        self.unavailableUserParts = unavailableUserParts
    }

    /// Every destination starts unavailable until ASPAC ACK or DAVA says otherwise.
    public static let unknown = M3UADestinationStatus(reachability: .unavailable)
    public static let available = M3UADestinationStatus(reachability: .available)

    /// Whether traffic to this destination may be sent (available or restricted).
    public var isReachable: Bool { reachability != .unavailable }

    public var description: String {
        var text =
            switch reachability {
            case .available: "available"
            case .restricted: "restricted"
            case .unavailable: "unavailable"
            }
        if congestionLevel > 0 { text += ", congestion \(congestionLevel)" }
        if !unavailableUserParts.isEmpty { text += ", user parts down \(unavailableUserParts.keys.sorted())" }
        return text
    }
}
