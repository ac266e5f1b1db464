/// DUNA, DAVA, DAUD and DRST: the SSNM messages that name a list of affected destinations and nothing else
/// (RFC 4666 §3.4.1, §3.4.2, §3.4.3, §3.4.6 share one parameter list).
///
///     Network Appearance (0x0200)   Optional
///     Routing Context (0x0006)      Conditional
///     Affected Point Code (0x0012)  Mandatory
///     INFO String (0x0004)          Optional
public protocol M3UADestinationStateMessage: M3UANetworkAppearanceCarrying, M3UARoutingContextCarrying, M3UAAffectedPointCodeCarrying, M3UAInfoStringCarrying {}

extension M3UADestinationStateMessage {
    /// Builds the message with its parameters in the RFC's order.
    public init(
        networkAppearance: UInt32? = nil,
        routingContext: [UInt32]? = nil,
        affectedPointCode: [M3UAMaskedPointCode],
        infoString: M3UAInfoString? = nil
    ) {
        var parameters: [M3UAParameter] = []
        if let networkAppearance { parameters.append(.networkAppearance(networkAppearance)) }
        if let routingContext { parameters.append(.routingContext(routingContext)) }
        parameters.append(.affectedPointCode(affectedPointCode))
        if let infoString { parameters.append(.infoString(infoString)) }
        self.init(parameters: parameters)
    }
}
