/// ASP Up (ASPUP): tells the peer that the ASP's upper layers are ready. See RFC 4666 §3.5.1.
///
/// Parameters (RFC 4666 §3.5.1):
///
///     ASP Identifier (0x0011)  Optional
///     INFO String (0x0004)     Optional
public struct M3UAASPUp: M3UAMessagePayload {
    public static let messageClass = M3UAMessageClass.aspStateMaintenance
    public static let messageType: UInt8 = 1
    public static let abbreviation = "ASPUP"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the message with its parameters in the RFC's order.
    public init(aspIdentifier: UInt32? = nil, infoString: M3UAInfoString? = nil) {
        var parameters: [M3UAParameter] = []
        if let aspIdentifier { parameters.append(.aspIdentifier(aspIdentifier)) }
        if let infoString { parameters.append(.infoString(infoString)) }
        self.init(parameters: parameters)
    }

    /// ASP Identifier (0x0011), optional.
    public var aspIdentifier: UInt32? {
        get { parameters.firstValue(\.aspIdentifierValue) }
        set { parameters.replace(.aspIdentifier, with: newValue.map { [.aspIdentifier($0)] } ?? []) }
    }

    /// INFO String (0x0004), optional.
    public var infoString: M3UAInfoString? {
        get { parameters.firstValue(\.infoStringValue) }
        set { parameters.replace(.infoString, with: newValue.map { [.infoString($0)] } ?? []) }
    }
}
