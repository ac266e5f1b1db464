/// Destination State Audit (DAUD): asks an SGP for the state of SS7 destinations. See RFC 4666 §3.4.3.
///
/// Parameters (RFC 4666 §3.4.3):
///
///     Network Appearance (0x0200)   Optional
///     Routing Context (0x0006)      Conditional
///     Affected Point Code (0x0012)  Mandatory
///     INFO String (0x0004)          Optional
public struct M3UADestinationStateAudit: M3UADestinationStateMessage {
    public static let messageClass = M3UAMessageClass.signallingNetworkManagement
    public static let messageType: UInt8 = 3
    public static let abbreviation = "DAUD"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }
}
