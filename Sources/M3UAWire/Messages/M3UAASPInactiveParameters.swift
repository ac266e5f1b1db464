/// The parameters ASPIA and ASPIA ACK (RFC 4666 §3.7.3, §3.7.4) share: both messages carry the same list.
public protocol M3UAASPInactiveParameters: M3UAMessagePayload {}

extension M3UAASPInactiveParameters {
    /// Builds the message with its parameters in the RFC's order.
    public init(routingContext: [UInt32]? = nil, infoString: M3UAInfoString? = nil) {
        var parameters: [M3UAParameter] = []
        if let routingContext { parameters.append(.routingContext(routingContext)) }
        if let infoString { parameters.append(.infoString(infoString)) }
        self.init(parameters: parameters)
    }

    /// Routing Context (0x0006), optional.
    public var routingContext: [UInt32]? {
        get { parameters.firstValue(\.routingContextValue) }
        set { parameters.replace(.routingContext, with: newValue.map { [.routingContext($0)] } ?? []) }
    }

    /// INFO String (0x0004), optional.
    public var infoString: M3UAInfoString? {
        get { parameters.firstValue(\.infoStringValue) }
        set { parameters.replace(.infoString, with: newValue.map { [.infoString($0)] } ?? []) }
    }
}
