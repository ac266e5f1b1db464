/// A SIP request method (RFC 3261 §7.1 `Method`).
///
/// Open so that extension methods round-trip (style rule 2). Method names are case-sensitive: RFC 3261 §7.1 says
/// "The method names are case-sensitive", so `invite` is not `INVITE`.
public struct SIPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// RFC 3261 §13.
    public static let invite = SIPMethod(rawValue: "INVITE")
    /// RFC 3261 §17.1.1.3 / §13.2.2.4.
    public static let ack = SIPMethod(rawValue: "ACK")
    /// RFC 3261 §15.
    public static let bye = SIPMethod(rawValue: "BYE")
    /// RFC 3261 §9.
    public static let cancel = SIPMethod(rawValue: "CANCEL")
    /// RFC 3261 §10.
    public static let register = SIPMethod(rawValue: "REGISTER")
    /// RFC 3261 §11.
    public static let options = SIPMethod(rawValue: "OPTIONS")
    /// RFC 3262.
    public static let prack = SIPMethod(rawValue: "PRACK")
    /// RFC 3311.
    public static let update = SIPMethod(rawValue: "UPDATE")
    /// RFC 3428.
    public static let message = SIPMethod(rawValue: "MESSAGE")
    /// RFC 6086.
    public static let info = SIPMethod(rawValue: "INFO")
    /// RFC 6665.
    public static let subscribe = SIPMethod(rawValue: "SUBSCRIBE")
    /// RFC 6665.
    public static let notify = SIPMethod(rawValue: "NOTIFY")
    /// RFC 3515.
    public static let refer = SIPMethod(rawValue: "REFER")
    /// RFC 3903.
    public static let publish = SIPMethod(rawValue: "PUBLISH")
}
