/// ASP Inactive Acknowledgement (ASPIA ACK): acknowledges an ASP Inactive. See RFC 4666 §3.7.4.
///
/// Parameters (RFC 4666 §3.7.4):
///
///     Routing Context (0x0006)  Optional
///     INFO String (0x0004)      Optional
public struct M3UAASPInactiveAck: M3UAASPInactiveParameters {
    public static let messageClass = M3UAMessageClass.aspTrafficMaintenance
    public static let messageType: UInt8 = 4
    public static let abbreviation = "ASPIA_ACK"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }
}
