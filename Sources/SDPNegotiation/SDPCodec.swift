public import SDPWire

/// One audio codec the media side can send and receive, as offered in SDP (RFC 3264 §5.1, RFC 3551 §6).
public struct SDPCodec: Hashable, Sendable, CustomStringConvertible {
    /// The rtpmap encoding name, compared case-insensitively (RFC 4855 §3: "media subtype names are
    /// case-insensitive").
    public var encodingName: String
    public var clockRate: UInt32
    public var channels: Int
    /// The payload type we offer: the static one of RFC 3551 Table 4 when there is one, else dynamic (96–127).
    public var payloadType: UInt8
    /// The fmtp parameters we offer, nil for none.
    public var formatParameters: String?
    /// The nominal codec bit rate in bits per second, before packetisation overhead.
    public var bitrate: UInt32
    /// The rank among codecs that fit the bandwidth: higher is better audio.
    public var quality: Int

    public init(
        encodingName: String, clockRate: UInt32, channels: Int = 1, payloadType: UInt8,
        formatParameters: String? = nil, bitrate: UInt32, quality: Int
    ) {
        self.encodingName = encodingName
        self.clockRate = clockRate
        self.channels = channels
        self.payloadType = payloadType
        self.formatParameters = formatParameters
        self.bitrate = bitrate
        self.quality = quality
    }

    /// Opus (RFC 7587 §7: "the media subtype ... MUST be opus/48000/2"), wideband speech at 32 kbit/s nominal.
    public static let opus = SDPCodec(
        encodingName: "opus", clockRate: 48000, channels: 2, payloadType: 111,
        formatParameters: "minptime=10;useinbandfec=1", bitrate: 32_000, quality: 4)
    /// G.729 with Annex B silence suppression (RFC 4856 §2.1.9: `annexb`, default yes), 8 kbit/s, static PT 18.
    public static let g729 = SDPCodec(
        encodingName: "G729", clockRate: 8000, payloadType: 18, formatParameters: "annexb=yes", bitrate: 8_000,
        quality: 1)
    /// G.711 A-law, 64 kbit/s, static PT 8 (RFC 3551 Table 4).
    public static let pcma = SDPCodec(
        encodingName: "PCMA", clockRate: 8000, payloadType: 8, bitrate: 64_000, quality: 3)
    /// G.711 µ-law, 64 kbit/s, static PT 0 (RFC 3551 Table 4).
    public static let pcmu = SDPCodec(
        encodingName: "PCMU", clockRate: 8000, payloadType: 0, bitrate: 64_000, quality: 2)
    /// DTMF events (RFC 4733 §7.1.1), events 0–15 (digits, *, #, A–D).
    public static let telephoneEvent = SDPCodec(
        encodingName: "telephone-event", clockRate: 8000, payloadType: 101, formatParameters: "0-16", bitrate: 0,
        quality: 0)

    /// The media side's codecs in their default order.
    public static let mediaSide: [SDPCodec] = [.opus, .pcma, .pcmu, .g729, .telephoneEvent]

    /// Whether this is the RFC 4733 event payload rather than an audio codec.
    public var isTelephoneEvent: Bool { encodingName.lowercased() == "telephone-event" }

    /// The rtpmap for this codec.
    public var rtpMap: SDPRTPMap {
        SDPRTPMap(
            payloadType: payloadType, encodingName: encodingName, clockRate: clockRate,
            encodingParameters: channels > 1 ? String(channels) : nil)
    }

    /// Whether an rtpmap names this codec: same encoding name (case-insensitive), clock rate and channels.
    public func matches(_ map: SDPRTPMap) -> Bool {
        map.encodingName.lowercased() == encodingName.lowercased() && map.clockRate == clockRate
            && map.channels == channels
    }

    public var description: String { "\(encodingName)/\(clockRate)" + (channels > 1 ? "/\(channels)" : "") }
}
