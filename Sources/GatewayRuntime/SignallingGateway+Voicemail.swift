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
    struct Deposit {
        var machine: VoicemailDeposit
        var call: UnansweredCall
        var upload: (any VoicemailUpload)?
        var timers: [VoicemailTimer: Scheduled<Void>] = [:]
    }

    /// Starts the deposit; false when this gateway cannot take messages for the call (no media bridge, no
    /// recorder): the caller is then released with the fork's cause.
    func startDeposit(_ cic: CircuitIdentificationCode, why: ForwardedCallControl.Unanswered) -> Bool {
        guard let voicemail, media != nil, let leg = forwarded[cic], leg.mediaAttached, var call = leg.unanswered
        else { return false }
        call.reason = Self.reasonWord(why)
        forwarded[cic]?.deposit = Deposit(machine: VoicemailDeposit(configuration: voicemail.configuration), call: call)
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
                guard let call = forwarded[cic]?.deposit?.call else { continue }
                do {
                    forwarded[cic]?.deposit?.upload = try voicemail.recorder.begin(call)
                } catch {
                    logLine("CIC \(cic) voicemail: cannot record (\(error)); the call stays a missed call")
                }
                media.setRecording(cic: circuit) { [weak self] _, samples in
                    loop.execute {
                        guard let self, self.forwarded[cic]?.serial == serial else { return }
                        self.depositAudio(cic, samples)
                    }
                }
            case .startTimer(let timer, let after):
                forwarded[cic]?.deposit?.timers[timer]?.cancel()
                forwarded[cic]?.deposit?.timers[timer] = loop.scheduleTask(in: Self.timeAmount(after)) { [weak self] in
                    guard let self, self.forwarded[cic]?.serial == serial else { return }
                    self.forwarded[cic]?.deposit?.timers[timer] = nil
                    self.deposit(cic) { $0.timerFired(timer) }
                }
            case .cancelTimer(let timer):
                forwarded[cic]?.deposit?.timers.removeValue(forKey: timer)?.cancel()
            case .finishRecording(let outcome):
                media.setRecording(cic: circuit, tap: nil)
                media.setDigitTap(cic: circuit, tap: nil)
                guard var state = forwarded[cic]?.deposit else { continue }
                for scheduled in state.timers.values { scheduled.cancel() }
                state.timers = [:]
                let upload = state.upload
                state.upload = nil
                state.call.durationMilliseconds = Int(Date().timeIntervalSince(state.call.at) * 1000)
                forwarded[cic]?.deposit = state
                let call = state.call
                let recorder = voicemail.recorder
                logLine("CIC \(cic) voicemail: \(outcome.end), \(outcome.hasMessage ? "message kept" : "no message")")
                let log = { [weak self] (line: String) in loop.execute { self?.logLine(line) } }
                Task {
                    do {
                        if let upload {
                            try await upload.finish(keep: outcome.hasMessage, keptLength: outcome.keptLength)
                        } else {
                            try await recorder.unanswered(call)
                        }
                    } catch {
                        log("CIC \(cic) voicemail: the routing server did not store it: \(error)")
                    }
                }
            case .release:
                forwardedEvent(cic, .voicemailFinished(.normalCallClearing))
            }
        }
    }

    /// 20 ms of the caller's audio while recording: to the spool, and its level to the deposit.
    private func depositAudio(_ cic: CircuitIdentificationCode, _ samples: [Int16]) {
        if let upload = forwarded[cic]?.deposit?.upload {
            do {
                try upload.append(G711Codec.encode(samples, law: .aLaw))
            } catch {
                logLine("CIC \(cic) voicemail: writing the message failed (\(error))")
            }
        }
        deposit(cic) { $0.receiveAudio(duration: .milliseconds(samples.count / 8), level: AudioLevel.dBov(samples)) }
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
