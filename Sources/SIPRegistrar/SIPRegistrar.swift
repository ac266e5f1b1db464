public import NIOCore
public import SIPTransactions
public import SIPWire

/// The registrar of RFC 3261 §10.3 with digest authentication (RFC 7616), RFC 5626 §6 outbound bindings and
/// keepalive availability, as a pure machine: requests, credentials, flow events and timer expiries in (with the
/// time), responses, timers, probes and device-state changes out.
///
/// ```
///   receive(request) ── not REGISTER ──▶ OPTIONS 200 · INVITE 403 (or call side) · ACK – · other 405
///         │ OPTIONS and REGISTER: Request-URI not sip/sips ▶ 416 · Require unknown ▶ 420
///         │ REGISTER: rate limit ▶ 503 · headers ▶ 400 · no credentials ▶ 401
///         ▼ .authenticate(username)          (the shell fetches the user's HA1)
///   register(request, credentials) ── digest ▶ 401 / 401 stale · To ≠ user ▶ 403
///         ▼ §10.3 steps 5–7 (Contact *, 423, Call-ID/CSeq 500), atomically
///   bindings ─▶ 200 listing every binding · registered/refreshed/deregistered · expiry + keepalive timers
///   timerFired(expiry) ─▶ deregistered(expired) · keepalive silence / flowClosed ─▶ connectionLost
/// ```
public struct SIPRegistrar: Sendable {
    public let configuration: SIPRegistrarConfiguration
    private var digest: DigestAuthenticator
    private var rateLimiter: SIPRateLimiter
    private var monitor: KeepaliveMonitor
    private var table: [SIPBindingID: SIPBinding] = [:]
    /// Indexes of `table` by address-of-record and by account: a REGISTER and a fork look at one user's bindings,
    /// never scan all of them (a registrar holds a binding per device of every subscriber).
    private var byAOR: [String: Set<SIPBindingID>] = [:]
    private var byAccount: [String: Set<SIPBindingID>] = [:]
    private var expiryGenerations: [SIPBindingID: UInt64] = [:]
    private var lastBindingID: UInt64 = 0
    private var lastGeneration: UInt64 = 0
    var probeIdentifiers: SIPIdentifierGenerator

    /// `secret` keys the nonce HMAC and `seed` draws nonces and probe identifiers: both from the shell's random
    /// source, constants in tests.
    public init(configuration: SIPRegistrarConfiguration, secret: [UInt8], seed: UInt64) {
        self.configuration = configuration
        digest = DigestAuthenticator(
            configuration: .init(
                realm: configuration.realm, algorithms: configuration.algorithms,
                nonceLifetime: configuration.nonceLifetime),
            secret: secret, seed: seed)
        rateLimiter = SIPRateLimiter(configuration: configuration.rateLimit)
        monitor = KeepaliveMonitor(configuration: configuration.keepalive)
        probeIdentifiers = SIPIdentifierGenerator(seed: seed ^ 0x5EED)
    }

    // MARK: - Lookups

    /// Every binding, oldest first.
    public var bindings: [SIPBinding] { table.values.sorted { $0.id < $1.id } }

    /// The bindings of one address-of-record (SIP username), oldest first.
    public func bindings(aor: String) -> [SIPBinding] { (byAOR[aor] ?? []).sorted().compactMap { table[$0] } }

    /// The bindings of every device of an account, oldest first: where the call side forks to.
    public func bindings(account: String) -> [SIPBinding] {
        (byAccount[account] ?? []).sorted().compactMap { table[$0] }
    }

    public func binding(_ id: SIPBindingID) -> SIPBinding? { table[id] }

    // MARK: - Requests

