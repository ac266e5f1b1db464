/// Notify (NTFY): tells an ASP about a change of AS state or another event. See RFC 4666 §3.8.2.
///
/// Parameters (RFC 4666 §3.8.2):
///
///     Status (0x000d)           Mandatory
///     ASP Identifier (0x0011)   Conditional
///     Routing Context (0x0006)  Optional
///     INFO String (0x0004)      Optional
public struct M3UANotify: M3UARoutingContextCarrying, M3UAInfoStringCarrying {
    public static let messageClass = M3UAMessageClass.management
    public static let messageType: UInt8 = 1
    public static let abbreviation = "NTFY"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the message with its parameters in the RFC's order.
    public init(
        status: M3UAStatus,
        aspIdentifier: UInt32? = nil,
        routingContext: [UInt32]? = nil,
        infoString: M3UAInfoString? = nil
    ) {
        var parameters: [M3UAParameter] = []
        parameters.append(.status(status))
        if let aspIdentifier { parameters.append(.aspIdentifier(aspIdentifier)) }
        if let routingContext { parameters.append(.routingContext(routingContext)) }
        if let infoString { parameters.append(.infoString(infoString)) }
        self.init(parameters: parameters)
    }

    /// Status (0x000d), mandatory.
    public var status: M3UAStatus? {
        get { parameters.firstValue(\.statusValue) }
        set { parameters.replace(.status, with: newValue.map { [.status($0)] } ?? []) }
    }

    /// ASP Identifier (0x0011), conditional.
    public var aspIdentifier: UInt32? {
        get { parameters.firstValue(\.aspIdentifierValue) }
        set { parameters.replace(.aspIdentifier, with: newValue.map { [.aspIdentifier($0)] } ?? []) }
    }
}
