import M3UAWire

/// The state of an ASP as seen by itself or by its SGP (RFC 4666 §4.3.1, Figure 2).
public enum M3UAASPState: Hashable, Sendable, CustomStringConvertible {
    /// ASP-DOWN: the ASP is unavailable (transport down, or up without ASPUP ACK).
    case down
    /// ASP-INACTIVE: up, but not receiving traffic.
    case inactive
    /// ASP-ACTIVE: up and receiving traffic for its AS.
    case active

    public var description: String {
        switch self {
        case .down: "ASP-DOWN"
        case .inactive: "ASP-INACTIVE"
        case .active: "ASP-ACTIVE"
        }
    }
}

/// The state of an Application Server (RFC 4666 §4.3.2, Figure 3).
public enum M3UAASState: Hashable, Sendable, CustomStringConvertible {
    /// AS-DOWN: every ASP of the AS is ASP-DOWN.
    case down
    /// AS-INACTIVE: at least one ASP is ASP-INACTIVE, none is ASP-ACTIVE.
    case inactive
    /// AS-ACTIVE: enough ASPs are ASP-ACTIVE.
    case active
    /// AS-PENDING: the last active ASP went inactive or down; T(r) runs.
    case pending

    public var description: String {
        switch self {
        case .down: "AS-DOWN"
        case .inactive: "AS-INACTIVE"
        case .active: "AS-ACTIVE"
        case .pending: "AS-PENDING"
        }
    }

    /// The NTFY Status that announces this state (§3.8.2), `nil` for AS-DOWN (never notified: no ASP is up).
    var notifyStatus: M3UAStatus? {
        switch self {
        case .down: nil
        case .inactive: .asInactive
        case .active: .asActive
        case .pending: .asPending
        }
    }
}
