import Foundation
import Interworking
import MediaBridge
import MediaCodecs
public import MediaTransport
import MediaSessions
import NIOCore
import RoutingClient
import RoutingCore
import RoutingService
import SIPEdge
import SIPForking
import TelecomTypes
import RTPWire
import SDPNegotiation
import SDPWire
import VoicemailProtocol

/// Where a soft switch's call taken to voicemail gets its RTP leg: the `[sip]` media address and RTP port range.
public struct IngressMediaSettings: Sendable {
    public var host: String
    public var ports: RTPPortRange

    public init(host: String, ports: RTPPortRange) {
        self.host = host
        self.ports = ports
    }
}

/// The voicemail deposit of a soft switch's call nobody answered (issue 7 item 2 for SIP ingress). The switch's call
/// has no timeslot: Reroute answers it on an RTP leg of its own (RFC 3264: our answer to the switch's offer, G.711
/// with telephone-event), and the pure ``AnnouncementLeg`` plays the greeting and the beep and hears the caller
/// (audio and RFC 4733 digits) one packet period per tick of a timer on the edge's event loop. ``VoicemailDeposit``
/// (pure) decides as for an IAM; the recording goes to the same ``VoicemailRecorder`` (A-law spool, then the
/// routing server's store and alerts). The deposit ends with our BYE, or with the switch's.
extension SIPTrunkIngress {
    struct Deposit {
        var state: VoicemailDepositState
        /// Nil until the RTP leg is bound and the answer made (the greeting has not started).
        var media: DepositMedia?
        /// The call ended: the deposit was finished or aborted, the leg closed (once).
        var closed = false
    }

    /// The deposit's RTP leg and its packet-period timer (event-loop confined).
    final class DepositMedia: @unchecked Sendable {
        let transport: RTPLegTransport
        let leg: AnnouncementLeg
        var ticker: RepeatedTask?
        /// The periods run since `start`: the timer only wakes us, the clock says how many are due (a late wake-up
        /// runs the missed ones), so the prompt goes out and the caller is heard at the real rate.
        var start = NIODeadline.now()
        var periods: Int64 = 0

        init(transport: RTPLegTransport, leg: AnnouncementLeg) {
            self.transport = transport
            self.leg = leg
        }

        func close() {
            ticker?.cancel()
            ticker = nil
            let transport = self.transport
            Task { try? await transport.close() }
        }
    }

    /// The codecs we answer a switch with: G.711 both laws and telephone-event (the deposit records A-law).
    static let depositCodecs: [SDPCodec] = [.pcma, .pcmu, .telephoneEvent]

