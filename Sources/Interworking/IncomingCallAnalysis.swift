public import ISUPWire
public import RoutingCore

/// What an incoming IAM means for Reroute, decided without I/O: a missed-call validation, a forwarded call for
/// one subscriber number, a call that must not be forwarded again (loop), or a call for nobody.
///
/// The subscriber number is, in order: the original called number (Q.763 §3.39: the number of the first
/// diverting party), else the redirecting number (§3.44: the last one), else the called party number itself
/// when it is not one of Reroute's C numbers (a subscriber number routed to Reroute directly).
public enum IncomingCallAnalysis: Hashable, Sendable {
    /// The called number is the validation number: release unanswered (Q.850 cause 21) and report the caller.
    case missedCallValidation(calling: E164Number?)
    /// Forward to the subscriber's apps.
    case forwarded(ForwardedCall)
    /// The call must not be forwarded again (see ``LoopReason``).
    case loop(ForwardedCall, LoopReason)
    /// No subscriber number can be read from the IAM.
    case noSubscriber(String)

    /// Why a call is not forwarded again.
    public enum LoopReason: Hashable, Sendable, CustomStringConvertible {
        /// Q.763 §3.45 d) redirection counter (or §3.97 redirect counter) at the plan's limit.
        case redirectionLimit(UInt8)
        /// The caller is the subscriber itself: forwarding would ring the caller's own apps.
        case callerIsSubscriber

        public var description: String {
            switch self {
            case .redirectionLimit(let count): "redirected \(count) times already"
            case .callerIsSubscriber: "the caller is the subscriber"
            }
        }
    }

    /// Analyses `iam` (an initial address message) with `plan`.
    public init(iam: ISUPMessage, plan: InterworkingPlan) {
        // The called number's own country: a C number is matched in the form it was sent (international, or
        // national under the country code of the carrier owning it).
        let calledNumber = iam.calledPartyNumber
        var countryCode = plan.defaultCountryCode
        var calledE164: E164Number?
        var isCNumber = false
        if let calledNumber {
            for entry in plan.cNumbers where calledNumber.e164(countryCode: entry.countryCode) == entry.number {
                countryCode = entry.countryCode
                calledE164 = entry.number
                isCNumber = true
                break
            }
            if calledE164 == nil { calledE164 = calledNumber.e164(countryCode: countryCode) }
        }
        let calling = iam.callingPartyNumber?.e164(countryCode: countryCode)
        if let validation = plan.validationNumber, calledE164 == validation {
            self = .missedCallValidation(calling: calling)
            return
        }
        let information = iam.redirectionInformation
        let subscriber: E164Number
        let source: ForwardedCall.Source
        if let number = iam.originalCalledNumber?.e164(countryCode: countryCode) {
            (subscriber, source) = (number, .originalCalledNumber)
        } else if let number = iam.redirectingNumber?.e164(countryCode: countryCode) {
            (subscriber, source) = (number, .redirectingNumber)
        } else if let calledE164, !isCNumber {
            (subscriber, source) = (calledE164, .calledPartyNumber)
        } else if calledE164 != nil {
            self = .noSubscriber("the C number was called without an original called or redirecting number")
            return
        } else {
            self = .noSubscriber("the called party number is not an E.164 number")
            return
        }
        // Q.763 §3.45: the original redirection reason belongs to the first diversion (the subscriber's own),
        // the redirecting reason to the last.
        let reason: ISUPRedirectionReason? =
            information.map { source == .redirectingNumber ? $0.redirectingReason : $0.originalRedirectionReason }
        let counter = max(information?.redirectionCounter ?? 0, iam.redirectCounter?.count ?? 0)
        let call = ForwardedCall(
            subscriber: subscriber, calling: calling, called: calledE164, source: source, reason: reason,
            redirectionCounter: information == nil && iam.redirectCounter == nil ? nil : counter)
        if counter >= plan.redirectionLimit {
            self = .loop(call, .redirectionLimit(counter))
        } else if calling == subscriber {
            self = .loop(call, .callerIsSubscriber)
        } else {
            self = .forwarded(call)
        }
    }
}

/// A call for one subscriber number, as read from its IAM.
public struct ForwardedCall: Hashable, Sendable {
    /// Which IAM parameter named the subscriber.
    public enum Source: String, Hashable, Sendable {
        case originalCalledNumber = "original_called_number"
        case redirectingNumber = "redirecting_number"
        case calledPartyNumber = "called_party_number"
    }

    public var subscriber: E164Number
    public var calling: E164Number?
    /// The called party number (normally one of Reroute's C numbers).
    public var called: E164Number?
    public var source: Source
    /// Q.763 §3.45 b) / d): why the subscriber's network diverted the call; `nil` without redirection information.
    public var reason: ISUPRedirectionReason?
    /// Q.763 §3.45 d) / §3.97: redirections so far; `nil` when the IAM carries no counter.
    public var redirectionCounter: UInt8?

    public init(
        subscriber: E164Number, calling: E164Number?, called: E164Number?, source: Source,
        reason: ISUPRedirectionReason?, redirectionCounter: UInt8?
    ) {
        self.subscriber = subscriber
        self.calling = calling
        self.called = called
        self.source = source
        self.reason = reason
        self.redirectionCounter = redirectionCounter
    }

    /// The reason as a word for logs and the call record (Q.763 §3.45 b).
    public var reasonName: String {
        guard let reason else { return "unknown" }
        switch reason {
        case .userBusy: return "busy"
        case .noReply: return "no_reply"
        case .unconditional: return "unconditional"
        case .deflectionDuringAlerting: return "deflection_alerting"
        case .deflectionImmediateResponse: return "deflection_immediate"
        case .mobileSubscriberNotReachable: return "not_reachable"
        default: return reason == .unknown ? "unknown" : "reason_\(reason.rawValue)"
        }
    }
}
