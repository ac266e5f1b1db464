/// The Deregistration Result parameter (tag 0x0209): the result for one Routing Context of a DEREG REQ, as
/// nested parameters. See RFC 4666 §3.6.4.
///
/// Nested parameters (RFC 4666 §3.6.4):
///
///     Routing Context (0x0006)        Mandatory
///     Deregistration Status (0x0213)  Mandatory
public struct M3UADeregistrationResult: Hashable, Sendable {
    /// The nested parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the parameter with its parameters in the RFC's order.
    public init(routingContext: [UInt32], deregistrationStatus: M3UADeregistrationStatus) {
        var parameters: [M3UAParameter] = []
        parameters.append(.routingContext(routingContext))
        parameters.append(.deregistrationStatus(deregistrationStatus))
        self.init(parameters: parameters)
    }

    /// Routing Context (0x0006), mandatory.
    public var routingContext: [UInt32]? {
        get { parameters.firstValue(\.routingContextValue) }
        set { parameters.replace(.routingContext, with: newValue.map { [.routingContext($0)] } ?? []) }
    }

    /// Deregistration Status (0x0213), mandatory.
    public var deregistrationStatus: M3UADeregistrationStatus? {
        get { parameters.firstValue(\.deregistrationStatusValue) }
        set { parameters.replace(.deregistrationStatus, with: newValue.map { [.deregistrationStatus($0)] } ?? []) }
    }
}
