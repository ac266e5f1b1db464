/// The RTCP packet type octet (RFC 3550 §12.1), an open set so unknown types round-trip.
public struct RTCPPacketType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    /// Sender report (RFC 3550 §6.4.1).
    public static let senderReport = RTCPPacketType(200)
    /// Receiver report (RFC 3550 §6.4.2).
    public static let receiverReport = RTCPPacketType(201)
    /// Source description (RFC 3550 §6.5).
    public static let sourceDescription = RTCPPacketType(202)
    /// Goodbye (RFC 3550 §6.6).
    public static let goodbye = RTCPPacketType(203)
    /// Application-defined (RFC 3550 §6.7).
    public static let applicationDefined = RTCPPacketType(204)

    public var description: String {
        switch self {
        case .senderReport: "SR"
        case .receiverReport: "RR"
        case .sourceDescription: "SDES"
        case .goodbye: "BYE"
        case .applicationDefined: "APP"
        default: "RTCP(\(rawValue))"
        }
    }
}