    /// The first look at a request the transaction layer delivered (its top Via stamped, RFC 3261 §18.2.1).
    public mutating func receive(_ request: SIPRequest, from flow: SIPRegistrarFlow, now: NIODeadline)
        -> SIPRegistrarAdmission
    {
        switch request.method {
        case .register:
            break
        case .options:
            if let refusal = inspectHeaders(request) { return .respond(refusal) }
            // RFC 3261 §11.2: the response to OPTIONS lists capabilities in Allow and Supported.
            var response = SIPResponse(answering: request, status: .ok, toTag: toTag(request))
            response.headers.add("Allow", "REGISTER, OPTIONS")
            response.headers.add("Supported", "outbound")
            response.headers.add("Content-Length", "0")
            return .respond(response)
        case .ack:
            return .respond(nil)
        case .invite:
            // Issue 5 item 7: "an INVITE from a client towards the gateway is refused (403) unless a configured
            // feature allows it — no toll fraud".
            if configuration.allowClientInvite { return .forwardToCallSide }
            return .respond(answer(request, .forbidden, reason: "Forbidden (calls from clients are not allowed)"))
        default:
            // RFC 3261 §8.2.1: "the UAS MUST generate a 405 (Method Not Allowed) response ... MUST also add an Allow".
            var response = answer(request, .methodNotAllowed)
            response.headers.add("Allow", "REGISTER, OPTIONS")
            return .respond(response)
        }
        if let refusal = inspectHeaders(request) { return .respond(refusal) }
        if let wait = rateLimiter.admit(source: flow.source.host, now: now) {
            // RFC 3261 §21.5.4 with §20.33 Retry-After.
            var response = answer(request, .serviceUnavailable, reason: "Service Unavailable (rate limited)")
            response.headers.add("Retry-After", String(wait))
            return .respond(response)
        }
        do {
            _ = try request.headers.to()
            _ = try request.headers.callID()
            _ = try request.headers.cseq()
            _ = try request.headers.contacts()
            _ = try request.headers.expires()
            _ = try request.headers.optionTags("supported")
            // RFC 3261 §8.2.2.3: "If a UAS does not understand an option-tag listed in a Require header field, it
            // MUST respond by generating a response with status code 420 (Bad Extension)" with Unsupported.
            let unsupported = try request.headers.optionTags("require").filter { $0.lowercased() != "outbound" }
            if !unsupported.isEmpty {
                var response = answer(request, .badExtension)
                response.headers.add("Unsupported", unsupported.joined(separator: ", "))
                return .respond(response)
            }
        } catch {
            // Typed header views leave `isRequest` unset; this error is about a request, so it gets its 400 with
            // the reason (RFC 3261 §21.4.1 "The Reason-Phrase SHOULD identify the syntax problem").
            var failure = error
            failure.isRequest = true
            return .respond(failure.errorResponse(toTag: toTag(request)) ?? answer(request, .badRequest))
        }
        guard let username = digest.claimedUsername(in: request.headers) else {
            return .respond(challenge(request, now: now, stale: false))
        }
        return .authenticate(username: username)
    }

    /// RFC 3261 §8.2.2 header inspection a UAS owes every request but ACK and CANCEL, before answering it: an
    /// unknown Request-URI scheme → 416 (§8.2.2.1 "If the Request-URI uses a scheme not supported by the UAS, it
    /// SHOULD reject the request with a 416 (Unsupported URI Scheme)"), an option tag in Require it
    /// does not know → 420 with Unsupported (§8.2.2.3, "MUST"). RFC 4475 §3.3.2, §3.3.3, §3.3.5.
    private func inspectHeaders(_ request: SIPRequest) -> SIPResponse? {
        guard request.uri.isSIP else {
            return answer(request, .unsupportedURIScheme, reason: "Unsupported URI Scheme (\(request.uri.scheme))")
        }
        guard let tags = try? request.headers.optionTags("require") else { return nil }
        let unsupported = tags.filter { $0.lowercased() != "outbound" }
        guard !unsupported.isEmpty else { return nil }
        var response = answer(request, .badExtension)
        response.headers.add("Unsupported", unsupported.joined(separator: ", "))
        return response
    }

    /// A REGISTER whose claimed user's credentials were fetched (nil: unknown user): RFC 3261 §10.3 steps 3–8.
    public mutating func register(
        _ request: SIPRequest, from flow: SIPRegistrarFlow, credentials: SIPDigestCredentials?, now: NIODeadline
    ) -> [SIPRegistrarAction] {
        let seconds = Self.seconds(now)
        switch digest.verify(request.headers, method: request.method, credentials: credentials, now: seconds) {
        case .stale:
            return [.respond(challenge(request, now: now, stale: true))]
        case .rejected:
            // RFC 7235 §3.1: "If the request included authentication credentials, then the 401 response indicates
            // that authorization has been refused for those credentials."
            return [.respond(challenge(request, now: now, stale: false))]
        case .accepted(let username, _):
            guard let credentials else { return [.respond(challenge(request, now: now, stale: false))] }
            // RFC 3261 §10.3 step 3: "If the authenticated user is not authorized to modify registrations for
            // this address-of-record, the registrar MUST return a 403 (Forbidden)".
            guard let to = try? request.headers.to(), to.uri.user == username else {
                return [.respond(answer(request, .forbidden, reason: "Forbidden (To is not your address-of-record)"))]
            }
            return SIPRegistrarUpdate.apply(request, flow: flow, credentials: credentials, now: now, registrar: &self)
        }
    }

    // MARK: - Flow and timer events

    /// A message, CRLF ping or pong arrived on `flow`.
    public mutating func activity(on flow: SIPRegistrarFlow, crlfPing: Bool = false, now: NIODeadline)
        -> [SIPRegistrarAction]
    {
        translate(monitor.activity(on: flow, crlfPing: crlfPing, now: now))
    }

    /// A probe of `binding` was answered.
    public mutating func probeAnswered(_ binding: SIPBindingID, now: NIODeadline) -> [SIPRegistrarAction] {
        translate(monitor.probeAnswered(binding, now: now))
    }

