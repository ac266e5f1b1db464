/// A codec's cost on the wire: payload bitrate plus IP/UDP/RTP headers at a packetisation time, so a chooser can
/// ask "does this fit in N kbit/s?".
///
/// Overhead per packet: RTP 12 octets (RFC 3550 §5.1) + UDP 8 + IPv4 20 or IPv6 40; link-layer framing is not
/// counted. Example: G.729 at 20 ms is 20 + 40 = 60 octets × 50 packets/s = 24 kbit/s over IPv4.
public struct CodecDescriptor: Sendable, Hashable {
    public enum IPVersion: Sendable, Hashable {
        case v4
        case v6

        /// IP + UDP + RTP header octets per packet (no IP options, no RTP CSRC or header extension).
        public var headerOctets: Int {
            switch self {
            case .v4: 20 + 8 + 12
            case .v6: 40 + 8 + 12
            }
        }
    }

    public var format: CodecFormat
    /// Codec bitrate in bit/s while speech is sent (G.711 64 000, G.729 8 000, Opus its target).
    public var payloadBitrate: Int
    /// Packetisation time in ms (RFC 4566 `ptime`).
    public var ptime: Int

    public init(format: CodecFormat, ptime: Int = 20) {
        self.format = format
        self.ptime = ptime
        switch format {
        case .g711: self.payloadBitrate = 64000
        case .g729: self.payloadBitrate = 8000
        case .opus(let settings): self.payloadBitrate = settings.bitrate
        }
    }

    /// Packets per second.
    public var packetRate: Double { 1000 / Double(ptime) }

    /// Payload octets per packet (Opus: the average at its target bitrate).
    public var payloadOctets: Int { (payloadBitrate * ptime + 7999) / 8000 }

    /// Bitrate on the IP network, headers included, in bit/s.
    public func networkBitrate(ip: IPVersion = .v4) -> Int {
        (payloadOctets + ip.headerOctets) * 8 * 1000 / ptime
    }

    /// Whether one direction of the stream fits in `kbps` kbit/s of IP bandwidth.
    public func fits(kbps: Int, ip: IPVersion = .v4) -> Bool {
        networkBitrate(ip: ip) <= kbps * 1000
    }
}
