/// ASP Active (ASPAC): asks the peer to start sending traffic for the ASP's Application Servers. See RFC 4666 §3.7.1.
///
/// Parameters (RFC 4666 §3.7.1):
///
///     Traffic Mode Type (0x000b)  Optional
///     Routing Context (0x0006)    Optional
///     INFO String (0x0004)        Optional
public struct M3UAASPActive: M3UAMessagePayload {
    public static let messageClass = M3UAMessageClass.aspTrafficMaintenance
    public static let messageType: UInt8 = 1
    public static let abbreviation = "ASPAC"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

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
