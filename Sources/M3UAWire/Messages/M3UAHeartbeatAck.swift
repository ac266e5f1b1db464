/// Heartbeat Acknowledgement (BEAT ACK): answers a BEAT, echoing its Heartbeat Data. See RFC 4666 §3.5.6.
///
/// Parameters (RFC 4666 §3.5.6):
///
///     Heartbeat Data (0x0009)  Optional
public struct M3UAHeartbeatAck: M3UAHeartbeatParameters {
    public static let messageClass = M3UAMessageClass.aspStateMaintenance
    public static let messageType: UInt8 = 6
    public static let abbreviation = "BEAT_ACK"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }
}
