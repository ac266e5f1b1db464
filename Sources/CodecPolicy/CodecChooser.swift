public import MediaCodecs
public import MediaSessions
public import RTPWire
public import SDPNegotiation
public import SDPWire

/// The codec policy of one app leg: reports and bandwidth changes in, Opus adaptations and codec switches out.
///
/// ```
///            receiveReport / bandwidthChanged
///   steady ───────────────────────────────────▶ steady      (.adaptOpus: no signalling, RFC 7587 §3.1)
///     │ ▲
///     │ │ receiveAnswer → .codecInEffect (the answer's codec, RFC 3264 §8)
///     │ │ reinviteFailed (488/491/…) → current kept, back-off doubled, a 488'd codec never offered again
///     ▼ │
///   awaitingAnswer ◀── .switchCodec(offer) when the switch is allowed: ≥ minimumSwitchInterval since the last
///                      switch and past the back-off
/// ```
///
/// Decisions, in order, on each event in `steady`:
/// 1. Bandwidth: a running Opus above the rate that fits is lowered at once; a codec that no longer fits is
///    switched for the best that does; a better codec that now fits is switched to when no loss is being seen.
/// 2. Sustained loss (``CodecPolicyConfiguration``: ≥ 3 % for 15 s, every report ≥ 1.5 %): Opus first gets FEC and
///    the expected loss (RFC 6716 §2.1.7, RFC 7587 §3.1.2), then 25 % bitrate cuts down to 16 kbit/s (the FEC floor), and only
///    then a switch to a lower-rate codec; other codecs switch down at once.
/// 3. Sustained recovery (< 1 % for 60 s, longer after a step up that failed): Opus bitrate back up first, then one
///    step up to the next better codec.
///
/// Time is the caller's (``MediaTime``); there are no timers: every decision is taken on an event, and RTCP reports
/// arrive every few seconds for as long as the leg lives (RFC 3550 §6.2).
public struct CodecChooser: Sendable {
    private enum State: Hashable, Sendable {
        case steady
        case awaitingAnswer(CodecSwitch)
    }

    private var state: State = .steady
    /// The codec in effect on the leg.
    public private(set) var current: CodecChoice
    public private(set) var bandwidth: SDPDeviceBandwidth
    public let selection: CodecSelection
    /// Our media, with the session version of the last offer we made.
    public private(set) var local: SDPLocalMedia
    public private(set) var loss: LossTracker
    /// Codecs the device answered 488 to (lowercased encoding names): never offered again on this leg.
    public private(set) var refused: Set<String> = []
    private let telephoneEvent: Bool
    private var lastSwitch: MediaTime
    private var backoffUntil: MediaTime?
    private var failures = 0
    private var lastUpStep: MediaTime?
    private var recoveryMultiplier: Int64 = 1

    var configuration: CodecPolicyConfiguration { selection.configuration }

    /// The re-INVITE in flight, if any.
    public var pendingSwitch: CodecSwitch? {
        guard case .awaitingAnswer(let pending) = state else { return nil }
        return pending
    }

    /// - Parameters:
    ///   - local: our media as offered at call set-up.
    ///   - remoteCodecs: the codecs the device supports (its SDP's formats, ``CodecSelection/common(local:remote:)``).
    ///   - current: the codec the offer/answer settled (``SDPNegotiatedAudio/codec``).
    ///   - now: the time the codec took effect; the first switch is allowed ``CodecPolicyConfiguration/minimumSwitchInterval`` later.
    public init(
        local: SDPLocalMedia, remoteCodecs: [SDPCodec], remoteAcceptsFEC: Bool, current: SDPCodec,
        telephoneEvent: Bool, bandwidth: SDPDeviceBandwidth, packetTime: UInt32 = 20,
        network: CodecFormat = .g711(.aLaw), configuration: CodecPolicyConfiguration = .init(), at now: MediaTime
    ) throws(CodecPolicyError) {
        let common = local.codecs.filter { codec in
            remoteCodecs.contains { $0.encodingName.lowercased() == codec.encodingName.lowercased() }
        }
        let selection = CodecSelection(
            candidates: common, network: network, packetTime: packetTime, configuration: configuration,
            remoteAcceptsFEC: remoteAcceptsFEC)
        guard let codec = selection.candidate(named: current.encodingName) else {
            throw .notSupported(current.encodingName)
        }
        self.selection = selection
        self.local = local
        self.bandwidth = bandwidth
        self.telephoneEvent = telephoneEvent
        self.current = selection.choice(codec, bandwidth: bandwidth)
        self.loss = LossTracker(start: now, perReportFloor: configuration.perReportLossFloor)
        self.lastSwitch = now
    }