    /// A stream flow closed (RFC 5626 §4.4.1).
    public mutating func flowClosed(_ flow: SIPRegistrarFlow, now: NIODeadline) -> [SIPRegistrarAction] {
        translate(monitor.flowClosed(flow))
    }

    public mutating func timerFired(_ timer: SIPRegistrarTimer, now: NIODeadline) -> [SIPRegistrarAction] {
        switch timer {
        case .keepalive(let keepalive):
            return translate(monitor.timerFired(keepalive, now: now))
        case .expiry(let id, let generation):
            guard expiryGenerations[id] == generation, let binding = table[id] else { return [] }
            // RFC 3261 §10.2.1 / §10.3: a binding not refreshed before its expiry is removed.
            return remove(binding) + [.deviceState(.deregistered(binding, reason: .expired))]
        }
    }

    // MARK: - Used by SIPRegistrarUpdate

    mutating func nextBindingID() -> SIPBindingID {
        lastBindingID += 1
        return SIPBindingID(rawValue: lastBindingID)
    }

    /// Stores a binding, (re)arms its expiry and, when `watch`, its keepalive watch.
    mutating func store(_ binding: SIPBinding, watch: Bool, speaksCRLF: Bool, now: NIODeadline)
        -> [SIPRegistrarAction]
    {
        var actions: [SIPRegistrarAction] = []
        if let old = expiryGenerations[binding.id] {
            actions.append(.cancelTimer(.expiry(binding.id, generation: old)))
        }
        lastGeneration += 1
        expiryGenerations[binding.id] = lastGeneration
        if let old = table[binding.id] { unindex(old) }
        table[binding.id] = binding
        byAOR[binding.aor, default: []].insert(binding.id)
        byAccount[binding.accountID, default: []].insert(binding.id)
        actions.append(.startTimer(.expiry(binding.id, generation: lastGeneration), after: binding.expiresAt - now))
        if watch {
            actions += translate(monitor.watch(binding.id, flow: binding.flow, speaksCRLF: speaksCRLF, now: now))
        }
        return actions
    }

    private mutating func unindex(_ binding: SIPBinding) {
        byAOR[binding.aor]?.remove(binding.id)
        if byAOR[binding.aor]?.isEmpty == true { byAOR[binding.aor] = nil }
        byAccount[binding.accountID]?.remove(binding.id)
        if byAccount[binding.accountID]?.isEmpty == true { byAccount[binding.accountID] = nil }
    }

    /// Drops a binding with its timers.
    mutating func remove(_ binding: SIPBinding) -> [SIPRegistrarAction] {
        var actions: [SIPRegistrarAction] = []
        if let old = table.removeValue(forKey: binding.id) { unindex(old) }
        if let old = expiryGenerations.removeValue(forKey: binding.id) {
            actions.append(.cancelTimer(.expiry(binding.id, generation: old)))
        }
        actions += translate(monitor.unwatch(binding.id))
        return actions
    }

    func answer(_ request: SIPRequest, _ status: SIPStatus, reason: String? = nil) -> SIPResponse {
        var response = SIPResponse(answering: request, status: status, reason: reason, toTag: toTag(request))
        response.headers.add("Content-Length", "0")
        return response
    }

    // MARK: - Helpers

    private mutating func challenge(_ request: SIPRequest, now: NIODeadline, stale: Bool) -> SIPResponse {
        var response = SIPResponse(answering: request, status: .unauthorized, toTag: toTag(request))
        // RFC 7616 §3.7: one WWW-Authenticate per algorithm, "in order of preference".
        for challenge in digest.challenges(now: Self.seconds(now), stale: stale) {
            response.headers.add("WWW-Authenticate", challenge.description)
        }
        response.headers.add("Content-Length", "0")
        return response
    }

    /// A To tag derived from the request so retransmitted requests get the same tag (RFC 3261 §8.2.6.2 "the same
    /// tag MUST be used for all responses to that request").
    func toTag(_ request: SIPRequest) -> String {
        let branch = (try? request.headers.topVia())?.branch ?? ""
        let callID = request.headers["call-id"] ?? ""
        return DigestAlgorithm.sha256.hash(branch + "|" + callID).prefix(16).description
    }

    private mutating func translate(_ actions: [KeepaliveMonitor.Action]) -> [SIPRegistrarAction] {
        var out: [SIPRegistrarAction] = []
        for action in actions {
            switch action {
            case .startTimer(let timer, let after):
                out.append(.startTimer(.keepalive(timer), after: after))
            case .cancelTimer(let timer):
                out.append(.cancelTimer(.keepalive(timer)))
            case .probe(let id, let kind):
                if let binding = table[id] { out.append(.probe(binding, kind)) }
            case .lost(let id, let reason):
                guard let binding = table[id] else { continue }
                out += remove(binding)
                out.append(.deviceState(.connectionLost(binding, reason: reason)))
            }
        }
        return out
    }

    static func seconds(_ now: NIODeadline) -> UInt64 { now.uptimeNanoseconds / 1_000_000_000 }
}
