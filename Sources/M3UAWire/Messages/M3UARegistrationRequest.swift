/// Registration Request (REG REQ): registers one or more Routing Keys. See RFC 4666 §3.6.1.
///
/// Parameters (RFC 4666 §3.6.1):
///
///     Routing Key (0x0207)  Mandatory (repeatable)
public struct M3UARegistrationRequest: M3UAMessagePayload {
    public static let messageClass = M3UAMessageClass.routingKeyManagement
    public static let messageType: UInt8 = 1
    public static let abbreviation = "REG_REQ"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the message with its parameters in the RFC's order.
    public init(routingKeys: [M3UARoutingKey]) {
        var parameters: [M3UAParameter] = []
        parameters += routingKeys.map { .routingKey($0) }
        self.init(parameters: parameters)
    }

    /// Every Routing Key (0x0207) (mandatory, may repeat), in wire order.
    public var routingKeys: [M3UARoutingKey] {
        get { parameters.compactMap(\.routingKeyValue) }
        set { parameters.replace(.routingKey, with: newValue.map { .routingKey($0) }) }
    }
}
