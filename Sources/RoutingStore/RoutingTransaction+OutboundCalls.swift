public import Foundation
import PostgresNIO
public import RoutingCore

/// One outbound validation call a gateway claimed: call `number` and speak `code`.
public struct ClaimedOutboundCall: Hashable, Sendable {
    public var id: UUID
    public var number: String
    public var code: String
    /// The validation expires then: a call placed later is useless.
    public var expiresAt: Date

    public init(id: UUID, number: String, code: String, expiresAt: Date) {
        self.id = id
        self.number = number
        self.code = code
        self.expiresAt = expiresAt
    }
}

/// The queue of outbound validation calls for gateways in other processes (migration 5).
extension RoutingTransaction {
    /// Claims up to `limit` due calls until `until`: pending `call_code` validations not expired, not placed, with
    /// fewer than `maximumAttempts` attempts and no live claim; oldest first. Rows another transaction holds are
    /// skipped (two gateways claiming at once get different calls).
    public func claimOutboundCalls(at time: Date, until: Date, limit: Int, maximumAttempts: Int) async throws
        -> [ClaimedOutboundCall]
    {
        let rows = try await run(
            """
            UPDATE validations SET call_claimed_until = \(until), call_attempts = call_attempts + 1
            WHERE id IN (
                SELECT id FROM validations
                WHERE method = 'call_code' AND status = 'pending' AND call_placed_at IS NULL
                    AND expires_at > \(time) AND call_attempts < \(maximumAttempts)
                    AND (call_claimed_until IS NULL OR call_claimed_until < \(time))
                ORDER BY created_at
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING id, e164, code, expires_at
            """)
        var calls: [ClaimedOutboundCall] = []
        for try await (id, e164, code, expires) in rows.decode((UUID, String, String, Date).self) {
            calls.append(ClaimedOutboundCall(id: id, number: "+" + e164, code: code, expiresAt: expires))
        }
        return calls.sorted { $0.expiresAt < $1.expiresAt }
    }

    /// The gateway placed the call (`placed`), or could not: then the claim ends at `retryAt`. False when no
    /// claimed call has that id.
    public func finishOutboundCall(id: UUID, placed: Bool, at time: Date, retryAt: Date) async throws -> Bool {
        if placed {
            return try await count(
                """
                UPDATE validations SET call_placed_at = \(time), call_claimed_until = NULL
                WHERE id = \(id) AND method = 'call_code' AND call_claimed_until IS NOT NULL RETURNING id
                """) > 0
        }
        return try await count(
            """
            UPDATE validations SET call_claimed_until = \(retryAt)
            WHERE id = \(id) AND method = 'call_code' AND call_claimed_until IS NOT NULL AND call_placed_at IS NULL
            RETURNING id
            """) > 0
    }
}
