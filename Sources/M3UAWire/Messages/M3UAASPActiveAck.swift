/// ASP Active Acknowledgement (ASPAC ACK): acknowledges an ASP Active. See RFC 4666 §3.7.2.
///
/// Parameters (RFC 4666 §3.7.2):
///
///     Traffic Mode Type (0x000b)  Optional
///     Routing Context (0x0006)    Optional
///     INFO String (0x0004)        Optional
public struct M3UAASPActiveAck: M3UAASPActiveParameters {
    public static let messageClass = M3UAMessageClass.aspTrafficMaintenance
    public static let messageType: UInt8 = 3
    public static let abbreviation = "ASPAC_ACK"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }
}
