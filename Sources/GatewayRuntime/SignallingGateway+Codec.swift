public import CodecPolicy
public import MediaBridge
import MediaBridgeService
import MediaCodecs
// Declared by CodecPolicy and MediaBridgeService, both dependencies of this target: the chooser's time type.
public import MediaSessions
import NIOCore
import RTPWire
public import SDPNegotiation
public import SDPWire
import TelecomTypes

/// How the gateway chooses and switches the codec of an answered call's app leg (issue 6 item 4).
public struct GatewayCodecPolicy: Sendable {
    /// Whether answered calls with media get a codec chooser at all.
    public var enabled: Bool
    /// The chooser's thresholds and windows (``CodecPolicyConfiguration``: the defaults carry their reasons).
    public var configuration: CodecPolicyConfiguration
    /// The chooser's clock: every report and answer is stamped with it (injected so tests run the chooser's
    /// 15 s loss window and 30 s switch interval on a manual clock).
    public var clock: @Sendable () -> MediaTime
    /// How long a re-INVITE may go without outcome before it counts as failed (as a 408): past Timer B, 64·T1 =
    /// 32 s (RFC 3261 §17.1.1.2), after which the INVITE transaction has ended one way or another. It also
    /// covers a re-INVITE the SIP side did not send (one of its own was in progress, RFC 3261 §14.1).
    public var answerTimeout: Duration

    public init(
        enabled: Bool = true, configuration: CodecPolicyConfiguration = .init(),
        clock: @escaping @Sendable () -> MediaTime = GatewayCodecPolicy.monotonicClock(),
        answerTimeout: Duration = .seconds(40)
    ) {
        self.enabled = enabled
        self.configuration = configuration
        self.clock = clock
        self.answerTimeout = answerTimeout
    }

    /// Monotonic time since the call of this function.
    public static func monotonicClock() -> @Sendable () -> MediaTime {
        let start = ContinuousClock.now
        return { MediaTime(nanoseconds: (ContinuousClock.now - start).nanosecondsValue) }
    }
}

/// One answered call's codec chooser and the re-INVITE it waits for.
struct CodecLeg {
    var chooser: CodecChooser
    /// The offer of the re-INVITE in flight (its answer is checked against it, RFC 3264 §6).
    var offer: SDPSessionDescription?
    /// Numbers the re-INVITEs, so a late answer timeout is ignored.
    var attempt = 0
    var timeout: Scheduled<Void>?
    /// What the 2xx to the re-INVITE negotiated (payload types, address) and the answer itself, for
    /// `.codecInEffect`.
    var answer: (negotiated: SDPNegotiatedAudio, sdp: SDPSessionDescription)?
}

/// The codec chooser (``CodecChooser``) joined to a running call: the app leg's RTCP report blocks from the media
/// bridge go in, its decisions come out as Opus settings on the bridge, re-INVITEs through the SIP side, and the
/// answer's codec on the bridge (docs/codecs.md "Codec chooser").
///
/// ```
/// MediaBridgeService ──AppLegReport──▶ chooser.receiveReport ──.adaptOpus──▶ MediaBridgeService.adaptOpus
///                                                            ──.switchCodec─▶ SubscriberForking.modifySession
/// SIP 2xx (sessionModified) ─▶ evaluate vs. our offer ─▶ chooser.receiveAnswer ─.codecInEffect─▶ changeCodec
/// SIP 488/491/… or no outcome in `answerTimeout` ─▶ chooser.reinviteFailed (back-off; the codec stays)
/// ```
/// All on the gateway's event loop; the chooser is stamped with ``GatewayCodecPolicy/clock``.
extension SignallingGateway {
    /// The device answered: a chooser for the leg from our offer and its answer; the bridge's Opus encoder gets
    /// the chooser's settings at once (the rate that fits the device's bandwidth).
    func startCodecPolicy(_ cic: CircuitIdentificationCode, serial: UInt64, offer: [UInt8], answer: [UInt8]) {
        guard codecPolicy.enabled, let media, forking != nil, forwarded[cic]?.serial == serial,
            forwarded[cic]?.mediaAttached == true
        else { return }
        let chooser: CodecChooser
        do {
            let offered = try SDPSessionDescription(parsing: offer)
            let answered = try SDPSessionDescription(parsing: answer)
            guard let local = SDPLocalMedia(offer: offered) else {
                logLine("CIC \(cic) codec: our offer has no audio to re-offer; no codec switching")
                return
            }
            let negotiated = try SDPOfferAnswer.evaluate(answer: answered, offer: offered)
            chooser = try CodecChooser(
                local: local, remote: answered, negotiated: negotiated,
                bandwidth: SDPDeviceBandwidth(lastDescription: answered), configuration: codecPolicy.configuration,
                at: codecPolicy.clock())
        } catch {
            logLine("CIC \(cic) codec: no codec switching (\(error))")
            return
        }
        forwarded[cic]?.codec = CodecLeg(chooser: chooser)
        logLine("CIC \(cic) codec: \(chooser.current) (bandwidth \(chooser.bandwidth))")
        let loop = eventLoop
        media.setReportTap(cic: Int(cic.value)) { [weak self] report in
            guard let gateway = self else { return }
            loop.execute { gateway.codecReport(cic, serial: serial, report) }
        }
        if let opus = chooser.current.opus {
            performCodec(cic, serial: serial, [.adaptOpus(opus, reason: .bandwidthChanged)])
        }
    }

