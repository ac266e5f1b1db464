public import TelecomTypes

/// The network side of one forwarded call while the subscriber's devices are rung over SIP: what the ISUP side
/// tells the MSC as the SIP fork progresses, and what the SIP side is told when the MSC's caller gives up.
/// Pure: events in, actions out; the one timer (the early ACM, Q.764 Annex A T11) is an action.
///
/// ```
///            fork started ──► ringing ──(T11, no 18x yet)──► ACM "no indication"
///                               │ first 180/183 ──► ACM "subscriber free" (or CPG alerting after an early ACM)
///                               │ 2xx ──► ANM ──► answered ── BYE from the device ──► REL (its cause)
///                               │                    └── REL from the MSC ──► BYE
///                               ├─ every device failed / ring timeout / nobody to ring ──► REL (cause), or
///                               │                                                     voicemail when enabled
///                               └─ REL from the MSC ──► CANCEL every branch (the caller abandoned)
/// ```
///
/// RFC 3398 §8.2 maps the SIP responses to ISUP: 18x → ACM (alerting when the device rings), 2xx → ANM, a final
/// failure → REL with the cause of RFC 3398 §8.2.6.1 (already chosen by the SIP side per RFC 3261 §16.7).
public struct ForwardedCallControl: Hashable, Sendable {
    public struct Configuration: Hashable, Sendable {
        /// Q.764 Annex A T11 (15–20 s): with no news from the called side, an interworking exchange sends ACM
        /// before the MSC's T7 (20–30 s) clears the call. `nil`: never an early ACM.
        public var earlyAddressComplete: Duration?
        /// Where an unanswered or refused call goes: released towards the MSC, or to the subscriber's voicemail
        /// (issue 7: ring timeout, every device rejected, or nobody to ring).
        public var unanswered: Unanswered

        public enum Unanswered: Hashable, Sendable {
            case release
            case voicemail
        }

        public init(earlyAddressComplete: Duration? = .seconds(15), unanswered: Unanswered = .release) {
            self.earlyAddressComplete = earlyAddressComplete
            self.unanswered = unanswered
        }
    }

    /// Why the fork ended without an answer.
    public enum Unanswered: Hashable, Sendable {
        /// The ring timeout fired (Q.850 19 "no answer from user, user alerted").
        case noAnswer
        /// Every device refused or failed; the cause of the best final response (RFC 3261 §16.7, RFC 3398).
        case rejected(Q850Cause)
        /// Nobody to ring: no binding and nobody woken in time (Q.850 20 "subscriber absent").
        case noDevice

        public var cause: Q850Cause {
            switch self {
            case .noAnswer: .noAnswerFromUser
            case .rejected(let cause): cause
            case .noDevice: .subscriberAbsent
            }
        }
    }

    public enum Event: Hashable, Sendable {
        /// A device rings (SIP 180, or 183 without media).
        case deviceAlerting
        /// A device sends early media (183 with an SDP answer): the caller hears it instead of our ringback.
        case deviceEarlyMedia
        /// The first 2xx: the call is answered on that device.
        case deviceAnswered
        case unanswered(Unanswered)
        /// The device hung up after the answer (its BYE; the cause from its Reason header or 16).
        case deviceReleased(Q850Cause)
        /// The MSC released (REL): before the answer the caller abandoned.
        case networkReleased(Q850Cause)
        /// The early-ACM timer (T11) ran out.
        case earlyAddressCompleteTimerFired
        /// The voicemail deposit is over (the caller hung up, or it ended by itself): release with `cause`.
        case voicemailFinished(Q850Cause)
    }

    public enum Action: Hashable, Sendable {
        /// ACM: `alerting` true → called party's status "subscriber free"; false → "no indication" (T11).
        case sendAddressComplete(alerting: Bool)
        /// CPG with event "alerting" (Q.763 §3.21) after an early ACM.
        case sendAlertingProgress
        /// CPG "in-band information available": the caller now hears the device's early media.
        case sendInbandProgress
        /// ANM (or CON if no ACM went).
        case sendAnswer
        /// REL towards the MSC.
        case releaseNetwork(Q850Cause)
        /// CANCEL every branch (before any answer).
        case cancelDevices(Q850Cause)
        /// BYE the answered device.
        case releaseDevice(Q850Cause)
        case startEarlyAddressCompleteTimer(Duration)
        case cancelEarlyAddressCompleteTimer
        /// Answer the network leg and take a message (the voicemail deposit runs in the media shell).
        case startVoicemail(Unanswered)
        /// The call is over on both sides: forget it.
        case finished
    }

