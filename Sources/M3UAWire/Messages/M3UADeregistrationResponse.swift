/// Deregistration Response (DEREG RSP): answers a DEREG REQ with one result per Routing Context. See RFC 4666 §3.6.4.
///
/// Parameters (RFC 4666 §3.6.4):
///
///     Deregistration Result (0x0209)  Mandatory (repeatable)
public struct M3UADeregistrationResponse: M3UAMessagePayload {
    public static let messageClass = M3UAMessageClass.routingKeyManagement
    public static let messageType: UInt8 = 4
    public static let abbreviation = "DEREG_RSP"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the message with its parameters in the RFC's order.
    public init(deregistrationResults: [M3UADeregistrationResult]) {
        var parameters: [M3UAParameter] = []
        parameters += deregistrationResults.map { .deregistrationResult($0) }
        self.init(parameters: parameters)
    }

    /// Every Deregistration Result (0x0209) (mandatory, may repeat), in wire order.
    public var deregistrationResults: [M3UADeregistrationResult] {
        get { parameters.compactMap(\.deregistrationResultValue) }
        set { parameters.replace(.deregistrationResult, with: newValue.map { .deregistrationResult($0) }) }
    }
}