    /// An RTCP report block about our stream on the leg (RFC 3550 §6.4.1).
    func codecReport(_ cic: CircuitIdentificationCode, serial: UInt64, _ report: AppLegReport) {
        guard forwarded[cic]?.serial == serial,
            let actions = forwarded[cic]?.codec?.chooser.receiveReport(
                report.block, arrival: report.arrival, at: codecPolicy.clock())
        else { return }
        performCodec(cic, serial: serial, actions)
    }

    /// The 2xx answer to our re-INVITE: checked against our offer (RFC 3264 §6), its codec in effect (§8); a new
    /// `b=` in it is the leg's bandwidth from now on.
    func codecAnswered(_ cic: CircuitIdentificationCode, serial: UInt64, answer: [UInt8]) {
        guard forwarded[cic]?.serial == serial, var leg = forwarded[cic]?.codec, let offer = leg.offer else { return }
        leg.timeout?.cancel()
        leg.timeout = nil
        leg.offer = nil
        let now = codecPolicy.clock()
        var actions: [CodecPolicyAction]
        do {
            let answered = try SDPSessionDescription(parsing: answer)
            let negotiated = try SDPOfferAnswer.evaluate(answer: answered, offer: offer)
            leg.answer = (negotiated, answered)
            // Our re-offer is our side of the session now (what a device's own offer is answered from).
            if let local = SDPLocalMedia(offer: offer) { forwarded[cic]?.localMedia = local }
            actions = leg.chooser.receiveAnswer(negotiated, at: now)
            let bandwidth = SDPDeviceBandwidth(lastDescription: answered)
            if bandwidth != leg.chooser.bandwidth { actions += leg.chooser.bandwidthChanged(bandwidth, at: now) }
        } catch {
            // An answer that breaks RFC 3264 §6 cannot be put in effect: as a refusal, the codec stays.
            logLine("CIC \(cic) codec: re-INVITE answer unusable (\(error)); the codec stays")
            actions = leg.chooser.reinviteFailed(status: 488, at: now)
        }
        forwarded[cic]?.codec = leg
        performCodec(cic, serial: serial, actions)
    }

    /// Our re-INVITE failed (RFC 3261 §14.1: the session is unchanged): the chooser backs off.
    func codecRefused(_ cic: CircuitIdentificationCode, serial: UInt64, status: Int, attempt: Int? = nil) {
        guard forwarded[cic]?.serial == serial, var leg = forwarded[cic]?.codec, leg.offer != nil,
            attempt.map({ $0 == leg.attempt }) ?? true
        else { return }
        leg.timeout?.cancel()
        leg.timeout = nil
        leg.offer = nil
        let actions = leg.chooser.reinviteFailed(status: status, at: codecPolicy.clock())
        forwarded[cic]?.codec = leg
        logLine("CIC \(cic) codec: re-INVITE failed with \(status); \(leg.chooser.current) stays")
        performCodec(cic, serial: serial, actions)
    }