    /// From an offer/answer exchange: our offer's media, the device's session description, what was negotiated.
    public init(
        local: SDPLocalMedia, remote: SDPSessionDescription, negotiated: SDPNegotiatedAudio,
        bandwidth: SDPDeviceBandwidth, network: CodecFormat = .g711(.aLaw),
        configuration: CodecPolicyConfiguration = .init(), at now: MediaTime
    ) throws(CodecPolicyError) {
        guard let audio = remote.media.first(where: { $0.media == "audio" }) else { throw .notSupported("audio") }
        let common = CodecSelection.common(local: local.codecs, remote: audio)
        try self.init(
            local: local, remoteCodecs: common.codecs, remoteAcceptsFEC: common.fec, current: negotiated.codec,
            telephoneEvent: negotiated.telephoneEventPayloadType != nil, bandwidth: bandwidth,
            packetTime: negotiated.packetTime, network: network, configuration: configuration, at: now)
    }

    /// The round-trip time from the last report with an LSR (RFC 3550 §6.4.1).
    public var roundTripTime: Duration? { loss.roundTripTime }

    // MARK: Events

    /// A receiver report block about our stream (the caller matches its SSRC), received at `now`; `arrival` is
    /// the NTP wallclock of its arrival, for the RTT.
    public mutating func receiveReport(_ block: RTCPReportBlock, arrival: NTPTimestamp? = nil, at now: MediaTime)
        -> [CodecPolicyAction]
    {
        loss.receive(block, arrival: arrival, at: now)
        return evaluate(at: now, bandwidthChanged: false)
    }

    /// The leg's bandwidth changed (a new SDP, a device report, the routing server's record).
    public mutating func bandwidthChanged(_ new: SDPDeviceBandwidth, at now: MediaTime) -> [CodecPolicyAction] {
        bandwidth = new
        return evaluate(at: now, bandwidthChanged: true)
    }

    /// The 2xx answer to our re-INVITE, checked with ``SDPOfferAnswer/evaluate(answer:offer:)``: its codec is now
    /// in effect (RFC 3264 §8: the answer's first format is what the device sends), whichever it chose.
    public mutating func receiveAnswer(_ negotiated: SDPNegotiatedAudio, at now: MediaTime) -> [CodecPolicyAction] {
        guard case .awaitingAnswer(let pending) = state else { return [] }
        state = .steady
        failures = 0
        backoffUntil = nil
        let name = negotiated.codec.encodingName.lowercased()
        if name == pending.to.codec.encodingName.lowercased() {
            current = pending.to
        } else if let codec = selection.candidate(named: name) {
            current = selection.choice(codec, bandwidth: bandwidth)
        } else {
            current = selection.choice(negotiated.codec, bandwidth: bandwidth)
        }
        // A step up in rate is what a congested link punishes (see `flapMemory`).
        if selection.onWire(current) > selection.onWire(pending.from) { lastUpStep = now }
        loss.reset(at: now)
        return [.codecInEffect(current)]
    }

    /// The re-INVITE failed (RFC 3261 §14.1: 491 glare; RFC 3264 §8 / RFC 3261 §21.4.26: 488 the offer is not
    /// acceptable; or any other final failure): the current codec stays (the old session is unchanged, RFC 3261
    /// §14.1), no offer before a doubled back-off, and a codec refused with 488 is not offered again.
    public mutating func reinviteFailed(status: Int, at now: MediaTime) -> [CodecPolicyAction] {
        guard case .awaitingAnswer(let pending) = state else { return [] }
        state = .steady
        failures += 1
        let factor = Int64(1) << Int64(min(failures - 1, 16))
        backoffUntil = now + min(configuration.initialBackoff * factor, configuration.maximumBackoff)
        if status == 488 || status == 606 { refused.insert(pending.to.codec.encodingName.lowercased()) }
        return []
    }

    // MARK: Decisions

    private mutating func evaluate(at now: MediaTime, bandwidthChanged: Bool) -> [CodecPolicyAction] {
        guard case .steady = state else { return [] }
        if let actions = fitBandwidth(at: now, bandwidthChanged: bandwidthChanged) { return actions }
        if loss.sustainedLoss(
            at: now, window: configuration.lossWindow, minimumReports: configuration.minimumReports,
            threshold: configuration.lossThreshold)
        {
            return stepDown(at: now)
        }
        if loss.sustainedRecovery(
            at: now, window: configuration.recoveryWindow * recoveryMultiplier,
            threshold: configuration.recoveryThreshold)
        {
            return stepUp(at: now)
        }
        return []
    }

    /// Step 1: nil when the bandwidth asks for nothing.
    private mutating func fitBandwidth(at now: MediaTime, bandwidthChanged: Bool) -> [CodecPolicyAction]? {
        if var settings = current.opus, let rate = selection.opusBitrate(fitting: bandwidth) {
            if settings.bitrate > rate {
                settings.bitrate = rate
                return [adapt(settings, reason: .bandwidthChanged, at: now)]
            }
            // More room and no loss being seen: an Opus that was held down by bandwidth (not by loss) goes up now.
            if bandwidthChanged, settings.bitrate < rate, settings.packetLossPercent == 0, loss.lossyRun == nil {
                settings.bitrate = rate
                return [adapt(settings, reason: .bandwidthChanged, at: now)]
            }
        }
        current.fitsBandwidth = bandwidth.fits(current.codec, packetTime: selection.packetTime)
        if !current.fitsBandwidth, let best = selection.best(bandwidth: bandwidth, excluding: refused),
            best.fitsBandwidth, best.codec.encodingName != current.codec.encodingName
        {
            return switchCodec(to: best, reason: .bandwidthChanged, at: now)
        }
        if bandwidthChanged, loss.lossyRun == nil,
            let better = selection.higher(than: current, bandwidth: bandwidth, excluding: refused)
        {
            return switchCodec(to: selection.best(bandwidth: bandwidth, excluding: refused) ?? better,
                reason: .bandwidthChanged, at: now)
        }
        return nil
    }

