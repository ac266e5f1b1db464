public import AudioFileWire
import Foundation
import RoutingCore
import RoutingStore
import VoicemailStore

extension RoutingService {
    /// The gateway reports a call nobody answered and for which no voicemail was left (or, with
    /// `voicemailFollows`, one is being uploaded: alerts then wait up to `alertPolicy.voicemailGrace` for it).
    /// Stores the missed call for the subscriber's account and queues its alerts; idempotent per `callRef`.
    public func reportUnansweredCall(_ call: UnansweredCall, voicemailFollows: Bool = false) async throws
        -> UnansweredCallRecorded
    {
        let call = try checked(call)
        return try await database.transaction { tx in
            try await self.register(tx, call, voicemail: nil, voicemailFollows: voicemailFollows)
        }
    }

    /// Starts recording a voicemail for `call`: the sidecar (the call's metadata) and the WAV header are fsync'd
    /// before this returns. Nothing is stored in the database until ``finishVoicemail(_:)`` (or recovery).
    public func beginVoicemail(for call: UnansweredCall, encoding: WAVAudio.Encoding, sampleRate: Int) throws
        -> VoicemailCapture
    {
        let call = try checked(call)
        guard let voicemails else { throw RoutingError.invalidRequest("no voicemail directory is configured") }
        let id = newUUID()
        let metadata = try VoicemailSidecar(voicemailID: id, call: call).encoded()
        let recording = try voicemails.begin(
            id: id.uuidString.lowercased(), metadata: metadata, encoding: encoding, sampleRate: sampleRate)
        return VoicemailCapture(call: call, voicemailID: id, recording: recording)
    }

    /// The caller hung up (or pressed `#`, or the maximum length was reached): the file is finished (sizes,
    /// fsync, rename) and the missed call, the voicemail and its alerts are stored in one transaction.
    public func finishVoicemail(_ capture: VoicemailCapture) async throws -> UnansweredCallRecorded {
        guard let voicemails else { throw RoutingError.invalidRequest("no voicemail directory is configured") }
        let audio = try voicemails.finish(capture.recording)
        let recorded = try await database.transaction { tx in
            try await self.register(tx, capture.call, voicemail: (capture.voicemailID, audio), voicemailFollows: false)
        }
        voicemails.complete(id: capture.voicemailID.uuidString.lowercased())
        return recorded
    }

    /// The caller left no message worth keeping (VoicemailDeposit: too little speech): the spool is removed and
    /// the call is stored as a missed call without voicemail.
    public func discardVoicemail(_ capture: VoicemailCapture) async throws -> UnansweredCallRecorded {
        let recorded = try await reportUnansweredCall(capture.call)
        if let voicemails {
            let id = capture.voicemailID.uuidString.lowercased()
            if let audio = try? voicemails.finish(capture.recording) { try? voicemails.delete(fileName: audio.fileName) }
            voicemails.complete(id: id)
        }
        return recorded
    }

    /// A whole voicemail file for an already reported call (`PUT /v1/gateway/unanswered-calls/{call_ref}/voicemail`):
    /// a WAVE file or an Ogg Opus stream, stored through the spool like a recording. A second upload for the same
    /// call keeps the first (`new` false).
    public func storeVoicemail(callRef: String, audio bytes: [UInt8]) async throws -> UnansweredCallRecorded {
        guard let voicemails else { throw RoutingError.invalidRequest("no voicemail directory is configured") }
        guard let call = try await database.read({ tx in try await tx.missedCall(callRef: callRef) }) else {
            throw RoutingError.notFound("unanswered call")
        }
        if let existing = call.voicemail {
            return UnansweredCallRecorded(missedCallID: call.id, voicemailID: existing.id, new: false)
        }
        let report = UnansweredCall(
            callRef: call.callRef, at: call.at, caller: call.caller, presentation: call.presentation,
            called: call.called, reason: call.reason, durationMilliseconds: call.durationMilliseconds)
        let id = newUUID()
        let name = id.uuidString.lowercased()
        let audio: StoredVoicemailAudio
        do {
            audio = try voicemails.store(
                id: name, metadata: try VoicemailSidecar(voicemailID: id, call: report).encoded(), audio: bytes)
        } catch let error as VoicemailStoreError {
            throw RoutingError.invalidRequest(error.description)
        }
        let recorded = try await database.transaction { tx in
            try await self.register(tx, report, voicemail: (id, audio), voicemailFollows: false)
        }
        voicemails.complete(id: name)
        if recorded.voicemailID != id { try? voicemails.delete(fileName: audio.fileName) }
        // For an upload, "new" is about the voicemail: the call itself was reported before.
        return UnansweredCallRecorded(
            missedCallID: recorded.missedCallID, voicemailID: recorded.voicemailID, new: recorded.voicemailID == id)
    }

