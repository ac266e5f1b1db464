import AudioFileWire
import Foundation
import NIOConcurrencyHelpers
public import RoutingClient
import RoutingCore
public import RoutingService
public import VoicemailStore

/// ``VoicemailRecorder`` for a remote routing server (`[routing] mode = http` with `voicemail-directory`): the message
/// is recorded into a crash-safe spool on the gateway's disk (as the routing server's own store does), then sent:
/// `POST /v1/gateway/unanswered-calls` with `voicemail_follows` and `PUT …/{call_ref}/voicemail` with the WAVE file.
/// Only after both succeed is the local copy removed; a message the routing server did not take (down, or the process
/// died after the caller hung up) stays in the spool and is sent again by ``sendPending()`` — at start and then every
/// minute. Both requests are idempotent per `call_ref`, so a resend never doubles a voicemail or its alerts.
public final class HTTPVoicemailRecorder: VoicemailRecorder, Sendable {
    public let routing: HTTPCallRouting
    public let spool: VoicemailDirectory
    /// Spool ids being recorded now (never resent from under the deposit).
    private let active = NIOLockedValueBox<Set<String>>([])

    public init(routing: HTTPCallRouting, spool: VoicemailDirectory) {
        self.routing = routing
        self.spool = spool
    }

    public func begin(_ call: UnansweredCall) throws -> any VoicemailUpload {
        let id = UUID().uuidString.lowercased()
        let metadata = Array(try JSONEncoder().encode(call))
        active.withLockedValue { _ = $0.insert(id) }
        do {
            let recording = try spool.begin(id: id, metadata: metadata, encoding: .aLaw, sampleRate: 8000)
            return Upload(recorder: self, id: id, call: call, recording: recording)
        } catch {
            active.withLockedValue { _ = $0.remove(id) }
            throw error
        }
    }

    public func unanswered(_ call: UnansweredCall) async throws {
        guard let notice = UnansweredCallNotice(call) else { return }
        try await routing.unansweredCall(notice)
    }

    /// Sends every finished message still in the spool (recordings in progress are left alone); returns how many
    /// went and why the others did not.
    @discardableResult
    public func sendPending() async -> (sent: Int, failed: [String]) {
        var sent = 0
        var failed: [String] = []
        let busy = active.withLockedValue { $0 }
        for entry in spool.pendingEntries() where !busy.contains(entry.id) {
            do {
                let call = try JSONDecoder().decode(UnansweredCall.self, from: Data(entry.metadata))
                let audio = try spool.recover(entry)
                try await deliver(id: entry.id, call: call, audio: audio)
                sent += 1
            } catch {
                failed.append("\(entry.id): \(error)")
            }
        }
        return (sent, failed)
    }

    /// The two requests, then the local copy goes.
    func deliver(id: String, call: UnansweredCall, audio: StoredVoicemailAudio) async throws {
        if let notice = UnansweredCallNotice(call) {
            try await routing.unansweredCall(notice, voicemailFollows: true)
        }
        try await routing.uploadVoicemail(callRef: call.callRef, wav: try spool.read(fileName: audio.fileName))
        try? spool.delete(fileName: audio.fileName)
        spool.complete(id: id)
    }

    struct Upload: VoicemailUpload {
        let recorder: HTTPVoicemailRecorder
        let id: String
        let call: UnansweredCall
        let recording: VoicemailRecording

        func append(_ aLaw: [UInt8]) throws { try recording.append(aLaw) }

        func finish(keep: Bool, keptLength: Duration) async throws {
            defer { recorder.active.withLockedValue { _ = $0.remove(id) } }
            let spool = recorder.spool
            if keep {
                try recording.truncate(dataBytes: RoutingServiceVoicemail.aLawBytes(keptLength))
                let audio = try spool.finish(recording)
                try await recorder.deliver(id: id, call: call, audio: audio)
            } else {
                if let audio = try? spool.finish(recording) { try? spool.delete(fileName: audio.fileName) }
                spool.complete(id: id)
                try await recorder.unanswered(call)
            }
        }
    }
}

extension UnansweredCallNotice {
    /// The report of a call the gateway kept as ``UnansweredCall``; nil when its subscriber number is not E.164.
    init?(_ call: UnansweredCall) {
        guard let called = try? E164Number(parsing: call.called) else { return nil }
        self.init(
            callRef: call.callRef, at: call.at, caller: call.caller.flatMap { try? E164Number(parsing: $0) },
            presentation: call.presentation, called: called, reason: call.reason,
            durationMilliseconds: call.durationMilliseconds)
    }
}
