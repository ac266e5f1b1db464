/// The parameters ASPAC and ASPAC ACK (RFC 4666 §3.7.1, §3.7.2) share: both messages carry the same list.
public protocol M3UAASPActiveParameters: M3UARoutingContextCarrying, M3UAInfoStringCarrying {}

extension M3UAASPActiveParameters {
    /// Builds the message with its parameters in the RFC's order.
    public init(
        trafficModeType: M3UATrafficModeType? = nil,
        routingContext: [UInt32]? = nil,
        infoString: M3UAInfoString? = nil
    ) {
        var parameters: [M3UAParameter] = []
        if let trafficModeType { parameters.append(.trafficModeType(trafficModeType)) }
        if let routingContext { parameters.append(.routingContext(routingContext)) }
        if let infoString { parameters.append(.infoString(infoString)) }
        self.init(parameters: parameters)
    }

    /// Traffic Mode Type (0x000b), optional.
    public var trafficModeType: M3UATrafficModeType? {
        get { parameters.firstValue(\.trafficModeTypeValue) }
        set { parameters.replace(.trafficModeType, with: newValue.map { [.trafficModeType($0)] } ?? []) }
    }
}
