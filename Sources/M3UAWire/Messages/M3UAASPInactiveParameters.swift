/// The parameters ASPIA and ASPIA ACK (RFC 4666 §3.7.3, §3.7.4) share: both messages carry the same list.
public protocol M3UAASPInactiveParameters: M3UARoutingContextCarrying, M3UAInfoStringCarrying {}

extension M3UAASPInactiveParameters {
    /// Builds the message with its parameters in the RFC's order.
    public init(routingContext: [UInt32]? = nil, infoString: M3UAInfoString? = nil) {
        var parameters: [M3UAParameter] = []
        if let routingContext { parameters.append(.routingContext(routingContext)) }
        if let infoString { parameters.append(.infoString(infoString)) }
        self.init(parameters: parameters)
    }
}
