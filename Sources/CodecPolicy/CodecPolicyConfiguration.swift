/// The chooser's thresholds, windows and intervals, in one place with the reason for each figure.
///
/// The loss figures come from the ITU-T G.107 E-model: Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl), with
/// the G.113 Appendix I codec values G.711 with PLC (Ie 0, Bpl 25.1) and G.729A + VAD (Ie 11, Bpl 19.0), random
/// loss (BurstR 1):
///
/// | Ppl | G.711 Ie,eff | G.729 Ie,eff |
/// |---|---|---|
/// | 1 % | 3.6 | 15.2 |
/// | 3 % | 10.2 | 22.5 |
/// | 5 % | 15.8 | 28.5 |
/// | 10 % | 27.1 | 40.0 |
///
/// With the default R0 ≈ 93.2, 3 % loss on G.711 already costs ≈ 10 R points and brings a call near R 80, the
/// lower edge of "users satisfied" (G.109 Table 1); 1 % costs < 4 points, inside the noise of a single RTCP
/// interval. G.729 is not more robust than G.711 (at every loss its Ie,eff is higher), so switching to it helps only
/// when the loss is congestion on the device's access link, which a lower rate relieves. Opus has no G.113 value;
/// its in-band FEC (RFC 6716 §2.1.7) is what makes it the robust choice, measured in MediaCodecsTests (FEC closer
/// to the clean decode than PLC in 20 of 22 lost voiced frames).
public struct CodecPolicyConfiguration: Hashable, Sendable {
    /// Window loss (packets lost / expected, RFC 3550 §6.4.1 cumulative counters) at or above which loss counts as
    /// sustained: 3 %, where G.711 loses ≈ 10 R points (table above).
    public var lossThreshold: Double = 0.03
    /// Each report in the loss window must show at least this fraction lost (RFC 3550 §6.4.1 "fraction lost"), so
    /// one bad interval (a burst) averaged over the window does not count: half the threshold, because at 3 %
    /// random loss a 5 s interval of 250 packets sees 7.5 ± 2.7 losses.
    public var perReportLossFloor: Double = 0.015
    /// How long loss must hold before acting: 15 s is three RTCP intervals at the RFC 3550 §6.2 minimum of 5 s
    /// (G.1050's loss models switch between "good" and "bad" states on a scale of seconds; three independent
    /// reports separate a burst from a state).
    public var lossWindow: Duration = .seconds(15)
    /// Reports needed in the loss window (three, for the reason above).
    public var minimumReports: Int = 3
    /// Window loss below which the leg counts as recovered: 1 % (< 4 R points on G.711, table above).
    public var recoveryThreshold: Double = 0.01
    /// Recovery must hold four times as long as loss before stepping up: going up is the risky direction (it adds
    /// rate to a link that was just lossy), so it waits for 60 s of clean reports.
    public var recoveryWindow: Duration = .seconds(60)
    /// Never two codec switches (re-INVITEs) closer than this: every switch costs a re-INVITE round trip and a
    /// decoder restart heard as a click, and a new codec needs a few reports before its loss can be judged.
    public var minimumSwitchInterval: Duration = .seconds(30)
    /// After a failed re-INVITE (RFC 3261 §14.1: 491; RFC 3264 §8: 488) no new offer for this long, doubled per
    /// consecutive failure up to ``maximumBackoff``. Longer than the 2.1–4 s of RFC 3261 §14.1 for 491, which a
    /// codec change is not urgent enough to race for.
    public var initialBackoff: Duration = .seconds(60)
    public var maximumBackoff: Duration = .seconds(480)
    /// A step up that is followed by a loss step down within this time doubles the next recovery window (up to
    /// eight times): a link that is lossy whenever the rate is raised must not be probed every minute.
    public var flapMemory: Duration = .seconds(300)

    /// Opus target bitrate bounds in bit/s. RFC 7587 §3.1.1: "8 to 12 kb/s" narrowband speech, "16 to 20 kb/s"
    /// wideband; the E1 side is narrowband A-law, so 20 kbit/s is all a transcoded call can use.
    public var opusMaximumBitrate: Int = 20_000
    /// The lowest Opus rate worth choosing at all (RFC 7587 §3.1.1 narrowband lower bound).
    public var opusMinimumBitrate: Int = 8_000
    /// The lowest rate loss adaptation steps down to: the rate below which libopus stops coding LBRR (in-band FEC,
    /// RFC 6716 §2.1.7) for narrowband. libopus's `decide_fec` starts from 12 kbit/s for NB, ±1 kbit/s hysteresis,
    /// scaled by (125 − loss %)/100: ≈ 15.6 kbit/s to turn FEC on at 5 % loss. Measured in OpusAdaptationTests:
    /// at 5 % loss LBRR in most packets at 20 and 16 kbit/s, in none at 15 or 12. Cutting below it would trade
    /// the FEC that loss calls for for a few bits, so the next step is a codec switch instead.
    public var opusLossFloorBitrate: Int = 16_000
    /// Each loss step multiplies the Opus bitrate by this (a 25 % cut), each recovery step divides by it.
    public var opusBitrateStep: Double = 0.75
    /// Expected loss given to the encoder is the measured window loss, rounded up, at least this much while FEC
    /// is on (OPUS_SET_PACKET_LOSS_PERC: the encoder sizes LBRR by it).
    public var opusMinimumLossPercent: Int = 1
    /// The PCM rate the Opus encoder works at: the E1 side is 8 kHz A-law (RFC 6716 Table 1: narrowband).
    public var opusSampleRate: Int = 8000

    public init() {}
}