    /// Step 2: Opus FEC and expected loss, then bitrate, then a lower-rate codec.
    private mutating func stepDown(at now: MediaTime) -> [CodecPolicyAction] {
        let measured = loss.lossyRun?.loss ?? configuration.lossThreshold
        let percent = min(max(Int((measured * 100).rounded(.up)), configuration.opusMinimumLossPercent), 100)
        if var settings = current.opus {
            if settings.packetLossPercent == 0 {
                // RFC 7587 §3.1.2: with FEC the sender "SHOULD" adapt its redundancy to the loss; the encoder sizes
                // LBRR by OPUS_SET_PACKET_LOSS_PERC.
                settings.inbandFEC = selection.remoteAcceptsFEC
                settings.packetLossPercent = percent
                return [adapt(settings, reason: .sustainedLoss, at: now)]
            }
            if settings.bitrate > configuration.opusLossFloorBitrate {
                let cut = Int((Double(settings.bitrate) * configuration.opusBitrateStep / 1000).rounded()) * 1000
                settings.bitrate = max(cut, configuration.opusLossFloorBitrate)
                settings.packetLossPercent = max(settings.packetLossPercent, percent)
                return [adapt(settings, reason: .sustainedLoss, at: now)]
            }
        }
        guard let lower = selection.lower(than: current, bandwidth: bandwidth, excluding: refused) else { return [] }
        let actions = switchCodec(to: lower, reason: .sustainedLoss, at: now)
        if !actions.isEmpty, let up = lastUpStep, now - up <= configuration.flapMemory {
            recoveryMultiplier = min(recoveryMultiplier * 2, 8)
        }
        return actions
    }

    /// Step 3: Opus back up first, then one codec up.
    private mutating func stepUp(at now: MediaTime) -> [CodecPolicyAction] {
        if var settings = current.opus {
            let ceiling = selection.opusBitrate(fitting: bandwidth) ?? configuration.opusMinimumBitrate
            let measured = loss.cleanRun?.loss ?? 0
            let percent = Int((measured * 100).rounded(.up))
            if settings.bitrate < ceiling || settings.packetLossPercent > percent {
                let raised = Int((Double(settings.bitrate) / configuration.opusBitrateStep / 1000).rounded()) * 1000
                settings.bitrate = min(max(raised, settings.bitrate), ceiling)
                settings.packetLossPercent = percent
                return [adapt(settings, reason: .recovery, at: now)]
            }
        }
        guard let higher = selection.higher(than: current, bandwidth: bandwidth, excluding: refused) else { return [] }
        return switchCodec(to: higher, reason: .recovery, at: now)
    }

    private mutating func adapt(_ settings: OpusSettings, reason: CodecSwitchReason, at now: MediaTime)
        -> CodecPolicyAction
    {
        current.opus = settings
        current.codec.bitrate = UInt32(settings.bitrate)
        current.fitsBandwidth = bandwidth.fits(current.codec, packetTime: selection.packetTime)
        loss.reset(at: now)
        return .adaptOpus(settings, reason: reason)
    }

    /// A switch when allowed (minimum interval, back-off); none otherwise — the next event tries again.
    private mutating func switchCodec(to target: CodecChoice, reason: CodecSwitchReason, at now: MediaTime)
        -> [CodecPolicyAction]
    {
        guard now - lastSwitch >= configuration.minimumSwitchInterval, backoffUntil.map({ now >= $0 }) ?? true else {
            return []
        }
        let targetRate = selection.onWire(target)
        let fallbacks = selection.candidates.filter { !refused.contains($0.encodingName.lowercased()) }
            .map { selection.choice($0, bandwidth: bandwidth) }
            .filter { $0.fitsBandwidth && selection.onWire($0) <= targetRate }
            .sorted { selection.rank($0) > selection.rank($1) }
            .map(\.codec)
        local.sessionVersion += 1
        let offer = CodecSwitchOffer.make(
            local: local, chosen: target.codec, fallbacks: fallbacks, telephoneEvent: telephoneEvent)
        let decision = CodecSwitch(from: current, to: target, reason: reason, offer: offer)
        state = .awaitingAnswer(decision)
        lastSwitch = now
        loss.reset(at: now)
        return [.switchCodec(decision)]
    }
}

extension CodecSelection {
    /// The candidate with this encoding name (case-insensitive).
    public func candidate(named name: String) -> SDPCodec? {
        candidates.first { $0.encodingName.lowercased() == name.lowercased() }
    }
}
