public import SIPWire

/// The server side of RFC 7616 digest authentication for SIP (RFC 3261 §22.4, RFC 8760): challenges, and checks of
/// the credentials that answer them.
///
/// ```
///   no Authorization ──────────────▶ 401, one challenge per algorithm (SHA-256 first), fresh nonce
///   Authorization ─ nonce forged ──▶ 401 fresh challenge
///                 ─ response wrong ▶ 401 fresh challenge (RFC 7235 §3.1)
///                 ─ right, nonce too old ▶ 401 stale=true (RFC 7616 §3.3)
///                 ─ right, nc not above the last nc seen for that nonce ▶ 401 (replay, RFC 7616 §5.3)
///                 ─ right ───────▶ accepted
/// ```
/// Nonces carry their issue time under an HMAC (``DigestNonce``): expiry needs no storage. Only the last `nc` per
/// live nonce is remembered, and forgotten once the nonce expires.
public struct DigestAuthenticator: Sendable {
    public struct Configuration: Hashable, Sendable {
        /// The protection space; must be the realm the stored HA1 values were computed with.
        public var realm: String
        /// Algorithms offered, most preferred first (RFC 7616 §3.7).
        public var algorithms: [DigestAlgorithm]
        /// How long a nonce is accepted, in seconds; older ones get `stale=true`.
        public var nonceLifetime: UInt64
        /// Bound on the remembered nonce counts (memory); the oldest are forgotten first, which only makes their
        /// nonces fail the replay check (the client gets a new challenge).
        public var maximumTrackedNonces: Int

        public init(
            realm: String, algorithms: [DigestAlgorithm] = [.sha256, .md5], nonceLifetime: UInt64 = 300,
            maximumTrackedNonces: Int = 100_000
        ) {
            self.realm = realm
            self.algorithms = algorithms
            self.nonceLifetime = nonceLifetime
            self.maximumTrackedNonces = maximumTrackedNonces
        }
    }

    /// The outcome of checking one Authorization header.
    public enum Verdict: Hashable, Sendable {
        case accepted(username: String, algorithm: DigestAlgorithm)
        /// The digest was right but the nonce expired: challenge again with `stale=true`.
        case stale
        /// Anything else: challenge again; `reason` is for logs only (never sent, RFC 7616 §5.x leaks nothing).
        case rejected(reason: String)
    }

    public let configuration: Configuration
    private let nonces: DigestNonce
    private var random: SplitMix64
    /// The last nc accepted for each live nonce, with the nonce's issue time.
    private var counts: [String: (nc: UInt32, issued: UInt64)] = [:]

    public init(configuration: Configuration, secret: [UInt8], seed: UInt64) {
        self.configuration = configuration
        self.nonces = DigestNonce(secret: secret)
        self.random = SplitMix64(seed: seed)
    }

    /// The number of nonces whose nc is remembered.
    public var trackedNonceCount: Int { counts.count }

    /// One WWW-Authenticate value per configured algorithm, each with a new nonce (RFC 7616 §3.3, §3.7). `now` is
    /// in seconds of the registrar's clock.
    public mutating func challenges(now: UInt64, stale: Bool = false) -> [SIPAuthentication] {
        var out: [SIPAuthentication] = []
        for algorithm in configuration.algorithms {
            let nonce = nonces.make(issuedAt: now, random: random.next())
            var parameters: [SIPParameters.Parameter] = [
                .init(name: "realm", value: configuration.realm, quoted: true),
                .init(name: "qop", value: "auth", quoted: true),
                .init(name: "algorithm", value: algorithm.rawValue),
                .init(name: "nonce", value: nonce, quoted: true),
            ]
            // RFC 7616 §3.3 "stale ... If stale is true, the client may wish to simply retry the request with a new
            // encrypted response, without re-prompting the user for a new username and password".
            if stale { parameters.append(.init(name: "stale", value: "true")) }
            out.append(SIPAuthentication(scheme: "Digest", parameters: parameters))
        }
        return out
    }

