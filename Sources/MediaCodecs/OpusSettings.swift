/// Audio bandwidth of an Opus stream (RFC 6716 §2: narrowband 4 kHz … fullband 20 kHz).
public enum OpusBandwidth: Int32, Sendable, Hashable, CaseIterable {
    case narrowband = 1101
    case mediumband = 1102
    case wideband = 1103
    case superWideband = 1104
    case fullband = 1105

    /// The lowest sample rate that carries this bandwidth without loss (RFC 6716 Table 1).
    public var sampleRate: Int {
        switch self {
        case .narrowband: 8000
        case .mediumband: 12000
        case .wideband: 16000
        case .superWideband: 24000
        case .fullband: 48000
        }
    }
}

/// The encoder settings of one Opus leg; all but `sampleRate` may change while the call runs.
public struct OpusSettings: Sendable, Hashable {
    /// Rate of the PCM given to the encoder (8, 12, 16, 24 or 48 kHz). The RTP clock is 48 kHz regardless
    /// (RFC 7587 §4.1).
    public var sampleRate: Int
    /// Target bitrate in bit/s (RFC 7587 §3.1.1 recommends 8–12 kbit/s narrowband … 28–40 kbit/s fullband).
    public var bitrate: Int
    /// The widest bandwidth the encoder may use; nil lets it decide from the bitrate.
    public var maxBandwidth: OpusBandwidth?
    /// In-band forward error correction (LBRR, RFC 6716 §2.1.7): a lower-rate copy of frame n rides in n + 1.
    public var inbandFEC: Bool
    /// Discontinuous transmission (RFC 6716 §2.1.9): silence sends only rare comfort-noise packets.
    public var dtx: Bool
    /// Expected packet loss in percent (0–100); FEC spends bits in proportion to it.
    public var packetLossPercent: Int
    /// Encoder complexity 0–10.
    public var complexity: Int
    /// Samples per frame at `sampleRate` (20 ms by default, RFC 7587 §4.2 `ptime`).
    public var frameDuration: Int

    public init(
        sampleRate: Int = 48000, bitrate: Int = 32000, maxBandwidth: OpusBandwidth? = nil, inbandFEC: Bool = true,
        dtx: Bool = false, packetLossPercent: Int = 5, complexity: Int = 5, frameMilliseconds: Int = 20
    ) {
        self.sampleRate = sampleRate
        self.bitrate = bitrate
        self.maxBandwidth = maxBandwidth
        self.inbandFEC = inbandFEC
        self.dtx = dtx
        self.packetLossPercent = packetLossPercent
        self.complexity = complexity
        self.frameDuration = sampleRate * frameMilliseconds / 1000
    }
}
