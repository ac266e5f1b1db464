public import NIOCore

/// What a datagram on a shared media port is, judged from its first two octets.
public enum RTPMultiplexing {
    /// The packet kinds RFC 7983 §7 separates on one port (with RFC 5761 §4 splitting RTP from RTCP).
    public enum Kind: Hashable, Sendable {
        case rtp
        case rtcp
        /// First octet 0–3 (RFC 7983 §7).
        case stun
        /// First octet 20–63 (RFC 7983 §7).
        case dtls
        /// Anything else: discard.
        case unknown
    }

    /// Classifies `packet` (RFC 5761 §4, RFC 7983 §7).
    ///
    /// RFC 5761 §4: with rtcp-mux, "if the value of the second octet is between 192 and 223 [payload type 64–95
    /// with the marker bit], the packet is RTCP"; RTP payload types 64–95 must therefore not be used.
    public static func classify(_ packet: ByteBuffer) -> Kind {
        guard let first = packet.getInteger(at: packet.readerIndex, as: UInt8.self) else { return .unknown }
        switch first {
        case 0...3: return .stun
        case 20...63: return .dtls
        case 128...191:
            guard let second = packet.getInteger(at: packet.readerIndex + 1, as: UInt8.self) else { return .unknown }
            return isRTCPPacketType(second) ? .rtcp : .rtp
        default: return .unknown
        }
    }

    /// RFC 5761 §4: the second octet of RTCP is 192–223 (RTCP packet types 192–223; SR = 200 … APP = 204).
    public static func isRTCPPacketType(_ secondOctet: UInt8) -> Bool { (192...223).contains(secondOctet) }
}
