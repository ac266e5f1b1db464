import Foundation
import Interworking
import ISUPWire
import MediaBridgeService
import MediaCodecs
import NIOCore
import RoutingCore
import RoutingService
import TelecomTypes
public import VoicemailProtocol

/// What the gateway needs to take messages (`[sip] unanswered = voicemail` with `[media]`): where they go, the
/// prompts, and the deposit's limits.
public struct GatewayVoicemail: Sendable {
    public var recorder: any VoicemailRecorder
    public var prompts: VoicemailPrompts
    public var configuration: VoicemailConfiguration

    public init(recorder: any VoicemailRecorder, prompts: VoicemailPrompts, configuration: VoicemailConfiguration = .init()) {
        self.recorder = recorder
        self.prompts = prompts
        self.configuration = configuration
    }
}

/// The voicemail deposit of a forwarded call nobody answered (issue 7 item 2): ``ForwardedCallControl`` decides
/// `.startVoicemail`; ``VoicemailDeposit`` (pure) runs the greeting, the beep and the recording; this shell answers
/// the network leg (ANM), plays the prompts on the call's timeslot, feeds the caller's audio to the deposit and to
/// the routing server's voicemail spool (A-law as it comes, on disk at once), runs its timers, and ends with
/// `.voicemailFinished` (REL normal clearing) or with the caller's REL.
extension SignallingGateway {
    /// Starts the deposit; false when this gateway cannot take messages for the call (no media bridge, no
    /// recorder): the caller is then released with the fork's cause.
    func startDeposit(_ cic: CircuitIdentificationCode, why: ForwardedCallControl.Unanswered) -> Bool {
        guard let voicemail, media != nil, let leg = forwarded[cic], leg.mediaAttached, var call = leg.unanswered
        else { return false }
        call.reason = Self.reasonWord(why)
        forwarded[cic]?.deposit = VoicemailDepositState(configuration: voicemail.configuration, call: call)
        logLine("CIC \(cic) voicemail: \(call.reason), taking a message")
        // `#` skips the greeting or ends the message (detected on the timeslot, Q.24).
        let serial = leg.serial
        let loop = eventLoop
        media?.setDigitTap(cic: Int(cic.value)) { [weak self] _, digit in
            loop.execute {
                guard let self, self.forwarded[cic]?.serial == serial else { return }
                self.logLine("CIC \(cic) voicemail: caller pressed \(digit)")
                self.deposit(cic) { $0.receiveDigit(digit) }
            }
        }
        deposit(cic) { $0.start() }
        return true
    }

    /// Runs one input of the deposit and performs its actions (on the event loop).
    func deposit(_ cic: CircuitIdentificationCode, _ input: (inout VoicemailDeposit) -> [VoicemailAction]) {
        guard var state = forwarded[cic]?.deposit else { return }
        let actions = input(&state.machine)
        forwarded[cic]?.deposit = state
        performDeposit(cic, actions)
    }

    /// The caller's REL while a message is being taken: the recording ends with what was said.
    func depositCallerHungUp(_ cic: CircuitIdentificationCode) {
        guard forwarded[cic]?.deposit != nil else { return }
        deposit(cic) { $0.callerHungUp() }
    }

    private func performDeposit(_ cic: CircuitIdentificationCode, _ actions: [VoicemailAction]) {
        guard let media, let voicemail, let serial = forwarded[cic]?.serial else { return }
        let circuit = Int(cic.value)
        let loop = eventLoop
        for action in actions {
            switch action {
            case .answer:
                perform(coreAnswer(cic))
                media.answerLocally(cic: circuit)
            case .play(let prompt):
                let greeting = forwarded[cic]?.greeting ?? voicemail.prompts.greeting
                let samples = prompt == .greeting ? greeting : voicemail.prompts.beep
                media.play(cic: circuit, samples: samples) { [weak self] in
                    loop.execute {
                        guard let self, self.forwarded[cic]?.serial == serial else { return }
                        self.deposit(cic) { $0.promptFinished() }
                    }
                }
            case .stopPlaying:
                media.stopAnnouncements(cic: circuit)
            case .startRecording:
                forwarded[cic]?.deposit?.beginRecording(voicemail.recorder) { logLine("CIC \(cic) \($0)") }
                media.setRecording(cic: circuit) { [weak self] _, samples in
                    loop.execute {
                        guard let self, self.forwarded[cic]?.serial == serial else { return }
                        self.depositAudio(cic, samples)
                    }
                }
            case .startTimer(let timer, let after):
                forwarded[cic]?.deposit?.schedule(timer, after: after, on: loop) { [weak self] in
                    guard let self, self.forwarded[cic]?.serial == serial else { return }
                    self.forwarded[cic]?.deposit?.timers[timer] = nil
                    self.deposit(cic) { $0.timerFired(timer) }
                }
            case .cancelTimer(let timer):
                forwarded[cic]?.deposit?.cancel(timer)
            case .finishRecording(let outcome):
                media.setRecording(cic: circuit, tap: nil)
                media.setDigitTap(cic: circuit, tap: nil)
                let log: @Sendable (String) -> Void = { [weak self] line in loop.execute { self?.logLine("CIC \(cic) \(line)") } }
                forwarded[cic]?.deposit?.finish(outcome, recorder: voicemail.recorder, log: log)
            case .release:
                forwardedEvent(cic, .voicemailFinished(.normalCallClearing))
            }
        }
    }

    /// 20 ms of the caller's audio while recording: to the spool, and its level to the deposit.
    private func depositAudio(_ cic: CircuitIdentificationCode, _ samples: [Int16]) {
        guard var state = forwarded[cic]?.deposit else { return }
        let actions = state.record(samples) { logLine("CIC \(cic) \($0)") }
        forwarded[cic]?.deposit = state
        performDeposit(cic, actions)
    }

    /// What the routing server keeps of a forwarded call nobody answered (reason and duration filled in later).
    static func unansweredCall(callRef: String, call: ForwardedCall, iam: ISUPMessage) -> UnansweredCall {
        let presentation: CallerPresentation =
            call.calling == nil
            ? .unavailable : (iam.callingPartyNumber?.presentation == .restricted ? .restricted : .allowed)
        return UnansweredCall(
            callRef: callRef, at: Date(), caller: call.calling?.description, presentation: presentation,
            called: call.subscriber.description, reason: "", durationMilliseconds: 0)
    }
}
