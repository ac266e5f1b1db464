/// Signalling Congestion (SCON): reports congestion towards SS7 destinations. See RFC 4666 §3.4.4.
///
/// Parameters (RFC 4666 §3.4.4):
///
///     Network Appearance (0x0200)      Optional
///     Routing Context (0x0006)         Conditional
///     Affected Point Code (0x0012)     Mandatory
///     Concerned Destination (0x0206)   Optional
///     Congestion Indications (0x0205)  Optional
///     INFO String (0x0004)             Optional
public struct M3UASignallingCongestion: M3UANetworkAppearanceCarrying, M3UARoutingContextCarrying, M3UAAffectedPointCodeCarrying, M3UAInfoStringCarrying {
    public static let messageClass = M3UAMessageClass.signallingNetworkManagement
    public static let messageType: UInt8 = 4
    public static let abbreviation = "SCON"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the message with its parameters in the RFC's order.
    public init(
        networkAppearance: UInt32? = nil,
        routingContext: [UInt32]? = nil,
        affectedPointCode: [M3UAMaskedPointCode],
        concernedDestination: M3UAMaskedPointCode? = nil,
        congestionIndications: M3UACongestionIndications? = nil,
        infoString: M3UAInfoString? = nil
    ) {
        var parameters: [M3UAParameter] = []
        if let networkAppearance { parameters.append(.networkAppearance(networkAppearance)) }
        if let routingContext { parameters.append(.routingContext(routingContext)) }
        parameters.append(.affectedPointCode(affectedPointCode))
        if let concernedDestination { parameters.append(.concernedDestination(concernedDestination)) }
        if let congestionIndications { parameters.append(.congestionIndications(congestionIndications)) }
        if let infoString { parameters.append(.infoString(infoString)) }
        self.init(parameters: parameters)
    }

    /// Concerned Destination (0x0206), optional.
    public var concernedDestination: M3UAMaskedPointCode? {
        get { parameters.firstValue(\.concernedDestinationValue) }
        set { parameters.replace(.concernedDestination, with: newValue.map { [.concernedDestination($0)] } ?? []) }
    }

    /// Congestion Indications (0x0205), optional.
    public var congestionIndications: M3UACongestionIndications? {
        get { parameters.firstValue(\.congestionIndicationsValue) }
        set { parameters.replace(.congestionIndications, with: newValue.map { [.congestionIndications($0)] } ?? []) }
    }
}
