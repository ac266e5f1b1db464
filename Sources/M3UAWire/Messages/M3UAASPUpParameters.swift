/// The parameters ASPUP and ASPUP ACK (RFC 4666 §3.5.1, §3.5.2) share: both messages carry the same list.
public protocol M3UAASPUpParameters: M3UAInfoStringCarrying {}

extension M3UAASPUpParameters {
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
}
