/// The Registration Result parameter (tag 0x0208): the result for one Routing Key of a REG REQ, as nested
/// parameters. See RFC 4666 §3.6.2.
///
/// Nested parameters (RFC 4666 §3.6.2):
///
///     Local Routing Key Identifier (0x020a)  Mandatory
///     Registration Status (0x0212)           Mandatory
///     Routing Context (0x0006)               Mandatory
public struct M3UARegistrationResult: Hashable, Sendable {
    /// The nested parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the parameter with its parameters in the RFC's order.
    public init(
        localRoutingKeyIdentifier: UInt32,
        registrationStatus: M3UARegistrationStatus,
        routingContext: [UInt32]
    ) {
        var parameters: [M3UAParameter] = []
        parameters.append(.localRoutingKeyIdentifier(localRoutingKeyIdentifier))
        parameters.append(.registrationStatus(registrationStatus))
        parameters.append(.routingContext(routingContext))
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

    /// Registration Status (0x0212), mandatory.
    public var registrationStatus: M3UARegistrationStatus? {
        get { parameters.firstValue(\.registrationStatusValue) }
        set { parameters.replace(.registrationStatus, with: newValue.map { [.registrationStatus($0)] } ?? []) }
    }

    /// Routing Context (0x0006), mandatory.
    public var routingContext: [UInt32]? {
        get { parameters.firstValue(\.routingContextValue) }
        set { parameters.replace(.routingContext, with: newValue.map { [.routingContext($0)] } ?? []) }
    }
}
