/// Registration Response (REG RSP): answers a REG REQ with one result per Routing Key. See RFC 4666 §3.6.2.
///
/// Parameters (RFC 4666 §3.6.2):
///
///     Registration Result (0x0208)  Mandatory (repeatable)
public struct M3UARegistrationResponse: M3UAMessagePayload {
    public static let messageClass = M3UAMessageClass.routingKeyManagement
    public static let messageType: UInt8 = 2
    public static let abbreviation = "REG_RSP"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the message with its parameters in the RFC's order.
    public init(registrationResults: [M3UARegistrationResult]) {
        var parameters: [M3UAParameter] = []
        parameters += registrationResults.map { .registrationResult($0) }
        self.init(parameters: parameters)
    }

    /// Every Registration Result (0x0208) (mandatory, may repeat), in wire order.
    public var registrationResults: [M3UARegistrationResult] {
        get { parameters.compactMap(\.registrationResultValue) }
        set { parameters.replace(.registrationResult, with: newValue.map { .registrationResult($0) }) }
    }
}
