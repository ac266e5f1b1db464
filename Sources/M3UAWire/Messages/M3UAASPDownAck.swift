/// ASP Down Acknowledgement (ASPDN ACK): acknowledges an ASP Down. See RFC 4666 §3.5.4.
///
/// Parameters (RFC 4666 §3.5.4):
///
///     INFO String (0x0004)  Optional
public struct M3UAASPDownAck: M3UAMessagePayload {
    public static let messageClass = M3UAMessageClass.aspStateMaintenance
    public static let messageType: UInt8 = 5
    public static let abbreviation = "ASPDN_ACK"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the message with its parameters in the RFC's order.
    public init(infoString: M3UAInfoString? = nil) {
        var parameters: [M3UAParameter] = []
        if let infoString { parameters.append(.infoString(infoString)) }
        self.init(parameters: parameters)
    }

    /// INFO String (0x0004), optional.
    public var infoString: M3UAInfoString? {
        get { parameters.firstValue(\.infoStringValue) }
        set { parameters.replace(.infoString, with: newValue.map { [.infoString($0)] } ?? []) }
    }
}
