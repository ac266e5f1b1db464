/// Codec bit rates with the packet overhead that a device's bandwidth must also carry.
///
/// Per packet: RTP header 12 bytes (RFC 3550 §5.1, no CSRC or extension), UDP 8 bytes (RFC 768), IPv4 20 bytes
/// (RFC 791, no options) or IPv6 40 bytes (RFC 8200). At a packet time of `p` ms there are `1000 / p` packets a
/// second, so the overhead is `(12 + 8 + 20) * 8 * 1000 / p` bit/s: 16 kbit/s over IPv4 at 20 ms.
public enum SDPBitrate {
    public static let rtpHeaderBytes: UInt64 = 12
    public static let udpHeaderBytes: UInt64 = 8

    /// The IP version under the stream.
    public enum IPVersion: Hashable, Sendable {
        case v4, v6

        public var headerBytes: UInt64 {
            switch self {
            case .v4: 20
            case .v6: 40
            }
        }
    }

    /// Bits per second of packet overhead at `packetTime` milliseconds.
    public static func overhead(packetTime: UInt32, ip: IPVersion = .v4, includeIPAndUDP: Bool = true) -> UInt64 {
        let bytes = rtpHeaderBytes + (includeIPAndUDP ? udpHeaderBytes + ip.headerBytes : 0)
        return bytes * 8 * 1000 / UInt64(max(packetTime, 1))
    }

    /// The codec's bit rate on the wire at `packetTime` ms: payload plus RTP, UDP and IP headers.
    ///
    /// G.711 at 20 ms over IPv4: 64 000 + 16 000 = 80 000 bit/s; G.729: 8 000 + 16 000 = 24 000 bit/s.
    public static func onWire(_ codec: SDPCodec, packetTime: UInt32 = 20, ip: IPVersion = .v4) -> UInt64 {
        UInt64(codec.bitrate) + overhead(packetTime: packetTime, ip: ip)
    }

    /// The bit rate a `b=TIAS` value is compared with: payload plus RTP header, without IP/UDP (RFC 3890 defines TIAS
    /// as a bandwidth that "does not include transport overhead"; we count the RTP header as part of the stream).
    public static func transportIndependent(_ codec: SDPCodec, packetTime: UInt32 = 20) -> UInt64 {
        UInt64(codec.bitrate) + overhead(packetTime: packetTime, includeIPAndUDP: false)
    }
}