    /// At start: every spool entry a dead process left is finished and stored (missed call, voicemail, alerts),
    /// so a caller who hung up before the crash is not lost. Run before the gateway takes calls.
    public func recoverVoicemails() async -> VoicemailRecovery {
        var result = VoicemailRecovery()
        guard let voicemails else { return result }
        for entry in voicemails.pendingEntries() {
            do {
                let sidecar = try VoicemailSidecar.decode(entry.metadata)
                let audio = try voicemails.recover(entry)
                let recorded = try await database.transaction { tx in
                    try await self.register(
                        tx, sidecar.call, voicemail: (sidecar.voicemailID, audio), voicemailFollows: false)
                }
                voicemails.complete(id: entry.id)
                if recorded.voicemailID != sidecar.voicemailID { try? voicemails.delete(fileName: audio.fileName) }
                result.registered.append(sidecar.voicemailID)
            } catch {
                result.failed.append("\(entry.id): \(error)")
            }
        }
        return result
    }

    // MARK: Steps

    /// Checks and normalises a report (numbers parsed, text fields bounded).
    func checked(_ call: UnansweredCall) throws -> UnansweredCall {
        var call = call
        guard (1...100).contains(call.callRef.utf8.count) else {
            throw RoutingError.invalidRequest("call_ref must be 1 to 100 characters")
        }
        call.called = try parse(call.called).description
        call.caller = try call.caller.map { try parse($0).description }
        call.reason = String(call.reason.prefix(40))
        call.durationMilliseconds = max(0, call.durationMilliseconds)
        return call
    }

    /// Stores the missed call (once per `callRef`), the voicemail (once per call) and queues or updates alerts.
    func register(
        _ tx: RoutingTransaction, _ call: UnansweredCall, voicemail: (UUID, StoredVoicemailAudio)?,
        voicemailFollows: Bool
    ) async throws -> UnansweredCallRecorded {
        let number = try parse(call.called)
        guard let (account, contacts) = try await tx.route(number) else {
            throw RoutingError.notFound("subscriber number \(number)")
        }
        // Serialises the account's alert collation (two calls missed at once join one alert, never make two).
        _ = try await tx.account(account, lock: true)
        let time = now()
        var (row, inserted) = try await tx.insertMissedCall(MissedCallRow(
            id: newUUID(), callRef: call.callRef, accountID: account, called: number.description, caller: call.caller,
            presentation: call.presentation, at: call.at, reason: call.reason,
            durationMilliseconds: call.durationMilliseconds, voicemailExpected: voicemailFollows && voicemail == nil))
        var voicemailID = row.voicemail?.id
        var voicemailAdded = false
        if let (id, audio) = voicemail, row.voicemail == nil {
            let (stored, new) = try await tx.insertVoicemail(VoicemailRow(
                id: id, missedCallID: row.id, accountID: row.accountID, fileName: audio.fileName,
                format: audio.format.rawValue, bytes: audio.bytes, durationMilliseconds: audio.milliseconds,
                createdAt: time))
            voicemailID = stored.id
            voicemailAdded = new
            row.voicemail = stored
        }
        if inserted {
            try await queueAlerts(
                tx, call: row, number: number, reachable: !contacts.isEmpty,
                holdForVoicemail: voicemailFollows && voicemail == nil, at: time)
        } else if voicemailAdded {
            try await voicemailArrived(tx, call: row.id, at: time)
        }
        return UnansweredCallRecorded(missedCallID: row.id, voicemailID: voicemailID, new: inserted)
    }
}
