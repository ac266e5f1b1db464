/// The Routing Key parameter (tag 0x0207): one Routing Key of a REG REQ: nested parameters. See RFC 4666 §3.6.1.
///
/// Nested parameters (RFC 4666 §3.6.1):
///
///     Local Routing Key Identifier (0x020a)  Mandatory
///     Routing Context (0x0006)               Optional
///     Traffic Mode Type (0x000b)             Optional
///     Destination Point Code (0x020b)        Mandatory (repeatable)
///     Network Appearance (0x0200)            Optional
///     Service Indicators (0x020c)            Optional (repeatable)
///     Originating Point Code List (0x020e)   Optional (repeatable)
public struct M3UARoutingKey: Hashable, Sendable {
    /// The nested parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the parameter with its parameters in the RFC's order.
    public init(
        localRoutingKeyIdentifier: UInt32,
        routingContext: [UInt32]? = nil,
        trafficModeType: M3UATrafficModeType? = nil,
        destinationPointCodes: [M3UAMaskedPointCode],
        networkAppearance: UInt32? = nil,
        serviceIndicatorGroups: [[UInt8]] = [],
        originatingPointCodeLists: [[M3UAMaskedPointCode]] = []
    ) {
        var parameters: [M3UAParameter] = []
        parameters.append(.localRoutingKeyIdentifier(localRoutingKeyIdentifier))
        if let routingContext { parameters.append(.routingContext(routingContext)) }
        if let trafficModeType { parameters.append(.trafficModeType(trafficModeType)) }
        parameters += destinationPointCodes.map { .destinationPointCode($0) }
        if let networkAppearance { parameters.append(.networkAppearance(networkAppearance)) }
        parameters += serviceIndicatorGroups.map { .serviceIndicators($0) }
        parameters += originatingPointCodeLists.map { .originatingPointCodeList($0) }
        self.init(parameters: parameters)
    }

    /// Local Routing Key Identifier (0x020a), mandatory.
    public var localRoutingKeyIdentifier: UInt32? {
        get { parameters.firstValue(\.localRoutingKeyIdentifierValue) }
        set {
            parameters.replace(
                .localRoutingKeyIdentifier, with: newValue.map { [.localRoutingKeyIdentifier($0)] } ?? [])
        }
    }

    /// Routing Context (0x0006), optional.
    public var routingContext: [UInt32]? {
        get { parameters.firstValue(\.routingContextValue) }
        set { parameters.replace(.routingContext, with: newValue.map { [.routingContext($0)] } ?? []) }
    }

    /// Traffic Mode Type (0x000b), optional.
    public var trafficModeType: M3UATrafficModeType? {
        get { parameters.firstValue(\.trafficModeTypeValue) }
        set { parameters.replace(.trafficModeType, with: newValue.map { [.trafficModeType($0)] } ?? []) }
    }

    /// Every Destination Point Code (0x020b) (mandatory, may repeat), in wire order.
    public var destinationPointCodes: [M3UAMaskedPointCode] {
        get { parameters.compactMap(\.destinationPointCodeValue) }
        set { parameters.replace(.destinationPointCode, with: newValue.map { .destinationPointCode($0) }) }
    }

    /// Network Appearance (0x0200), optional.
    public var networkAppearance: UInt32? {
        get { parameters.firstValue(\.networkAppearanceValue) }
        set { parameters.replace(.networkAppearance, with: newValue.map { [.networkAppearance($0)] } ?? []) }
    }

    /// Every Service Indicators (0x020c) (optional, may repeat), in wire order.
    public var serviceIndicatorGroups: [[UInt8]] {
        get { parameters.compactMap(\.serviceIndicatorsValue) }
        set { parameters.replace(.serviceIndicators, with: newValue.map { .serviceIndicators($0) }) }
    }

    /// Every Originating Point Code List (0x020e) (optional, may repeat), in wire order.
    public var originatingPointCodeLists: [[M3UAMaskedPointCode]] {
        get { parameters.compactMap(\.originatingPointCodeListValue) }
        set { parameters.replace(.originatingPointCodeList, with: newValue.map { .originatingPointCodeList($0) }) }
    }
}
