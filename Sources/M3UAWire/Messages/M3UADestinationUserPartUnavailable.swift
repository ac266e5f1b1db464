/// Destination User Part Unavailable (DUPU): reports that an MTP3-User at a remote node is unavailable.
/// See RFC 4666 §3.4.5.
///
/// Parameters (RFC 4666 §3.4.5):
///
///     Network Appearance (0x0200)   Optional
///     Routing Context (0x0006)      Conditional
///     Affected Point Code (0x0012)  Mandatory
///     User/Cause (0x0204)           Mandatory
///     INFO String (0x0004)          Optional
public struct M3UADestinationUserPartUnavailable: M3UANetworkAppearanceCarrying, M3UARoutingContextCarrying, M3UAAffectedPointCodeCarrying, M3UAInfoStringCarrying {
    public static let messageClass = M3UAMessageClass.signallingNetworkManagement
    public static let messageType: UInt8 = 5
    public static let abbreviation = "DUPU"

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
        userCause: M3UAUserCause,
        infoString: M3UAInfoString? = nil
    ) {
        var parameters: [M3UAParameter] = []
        if let networkAppearance { parameters.append(.networkAppearance(networkAppearance)) }
        if let routingContext { parameters.append(.routingContext(routingContext)) }
        parameters.append(.affectedPointCode(affectedPointCode))
        parameters.append(.userCause(userCause))
        if let infoString { parameters.append(.infoString(infoString)) }
        self.init(parameters: parameters)
    }

    /// User/Cause (0x0204), mandatory.
    public var userCause: M3UAUserCause? {
        get { parameters.firstValue(\.userCauseValue) }
        set { parameters.replace(.userCause, with: newValue.map { [.userCause($0)] } ?? []) }
    }
}
