public import NIOCore

/// Heartbeat (BEAT): checks that the peer is reachable. See RFC 4666 §3.5.5.
///
/// Parameters (RFC 4666 §3.5.5):
///
///     Heartbeat Data (0x0009)  Optional
public struct M3UAHeartbeat: M3UAMessagePayload {
    public static let messageClass = M3UAMessageClass.aspStateMaintenance
    public static let messageType: UInt8 = 3
    public static let abbreviation = "BEAT"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the message with its parameters in the RFC's order.
    public init(heartbeatData: ByteBuffer? = nil) {
        var parameters: [M3UAParameter] = []
        if let heartbeatData { parameters.append(.heartbeatData(heartbeatData)) }
        self.init(parameters: parameters)
    }

    /// Heartbeat Data (0x0009), optional.
    public var heartbeatData: ByteBuffer? {
        get { parameters.firstValue(\.heartbeatDataValue) }
        set { parameters.replace(.heartbeatData, with: newValue.map { [.heartbeatData($0)] } ?? []) }
    }
}
