/// Payload Data (DATA): carries one MTP3-User message with its routing label. See RFC 4666 §3.3.1.
///
/// Parameters (RFC 4666 §3.3.1):
///
///     Network Appearance (0x0200)  Optional
///     Routing Context (0x0006)     Conditional
///     Protocol Data (0x0210)       Mandatory
///     Correlation ID (0x0013)      Optional
public struct M3UAPayloadData: M3UANetworkAppearanceCarrying, M3UARoutingContextCarrying {
    public static let messageClass = M3UAMessageClass.transfer
    public static let messageType: UInt8 = 1
    public static let abbreviation = "DATA"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the message with its parameters in the RFC's order.
    public init(
        networkAppearance: UInt32? = nil,
        routingContext: [UInt32]? = nil,
        protocolData: M3UAProtocolData,
        correlationID: UInt32? = nil
    ) {
        var parameters: [M3UAParameter] = []
        if let networkAppearance { parameters.append(.networkAppearance(networkAppearance)) }
        if let routingContext { parameters.append(.routingContext(routingContext)) }
        parameters.append(.protocolData(protocolData))
        if let correlationID { parameters.append(.correlationID(correlationID)) }
        self.init(parameters: parameters)
    }

    /// Protocol Data (0x0210), mandatory.
    public var protocolData: M3UAProtocolData? {
        get { parameters.firstValue(\.protocolDataValue) }
        set { parameters.replace(.protocolData, with: newValue.map { [.protocolData($0)] } ?? []) }
    }

    /// Correlation ID (0x0013), optional.
    public var correlationID: UInt32? {
        get { parameters.firstValue(\.correlationIDValue) }
        set { parameters.replace(.correlationID, with: newValue.map { [.correlationID($0)] } ?? []) }
    }
}
