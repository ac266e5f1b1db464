public import NIOCore

/// Error (ERR): reports a malformed or unexpected message to the peer. See RFC 4666 §3.8.1.
///
/// "Error messages MUST NOT be generated in response to other Error messages."
///
/// Parameters (RFC 4666 §3.8.1):
///
///     Error Code (0x000c)              Mandatory
///     Routing Context (0x0006)         Conditional
///     Network Appearance (0x0200)      Optional
///     Affected Point Code (0x0012)     Conditional
///     Diagnostic Information (0x0007)  Conditional
public struct M3UAErrorMessage: M3UARoutingContextCarrying, M3UANetworkAppearanceCarrying, M3UAAffectedPointCodeCarrying {
    public static let messageClass = M3UAMessageClass.management
    public static let messageType: UInt8 = 0
    public static let abbreviation = "ERR"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }

    /// Builds the message with its parameters in the RFC's order.
    public init(
        errorCode: M3UAErrorCode,
        routingContext: [UInt32]? = nil,
        networkAppearance: UInt32? = nil,
        affectedPointCode: [M3UAMaskedPointCode]? = nil,
        diagnosticInformation: ByteBuffer? = nil
    ) {
        var parameters: [M3UAParameter] = []
        parameters.append(.errorCode(errorCode))
        if let routingContext { parameters.append(.routingContext(routingContext)) }
        if let networkAppearance { parameters.append(.networkAppearance(networkAppearance)) }
        if let affectedPointCode { parameters.append(.affectedPointCode(affectedPointCode)) }
        if let diagnosticInformation { parameters.append(.diagnosticInformation(diagnosticInformation)) }
        self.init(parameters: parameters)
    }

    /// Error Code (0x000c), mandatory.
    public var errorCode: M3UAErrorCode? {
        get { parameters.firstValue(\.errorCodeValue) }
        set { parameters.replace(.errorCode, with: newValue.map { [.errorCode($0)] } ?? []) }
    }

    /// Diagnostic Information (0x0007), conditional.
    public var diagnosticInformation: ByteBuffer? {
        get { parameters.firstValue(\.diagnosticInformationValue) }
        set { parameters.replace(.diagnosticInformation, with: newValue.map { [.diagnosticInformation($0)] } ?? []) }
    }
}
