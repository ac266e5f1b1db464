/// ASP Down (ASPDN): tells the peer that the ASP is not ready for traffic or management. See RFC 4666 §3.5.3.
///
/// Parameters (RFC 4666 §3.5.3):
///
///     INFO String (0x0004)  Optional
public struct M3UAASPDown: M3UAASPDownParameters {
    public static let messageClass = M3UAMessageClass.aspStateMaintenance
    public static let messageType: UInt8 = 2
    public static let abbreviation = "ASPDN"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }
}
