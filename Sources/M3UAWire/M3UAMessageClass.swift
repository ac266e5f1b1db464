/// The message class octet of the M3UA common header (RFC 4666 §3.1.2).
///
/// An open set: classes 5–8 and 10 belong to the other SIGTRAN adaptation layers and 10–255 are reserved, so
/// unknown classes are carried as they are.
public struct M3UAMessageClass: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    /// Management (MGMT) messages: ERR, NTFY (RFC 4666 §3.8).
    public static let management = M3UAMessageClass(0)
    /// Transfer messages: DATA (RFC 4666 §3.3).
    public static let transfer = M3UAMessageClass(1)
    /// SS7 Signalling Network Management (SSNM) messages (RFC 4666 §3.4).
    public static let signallingNetworkManagement = M3UAMessageClass(2)
    /// ASP State Maintenance (ASPSM) messages (RFC 4666 §3.5).
    public static let aspStateMaintenance = M3UAMessageClass(3)
    /// ASP Traffic Maintenance (ASPTM) messages (RFC 4666 §3.7).
    public static let aspTrafficMaintenance = M3UAMessageClass(4)
    /// Routing Key Management (RKM) messages (RFC 4666 §3.6).
    public static let routingKeyManagement = M3UAMessageClass(9)

    public var description: String {
        switch rawValue {
        case 0: "MGMT"
        case 1: "Transfer"
        case 2: "SSNM"
        case 3: "ASPSM"
        case 4: "ASPTM"
        case 9: "RKM"
        default: "class \(rawValue)"
        }
    }
}
