public import NIOCore

/// The parameters BEAT and BEAT ACK (RFC 4666 §3.5.5, §3.5.6) share: both messages carry the same list.
public protocol M3UAHeartbeatParameters: M3UAMessagePayload {}

extension M3UAHeartbeatParameters {
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