    /// The username a REGISTER claims in its Authorization header for our realm, if any (the shell fetches that
    /// user's credentials before calling ``verify(_:method:credentials:now:)``).
    public func claimedUsername(in headers: SIPHeaders) -> String? {
        guard let all = try? headers.authentications("authorization") else { return nil }
        return all.first { $0.scheme.lowercased() == "digest" && $0["realm"] == configuration.realm }?["username"]
    }

    /// Checks the Authorization of a request (RFC 7616 §3.4 and §3.4.1).
    public mutating func verify(
        _ headers: SIPHeaders, method: SIPMethod, credentials: SIPDigestCredentials?, now: UInt64
    ) -> Verdict {
        guard let all = try? headers.authentications("authorization") else { return .rejected(reason: "malformed") }
        let realm = configuration.realm
        guard let answer = all.first(where: { $0.scheme.lowercased() == "digest" && $0["realm"] == realm })
        else { return .rejected(reason: "no credentials for realm \(configuration.realm)") }
        guard let algorithm = DigestAlgorithm(parameter: answer["algorithm"]),
            configuration.algorithms.contains(algorithm)
        else { return .rejected(reason: "algorithm not offered") }
        guard let username = answer["username"], let nonce = answer["nonce"], let uri = answer["uri"],
            let response = answer["response"]
        else { return .rejected(reason: "missing username, nonce, uri or response") }
        // RFC 7616 §3.4: qop "MUST be one of the alternatives the server indicated it supports"; we offer only auth,
        // and without qop there is no nc to stop replays.
        guard answer["qop"]?.lowercased() == "auth", let cnonce = answer["cnonce"], let ncText = answer["nc"],
            ncText.utf8.count == 8, let nc = UInt32(ncText, radix: 16)
        else { return .rejected(reason: "qop=auth with nc and cnonce required") }
        guard let issued = nonces.issueTime(of: nonce) else { return .rejected(reason: "nonce not ours") }
        guard let credentials, credentials.username == username, let ha1 = credentials.ha1[algorithm] else {
            return .rejected(reason: "unknown user")
        }
        let expected = algorithm.response(
            ha1: ha1.lowercased(), nonce: nonce, nc: ncText, cnonce: cnonce, qop: "auth", method: method.rawValue,
            uri: uri)
        guard Self.constantTimeEqual(expected, response.lowercased()) else {
            return .rejected(reason: "wrong response")
        }
        // RFC 7616 §3.3 "The server SHOULD only set stale to TRUE if it receives a request for which the nonce is
        // invalid but with a valid digest for that nonce".
        guard now < issued &+ configuration.nonceLifetime, issued <= now else {
            counts[nonce] = nil
            return .stale
        }
        // RFC 7616 §3.4 nc: "The purpose of this parameter is to allow the server to detect request replays by
        // maintaining its own copy of this count -- if the same nc-value is seen twice, then the request is a
        // replay." Counts must strictly increase per nonce.
        if let last = counts[nonce], nc <= last.nc { return .rejected(reason: "nc \(ncText) replayed") }
        remember(nonce: nonce, nc: nc, issued: issued, now: now)
        return .accepted(username: username, algorithm: algorithm)
    }

    private mutating func remember(nonce: String, nc: UInt32, issued: UInt64, now: UInt64) {
        if counts[nonce] == nil, counts.count >= configuration.maximumTrackedNonces {
            let lifetime = configuration.nonceLifetime
            counts = counts.filter { now < $0.value.issued &+ lifetime }
            if counts.count >= configuration.maximumTrackedNonces,
                let oldest = counts.min(by: { $0.value.issued < $1.value.issued })?.key
            {
                counts[oldest] = nil
            }
        }
        counts[nonce] = (nc, issued)
    }

    private static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}

/// A small seeded generator (SplitMix64) for nonce uniqueness; the seed comes from the shell's random source.
struct SplitMix64: Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
