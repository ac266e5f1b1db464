public import Foundation
import PostgresNIO
public import RoutingCore

/// Per-account call settings: the ring timeout and the voicemail greeting (migration 4).
extension RoutingTransaction {
    /// The account's ring timeout in seconds; nil when it has none of its own (or no such account).
    public func ringTimeout(account: AccountID) async throws -> Int? {
        let rows = try await run("SELECT ring_timeout_seconds FROM accounts WHERE id = \(account.uuid)")
        for try await seconds in rows.decode(Int?.self) { return seconds }
        return nil
    }

    /// Sets (or with nil clears) the account's ring timeout.
    public func setRingTimeout(account: AccountID, seconds: Int?) async throws {
        try await run("UPDATE accounts SET ring_timeout_seconds = \(seconds) WHERE id = \(account.uuid)")
    }

    /// The account's greeting (a WAVE file), if it recorded one.
    public func greeting(account: AccountID) async throws -> [UInt8]? {
        let rows = try await run("SELECT audio FROM voicemail_greetings WHERE account_id = \(account.uuid)")
        for try await audio in rows.decode(Data.self) { return [UInt8](audio) }
        return nil
    }

    /// Stores the account's greeting, replacing any.
    public func setGreeting(account: AccountID, audio: [UInt8], at time: Date) async throws {
        try await run(
            """
            INSERT INTO voicemail_greetings (account_id, audio, updated_at)
            VALUES (\(account.uuid), \(Data(audio)), \(time))
            ON CONFLICT (account_id) DO UPDATE SET audio = EXCLUDED.audio, updated_at = EXCLUDED.updated_at
            """)
    }

    /// Removes the account's greeting; false when it had none.
    public func deleteGreeting(account: AccountID) async throws -> Bool {
        try await count("DELETE FROM voicemail_greetings WHERE account_id = \(account.uuid) RETURNING account_id") > 0
    }
}
