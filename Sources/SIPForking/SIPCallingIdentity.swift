public import SIPWire

/// Who calls, who was called and why the call came here: what the ISUP side fills from the IAM (calling party
/// number and its presentation indicator, original called number, redirecting number, redirection information),
/// turned into the identity headers of the INVITEs (issue 5 item 5).
public struct SIPCallingIdentity: Hashable, Sendable {
    /// The calling party's presentation (ITU-T Q.763 §3.10 address presentation restricted indicator).
    public enum Presentation: Hashable, Sendable {
        case allowed
        case restricted
        /// No number is available (interworking, or the network withheld it).
        case unavailable
    }

    /// The redirecting reason (ITU-T Q.763 §3.45), with its RFC 4458 §3.1 cause and RFC 5806 §4 reason.
    public enum RedirectionReason: UInt8, Hashable, Sendable {
        case unknown = 0
        case userBusy = 1
        case noReply = 2
        case unconditional = 3
        case deflectionDuringAlerting = 4
        case deflectionImmediateResponse = 5
        case mobileSubscriberNotReachable = 6

        /// RFC 4458 §3.1: "404 Unknown/Not available, 486 User busy, 408 No reply, 302 Unconditional,
        /// 487 Deflection during alerting, 480 Deflection immediate response, 503 Mobile subscriber not reachable".
        public var historyInfoCause: Int {
            switch self {
            case .unknown: 404
            case .userBusy: 486
            case .noReply: 408
            case .unconditional: 302
            case .deflectionDuringAlerting: 487
            case .deflectionImmediateResponse: 480
            case .mobileSubscriberNotReachable: 503
            }
        }

        /// RFC 5806 §4 `diversion-reason`.
        public var diversionReason: String {
            switch self {
            case .unknown: "unknown"
            case .userBusy: "user-busy"
            case .noReply: "no-answer"
            case .unconditional: "unconditional"
            case .deflectionDuringAlerting, .deflectionImmediateResponse: "deflection"
            case .mobileSubscriberNotReachable: "unavailable"
            }
        }
    }

    /// The calling party number in E.164 (`+` optional), nil when absent.
    public var callingNumber: String?
    public var presentation: Presentation
    /// The number first dialled: the subscriber's unreachable mobile number.
    public var originalCalledNumber: String?
    /// The number that redirected the call last (differs from the original after several diversions).
    public var redirectingNumber: String?
    /// The number the network called: Reroute's forwarding target (the IAM's called party number).
    public var calledNumber: String
    public var redirectionReason: RedirectionReason
    /// The redirection counter (ITU-T Q.763 §3.46, 1–15); RFC 5806 `counter`.
    public var redirectionCounter: Int

    public init(
        callingNumber: String?, presentation: Presentation = .allowed, originalCalledNumber: String?,
        redirectingNumber: String? = nil, calledNumber: String, redirectionReason: RedirectionReason = .unknown,
        redirectionCounter: Int = 1
    ) {
        self.callingNumber = callingNumber
        self.presentation = presentation
        self.originalCalledNumber = originalCalledNumber
        self.redirectingNumber = redirectingNumber
        self.calledNumber = calledNumber
        self.redirectionReason = redirectionReason
        self.redirectionCounter = redirectionCounter
    }

    /// `sip:+E164@domain;user=phone` (RFC 3261 §19.1.6: a telephone number in a SIP URI carries `user=phone`).
    public static func uri(_ number: String, domain: String) -> SIPURI {
        var parameters = SIPParameters()
        parameters.set("user", "phone")
        let e164 = number.hasPrefix("+") ? number : "+" + number
        return SIPURI(user: e164, host: domain, parameters: parameters)
    }

    /// RFC 3323 §4.1.1.3: the anonymous From, `"Anonymous" <sip:anonymous@anonymous.invalid>`.
    public static let anonymous = SIPAddress(
        displayName: "Anonymous", uri: SIPURI(user: "anonymous", host: "anonymous.invalid"))

    /// The From: the calling party, or the anonymous URI when presentation is restricted or there is no number.
    public func from(domain: String) -> SIPAddress {
        guard presentation == .allowed, let callingNumber else { return Self.anonymous }
        return SIPAddress(uri: Self.uri(callingNumber, domain: domain))
    }

    /// The number the To names: the unreachable number that was called — the original called number, else the
    /// redirecting number, else the called number.
    public var unreachableNumber: String { originalCalledNumber ?? redirectingNumber ?? calledNumber }

    /// The To: the unreachable number that was called.
    public func to(domain: String) -> SIPAddress { SIPAddress(uri: Self.uri(unreachableNumber, domain: domain)) }
}
