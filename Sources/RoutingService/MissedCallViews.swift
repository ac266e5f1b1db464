public import Foundation
public import RoutingCore
public import RoutingStore

/// A missed call as its owner sees it (`GET /v1/me/missed-calls`). A withheld caller's number is not shown
/// (Q.763 §3.10: presentation restricted).
public struct MissedCallView: Hashable, Sendable {
    public let id: UUID
    public let at: Date
    public let called: String
    public let caller: String?
    public let presentation: CallerPresentation
    public let reason: String
    public let durationMilliseconds: Int
    public let voicemail: VoicemailView?

    init(_ row: MissedCallRow) {
        id = row.id
        at = row.at
        called = row.called
        caller = row.presentation == .restricted ? nil : row.caller
        presentation = row.presentation
        reason = row.reason
        durationMilliseconds = row.durationMilliseconds
        voicemail = row.voicemail.map { VoicemailView($0, call: row) }
    }
}

/// A voicemail as its owner sees it (`GET /v1/me/voicemails`).
public struct VoicemailView: Hashable, Sendable {
    public let id: UUID
    public let missedCallID: UUID
    /// When the call arrived.
    public let at: Date
    public let called: String
    public let caller: String?
    public let presentation: CallerPresentation
    public let durationMilliseconds: Int
    /// `wav` or `ogg`.
    public let format: String
    public let bytes: Int
    public let heardAt: Date?

    init(_ row: VoicemailRow, call: MissedCallRow) {
        id = row.id
        missedCallID = row.missedCallID
        at = call.at
        called = call.called
        caller = call.presentation == .restricted ? nil : call.caller
        presentation = call.presentation
        durationMilliseconds = row.durationMilliseconds
        format = row.format
        bytes = row.bytes
        heardAt = row.heardAt
    }
}

/// One page of a newest-first list; `next` is the opaque cursor of the following page (`nil`: this is the last).
public struct Page<Item: Hashable & Sendable>: Hashable, Sendable {
    public let items: [Item]
    public let next: String?
}

/// A voicemail's audio file.
public struct VoicemailAudio: Hashable, Sendable {
    /// `audio/wav` or `audio/ogg`.
    public let mediaType: String
    public let bytes: [UInt8]
}

/// The paging cursor: the (time, id) of the last item shown, as `<microseconds since 1970>.<uuid>`.
enum PageCursor {
    static func make(_ at: Date, _ id: UUID) -> String {
        "\(Int64((at.timeIntervalSince1970 * 1_000_000).rounded())).\(id.uuidString.lowercased())"
    }

    static func parse(_ text: String?) throws -> (Date, UUID)? {
        guard let text else { return nil }
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
            throw RoutingError.invalidRequest("cursor \"\(text.prefix(80))\" is not one this server gave")
        }
        return (Date(timeIntervalSince1970: Double(micros) / 1_000_000), id)
    }
}
