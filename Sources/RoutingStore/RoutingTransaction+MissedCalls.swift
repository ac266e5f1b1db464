import PostgresNIO
public import RoutingCore
public import Foundation

/// One missed call of an account (table `missed_calls`), with its voicemail when one was left.
public struct MissedCallRow: Hashable, Sendable {
    public var id: UUID
    /// The gateway's id of the call (as in `call_records`); a second report with it stores nothing new.
    public var callRef: String
    public var accountID: AccountID
    /// The subscriber number that was called, `+digits`.
    public var called: String
    /// The caller's number, `+digits`, when one was received (kept even when presentation is restricted).
    public var caller: String?
    public var presentation: CallerPresentation
    public var at: Date
    /// Why nobody answered: `no_device_available`, `no_answer`, `rejected`, `busy`, ….
    public var reason: String
    /// How long the call lasted from its arrival to its release, in milliseconds.
    public var durationMilliseconds: Int
    /// A voicemail is being uploaded (HTTP gateways): alerts wait for it up to the grace time.
    public var voicemailExpected: Bool
    public var voicemail: VoicemailRow?

    public init(
        id: UUID, callRef: String, accountID: AccountID, called: String, caller: String?,
        presentation: CallerPresentation, at: Date, reason: String, durationMilliseconds: Int,
        voicemailExpected: Bool = false, voicemail: VoicemailRow? = nil
    ) {
        self.id = id
        self.callRef = callRef
        self.accountID = accountID
        self.called = called
        self.caller = caller
        self.presentation = presentation
        self.at = at
        self.reason = reason
        self.durationMilliseconds = durationMilliseconds
        self.voicemailExpected = voicemailExpected
        self.voicemail = voicemail
    }

    /// The call as alert texts show it.
    public var summary: MissedCallSummary {
        MissedCallSummary(
            caller: caller.flatMap { try? E164Number(parsing: $0) }, presentation: presentation, at: at,
            voicemailSeconds: voicemail.map { Int((Double($0.durationMilliseconds) / 1000).rounded()) })
    }
}

/// One stored voicemail (table `voicemails`); its audio is `fileName` in the voicemail directory.
public struct VoicemailRow: Hashable, Sendable {
    public var id: UUID
    public var missedCallID: UUID
    public var accountID: AccountID
    public var fileName: String
    /// `wav` or `ogg`.
    public var format: String
    public var bytes: Int
    public var durationMilliseconds: Int
    public var createdAt: Date
    public var heardAt: Date?

    public init(
        id: UUID, missedCallID: UUID, accountID: AccountID, fileName: String, format: String, bytes: Int,
        durationMilliseconds: Int, createdAt: Date, heardAt: Date? = nil
    ) {
        self.id = id
        self.missedCallID = missedCallID
        self.accountID = accountID
        self.fileName = fileName
        self.format = format
        self.bytes = bytes
        self.durationMilliseconds = durationMilliseconds
        self.createdAt = createdAt
        self.heardAt = heardAt
    }
}

extension RoutingTransaction {
    /// Stores a missed call unless its `callRef` is stored; returns the stored row (the earlier one on a repeat)
    /// and whether it is new.
    public func insertMissedCall(_ call: MissedCallRow) async throws -> (MissedCallRow, inserted: Bool) {
        let rows = try await run(
            """
            INSERT INTO missed_calls (id, call_ref, account_id, called, caller, presentation, at, reason, duration_ms,
                voicemail_expected)
            VALUES (\(call.id), \(call.callRef), \(call.accountID.uuid), \(call.called), \(call.caller),
                \(call.presentation.rawValue), \(call.at), \(call.reason), \(call.durationMilliseconds),
                \(call.voicemailExpected))
            ON CONFLICT (call_ref) DO NOTHING
            RETURNING id
            """)
        for try await _ in rows { return (call, true) }
        guard let existing = try await missedCall(callRef: call.callRef) else {
            throw StoreError.corrupt("missed call \(call.callRef)")
        }
        return (existing, false)
    }

    static let missedCallColumns = """
        m.id, m.call_ref, m.account_id, m.called, m.caller, m.presentation, m.at, m.reason, m.duration_ms,
        m.voicemail_expected, v.id, v.file_name, v.format, v.bytes, v.duration_ms, v.created_at, v.heard_at
        """

