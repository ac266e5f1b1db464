/// ASP Up (ASPUP): tells the peer that the ASP's upper layers are ready. See RFC 4666 §3.5.1.
///
/// Parameters (RFC 4666 §3.5.1):
///
///     ASP Identifier (0x0011)  Optional
///     INFO String (0x0004)     Optional
public struct M3UAASPUp: M3UAASPUpParameters {
    public static let messageClass = M3UAMessageClass.aspStateMaintenance
    public static let messageType: UInt8 = 1
    public static let abbreviation = "ASPUP"

    /// The parameters in wire order, unknown ones included.
    public var parameters: [M3UAParameter]

    public init(parameters: [M3UAParameter]) {
        self.parameters = parameters
    }
}