    public enum Phase: Hashable, Sendable {
        case ringing(addressCompleteSent: Bool, alertingSignalled: Bool)
        case answered
        case voicemail
        case ended
    }

    public let configuration: Configuration
    public private(set) var phase: Phase = .ringing(addressCompleteSent: false, alertingSignalled: false)

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The fork was started: arm T11.
    public mutating func start() -> [Action] {
        configuration.earlyAddressComplete.map { [.startEarlyAddressCompleteTimer($0)] } ?? []
    }

    public mutating func handle(_ event: Event) -> [Action] {
        switch (phase, event) {
        case (.ringing(let acm, let alerted), .deviceAlerting):
            guard !alerted else { return [] }
            phase = .ringing(addressCompleteSent: true, alertingSignalled: true)
            // RFC 3398 §8.2: the first 18x gives ACM; after an early ACM the alerting goes in a CPG (Q.764 §2.1.5).
            return [.cancelEarlyAddressCompleteTimer] + (acm ? [.sendAlertingProgress] : [.sendAddressComplete(alerting: true)])
        case (.ringing(let acm, _), .deviceEarlyMedia):
            phase = .ringing(addressCompleteSent: true, alertingSignalled: true)
            // The ISUP switch sends ACM first when none went (Q.764 §2.1.5), then the CPG.
            return (acm ? [] : [.cancelEarlyAddressCompleteTimer]) + [.sendInbandProgress]
        case (.ringing(let acm, _), .earlyAddressCompleteTimerFired):
            guard !acm else { return [] }
            phase = .ringing(addressCompleteSent: true, alertingSignalled: false)
            return [.sendAddressComplete(alerting: false)]
        case (.ringing, .deviceAnswered):
            phase = .answered
            return [.cancelEarlyAddressCompleteTimer, .sendAnswer]
        case (.ringing, .unanswered(let why)):
            switch configuration.unanswered {
            case .release:
                phase = .ended
                return [.cancelEarlyAddressCompleteTimer, .releaseNetwork(why.cause), .finished]
            case .voicemail:
                phase = .voicemail
                return [.cancelEarlyAddressCompleteTimer, .startVoicemail(why)]
            }
        case (.ringing, .networkReleased(let cause)):
            phase = .ended
            return [.cancelEarlyAddressCompleteTimer, .cancelDevices(cause), .finished]
        case (.answered, .deviceReleased(let cause)):
            phase = .ended
            return [.releaseNetwork(cause), .finished]
        case (.answered, .networkReleased(let cause)):
            phase = .ended
            return [.releaseDevice(cause), .finished]
        case (.voicemail, .voicemailFinished(let cause)):
            phase = .ended
            return [.releaseNetwork(cause), .finished]
        case (.voicemail, .networkReleased):
            // The caller hung up: the recording ends with the call, nothing more to release.
            phase = .ended
            return [.finished]
        case (.ringing, .deviceReleased(let cause)):
            // A BYE before any 2xx reached us cannot happen in one dialog; treat it as the end of the attempt.
            phase = .ended
            return [.cancelEarlyAddressCompleteTimer, .releaseNetwork(cause), .finished]
        case (.ringing, .voicemailFinished), (.answered, _), (.voicemail, _), (.ended, _):
            return []
        }
    }
}

extension ForwardedCallControl.Unanswered: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noAnswer: "no answer (ring timeout)"
        case .rejected(let cause): "every device refused (cause \(cause.rawValue))"
        case .noDevice: "no device to ring"
        }
    }
}

extension ForwardedCallControl.Event: CustomStringConvertible {
    /// One phrase for logs and the demo's ladder.
    public var description: String {
        switch self {
        case .deviceAlerting: "a device rings"
        case .deviceEarlyMedia: "a device sends early media"
        case .deviceAnswered: "a device answered"
        case .unanswered(let why): "unanswered: \(why)"
        case .deviceReleased(let cause): "the device hung up (cause \(cause.rawValue))"
        case .networkReleased(let cause): "the MSC released (cause \(cause.rawValue))"
        case .earlyAddressCompleteTimerFired: "T11: no device rang yet"
        case .voicemailFinished(let cause): "voicemail over (cause \(cause.rawValue))"
        }
    }
}