    public func missedCall(callRef: String) async throws -> MissedCallRow? {
        try await missedCalls(
            "SELECT \(unescaped: Self.missedCallColumns) FROM missed_calls m LEFT JOIN voicemails v ON v.missed_call_id = m.id WHERE m.call_ref = \(callRef)"
        ).first
    }

    public func missedCall(id: UUID, account: AccountID) async throws -> MissedCallRow? {
        try await missedCalls(
            "SELECT \(unescaped: Self.missedCallColumns) FROM missed_calls m LEFT JOIN voicemails v ON v.missed_call_id = m.id WHERE m.id = \(id) AND m.account_id = \(account.uuid)"
        ).first
    }

    /// An account's missed calls, newest first; `before` is the (time, id) of the last row of the previous page.
    public func missedCalls(account: AccountID, before: (Date, UUID)?, limit: Int) async throws -> [MissedCallRow] {
        if let (at, id) = before {
            return try await missedCalls(
                """
                SELECT \(unescaped: Self.missedCallColumns) FROM missed_calls m LEFT JOIN voicemails v ON v.missed_call_id = m.id
                WHERE m.account_id = \(account.uuid) AND (m.at, m.id) < (\(at), \(id))
                ORDER BY m.at DESC, m.id DESC LIMIT \(limit)
                """)
        }
        return try await missedCalls(
            """
            SELECT \(unescaped: Self.missedCallColumns) FROM missed_calls m LEFT JOIN voicemails v ON v.missed_call_id = m.id
            WHERE m.account_id = \(account.uuid) ORDER BY m.at DESC, m.id DESC LIMIT \(limit)
            """)
    }

    /// The missed calls an alert tells of, oldest first.
    public func missedCalls(alert: UUID) async throws -> [MissedCallRow] {
        try await missedCalls(
            """
            SELECT \(unescaped: Self.missedCallColumns) FROM alert_outbox_calls a JOIN missed_calls m ON m.id = a.missed_call_id
            LEFT JOIN voicemails v ON v.missed_call_id = m.id WHERE a.alert_id = \(alert) ORDER BY m.at, m.id
            """)
    }

    private func missedCalls(_ query: PostgresQuery) async throws -> [MissedCallRow] {
        var result: [MissedCallRow] = []
        for try await row in try await run(query) {
            let columns = row.makeRandomAccess()
            let id = try columns[0].decode(UUID.self)
            let ref = try columns[1].decode(String.self)
            let account = try columns[2].decode(UUID.self)
            let called = try columns[3].decode(String.self)
            let caller = try columns[4].decode(String?.self)
            let presentation = try columns[5].decode(String.self)
            let at = try columns[6].decode(Date.self)
            let reason = try columns[7].decode(String.self)
            let duration = try columns[8].decode(Int.self)
            let expected = try columns[9].decode(Bool.self)
            var voicemail: VoicemailRow?
            if let vid = try columns[10].decode(UUID?.self) {
                voicemail = VoicemailRow(
                    id: vid, missedCallID: id, accountID: AccountID(account),
                    fileName: try columns[11].decode(String.self), format: try columns[12].decode(String.self),
                    bytes: try columns[13].decode(Int.self), durationMilliseconds: try columns[14].decode(Int.self),
                    createdAt: try columns[15].decode(Date.self), heardAt: try columns[16].decode(Date?.self))
            }
            result.append(MissedCallRow(
                id: id, callRef: ref, accountID: AccountID(account), called: called, caller: caller,
                presentation: CallerPresentation(rawValue: presentation) ?? .unavailable, at: at, reason: reason,
                durationMilliseconds: duration, voicemailExpected: expected, voicemail: voicemail))
        }
        return result
    }

