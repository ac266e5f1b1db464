/// ASP Down Acknowledgement (ASPDN ACK): acknowledges an ASP Down. See RFC 4666 §3.5.4.
///
/// Parameters (RFC 4666 §3.5.4):
///
///     INFO String (0x0004)  Optional
public struct M3UAASPDownAck: M3UAASPDownParameters {
    public static let messageClass = M3UAMessageClass.aspStateMaintenance
    public static let messageType: UInt8 = 5
    public static let abbreviation = "ASPDN_ACK"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }
}