    /// `.startVoicemail`: answer the switch on an RTP leg of ours and take a message. When that cannot be done (no
    /// recorder, no G.711 in the offer, no free port) the call ends as it would without voicemail: the switch gets
    /// the status of `why`'s cause and the routing server a missed call.
    func startDeposit(_ callID: String, why: ForwardedCallControl.Unanswered) {
        guard let call = calls[callID], var unanswered = call.unanswered, let voicemail, let mediaSettings else {
            return depositImpossible(callID, why: why, "no voicemail configured")
        }
        unanswered.reason = SignallingGateway.reasonWord(why)
        let offer: SDPSessionDescription
        let negotiated: SDPNegotiatedAudio
        do {
            offer = try SDPSessionDescription(parsing: call.offer)
            let probe = SDPLocalMedia(
                sessionID: 1, address: mediaSettings.host, port: 9, codecs: Self.depositCodecs, rtcpMux: true)
            negotiated = try SDPOfferAnswer.answer(to: offer, local: probe).audio
        } catch {
            return depositImpossible(callID, why: why, "the switch's offer has no G.711 we can answer (\(error))")
        }
        guard let codec = MediaLegCodec(negotiated: negotiated) else {
            return depositImpossible(callID, why: why, "no codec for \(negotiated.codec.encodingName)")
        }
        let leg: AnnouncementLeg
        do {
            leg = try AnnouncementLeg(codec: codec)
        } catch {
            return depositImpossible(callID, why: why, "\(error)")
        }
        log("SIP \(callID) voicemail: \(unanswered.reason), taking a message (\(negotiated.codec.encodingName))")
        // The deposit exists from now on: a caller who hangs up before the leg is ready is still a missed call.
        calls[callID]?.deposit = Deposit(
            state: VoicemailDepositState(configuration: voicemail.configuration, call: unanswered), media: nil)
        let serial = call.serial
        let loop = edge.eventLoop
        let remote = try? SocketAddress(ipAddress: negotiated.remoteAddress, port: Int(negotiated.remotePort))
        // A forked call asked for the account's greeting with its ring timeout; a call with no device did not.
        let known = call.preferencesAsked ? call.greeting : nil
        let asked = call.preferencesAsked
        let subscriber = try? E164Number(parsing: unanswered.called)
        let (router, log) = (self.router, self.log)
        Task {
            var greeting = known
            if !asked, let subscriber {
                greeting = await router.accountPreferences(subscriber: subscriber) { log("SIP \(callID) \($0)") }.greeting
            }
            do {
                var generator = SystemRandomNumberGenerator()
                let ssrc = UInt32.random(in: 1 ... .max, using: &generator)
                let session = RTPSession.Configuration(
                    ssrc: ssrc, clockRate: 8000, initialSequence: .random(in: 0 ... .max),
                    initialTimestamp: .random(in: 0 ... .max), cname: "reroute-vm@\(mediaSettings.host)",
                    ntpEpoch: NTPTimestamp(rawValue: 0), randomSeed: UInt64(ssrc))
                let transport = try await RTPLegTransport.bind(
                    host: mediaSettings.host, range: mediaSettings.ports,
                    offset: Int.random(in: 0..<512, using: &generator), configuration: session, signalled: remote,
                    group: loop
                ) { [weak self] event in
                    guard case .media(let packet, _) = event else { return }
                    // On the leg's event loop, which is the edge's.
                    self?.calls[callID]?.deposit?.media?.leg.receive(packet)
                }
                let answer: SDPSessionDescription
                do {
                    let local = SDPLocalMedia(
                        sessionID: UInt64.random(in: 1...UInt64(UInt32.max), using: &generator),
                        address: mediaSettings.host, port: UInt16(transport.localAddress?.port ?? 0),
                        codecs: Self.depositCodecs, rtcpMux: true)
                    answer = try SDPOfferAnswer.answer(to: offer, local: local).answer
                } catch {
                    try? await transport.close()
                    throw error
                }
                let chosen = greeting
                loop.execute {
                    guard self.calls[callID]?.serial == serial, let deposit = self.calls[callID]?.deposit,
                        deposit.media == nil, !deposit.closed
                    else {
                        Task { try? await transport.close() }
                        return
                    }
                    self.depositReady(
                        callID, media: DepositMedia(transport: transport, leg: leg), answer: answer.encoded,
                        greeting: chosen ?? voicemail.prompts.greeting)
                }
            } catch {
                loop.execute {
                    guard self.calls[callID]?.serial == serial, self.calls[callID]?.deposit?.closed == false else {
                        return
                    }
                    self.calls[callID]?.deposit = nil
                    self.depositImpossible(callID, why: why, "no RTP leg: \(error)")
                }
            }
        }
    }

    private func depositImpossible(_ callID: String, why: ForwardedCallControl.Unanswered, _ reason: String) {
        log("SIP \(callID) voicemail not possible: \(reason); the call ends unanswered")
        if let missed = calls[callID]?.unanswered { report(missed, reason: SignallingGateway.reasonWord(why)) }
        if let serial = calls[callID]?.serial { controlEvent(callID, serial: serial, .voicemailFinished(why.cause)) }
    }

    private func depositReady(_ callID: String, media: DepositMedia, answer: [UInt8], greeting: [Int16]) {
        calls[callID]?.answerSDP = answer
        calls[callID]?.greeting = greeting
        calls[callID]?.deposit?.media = media
        let period = Int64(media.leg.codec.ptime) * 1_000_000
        media.start = .now()
        // Woken twice a period; each wake-up runs the periods the clock says are due (at most 10 behind).
        media.ticker = edge.eventLoop.scheduleRepeatedTask(
            initialDelay: .nanoseconds(period / 2), delay: .nanoseconds(period / 2)
        ) { [weak self] _ in
            guard let self, let media = self.calls[callID]?.deposit?.media else { return }
            let due = (NIODeadline.now() - media.start).nanoseconds / period
            if due - media.periods > 10 { media.periods = due - 10 }
            while media.periods < due, self.calls[callID]?.deposit?.closed == false {
                media.periods += 1
                self.depositTick(callID)
            }
        }
        deposit(callID) { $0.start() }
    }

