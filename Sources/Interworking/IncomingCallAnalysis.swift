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
        let information = iam.redirectionInformation
        let counter = max(information?.redirectionCounter ?? 0, iam.redirectCounter?.count ?? 0)
        self.init(
            Numbers(
                called: calledE164, isCNumber: isCNumber,
                calling: iam.callingPartyNumber?.e164(countryCode: countryCode),
                originalCalled: iam.originalCalledNumber?.e164(countryCode: countryCode),
                redirecting: iam.redirectingNumber?.e164(countryCode: countryCode),
                originalReason: information?.originalRedirectionReason,
                redirectingReason: information?.redirectingReason,
                counter: information == nil && iam.redirectCounter == nil ? nil : counter),
            plan: plan)
    }

    /// Analyses a call signalled in SIP by a soft switch (issue 7 item 1): the same rules as for an IAM, with the
    /// numbers read from the INVITE (Request-URI, P-Asserted-Identity / From, History-Info / Diversion). A number
    /// with `+` is E.164 already; one without is read as dialled digits under the country code of the C number that
    /// was called, else the plan's default (E.164 §6.2: `00` international prefix, `0` trunk prefix).
    public init(signalled call: SignalledDiversion, plan: InterworkingPlan) {
        var countryCode = plan.defaultCountryCode
        var calledE164: E164Number?
        var isCNumber = false
        if let called = call.called {
            for entry in plan.cNumbers where Self.e164(called, countryCode: entry.countryCode) == entry.number {
                countryCode = entry.countryCode
                calledE164 = entry.number
                isCNumber = true
                break
            }
            if calledE164 == nil { calledE164 = Self.e164(called, countryCode: countryCode) }
        }
        self.init(
            Numbers(
                called: calledE164, isCNumber: isCNumber,
                calling: call.calling.flatMap { Self.e164($0, countryCode: countryCode) },
                originalCalled: call.originalCalled.flatMap { Self.e164($0, countryCode: countryCode) },
                redirecting: call.redirecting.flatMap { Self.e164($0, countryCode: countryCode) },
                originalReason: call.originalReason, redirectingReason: call.redirectingReason,
                counter: call.redirections.map { UInt8(clamping: $0) }),
            plan: plan)
    }

    /// One number of a SIP request as E.164: `+` and 7–15 digits, or dialled digits under `countryCode`.
    static func e164(_ text: String, countryCode: String) -> E164Number? {
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("+") { return try? E164Number(parsing: text) }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return try? E164Number(parsing: text, plan: DialingPlan(countryCode: countryCode))
    }

    /// The numbers of a call once read as E.164, whatever signalled them.
    struct Numbers {
        var called: E164Number?
        /// `called` is one of the plan's C numbers.
        var isCNumber: Bool
        var calling: E164Number?
        var originalCalled: E164Number?
        var redirecting: E164Number?
        var originalReason: ISUPRedirectionReason?
        var redirectingReason: ISUPRedirectionReason?
        var counter: UInt8?
    }

    private init(_ numbers: Numbers, plan: InterworkingPlan) {
        if let validation = plan.validationNumber, numbers.called == validation {
            self = .missedCallValidation(calling: numbers.calling)
            return
        }
        let subscriber: E164Number
        let source: ForwardedCall.Source
        if let number = numbers.originalCalled {
            (subscriber, source) = (number, .originalCalledNumber)
        } else if let number = numbers.redirecting {
            (subscriber, source) = (number, .redirectingNumber)
        } else if let called = numbers.called, !numbers.isCNumber {
            (subscriber, source) = (called, .calledPartyNumber)
        } else if numbers.called != nil {
            self = .noSubscriber("the C number was called without an original called or redirecting number")
            return
        } else {
            self = .noSubscriber("the called party number is not an E.164 number")
            return
        }
        // Q.763 §3.45: the original redirection reason belongs to the first diversion (the subscriber's own),
        // the redirecting reason to the last.
        let reason = source == .redirectingNumber ? numbers.redirectingReason : numbers.originalReason
        let call = ForwardedCall(
            subscriber: subscriber, calling: numbers.calling, called: numbers.called, source: source, reason: reason,
            redirectionCounter: numbers.counter)
        let counter = numbers.counter ?? 0
        if counter >= plan.redirectionLimit {
            self = .loop(call, .redirectionLimit(counter))
        } else if numbers.calling == subscriber {
            self = .loop(call, .callerIsSubscriber)
        } else {
            self = .forwarded(call)
        }
    }
}

/// The numbers of a diverted call as a SIP request carries them (RFC 7044 History-Info, RFC 5806 Diversion), before
/// they are read as E.164: what ``IncomingCallAnalysis/init(signalled:plan:)`` needs, free of any SIP type.
public struct SignalledDiversion: Hashable, Sendable {
    /// The number the request was sent to (Request-URI user part or `tel` number).
    public var called: String?
    public var calling: String?
    /// The first diverting party's number (the subscriber whose phone could not be reached).
    public var originalCalled: String?
    /// The last diverting party's number.
    public var redirecting: String?
    public var originalReason: ISUPRedirectionReason?
    public var redirectingReason: ISUPRedirectionReason?
    /// Diversions so far; nil when the request carries no diversion at all.
    public var redirections: Int?

    public init(
        called: String?, calling: String?, originalCalled: String? = nil, redirecting: String? = nil,
        originalReason: ISUPRedirectionReason? = nil, redirectingReason: ISUPRedirectionReason? = nil,
        redirections: Int? = nil
    ) {
        self.called = called
        self.calling = calling
        self.originalCalled = originalCalled
        self.redirecting = redirecting
        self.originalReason = originalReason
        self.redirectingReason = redirectingReason
        self.redirections = redirections
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
