public import SIPWire

/// What a soft switch's INVITE says about a diverted call (issue 7 item 1): the number it was sent to, the caller,
/// and the diversions behind it, read from `History-Info` (RFC 7044, with the RFC 4458 `cause` URI parameter) or,
/// without any diverting entry there, from `Diversion` (RFC 5806). Pure; numbers stay as the request wrote them
/// (`+` and digits, or dialled digits), the analysis reads them as E.164.
public struct SIPIncomingDiversion: Hashable, Sendable {
    /// The Request-URI's number (RFC 3261 §8.2.2.1: the request is for this target).
    public var called: String?
    /// P-Asserted-Identity's number (RFC 3325 §9.1, inside the trust domain), else the From's.
    public var calling: String?
    /// `Privacy: id` or `user` (RFC 3323 §4.2, RFC 3325 §9.3), or an anonymous From (RFC 3323 §4.1.1.3).
    public var callingRestricted: Bool
    /// The first diverting party: the subscriber whose phone could not take the call.
    public var originalCalled: String?
    /// The last diverting party.
    public var redirecting: String?
    public var originalReason: SIPCallingIdentity.RedirectionReason?
    public var redirectingReason: SIPCallingIdentity.RedirectionReason?
    /// Diversions so far (History-Info entries that were retargeted, or the sum of the Diversion `counter`s); nil
    /// when the request carries none.
    public var redirections: Int?

    public init(
        called: String?, calling: String?, callingRestricted: Bool = false, originalCalled: String? = nil,
        redirecting: String? = nil, originalReason: SIPCallingIdentity.RedirectionReason? = nil,
        redirectingReason: SIPCallingIdentity.RedirectionReason? = nil, redirections: Int? = nil
    ) {
        self.called = called
        self.calling = calling
        self.callingRestricted = callingRestricted
        self.originalCalled = originalCalled
        self.redirecting = redirecting
        self.originalReason = originalReason
        self.redirectingReason = redirectingReason
        self.redirections = redirections
    }

    /// Reads `request`. A History-Info, Diversion, P-Asserted-Identity or From that does not parse is an error (the
    /// switch gets 400 naming the header, RFC 3261 §21.4.1).
    public init(request: SIPRequest) throws(SIPDecodingError) {
        let headers = request.headers
        called = Self.number(request.uri)
        let asserted = try headers.addresses("p-asserted-identity").lazy.compactMap { Self.number($0.uri) }.first
        let from = try headers.from()
        let anonymousFrom = from.uri.host.lowercased() == "anonymous.invalid"
            || from.uri.user?.lowercased() == "anonymous"
        calling = asserted ?? (anonymousFrom ? nil : Self.number(from.uri))
        let privacy = headers.values("privacy").flatMap { $0.split(separator: ";") }
            .map { $0.trimmingCharacters.lowercased() }
        callingRestricted = anonymousFrom || privacy.contains("id") || privacy.contains("user")
        let history = try headers.addresses("history-info")
        let diversion = try headers.addresses("diversion")
        if let read = Self.historyInfo(history) {
            (originalCalled, originalReason) = (read.original, read.originalReason)
            (redirecting, redirectingReason) = (read.last, read.lastReason)
            // A switch sending both counts the same diversions in each: the larger count, for loop protection.
            redirections = max(read.count, Self.diversionCount(diversion) ?? 0)
        } else if let latest = diversion.first, let first = diversion.last {
            // RFC 5806 §4: "the most recent diversion ... at the top", so the first diversion is the last entry.
            originalCalled = Self.number(first.uri)
            originalReason = Self.reason(diversion: first.parameters.value("reason"))
            redirecting = Self.number(latest.uri)
            redirectingReason = Self.reason(diversion: latest.parameters.value("reason"))
            redirections = Self.diversionCount(diversion)
        }
    }

