/// ASP Inactive (ASPIA): asks the peer to stop sending traffic for the ASP's Application Servers. See RFC 4666 §3.7.3.
///
/// Parameters (RFC 4666 §3.7.3):
///
///     Routing Context (0x0006)  Optional
///     INFO String (0x0004)      Optional
public struct M3UAASPInactive: M3UAASPInactiveParameters {
    public static let messageClass = M3UAMessageClass.aspTrafficMaintenance
    public static let messageType: UInt8 = 2
    public static let abbreviation = "ASPIA"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }
}
