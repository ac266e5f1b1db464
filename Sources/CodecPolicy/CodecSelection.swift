public import MediaCodecs
public import SDPNegotiation
public import SDPWire

/// The pure choice of a codec for one app leg: which codecs both sides have, which fit the leg's bandwidth, and
/// which is best, lower or higher. No state: ``CodecChooser`` calls these on every decision.
///
/// Fit is ``SDPDeviceBandwidth/fits(_:packetTime:)`` (``SDPBitrate``: payload + RTP/UDP/IPv4 headers against
/// `b=AS`, payload + RTP header against `b=TIAS`), with an Opus codec priced at its target bitrate.
public struct CodecSelection: Hashable, Sendable {
    /// The audio codecs both sides support, with our payload types, in our order (no telephone-event).
    public var candidates: [SDPCodec]
    /// The network side's format: G.711 A-law on an E1 timeslot.
    public var network: CodecFormat
    public var packetTime: UInt32
    public var configuration: CodecPolicyConfiguration
    /// Whether the device takes Opus in-band FEC (its `useinbandfec=1`, RFC 7587 §6.1).
    public var remoteAcceptsFEC: Bool

    public init(
        candidates: [SDPCodec], network: CodecFormat = .g711(.aLaw), packetTime: UInt32 = 20,
        configuration: CodecPolicyConfiguration = .init(), remoteAcceptsFEC: Bool = true
    ) {
        self.candidates = candidates.filter { !$0.isTelephoneEvent && $0.format(opus: nil) != nil }
        self.network = network
        self.packetTime = packetTime
        self.configuration = configuration
        self.remoteAcceptsFEC = remoteAcceptsFEC
    }

    /// The codecs of `local` that the device's audio m-line also names (by rtpmap, or static payload type without
    /// one, RFC 8866 §6.6), in `local`'s order; and whether the device's Opus fmtp says `useinbandfec=1`.
    public static func common(local: [SDPCodec], remote: SDPMediaDescription) -> (codecs: [SDPCodec], fec: Bool) {
        var remoteMaps: [SDPRTPMap] = []
        var fec = false
        for format in remote.formats {
            guard let number = UInt8(format), let map = remote.rtpMap(for: number) ?? SDPCodec.staticMap(number)
            else { continue }
            remoteMaps.append(map)
            if SDPCodec.opus.matches(map), let fmtp = remote.formatParameters(for: format) {
                // RFC 7587 §6.1: useinbandfec=1 — "the decoder has the capability to take advantage of the Opus
                // in-band FEC"; absent means 0.
                fec = fmtp.parameters.split(separator: ";").contains {
                    $0.filter { $0 != " " }.lowercased() == "useinbandfec=1"
                }
            }
        }
        let codecs = local.filter { codec in !codec.isTelephoneEvent && remoteMaps.contains { codec.matches($0) } }
        return (codecs, fec)
    }

    // MARK: Pricing

    /// `codec` priced at `bitrate` (Opus only; other codecs have one rate).
    func priced(_ codec: SDPCodec, bitrate: Int) -> SDPCodec {
        var priced = codec
        if codec.isOpus { priced.bitrate = UInt32(bitrate) }
        return priced
    }

    /// The highest Opus target bitrate (whole kbit/s, from the configured maximum down to the minimum) that fits,
    /// nil when even the minimum does not.
    public func opusBitrate(fitting bandwidth: SDPDeviceBandwidth) -> Int? {
        let (low, high) = (configuration.opusMinimumBitrate, configuration.opusMaximumBitrate)
        var rate = high
        while rate >= low {
            if bandwidth.fits(priced(.opus, bitrate: rate), packetTime: packetTime) { return rate }
            rate -= 1000
        }
        return nil
    }

    /// The Opus encoder settings at `bitrate` with FEC and expected loss (RFC 7587 §3.1.2, RFC 6716 §2.1.7).
    public func opusSettings(bitrate: Int, lossPercent: Int = 0) -> OpusSettings {
        OpusSettings(
            sampleRate: configuration.opusSampleRate, bitrate: bitrate,
            maxBandwidth: configuration.opusSampleRate <= 8000 ? .narrowband : nil, inbandFEC: remoteAcceptsFEC,
            dtx: false, packetLossPercent: lossPercent, complexity: 5, frameMilliseconds: Int(packetTime))
    }