    func performCodec(_ cic: CircuitIdentificationCode, serial: UInt64, _ actions: [CodecPolicyAction]) {
        guard let media else { return }
        let circuit = Int(cic.value)
        for action in actions {
            switch action {
            case .adaptOpus(let settings, let reason):
                logLine(
                    "CIC \(cic) codec: Opus \(settings.bitrate / 1000) kbit/s, FEC \(settings.inbandFEC), loss \(settings.packetLossPercent) % (\(reason))"
                )
                media.adaptOpus(cic: circuit, leg: Self.forkedMediaLeg, settings: settings).whenFailure { error in
                    self.eventLoop.execute { self.logLine("CIC \(cic) codec: Opus settings not applied (\(error))") }
                }
            case .switchCodec(let decision):
                sendReinvite(cic, serial: serial, decision)
            case .codecInEffect(let choice):
                guard let (negotiated, answer) = forwarded[cic]?.codec?.answer,
                    let codec = MediaLegCodec(choice: choice, negotiated: negotiated, answer: answer)
                else {
                    logLine("CIC \(cic) codec: \(choice) cannot be bridged; the leg keeps its codec")
                    continue
                }
                let remote = try? SocketAddress(ipAddress: negotiated.remoteAddress, port: Int(negotiated.remotePort))
                logLine("CIC \(cic) codec: \(choice) in effect, payload type \(codec.payloadType.rawValue)")
                // What the leg runs now (a device's later offer is compared with it).
                forwarded[cic]?.settled = negotiated
                media.changeCodec(cic: circuit, leg: Self.forkedMediaLeg, codec: codec, remote: remote).whenFailure {
                    error in
                    self.eventLoop.execute { self.logLine("CIC \(cic) codec: \(choice) not set up (\(error))") }
                }
            }
        }
    }

    /// `.switchCodec`: the re-INVITE through the SIP side, bounded by ``GatewayCodecPolicy/answerTimeout``.
    private func sendReinvite(_ cic: CircuitIdentificationCode, serial: UInt64, _ decision: CodecSwitch) {
        guard var leg = forwarded[cic]?.codec else { return }
        guard let forking, let handle = forwarded[cic]?.handle else {
            // Not placed yet as far as this side knows: as a failure, so the chooser backs off and tries later.
            let actions = leg.chooser.reinviteFailed(status: 500, at: codecPolicy.clock())
            forwarded[cic]?.codec = leg
            performCodec(cic, serial: serial, actions)
            return
        }
        guard forking.modifySession(handle, offer: decision.offer.encoded) else {
            logLine("CIC \(cic) codec: the SIP side cannot re-INVITE; codec switching off for the call")
            forwarded[cic]?.codec = nil
            media?.setReportTap(cic: Int(cic.value), tap: nil)
            return
        }
        leg.offer = decision.offer
        leg.attempt += 1
        let attempt = leg.attempt
        leg.timeout = eventLoop.scheduleTask(in: Self.timeAmount(codecPolicy.answerTimeout)) { [weak self] in
            self?.codecRefused(cic, serial: serial, status: 408, attempt: attempt)
        }
        forwarded[cic]?.codec = leg
        logLine("CIC \(cic) codec: re-INVITE \(decision.from) → \(decision.to) (\(decision.reason))")
    }
}

extension MediaLegCodec {
    /// The bridge's codec for what the chooser put in effect: the answer's payload types and packet time (RFC 3264
    /// §6.1: we send with the answerer's numbers), the answer's fmtp for the codec when `answer` is given (what the
    /// device takes, e.g. G.729 `annexb=no`, RFC 4856 §2.1.9 — `SDPOfferAnswer.evaluate` reports our offer's), and
    /// for Opus the chooser's encoder settings.
    public init?(choice: CodecChoice, negotiated: SDPNegotiatedAudio, answer: SDPSessionDescription? = nil) {
        var negotiated = negotiated
        let format = String(negotiated.payloadType)
        if let parameters = answer?.media.first(where: { $0.media == "audio" })?.formatParameters(for: format) {
            negotiated.codec.formatParameters = parameters.parameters
        }
        guard var codec = MediaLegCodec(negotiated: negotiated) else { return nil }
        if choice.isOpus, negotiated.codec.isOpus, let opus = choice.opus {
            codec.format = .opus(opus)
        }
        self = codec
    }
}
