public import PostgresNIO
public import RoutingCore
public import Foundation
import Logging

/// The repositories of the routing server, valid inside one ``RoutingDatabase/transaction(_:)``.
///
/// Lock order, to stay free of deadlocks: validation attempt → number (``lockNumber(_:)``) → accounts
/// (ascending id) → devices → forwarding.
public struct RoutingTransaction {
    let connection: PostgresConnection
    let logger: Logger

    @discardableResult
    func run(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await connection.query(query, logger: logger)
    }

    func count(_ query: PostgresQuery) async throws -> Int {
        var n = 0
        for try await _ in try await run(query) { n += 1 }
        return n
    }

    // MARK: Numbers and accounts

    /// Creates the number's lock row if needed and locks it until the end of the transaction.
    public func lockNumber(_ number: E164Number) async throws {
        try await run("INSERT INTO numbers (e164) VALUES (\(number.digits)) ON CONFLICT DO NOTHING")
        try await run("SELECT e164 FROM numbers WHERE e164 = \(number.digits) FOR UPDATE")
    }

    /// The account that has validated the number.
    public func owner(of number: E164Number) async throws -> AccountID? {
        let rows = try await run(
            "SELECT account_id FROM account_numbers WHERE e164 = \(number.digits) AND validated_at IS NOT NULL")
        for try await id in rows.decode(UUID.self) { return AccountID(id) }
        return nil
    }

    /// Every account that has the number linked, validated or not, ordered by link time.
    public func accountsLinking(_ number: E164Number) async throws -> [AccountID] {
        let rows = try await run(
            "SELECT account_id FROM account_numbers WHERE e164 = \(number.digits) ORDER BY linked_at, account_id")
        var ids: [AccountID] = []
        for try await id in rows.decode(UUID.self) { ids.append(AccountID(id)) }
        return ids
    }

    public func insertAccount(_ account: Account) async throws {
        try await run(
            """
            INSERT INTO accounts (id, password_hash, created_at)
            VALUES (\(account.id.uuid), \(account.passwordHash.encoded), \(account.createdAt))
            """)
        try await saveNumbers(of: account)
    }

    /// Reads an account; `lock` holds its row until the end of the transaction.
    public func account(_ id: AccountID, lock: Bool = false) async throws -> Account? {
        let rows = try await run(
            lock
                ? "SELECT password_hash, created_at FROM accounts WHERE id = \(id.uuid) FOR UPDATE"
                : "SELECT password_hash, created_at FROM accounts WHERE id = \(id.uuid)")
        var header: (String, Date)?
        for try await row in rows.decode((String, Date).self) { header = row }
        guard let (encoded, createdAt) = header else { return nil }
        guard let hash = PasswordHash(encoded: encoded) else { throw StoreError.corrupt("password hash of \(id)") }
        let numberRows = try await run(
            "SELECT e164, role, linked_at, validated_at FROM account_numbers WHERE account_id = \(id.uuid)")
        var numbers: [AccountNumber] = []
        for try await (digits, role, linkedAt, validatedAt) in numberRows.decode((String, String, Date, Date?).self) {
            numbers.append(AccountNumber(
                number: try E164Number.stored(digits), linkedAt: linkedAt, validatedAt: validatedAt,
                role: NumberRole(rawValue: role) ?? .secondary))
        }
        return Account(id: id, passwordHash: hash, createdAt: createdAt, numbers: numbers)
    }

    /// Replaces the stored numbers of an account with its current ones. When a number moves between accounts,
    /// save the account giving it up first.
    public func saveNumbers(of account: Account) async throws {
        try await run("DELETE FROM account_numbers WHERE account_id = \(account.id.uuid)")
        for link in account.numbers {
            try await run("INSERT INTO numbers (e164) VALUES (\(link.number.digits)) ON CONFLICT DO NOTHING")
            try await run(
                """
                INSERT INTO account_numbers (account_id, e164, role, linked_at, validated_at)
                VALUES (\(account.id.uuid), \(link.number.digits), \(link.role.rawValue), \(link.linkedAt),
                        \(link.validatedAt))
                """)
        }
    }

    // MARK: Validation attempts

    public func insertValidation(_ attempt: ValidationAttempt) async throws {
        try await run(
            """
            INSERT INTO validations (id, account_id, e164, method, code, created_at, expires_at, owner_at_start,
                                     max_wrong_tries, status, wrong_tries, finished_at)
            VALUES (\(attempt.id.uuid), \(attempt.accountID.uuid), \(attempt.number.digits),
                    \(attempt.method.rawValue), \(attempt.code.digits), \(attempt.createdAt), \(attempt.expiresAt),
                    \(attempt.ownerAtStart?.uuid), \(attempt.maximumWrongTries), \(attempt.status.rawValue),
                    \(attempt.wrongTries), \(attempt.finishedAt))
            """)
    }

