/// Deregistration Request (DEREG REQ): deregisters Routing Contexts. See RFC 4666 §3.6.3.
///
/// Parameters (RFC 4666 §3.6.3):
///
///     Routing Context (0x0006)  Mandatory
public struct M3UADeregistrationRequest: M3UARoutingContextCarrying {
    public static let messageClass = M3UAMessageClass.routingKeyManagement
    public static let messageType: UInt8 = 3
    public static let abbreviation = "DEREG_REQ"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the message with its parameters in the RFC's order.
    public init(routingContext: [UInt32]) {
        var parameters: [M3UAParameter] = []
        parameters.append(.routingContext(routingContext))
        self.init(parameters: parameters)
    }
}