    /// The number in a `tel:` URI or a SIP URI's user part, visual separators removed (RFC 3966 §5.1.1); nil when
    /// what is left is not `+`-prefixed or plain digits (a name such as `alice` is no number).
    public static func number(_ uri: SIPURI) -> String? {
        guard uri.scheme == "tel" || uri.isSIP, let user = uri.user else { return nil }
        let core = user.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        let kept = core.filter { !"-.() ".contains($0) }
        let digits = kept.hasPrefix("+") ? kept.dropFirst() : Substring(kept)
        guard !digits.isEmpty, digits.count <= 20, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return kept
    }

    struct HistoryReading {
        var original: String?
        var originalReason: SIPCallingIdentity.RedirectionReason
        var last: String?
        var lastReason: SIPCallingIdentity.RedirectionReason
        var count: Int
    }

    /// RFC 7044 §4.3: an entry reached by a diversion carries the RFC 4458 `cause` URI parameter or the `mp` tag
    /// (§4.3.4: "the target was determined based on a mapping to a user other than the target user"); the entry it
    /// was diverted from is the one its `mp` names, else the one before it. Nil when no entry was diverted.
    static func historyInfo(_ entries: [SIPAddress]) -> HistoryReading? {
        var byIndex: [String: Int] = [:]
        for (position, entry) in entries.enumerated() {
            if let index = entry.parameters.value("index") { byIndex[index] = position }
        }
        var diversions: [(from: Int, reason: SIPCallingIdentity.RedirectionReason)] = []
        for (position, entry) in entries.enumerated() where position > 0 {
            let cause = entry.uri.parameters.value("cause").flatMap { Int($0) }
            let mapped = entry.parameters.value("mp")
            guard cause != nil || mapped != nil else { continue }
            let parent = mapped.flatMap { byIndex[$0] } ?? (position - 1)
            let reason = cause.map(reason(historyInfoCause:)) ?? reason(reasonHeader: entries[parent].uri)
            diversions.append((parent, reason))
        }
        guard let first = diversions.first, let last = diversions.last else { return nil }
        return HistoryReading(
            original: number(entries[first.from].uri), originalReason: first.reason,
            last: number(entries[last.from].uri), lastReason: last.reason, count: diversions.count)
    }

    /// RFC 5806 §4: each entry's `counter` (default 1) counts the diversions by that party; nil without entries.
    static func diversionCount(_ entries: [SIPAddress]) -> Int? {
        guard !entries.isEmpty else { return nil }
        return entries.reduce(0) { sum, entry in
            sum + min(255, max(1, entry.parameters.value("counter").flatMap { Int($0) } ?? 1))
        }
    }

    /// RFC 4458 §3 (its table of `cause` values for call forwarding): the inverse of
    /// ``SIPCallingIdentity/RedirectionReason/historyInfoCause``.
    static func reason(historyInfoCause cause: Int) -> SIPCallingIdentity.RedirectionReason {
        switch cause {
        case 486: .userBusy
        case 408: .noReply
        case 302: .unconditional
        case 487: .deflectionDuringAlerting
        case 480: .deflectionImmediateResponse
        case 503: .mobileSubscriberNotReachable
        default: .unknown
        }
    }

    /// RFC 7044 §10: the Reason (`SIP;cause=N`) escaped into the URI of the entry the request left.
    static func reason(reasonHeader uri: SIPURI) -> SIPCallingIdentity.RedirectionReason {
        for header in uri.headers where header.name.lowercased() == "reason" {
            let parts = header.value.split(separator: ";").map { $0.trimmingCharacters }
            guard parts.first?.uppercased() == "SIP" else { continue }
            for part in parts.dropFirst() where part.lowercased().hasPrefix("cause=") {
                if let cause = Int(part.dropFirst(6)) { return reason(historyInfoCause: cause) }
            }
        }
        return .unknown
    }

    /// RFC 5806 §4 `diversion-reason` tokens, as RFC 5806 §9.1 (erratum 3083) maps them to ISUP.
    static func reason(diversion token: String?) -> SIPCallingIdentity.RedirectionReason {
        switch token?.lowercased() {
        case "user-busy": .userBusy
        case "no-answer": .noReply
        case "unconditional": .unconditional
        case "deflection": .deflectionDuringAlerting
        case "unavailable", "out-of-service": .mobileSubscriberNotReachable
        default: .unknown
        }
    }
}
