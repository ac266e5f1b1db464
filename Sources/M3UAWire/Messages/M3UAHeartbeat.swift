/// Heartbeat (BEAT): checks that the peer is reachable. See RFC 4666 §3.5.5.
///
/// Parameters (RFC 4666 §3.5.5):
///
///     Heartbeat Data (0x0009)  Optional
public struct M3UAHeartbeat: M3UAHeartbeatParameters {
    public static let messageClass = M3UAMessageClass.aspStateMaintenance
    public static let messageType: UInt8 = 3
    public static let abbreviation = "BEAT"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }
}