    /// One packet period: the prompt out, the caller's audio to the recording and a digit to the deposit.
    private func depositTick(_ callID: String) {
        guard let media = calls[callID]?.deposit?.media else { return }
        let period = media.leg.tick()
        for packet in period.outgoing {
            media.transport.send(
                payloadType: packet.payloadType, payload: ByteBuffer(bytes: packet.payload), samples: packet.samples,
                marker: packet.marker)
        }
        if period.promptFinished { deposit(callID) { $0.promptFinished() } }
        if let digit = period.digit {
            log("SIP \(callID) voicemail: caller pressed \(digit)")
            deposit(callID) { $0.receiveDigit(digit.character) }
        }
        if calls[callID]?.deposit?.state.recording == true, var deposit = calls[callID]?.deposit {
            let actions = deposit.state.record(period.heard) { log("SIP \(callID) \($0)") }
            calls[callID]?.deposit = deposit
            performDeposit(callID, actions)
        }
    }

    /// Runs one input of the deposit and performs its actions (on the event loop).
    func deposit(_ callID: String, _ input: (inout VoicemailDeposit) -> [VoicemailAction]) {
        guard var deposit = calls[callID]?.deposit else { return }
        let actions = input(&deposit.state.machine)
        calls[callID]?.deposit = deposit
        performDeposit(callID, actions)
    }

    /// The switch's call ended while a message was taken (or before the leg was ready): the recording ends with
    /// what was said, or the call is a missed call; the leg closes. Once per call.
    func depositEnded(_ callID: String, callerHungUp: Bool) {
        guard let deposit = calls[callID]?.deposit, !deposit.closed else { return }
        if deposit.media == nil {
            // Nothing was played: as a caller who hangs up before the beep, a missed call.
            if let recorder = voicemail?.recorder {
                var call = deposit.state.call
                call.durationMilliseconds = max(0, Int(Date().timeIntervalSince(call.at) * 1000))
                let log = self.log
                Task {
                    do {
                        try await recorder.unanswered(call)
                    } catch {
                        log("SIP \(callID) voicemail: the routing server did not store the missed call: \(error)")
                    }
                }
            }
        } else {
            self.deposit(callID) { callerHungUp ? $0.callerHungUp() : $0.abort() }
        }
        calls[callID]?.deposit?.closed = true
        calls[callID]?.deposit?.state.cancelTimers()
        calls[callID]?.deposit?.media?.close()
    }

    private func performDeposit(_ callID: String, _ actions: [VoicemailAction]) {
        guard let voicemail, let serial = calls[callID]?.serial else { return }
        let loop = edge.eventLoop
        for action in actions {
            switch action {
            case .answer:
                feed(callID, .answer(sdp: calls[callID]?.answerSDP ?? []))
            case .play(let prompt):
                let samples = prompt == .greeting ? (calls[callID]?.greeting ?? voicemail.prompts.greeting) : voicemail.prompts.beep
                calls[callID]?.deposit?.media?.leg.play(samples)
            case .stopPlaying:
                calls[callID]?.deposit?.media?.leg.stop()
            case .startRecording:
                calls[callID]?.deposit?.state.beginRecording(voicemail.recorder) { log("SIP \(callID) \($0)") }
            case .startTimer(let timer, let after):
                calls[callID]?.deposit?.state.schedule(timer, after: after, on: loop) { [weak self] in
                    guard let self, self.calls[callID]?.serial == serial else { return }
                    self.calls[callID]?.deposit?.state.timers[timer] = nil
                    self.deposit(callID) { $0.timerFired(timer) }
                }
            case .cancelTimer(let timer):
                calls[callID]?.deposit?.state.cancel(timer)
            case .finishRecording(let outcome):
                let log = self.log
                calls[callID]?.deposit?.state.finish(outcome, recorder: voicemail.recorder) { log("SIP \(callID) \($0)") }
            case .release:
                controlEvent(callID, serial: serial, .voicemailFinished(.normalCallClearing))
            }
        }
    }
}