    /// Stores a voicemail unless its missed call has one; returns the stored row and whether it is new.
    public func insertVoicemail(_ voicemail: VoicemailRow) async throws -> (VoicemailRow, inserted: Bool) {
        let rows = try await run(
            """
            INSERT INTO voicemails (id, missed_call_id, account_id, file_name, format, bytes, duration_ms, created_at)
            VALUES (\(voicemail.id), \(voicemail.missedCallID), \(voicemail.accountID.uuid), \(voicemail.fileName),
                \(voicemail.format), \(voicemail.bytes), \(voicemail.durationMilliseconds), \(voicemail.createdAt))
            ON CONFLICT (missed_call_id) DO NOTHING
            RETURNING id
            """)
        for try await _ in rows {
            try await run("UPDATE missed_calls SET voicemail_expected = false WHERE id = \(voicemail.missedCallID)")
            return (voicemail, true)
        }
        guard let existing = try await self.voicemail(missedCall: voicemail.missedCallID) else {
            throw StoreError.corrupt("voicemail of \(voicemail.missedCallID)")
        }
        return (existing, false)
    }

    static let voicemailColumns =
        "id, missed_call_id, account_id, file_name, format, bytes, duration_ms, created_at, heard_at"

    public func voicemail(missedCall: UUID) async throws -> VoicemailRow? {
        try await voicemails("SELECT \(unescaped: Self.voicemailColumns) FROM voicemails WHERE missed_call_id = \(missedCall)")
            .first
    }

    public func voicemail(id: UUID, account: AccountID, lock: Bool = false) async throws -> VoicemailRow? {
        try await voicemails(
            lock
                ? "SELECT \(unescaped: Self.voicemailColumns) FROM voicemails WHERE id = \(id) AND account_id = \(account.uuid) FOR UPDATE"
                : "SELECT \(unescaped: Self.voicemailColumns) FROM voicemails WHERE id = \(id) AND account_id = \(account.uuid)"
        ).first
    }

    /// An account's voicemails, newest first; `before` is the (time, id) of the last row of the previous page.
    public func voicemails(account: AccountID, before: (Date, UUID)?, limit: Int) async throws -> [VoicemailRow] {
        if let (at, id) = before {
            return try await voicemails(
                """
                SELECT \(unescaped: Self.voicemailColumns) FROM voicemails
                WHERE account_id = \(account.uuid) AND (created_at, id) < (\(at), \(id))
                ORDER BY created_at DESC, id DESC LIMIT \(limit)
                """)
        }
        return try await voicemails(
            """
            SELECT \(unescaped: Self.voicemailColumns) FROM voicemails WHERE account_id = \(account.uuid)
            ORDER BY created_at DESC, id DESC LIMIT \(limit)
            """)
    }

    private func voicemails(_ query: PostgresQuery) async throws -> [VoicemailRow] {
        var result: [VoicemailRow] = []
        for try await (id, call, account, file, format, bytes, duration, created, heard) in try await run(query).decode(
            (UUID, UUID, UUID, String, String, Int, Int, Date, Date?).self)
        {
            result.append(VoicemailRow(
                id: id, missedCallID: call, accountID: AccountID(account), fileName: file, format: format, bytes: bytes,
                durationMilliseconds: duration, createdAt: created, heardAt: heard))
        }
        return result
    }

    /// Marks a voicemail heard (the first time only); returns whether it exists.
    public func markVoicemailHeard(id: UUID, account: AccountID, at time: Date) async throws -> Bool {
        try await count(
            """
            UPDATE voicemails SET heard_at = COALESCE(heard_at, \(time)) WHERE id = \(id) AND account_id = \(account.uuid)
            RETURNING id
            """) > 0
    }

    /// Deletes a voicemail row; returns its file name when it existed.
    public func deleteVoicemail(id: UUID, account: AccountID) async throws -> String? {
        let rows = try await run(
            "DELETE FROM voicemails WHERE id = \(id) AND account_id = \(account.uuid) RETURNING file_name")
        for try await name in rows.decode(String.self) { return name }
        return nil
    }

    /// Deletes a missed call (and its voicemail row); returns whether it existed and its voicemail's file name.
    public func deleteMissedCall(id: UUID, account: AccountID) async throws -> (deleted: Bool, fileName: String?) {
        let file = try await voicemail(missedCall: id).flatMap { $0.accountID == account ? $0.fileName : nil }
        let deleted = try await count(
            "DELETE FROM missed_calls WHERE id = \(id) AND account_id = \(account.uuid) RETURNING id") > 0
        return (deleted, deleted ? file : nil)
    }
}
