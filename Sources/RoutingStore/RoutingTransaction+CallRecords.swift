import PostgresNIO
public import Foundation

/// One forwarded call as the gateway reported it (table `call_records`).
public struct CallRecord: Hashable, Sendable {
    /// The gateway's id of the call; a second report with the same id is ignored.
    public var callRef: String
    public var at: Date
    /// `+` and digits when the IAM carried a usable calling party number.
    public var calling: String?
    /// The called party number (one of Reroute's C numbers).
    public var called: String?
    /// The subscriber number the call was for (original called / redirecting number).
    public var originalCalled: String
    /// The redirection reason word (`busy`, `no_reply`, `not_reachable`, …).
    public var reason: String
    /// What the gateway did (`routed`, `unknown_number`, `no_device_available`, `loop`, …).
    public var outcome: String

    public init(
        callRef: String, at: Date, calling: String?, called: String?, originalCalled: String, reason: String,
        outcome: String
    ) {
        self.callRef = callRef
        self.at = at
        self.calling = calling
        self.called = called
        self.originalCalled = originalCalled
        self.reason = reason
        self.outcome = outcome
    }
}

extension RoutingTransaction {
    /// Stores `record` unless one with its `callRef` exists; returns whether it was new.
    @discardableResult
    public func insertCallRecord(_ record: CallRecord) async throws -> Bool {
        let rows = try await run(
            """
            INSERT INTO call_records (call_ref, at, calling, called, original_called, reason, outcome)
            VALUES (\(record.callRef), \(record.at), \(record.calling), \(record.called), \(record.originalCalled),
                \(record.reason), \(record.outcome))
            ON CONFLICT (call_ref) DO NOTHING
            RETURNING call_ref
            """)
        for try await _ in rows { return true }
        return false
    }

    /// The records of calls for `originalCalled` (`+` and digits), oldest first.
    public func callRecords(originalCalled: String) async throws -> [CallRecord] {
        let rows = try await run(
            """
            SELECT call_ref, at, calling, called, original_called, reason, outcome FROM call_records
            WHERE original_called = \(originalCalled) ORDER BY at, call_ref
            """)
        var records: [CallRecord] = []
        for try await (ref, at, calling, called, original, reason, outcome) in rows.decode(
            (String, Date, String?, String?, String, String, String).self)
        {
            records.append(CallRecord(
                callRef: ref, at: at, calling: calling, called: called, originalCalled: original, reason: reason,
                outcome: outcome))
        }
        return records
    }
}
