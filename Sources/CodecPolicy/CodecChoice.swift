public import MediaCodecs
public import SDPNegotiation

/// What one app leg sends and receives: the codec, the Opus encoder settings when it is Opus, and whether it fits
/// the leg's bandwidth and needs transcoding against the network side.
public struct CodecChoice: Hashable, Sendable, CustomStringConvertible {
    /// The codec as offered, with our payload type; for Opus `bitrate` is the target bitrate chosen for the leg, so
    /// ``SDPBitrate`` and ``SDPDeviceBandwidth`` price it at what it really sends.
    public var codec: SDPCodec
    /// The encoder settings towards the app when the codec is Opus (RFC 7587 §3.1.1, §3.1.2).
    public var opus: OpusSettings?
    /// Whether the codec at its rate fits the leg's bandwidth (false only when nothing fits at all).
    public var fitsBandwidth: Bool
    /// False when the app leg's packets relay unchanged to and from the network side (same G.711 law).
    public var transcoding: Bool

    public init(codec: SDPCodec, opus: OpusSettings?, fitsBandwidth: Bool, transcoding: Bool) {
        self.codec = codec
        self.opus = opus
        self.fitsBandwidth = fitsBandwidth
        self.transcoding = transcoding
    }

    /// Whether the codec is Opus (RFC 7587 §7: opus/48000/2).
    public var isOpus: Bool { codec.isOpus }

    /// The bit rate on the wire at `packetTime` ms over IPv4 (payload + RTP/UDP/IP, ``SDPBitrate/onWire``).
    public func onWire(packetTime: UInt32) -> UInt64 { SDPBitrate.onWire(codec, packetTime: packetTime) }

    public var description: String {
        let rate = opus.map { " \($0.bitrate / 1000) kbit/s FEC \($0.inbandFEC ? "on" : "off") loss \($0.packetLossPercent)%" }
        return codec.encodingName + (rate ?? "") + (transcoding ? "" : " (relayed)") + (fitsBandwidth ? "" : " (too big)")
    }
}

extension SDPCodec {
    /// Whether this is Opus.
    public var isOpus: Bool { encodingName.lowercased() == "opus" }

    /// The media-side format this codec runs as, for ``CodecFormat/isRelayable(to:)``; nil for codecs the media
    /// side cannot run (unknown rtpmaps, telephone-event).
    public func format(opus settings: OpusSettings?) -> CodecFormat? {
        switch encodingName.uppercased() {
        case "PCMA": .g711(.aLaw)
        case "PCMU": .g711(.muLaw)
        case "G729": .g729(formatParameters.map { G729Parameters(fmtp: $0) } ?? G729Parameters())
        case "OPUS": .opus(settings ?? OpusSettings())
        default: nil
        }
    }
}
