/// The 7-bit RTP payload type (RFC 3550 §5.1), an open set: static types from RFC 3551 §6 plus dynamic ones.
public struct RTPPayloadType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    /// Traps if `rawValue` does not fit in 7 bits (a programming error, never input).
    public init(rawValue: UInt8) {
        precondition(rawValue < 128, "RTP payload type has 7 bits")
        self.rawValue = rawValue
    }

    public init(_ rawValue: UInt8) { self.init(rawValue: rawValue) }

    /// G.711 µ-law, 8 kHz (RFC 3551 §4.5.14, Table 4).
    public static let pcmu = RTPPayloadType(0)
    /// GSM 06.10 full rate (RFC 3551 Table 4).
    public static let gsm = RTPPayloadType(3)
    /// G.723.1 (RFC 3551 Table 4).
    public static let g723 = RTPPayloadType(4)
    /// G.711 A-law, 8 kHz (RFC 3551 Table 4).
    public static let pcma = RTPPayloadType(8)
    /// G.722, 8 kHz RTP clock (RFC 3551 §4.5.2).
    public static let g722 = RTPPayloadType(9)
    /// Comfort noise (RFC 3389).
    public static let comfortNoise = RTPPayloadType(13)
    /// G.729 (RFC 3551 Table 4).
    public static let g729 = RTPPayloadType(18)

    /// RFC 3551 §6: 96–127 are dynamic, bound by signalling (SDP `a=rtpmap`).
    public var isDynamic: Bool { rawValue >= 96 }

    public var description: String {
        switch self {
        case .pcmu: "PCMU"
        case .pcma: "PCMA"
        case .g729: "G729"
        case .g722: "G722"
        case .comfortNoise: "CN"
        default: "PT\(rawValue)"
        }
    }
}
