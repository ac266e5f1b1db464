import Foundation
import MediaCodecs
import NIOCore
import RoutingClient
public import RoutingCore
import RoutingService
import VoicemailProtocol

/// One voicemail deposit as a shell holds it, whichever side the caller is on (an ISUP timeslot in
/// `SignallingGateway+Voicemail`, a soft switch's RTP leg in `SIPTrunkIngress+Voicemail`): the pure machine, the call
/// it is for, the message being written and the machine's timers. The shells play the prompts and answer or release
/// their own leg; what is the same for both — the recording, the timers, the end — is here. Event-loop confined.
struct VoicemailDepositState {
    var machine: VoicemailDeposit
    var call: UnansweredCall
    var upload: (any VoicemailUpload)?
    var timers: [VoicemailTimer: Scheduled<Void>] = [:]
    /// Between `.startRecording` and `.finishRecording`.
    var recording = false

    init(configuration: VoicemailConfiguration, call: UnansweredCall) {
        machine = VoicemailDeposit(configuration: configuration)
        self.call = call
    }

    /// `.startRecording`: opens the message with `recorder`; when that fails the call stays a missed call.
    mutating func beginRecording(_ recorder: any VoicemailRecorder, log: (String) -> Void) {
        do {
            upload = try recorder.begin(call)
        } catch {
            log("voicemail: cannot record (\(error)); the call stays a missed call")
        }
        recording = true
    }

    /// `.startTimer`: `fire` runs on `loop` after `after` (the shell checks the call is still there).
    mutating func schedule(
        _ timer: VoicemailTimer, after: Duration, on loop: any EventLoop, fire: @escaping @Sendable () -> Void
    ) {
        timers[timer]?.cancel()
        timers[timer] = loop.scheduleTask(in: SignallingGateway.timeAmount(after), fire)
    }

    mutating func cancel(_ timer: VoicemailTimer) {
        timers.removeValue(forKey: timer)?.cancel()
    }

    mutating func cancelTimers() {
        for scheduled in timers.values { scheduled.cancel() }
        timers = [:]
    }

    /// 20 ms (or a packet period) of the caller while recording: A-law to the message, and the deposit's input for
    /// its length and level.
    mutating func record(_ samples: [Int16], log: (String) -> Void) -> [VoicemailAction] {
        if let upload {
            do {
                try upload.append(G711Codec.encode(samples, law: .aLaw))
            } catch {
                log("voicemail: writing the message failed (\(error))")
            }
        }
        return machine.receiveAudio(duration: .milliseconds(samples.count / 8), level: AudioLevel.dBov(samples))
    }

    /// `.finishRecording`: the timers stop and the message is closed — kept to `outcome.keptLength` with its alerts,
    /// or dropped for a missed call — or, when none was opened, the missed call reported; off the event loop.
    mutating func finish(
        _ outcome: VoicemailOutcome, recorder: any VoicemailRecorder, log: @escaping @Sendable (String) -> Void
    ) {
        recording = false
        cancelTimers()
        let upload = self.upload
        self.upload = nil
        call.durationMilliseconds = Int(Date().timeIntervalSince(call.at) * 1000)
        let call = self.call
        log("voicemail: \(outcome.end), \(outcome.hasMessage ? "message kept" : "no message")")
        Task {
            do {
                if let upload {
                    try await upload.finish(keep: outcome.hasMessage, keptLength: outcome.keptLength)
                } else {
                    try await recorder.unanswered(call)
                }
            } catch {
                log("voicemail: the routing server did not store it: \(error)")
            }
        }
    }
}

extension IncomingCallRouter {
    /// The account's ring timeout and greeting (as samples) for `subscriber`, asked within the routing timeout; nils
    /// when the routing server cannot say in time (the call is not held up for it) or the greeting does not play.
    public func accountPreferences(subscriber: E164Number, log: (String) -> Void) async
        -> (ringTimeout: Duration?, greeting: [Int16]?)
    {
        let routing = self.routing
        let wait = UInt64(max(0, timeout.nanoseconds))
        let answer: AccountCallPreferences? = await withTaskGroup(of: AccountCallPreferences?.self) { group in
            group.addTask { try? await routing.callSettings(subscriber: subscriber) }
            group.addTask {
                try? await Task.sleep(nanoseconds: wait)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let answer else {
            log("account settings for \(subscriber) not known: the gateway's ring timeout and greeting")
            return (nil, nil)
        }
        var greeting: [Int16]?
        if let wav = answer.greeting {
            do {
                greeting = try VoicemailPrompts.samples(wav: wav)
            } catch {
                log("greeting for \(subscriber) not playable (\(error)): the default")
            }
        }
        return (answer.ringTimeout, greeting)
    }
}
