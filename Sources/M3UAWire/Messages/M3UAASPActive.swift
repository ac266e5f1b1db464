/// ASP Active (ASPAC): asks the peer to start sending traffic for the ASP's Application Servers. See RFC 4666 §3.7.1.
///
/// Parameters (RFC 4666 §3.7.1):
///
///     Traffic Mode Type (0x000b)  Optional
///     Routing Context (0x0006)    Optional
///     INFO String (0x0004)        Optional
public struct M3UAASPActive: M3UAASPActiveParameters {
    public static let messageClass = M3UAMessageClass.aspTrafficMaintenance
    public static let messageType: UInt8 = 1
    public static let abbreviation = "ASPAC"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }
}
