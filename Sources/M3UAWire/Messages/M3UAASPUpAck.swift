/// ASP Up Acknowledgement (ASPUP ACK): acknowledges an ASP Up. See RFC 4666 §3.5.2.
///
/// Parameters (RFC 4666 §3.5.2):
///
///     ASP Identifier (0x0011)  Optional
///     INFO String (0x0004)     Optional
public struct M3UAASPUpAck: M3UAASPUpParameters {
    public static let messageClass = M3UAMessageClass.aspStateMaintenance
    public static let messageType: UInt8 = 4
    public static let abbreviation = "ASPUP_ACK"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }
}
