public import SDPWire

/// What is known of a device's bandwidth, in the order issue 5 item 6 names: its last SDP, else a figure in kbit/s
/// (the device's report or the routing server's record), else nothing.
public enum SDPDeviceBandwidth: Hashable, Sendable {
    case unknown
    /// `b=AS` in kbit/s: RFC 8866 §5.8 counts it like RFC 3556 / RFC 3890 do for AS — with IP/UDP/RTP overhead.
    case applicationSpecific(kbps: UInt64)
    /// `b=TIAS` in bit/s, without IP/UDP overhead (RFC 3890 §6.2).
    case transportIndependent(bps: UInt64)

    /// The bandwidth the device declared in its last session description (media level first, RFC 3890 §6.2 TIAS
    /// preferred over AS), `.unknown` when it declared none.
    public init(lastDescription: SDPSessionDescription) {
        let media = lastDescription.media.first { $0.media == "audio" }
        for list in [media?.bandwidths ?? [], lastDescription.bandwidths] {
            if let tias = list.first(where: { $0.type == "TIAS" }) {
                self = .transportIndependent(bps: tias.value)
                return
            }
            if let value = list.first(where: { $0.type == "AS" }) {
                self = .applicationSpecific(kbps: value.value)
                return
            }
        }
        self = .unknown
    }

    /// Whether `codec` at `packetTime` fits; everything fits an unknown bandwidth.
    public func fits(_ codec: SDPCodec, packetTime: UInt32 = 20) -> Bool {
        switch self {
        case .unknown: true
        case .applicationSpecific(let kbps): SDPBitrate.onWire(codec, packetTime: packetTime) <= kbps * 1000
        case .transportIndependent(let bps): SDPBitrate.transportIndependent(codec, packetTime: packetTime) <= bps
        }
    }

    /// The codecs ordered for an offer (RFC 3264 §5.1: "formats ... listed in order of preference, with the most
    /// preferred format first"): those that fit the bandwidth by audio quality, then those that do not by rising
    /// bit rate (the least overload first); telephone-event last, since it is no audio codec.
    public func order(_ codecs: [SDPCodec], packetTime: UInt32 = 20) -> [SDPCodec] {
        let audio = codecs.filter { !$0.isTelephoneEvent }
        let fitting = audio.filter { fits($0, packetTime: packetTime) }
        let tooBig = audio.filter { !fits($0, packetTime: packetTime) }
        let byQuality = fitting.enumerated().sorted { lhs, rhs in
            lhs.element.quality != rhs.element.quality
                ? lhs.element.quality > rhs.element.quality : lhs.offset < rhs.offset
        }.map(\.element)
        let byRate = tooBig.enumerated().sorted { lhs, rhs in
            lhs.element.bitrate != rhs.element.bitrate
                ? lhs.element.bitrate < rhs.element.bitrate : lhs.offset < rhs.offset
        }.map(\.element)
        return byQuality + byRate + codecs.filter(\.isTelephoneEvent)
    }
}