    public func saveValidation(_ attempt: ValidationAttempt) async throws {
        try await run(
            """
            UPDATE validations SET status = \(attempt.status.rawValue), wrong_tries = \(attempt.wrongTries),
                   finished_at = \(attempt.finishedAt)
            WHERE id = \(attempt.id.uuid)
            """)
    }

    static let validationColumns = """
        id, account_id, e164, method, code, created_at, expires_at, owner_at_start, max_wrong_tries, status, \
        wrong_tries, finished_at
        """

    public func validation(_ id: ValidationID, lock: Bool = false) async throws -> ValidationAttempt? {
        let sql = "SELECT \(Self.validationColumns) FROM validations WHERE id = $1" + (lock ? " FOR UPDATE" : "")
        var binds = PostgresBindings()
        binds.append(id.uuid)
        return try await validations(PostgresQuery(unsafeSQL: sql, binds: binds)).first
    }

    /// Pending attempts of a method for a number, oldest first, locked.
    public func pendingValidations(of number: E164Number, method: ValidationMethod) async throws -> [ValidationAttempt] {
        let sql = """
            SELECT \(Self.validationColumns) FROM validations
            WHERE e164 = $1 AND method = $2 AND status = 'pending' ORDER BY created_at, id FOR UPDATE
            """
        var binds = PostgresBindings()
        binds.append(number.digits)
        binds.append(method.rawValue)
        return try await validations(PostgresQuery(unsafeSQL: sql, binds: binds))
    }

    private func validations(_ query: PostgresQuery) async throws -> [ValidationAttempt] {
        var result: [ValidationAttempt] = []
        let rows = try await run(query)
        for try await row in rows {
            let (id, account, digits, method, code, createdAt, expiresAt, ownerAtStart, maxTries, status, tries,
                finishedAt) = try row.decode(
                    (UUID, UUID, String, String, String, Date, Date, UUID?, Int, String, Int, Date?).self)
            guard let method = ValidationMethod(rawValue: method), let code = ValidationCode(code),
                let status = ValidationAttempt.Status(rawValue: status)
            else { throw StoreError.corrupt("validation \(id)") }
            result.append(ValidationAttempt(
                id: ValidationID(id), accountID: AccountID(account), number: try E164Number.stored(digits),
                method: method, code: code, createdAt: createdAt, expiresAt: expiresAt,
                ownerAtStart: ownerAtStart.map(AccountID.init), maximumWrongTries: maxTries, status: status,
                wrongTries: tries, finishedAt: finishedAt))
        }
        return result
    }

    // MARK: Rate limits

    /// Serialises every check-and-record under one key until the end of the transaction.
    public func lockRateKey(_ key: RateLimitKey) async throws {
        try await run("SELECT pg_advisory_xact_lock(hashtextextended(\(key.value), 0))")
    }

    public func rateEvents(_ key: RateLimitKey, since: Date) async throws -> [Date] {
        let rows = try await run("SELECT at FROM rate_events WHERE key = \(key.value) AND at > \(since)")
        var times: [Date] = []
        for try await time in rows.decode(Date.self) { times.append(time) }
        return times
    }

    public func recordRateEvent(_ key: RateLimitKey, at time: Date) async throws {
        try await run("INSERT INTO rate_events (key, at) VALUES (\(key.value), \(time))")
    }

    /// Forgets events older than `before` (housekeeping).
    public func pruneRateEvents(before: Date) async throws {
        try await run("DELETE FROM rate_events WHERE at < \(before)")
    }

    /// Forgets the events of `key` older than `before`: pruning on insert keeps each key within its window.
    public func pruneRateEvents(_ key: RateLimitKey, before: Date) async throws {
        try await run("DELETE FROM rate_events WHERE key = \(key.value) AND at < \(before)")
    }
}

/// Data in the database that the domain types refuse: a bug or a hand edit.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    case corrupt(String)

    public var description: String {
        switch self {
        case .corrupt(let what): "stored data is not valid: \(what)"
        }
    }
}

extension E164Number {
    static func stored(_ digits: String) throws -> E164Number {
        do { return try E164Number(digits: digits) } catch { throw StoreError.corrupt("number \(digits): \(error)") }
    }
}
