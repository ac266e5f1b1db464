public import Foundation
import RoutingCore
import RoutingStore
import VoicemailStore

extension RoutingService {
    /// The session account's missed calls, newest first (`GET /v1/me/missed-calls`).
    public func missedCalls(token: String, limit: Int = 50, cursor: String? = nil) async throws -> Page<MissedCallView> {
        let limit = try pageLimit(limit)
        let before = try PageCursor.parse(cursor)
        return try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            let rows = try await tx.missedCalls(account: session.accountID, before: before, limit: limit + 1)
            let shown = rows.prefix(limit)
            return Page(
                items: shown.map(MissedCallView.init),
                next: rows.count > limit ? shown.last.map { PageCursor.make($0.at, $0.id) } : nil)
        }
    }

    /// The session account's voicemails, newest first (`GET /v1/me/voicemails`).
    public func voicemails(token: String, limit: Int = 50, cursor: String? = nil) async throws -> Page<VoicemailView> {
        let limit = try pageLimit(limit)
        let before = try PageCursor.parse(cursor)
        return try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            let rows = try await tx.voicemails(account: session.accountID, before: before, limit: limit + 1)
            var items: [VoicemailView] = []
            for row in rows.prefix(limit) {
                guard let call = try await tx.missedCall(id: row.missedCallID, account: session.accountID) else { continue }
                items.append(VoicemailView(row, call: call))
            }
            let last = rows.prefix(limit).last
            return Page(items: items, next: rows.count > limit ? last.map { PageCursor.make($0.createdAt, $0.id) } : nil)
        }
    }

    /// A voicemail's audio (`GET /v1/me/voicemails/{id}/audio`).
    public func voicemailAudio(token: String, id: UUID) async throws -> VoicemailAudio {
        let row = try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            guard let row = try await tx.voicemail(id: id, account: session.accountID) else {
                throw RoutingError.notFound("voicemail")
            }
            return row
        }
        guard let voicemails, let bytes = try? voicemails.read(fileName: row.fileName) else {
            throw RoutingError.notFound("voicemail audio")
        }
        return VoicemailAudio(mediaType: VoicemailAudioFormat(rawValue: row.format)?.mediaType ?? "audio/wav", bytes: bytes)
    }

    /// Marks a voicemail heard (`POST /v1/me/voicemails/{id}/heard`); the first time is kept.
    public func markVoicemailHeard(token: String, id: UUID) async throws {
        let time = now()
        try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            guard try await tx.markVoicemailHeard(id: id, account: session.accountID, at: time) else {
                throw RoutingError.notFound("voicemail")
            }
        }
    }

    /// Deletes a voicemail, row and file (`DELETE /v1/me/voicemails/{id}`): 404 once it is gone. The missed call
    /// stays in the list.
    public func deleteVoicemail(token: String, id: UUID) async throws {
        let file = try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            guard let file = try await tx.deleteVoicemail(id: id, account: session.accountID) else {
                throw RoutingError.notFound("voicemail")
            }
            return file
        }
        // After the commit: a crash here leaves an orphan file, never a row without its file.
        try? voicemails?.delete(fileName: file)
    }

    /// Deletes a missed call and its voicemail, if any (`DELETE /v1/me/missed-calls/{id}`).
    public func deleteMissedCall(token: String, id: UUID) async throws {
        let file = try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            let (deleted, file) = try await tx.deleteMissedCall(id: id, account: session.accountID)
            guard deleted else { throw RoutingError.notFound("missed call") }
            return file
        }
        if let file { try? voicemails?.delete(fileName: file) }
    }

    func pageLimit(_ limit: Int) throws -> Int {
        guard (1...100).contains(limit) else { throw RoutingError.invalidRequest("limit must be 1 to 100") }
        return limit
    }
}
