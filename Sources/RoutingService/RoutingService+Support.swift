public import RoutingCore
import RoutingStore
import Foundation

extension RoutingService {
    func now() -> Date { clock.now() }

    func newUUID() -> UUID { makeUUID(randomBytes: random.bytes(16)) }

    func parse(_ text: String) throws(RoutingError) -> E164Number {
        do {
            return try E164Number(parsing: text, plan: configuration.dialingPlan)
        } catch {
            throw .invalidNumber(text, error)
        }
    }

    /// The session of a bearer token, inside a transaction.
    func session(_ tx: RoutingTransaction, token: String) async throws -> Session {
        guard !token.isEmpty,
            let (account, device, expires) = try await tx.liveSession(
                tokenHash: SessionToken(presented: token).storedHash, at: now())
        else { throw RoutingError.unauthorized }
        return Session(accountID: account, deviceID: device, expiresAt: expires)
    }

    /// Checks every key against its policy and, when `record` is set and all allow, records one event under each.
    func rateLimit(_ limits: [(RateLimitKey, RateLimitPolicy)], record: Bool) async throws {
        let time = now()
        let decision: RateDecision = try await database.transaction { tx in
            for (key, _) in limits.sorted(by: { $0.0.value < $1.0.value }) { try await tx.lockRateKey(key) }
            for (key, policy) in limits {
                let events = try await tx.rateEvents(key, since: time.addingTimeInterval(-policy.window))
                if case .limited = policy.decide(previous: events, now: time) {
                    return policy.decide(previous: events, now: time)
                }
            }
            if record {
                for (key, policy) in limits {
                    // Pruning on insert: events that left the window never count again.
                    try await tx.pruneRateEvents(key, before: time.addingTimeInterval(-policy.window))
                    try await tx.recordRateEvent(key, at: time)
                }
            }
            return .allowed
        }
        if case .limited(let retryAfter) = decision { throw RoutingError.rateLimited(retryAfter: retryAfter) }
    }

    /// Records one event under each key (a failure that counts against a limit).
    func recordRateEvents(_ keys: [RateLimitKey]) async throws {
        let time = now()
        try await database.transaction { tx in
            for key in keys { try await tx.recordRateEvent(key, at: time) }
        }
    }

    /// The longest window of the configured rate limits: no event older than this counts anywhere.
    var longestRateWindow: TimeInterval {
        [
            configuration.validationStartsPerNumber, configuration.validationStartsPerSource,
            configuration.wrongCodesPerSource, configuration.loginFailuresPerNumber,
            configuration.loginFailuresPerSource, configuration.accountCreationsPerSource,
        ].map(\.window).max() ?? 0
    }

    /// Deletes every rate-limit event older than the longest window (`reroute icrs` runs it periodically, for
    /// keys that see no new event and so are never pruned on insert).
    public func pruneRateEvents() async throws {
        let before = now().addingTimeInterval(-longestRateWindow)
        try await database.transaction { tx in try await tx.pruneRateEvents(before: before) }
    }

    func accountView(_ tx: RoutingTransaction, _ account: Account) async throws -> AccountView {
        var numbers: [NumberView] = []
        for link in account.numbers {
            numbers.append(try await numberView(tx, link))
        }
        let devices = try await tx.devices(of: account.id).map { DeviceView($0.device) }
        return AccountView(accountID: account.id, primary: account.primary, numbers: numbers, devices: devices)
    }

    func numberView(_ tx: RoutingTransaction, _ link: AccountNumber) async throws -> NumberView {
        let forwarding = try await tx.forwarding(link.number) ?? ForwardingActivation(number: link.number)
        return NumberView(
            number: link.number, role: link.role, validated: link.isValidated, forwarding: ForwardingView(forwarding))
    }

    /// The account of a session, locked when asked.
    func sessionAccount(_ tx: RoutingTransaction, token: String, lock: Bool = false) async throws -> Account {
        let session = try await self.session(tx, token: token)
        guard let account = try await tx.account(session.accountID, lock: lock) else { throw RoutingError.unauthorized }
        return account
    }
}

extension RoutingError {
    /// The client-visible form of a broken account rule.
    public init(_ error: AccountRuleError) {
        switch error {
        case .alreadyLinked(let number): self = .numberAlreadyLinked(number)
        case .notLinked(let number): self = .numberNotLinked(number)
        case .notValidated(let number): self = .notValidated(number)
        case .isPrimary(let number): self = .isPrimary(number)
        case .ownedByAnotherAccount(let number): self = .numberOwnedByAnotherAccount(number)
        }
    }
}

/// A `RandomNumberGenerator` drawing from an injected ``RandomSource``.
struct SourceGenerator: RandomNumberGenerator {
    let source: any RandomSource
    mutating func next() -> UInt64 {
        source.bytes(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
