// Typed access to the parameters that many M3UA messages share (RFC 4666 §3.2), written once. Whether a
// parameter is mandatory, conditional or optional depends on the message: see each message's parameter table.

/// A message that may carry Routing Context (0x0006).
public protocol M3UARoutingContextCarrying: M3UAMessagePayload {}

extension M3UARoutingContextCarrying {
    /// Routing Context (0x0006).
    public var routingContext: [UInt32]? {
        get { parameters.firstValue(\.routingContextValue) }
        set { parameters.replace(.routingContext, with: newValue.map { [.routingContext($0)] } ?? []) }
    }
}

/// A message that may carry INFO String (0x0004).
public protocol M3UAInfoStringCarrying: M3UAMessagePayload {}

extension M3UAInfoStringCarrying {
    /// INFO String (0x0004).
    public var infoString: M3UAInfoString? {
        get { parameters.firstValue(\.infoStringValue) }
        set { parameters.replace(.infoString, with: newValue.map { [.infoString($0)] } ?? []) }
    }
}

/// A message that may carry Network Appearance (0x0200).
public protocol M3UANetworkAppearanceCarrying: M3UAMessagePayload {}

extension M3UANetworkAppearanceCarrying {
    /// Network Appearance (0x0200).
    public var networkAppearance: UInt32? {
        get { parameters.firstValue(\.networkAppearanceValue) }
        set { parameters.replace(.networkAppearance, with: newValue.map { [.networkAppearance($0)] } ?? []) }
    }
}

/// A message that may carry Affected Point Code (0x0012).
public protocol M3UAAffectedPointCodeCarrying: M3UAMessagePayload {}

extension M3UAAffectedPointCodeCarrying {
    /// Affected Point Code (0x0012).
    public var affectedPointCode: [M3UAMaskedPointCode]? {
        get { parameters.firstValue(\.affectedPointCodeValue) }
        set { parameters.replace(.affectedPointCode, with: newValue.map { [.affectedPointCode($0)] } ?? []) }
    }
}
