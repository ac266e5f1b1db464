/// A codec with the parameters that change the bitstream, as negotiated for one RTP leg.
public enum CodecFormat: Sendable, Hashable, CustomStringConvertible {
    /// G.711 A-law or µ-law (RFC 3551 §4.5.14, static payload types 8 and 0).
    case g711(G711Law)
    /// G.729 with its Annex B setting (RFC 3551 §4.5.6, payload type 18).
    case g729(G729Parameters)
    /// Opus (RFC 7587, dynamic payload type, 48 kHz RTP clock) with the encoder settings we use when sending.
    case opus(OpusSettings)

    /// The PCM rate the codec works at.
    public var sampleRate: Int {
        switch self {
        case .g711, .g729: 8000
        case .opus(let settings): settings.sampleRate
        }
    }

    /// The RTP clock rate (RFC 7587 §4.1: Opus always 48 000).
    public var rtpClockRate: Int {
        switch self {
        case .g711, .g729: 8000
        case .opus: 48000
        }
    }

    /// Whether packets in this format can be relayed unchanged to a leg that negotiated `other`.
    ///
    /// G.711 needs the same law. G.729 ignores Annex B (the same bitstream; SID frames are removed towards a leg
    /// that refused them). Opus ignores every setting: RFC 7587 §3.1 — any decoder decodes any Opus packet,
    /// whatever bandwidth, bitrate, FEC or DTX the sender chose.
    public func isRelayable(to other: CodecFormat) -> Bool {
        switch (self, other) {
        case (.g711(let a), .g711(let b)): a == b
        case (.g729, .g729), (.opus, .opus): true
        case (.g711, _), (.g729, _), (.opus, _): false
        }
    }

    public var description: String {
        switch self {
        case .g711(let law): law.rawValue
        case .g729(let parameters): "G729/\(parameters.fmtp)"
        case .opus(let settings): "opus/\(settings.sampleRate)/\(settings.bitrate)"
        }
    }

    /// A fresh encoder for this format.
    public func makeEncoder(frameMilliseconds: Int = 20) throws(MediaCodecError) -> any AudioEncoder {
        switch self {
        case .g711(let law):
            return try G711Codec(law: law, frameSamples: 8 * frameMilliseconds)
        case .g729(let parameters):
            return try G729Encoder(annexB: parameters.annexB)
        case .opus(var settings):
            settings.frameDuration = settings.sampleRate * frameMilliseconds / 1000
            return try OpusEncoder(settings: settings)
        }
    }

    /// A fresh decoder for this format.
    public func makeDecoder() throws(MediaCodecError) -> any AudioDecoder {
        switch self {
        case .g711(let law): try G711Codec(law: law)
        case .g729: try G729Decoder()
        case .opus(let settings): try OpusDecoder(sampleRate: settings.sampleRate)
        }
    }
}
