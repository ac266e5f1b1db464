/// The chunk type octet (RFC 9260 §3.2): an open set, so unknown types round-trip.
///
/// The two high bits say what a receiver that does not know the type does (RFC 9260 §3.2):
/// 00 stop and discard, 01 stop, discard and report, 10 skip, 11 skip and report.
public struct SCTPChunkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let data = SCTPChunkType(0)
    public static let initiation = SCTPChunkType(1)
    public static let initiationAck = SCTPChunkType(2)
    public static let selectiveAck = SCTPChunkType(3)
    public static let heartbeat = SCTPChunkType(4)
    public static let heartbeatAck = SCTPChunkType(5)
    public static let abort = SCTPChunkType(6)
    public static let shutdown = SCTPChunkType(7)
    public static let shutdownAck = SCTPChunkType(8)
    public static let operationError = SCTPChunkType(9)
    public static let cookieEcho = SCTPChunkType(10)
    public static let cookieAck = SCTPChunkType(11)
    /// RFC 9260 Appendix A.
    public static let ecnEcho = SCTPChunkType(12)
    /// RFC 9260 Appendix A.
    public static let congestionWindowReduced = SCTPChunkType(13)
    public static let shutdownComplete = SCTPChunkType(14)
    /// RFC 4895.
    public static let authentication = SCTPChunkType(15)
    /// RFC 8260.
    public static let iData = SCTPChunkType(64)
    /// RFC 5061.
    public static let addressConfigurationAck = SCTPChunkType(0x80)
    /// RFC 6525.
    public static let reconfiguration = SCTPChunkType(130)
    /// RFC 4820.
    public static let padding = SCTPChunkType(0x84)
    /// RFC 3758.
    public static let forwardTSN = SCTPChunkType(192)
    /// RFC 5061.
    public static let addressConfiguration = SCTPChunkType(0xC1)
    /// RFC 8260.
    public static let iForwardTSN = SCTPChunkType(194)

    public var description: String {
        switch rawValue {
        case 0: "DATA"
        case 1: "INIT"
        case 2: "INIT_ACK"
        case 3: "SACK"
        case 4: "HEARTBEAT"
        case 5: "HEARTBEAT_ACK"
        case 6: "ABORT"
        case 7: "SHUTDOWN"
        case 8: "SHUTDOWN_ACK"
        case 9: "ERROR"
        case 10: "COOKIE_ECHO"
        case 11: "COOKIE_ACK"
        case 12: "ECNE"
        case 13: "CWR"
        case 14: "SHUTDOWN_COMPLETE"
        case 15: "AUTH"
        case 64: "I_DATA"
        case 0x80: "ASCONF_ACK"
        case 130: "RE_CONFIG"
        case 0x84: "PAD"
        case 192: "FORWARD_TSN"
        case 0xC1: "ASCONF"
        case 194: "I_FORWARD_TSN"
        default: "UNKNOWN(\(rawValue))"
        }
    }
}
