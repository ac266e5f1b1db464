import PostgresNIO
public import RoutingCore
public import Foundation

/// One alert in the durable outbox (table `alert_outbox`).
public struct AlertRow: Hashable, Sendable {
    /// Also the idempotency key handed to the sender: a retry of the same alert carries the same id.
    public var id: UUID
    public var accountID: AccountID
    public var channel: AlertChannel
    /// `+digits` for `sms`; the account id for `sip-message` (every registered device of the account).
    public var destination: String
    public var body: String
    /// Set while the alert is open for more missed calls (collation); cleared when an attempt starts.
    public var collationKey: String?
    /// Rendered as the "available again" alert (a device registered after the calls).
    public var availableAgain: Bool
    public var attempts: Int
    public var nextAttemptAt: Date
    public var expiresAt: Date
    /// `pending`, `delivered` or `expired`.
    public var state: String
    public var createdAt: Date
    public var deliveredAt: Date?
    public var lastError: String?

    public init(
        id: UUID, accountID: AccountID, channel: AlertChannel, destination: String, body: String,
        collationKey: String?, availableAgain: Bool = false, attempts: Int = 0, nextAttemptAt: Date, expiresAt: Date,
        state: String = "pending", createdAt: Date, deliveredAt: Date? = nil, lastError: String? = nil
    ) {
        self.id = id
        self.accountID = accountID
        self.channel = channel
        self.destination = destination
        self.body = body
        self.collationKey = collationKey
        self.availableAgain = availableAgain
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.expiresAt = expiresAt
        self.state = state
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.lastError = lastError
    }
}

extension RoutingTransaction {
    static let alertColumns = """
        id, account_id, channel, destination, body, collation_key, available_again, attempts, next_attempt_at,
        expires_at, state, created_at, delivered_at, last_error
        """

    public func insertAlert(_ alert: AlertRow, calls: [UUID]) async throws {
        try await run(
            """
            INSERT INTO alert_outbox (id, account_id, channel, destination, body, collation_key, available_again,
                attempts, next_attempt_at, expires_at, state, created_at)
            VALUES (\(alert.id), \(alert.accountID.uuid), \(alert.channel.rawValue), \(alert.destination), \(alert.body),
                \(alert.collationKey), \(alert.availableAgain), \(alert.attempts), \(alert.nextAttemptAt),
                \(alert.expiresAt), \(alert.state), \(alert.createdAt))
            """)
        for call in calls { try await linkAlert(alert.id, call: call) }
    }

    public func linkAlert(_ alert: UUID, call: UUID) async throws {
        try await run(
            "INSERT INTO alert_outbox_calls (alert_id, missed_call_id) VALUES (\(alert), \(call)) ON CONFLICT DO NOTHING")
    }

    /// The open (collating) alert with this key, locked.
    public func openAlert(collationKey: String) async throws -> AlertRow? {
        try await alerts(
            "SELECT \(unescaped: Self.alertColumns) FROM alert_outbox WHERE collation_key = \(collationKey) FOR UPDATE"
        ).first
    }

    /// Pending alerts that tell of this missed call, locked.
    public func pendingAlerts(call: UUID) async throws -> [AlertRow] {
        try await alerts(
            """
            SELECT \(unescaped: Self.alertColumns) FROM alert_outbox
            WHERE state = 'pending' AND id IN (SELECT alert_id FROM alert_outbox_calls WHERE missed_call_id = \(call))
            ORDER BY id FOR UPDATE
            """)
    }

    /// The account's open alerts (gathering calls while the user was offline), locked.
    public func openAlerts(account: AccountID) async throws -> [AlertRow] {
        try await alerts(
            """
            SELECT \(unescaped: Self.alertColumns) FROM alert_outbox
            WHERE account_id = \(account.uuid) AND collation_key IS NOT NULL AND state = 'pending' ORDER BY id FOR UPDATE
            """)
    }

    /// The account's pending alerts of one channel that are no longer open (already tried at least once), locked.
    public func retryingAlerts(account: AccountID, channel: AlertChannel) async throws -> [AlertRow] {
        try await alerts(
            """
            SELECT \(unescaped: Self.alertColumns) FROM alert_outbox
            WHERE account_id = \(account.uuid) AND channel = \(channel.rawValue) AND state = 'pending'
                AND collation_key IS NULL AND attempts > 0
            ORDER BY id FOR UPDATE
            """)
    }

    public func alerts(account: AccountID) async throws -> [AlertRow] {
        try await alerts(
            "SELECT \(unescaped: Self.alertColumns) FROM alert_outbox WHERE account_id = \(account.uuid) ORDER BY created_at, id")
    }

    public func alert(id: UUID, lock: Bool = false) async throws -> AlertRow? {
        try await alerts(
            lock
                ? "SELECT \(unescaped: Self.alertColumns) FROM alert_outbox WHERE id = \(id) FOR UPDATE"
                : "SELECT \(unescaped: Self.alertColumns) FROM alert_outbox WHERE id = \(id)"
        ).first
    }

    /// Writes the mutable fields back.
    public func saveAlert(_ alert: AlertRow) async throws {
        try await run(
            """
            UPDATE alert_outbox SET body = \(alert.body), collation_key = \(alert.collationKey),
                available_again = \(alert.availableAgain), attempts = \(alert.attempts),
                next_attempt_at = \(alert.nextAttemptAt), state = \(alert.state), delivered_at = \(alert.deliveredAt),
                last_error = \(alert.lastError)
            WHERE id = \(alert.id)
            """)
    }

    /// Claims up to `limit` due alerts for one worker: `FOR UPDATE SKIP LOCKED` so concurrent workers take
    /// different rows; each claimed row is closed for collation, its attempt counted, and its next attempt moved
    /// to `leaseUntil` — if the worker dies, the row is due again then (at-least-once).
    public func claimDueAlerts(at time: Date, limit: Int, leaseUntil: Date) async throws -> [AlertRow] {
        try await alerts(
            """
            UPDATE alert_outbox SET attempts = attempts + 1, next_attempt_at = \(leaseUntil), collation_key = NULL
            WHERE id IN (
                SELECT id FROM alert_outbox WHERE state = 'pending' AND next_attempt_at <= \(time)
                ORDER BY next_attempt_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.alertColumns)
            """
        ).sorted { ($0.nextAttemptAt, $0.id.uuidString) < ($1.nextAttemptAt, $1.id.uuidString) }
    }

    private func alerts(_ query: PostgresQuery) async throws -> [AlertRow] {
        var result: [AlertRow] = []
        for try await row in try await run(query) {
            let c = row.makeRandomAccess()
            let channel = try c[2].decode(String.self)
            result.append(AlertRow(
                id: try c[0].decode(UUID.self), accountID: AccountID(try c[1].decode(UUID.self)),
                channel: AlertChannel(rawValue: channel) ?? .sms, destination: try c[3].decode(String.self),
                body: try c[4].decode(String.self), collationKey: try c[5].decode(String?.self),
                availableAgain: try c[6].decode(Bool.self), attempts: try c[7].decode(Int.self),
                nextAttemptAt: try c[8].decode(Date.self), expiresAt: try c[9].decode(Date.self),
                state: try c[10].decode(String.self), createdAt: try c[11].decode(Date.self),
                deliveredAt: try c[12].decode(Date?.self), lastError: try c[13].decode(String?.self)))
        }
        return result
    }
}