    /// `codec` as a choice at the rate that fits `bandwidth` (Opus: the highest fitting target; when none fits,
    /// the minimum).
    public func choice(_ codec: SDPCodec, bandwidth: SDPDeviceBandwidth, lossPercent: Int = 0) -> CodecChoice {
        var settings: OpusSettings?
        var priced = codec
        if codec.isOpus {
            let rate = opusBitrate(fitting: bandwidth) ?? configuration.opusMinimumBitrate
            settings = opusSettings(bitrate: rate, lossPercent: lossPercent)
            priced = self.priced(codec, bitrate: rate)
        }
        let format = priced.format(opus: settings)
        return CodecChoice(
            codec: priced, opus: settings, fitsBandwidth: bandwidth.fits(priced, packetTime: packetTime),
            transcoding: !(format.map { $0.isRelayable(to: network) } ?? false))
    }

    // MARK: Ranking

    /// Preference among choices that fit: relaying unchanged to the network side first (no transcoding: the E1 side
    /// is G.711, nothing sounds better than its own samples, and transcoding adds delay and tandem impairment),
    /// then ``SDPCodec/quality`` (the offer's ranking, docs/forking.md).
    func rank(_ choice: CodecChoice) -> Int {
        (choice.fitsBandwidth ? 1000 : 0) + (choice.transcoding ? 0 : 100) + choice.codec.quality
    }

    /// The best choice for `bandwidth` among the candidates not `excluded` (encoding names, lowercased): the
    /// best-ranked that fits; when none fits, the lowest rate on the wire (the least overload). Nil when there is
    /// no candidate at all.
    public func best(bandwidth: SDPDeviceBandwidth, excluding excluded: Set<String> = []) -> CodecChoice? {
        let choices = candidates.filter { !excluded.contains($0.encodingName.lowercased()) }.map {
            choice($0, bandwidth: bandwidth)
        }
        let fitting = choices.filter(\.fitsBandwidth)
        if !fitting.isEmpty { return first(fitting, by: { rank($0) > rank($1) }) }
        return first(choices, by: { onWire($0) < onWire($1) || (onWire($0) == onWire($1) && rank($0) > rank($1)) })
    }

    /// A lower-rate choice to step down to under sustained loss: among candidates other than `current`'s codec and
    /// not excluded, those whose rate on the wire (at the rate that fits) is below `current`'s; the best-ranked
    /// of them. Nil when nothing is lower.
    public func lower(than current: CodecChoice, bandwidth: SDPDeviceBandwidth, excluding excluded: Set<String>)
        -> CodecChoice?
    {
        let currentRate = onWire(current)
        let lower = others(than: current, excluding: excluded).map { choice($0, bandwidth: bandwidth) }.filter {
            onWire($0) < currentRate && ($0.fitsBandwidth || !current.fitsBandwidth)
        }
        return first(lower, by: { rank($0) > rank($1) })
    }

    /// The next better fitting choice to step up to after recovery: among those ranked above `current`, the lowest
    /// rate on the wire (one step of rate at a time), and of equal rates the best-ranked (G.729 → PCMA, not PCMU
    /// then PCMA: two re-INVITEs for no change of rate). Nil when `current` is the best.
    public func higher(than current: CodecChoice, bandwidth: SDPDeviceBandwidth, excluding excluded: Set<String>)
        -> CodecChoice?
    {
        let currentRank = rank(choice(current.codec, bandwidth: bandwidth))
        let better = others(than: current, excluding: excluded).map { choice($0, bandwidth: bandwidth) }.filter {
            $0.fitsBandwidth && rank($0) > currentRank
        }
        return first(better, by: { onWire($0) < onWire($1) || (onWire($0) == onWire($1) && rank($0) > rank($1)) })
    }

    func onWire(_ choice: CodecChoice) -> UInt64 { choice.onWire(packetTime: packetTime) }

    private func others(than current: CodecChoice, excluding excluded: Set<String>) -> [SDPCodec] {
        candidates.filter {
            !excluded.contains($0.encodingName.lowercased())
                && $0.encodingName.lowercased() != current.codec.encodingName.lowercased()
        }
    }

    /// The first element that no other precedes (stable: ties keep the candidates' order).
    private func first(_ choices: [CodecChoice], by precedes: (CodecChoice, CodecChoice) -> Bool) -> CodecChoice? {
        var best: CodecChoice?
        for choice in choices where best.map({ precedes(choice, $0) }) ?? true { best = choice }
        return best
    }
}
