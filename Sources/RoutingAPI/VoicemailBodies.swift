import Foundation
import RoutingCore
import RoutingService

// Bodies of the unanswered-call report and of the client's missed calls and voicemails (`docs/openapi.yaml`
// schemas `UnansweredCall`, `UnansweredCallResult`, `MissedCallItem`, `MissedCallPage`, `VoicemailItem`,
// `VoicemailPage`).

/// `POST /v1/gateway/unanswered-calls` (schema `UnansweredCall`).
struct UnansweredCallBody: Decodable {
    var call: UnansweredCall
    var voicemailFollows: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case callRef = "call_ref", at, caller, presentation, called, reason
        case durationMilliseconds = "duration_ms", voicemailFollows = "voicemail_follows"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let callRef = try container.token(.callRef, lengths: 1...100)
        let atText = try container.text(.at, lengths: 1...40)
        guard let at = RFC3339.date(atText) else {
            throw APIError.badRequest("field \"at\" must be an RFC 3339 date-time")
        }
        var caller: String?
        if container.contains(.caller) {
            let text = try container.decode(String.self, forKey: .caller)
            guard E164Text.isValid(text) else { throw APIError.invalidNumber(text) }
            caller = text
        }
        let presentationText = try container.decode(String.self, forKey: .presentation)
        guard let presentation = CallerPresentation(rawValue: presentationText) else {
            throw APIError.badRequest("field \"presentation\" must be allowed, restricted or unavailable")
        }
        let called = try container.decode(String.self, forKey: .called)
        guard E164Text.isValid(called) else { throw APIError.invalidNumber(called) }
        let duration = try container.decode(Int.self, forKey: .durationMilliseconds)
        guard (0...86_400_000).contains(duration) else {
            throw APIError.badRequest("field \"duration_ms\" must be 0 to 86400000")
        }
        call = UnansweredCall(
            callRef: callRef, at: at, caller: caller, presentation: presentation, called: called,
            reason: try container.token(.reason, lengths: 1...40), durationMilliseconds: duration)
        voicemailFollows = container.contains(.voicemailFollows)
            ? try container.decode(Bool.self, forKey: .voicemailFollows) : false
    }
}

/// RFC 3339 `date-time` (with or without fractional seconds).
enum RFC3339 {
    static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}

/// Schema `UnansweredCallResult`.
struct UnansweredCallResultBody: Encodable {
    var missed_call_id: String
    var voicemail_id: String?
    var new: Bool

    init(_ result: UnansweredCallRecorded) {
        missed_call_id = result.missedCallID.uuidString.lowercased()
        voicemail_id = result.voicemailID?.uuidString.lowercased()
        new = result.new
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(missed_call_id, forKey: .missed_call_id)
        try container.encode(voicemail_id, forKey: .voicemail_id)
        try container.encode(new, forKey: .new)
    }

    enum CodingKeys: String, CodingKey { case missed_call_id, voicemail_id, new }
}

/// Schema `VoicemailItem`.
struct VoicemailItemBody: Encodable {
    var view: VoicemailView

    init(_ view: VoicemailView) { self.view = view }

    enum CodingKeys: String, CodingKey {
        case id, missed_call_id, at, called, caller, presentation, duration_ms, format, bytes, heard_at
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(view.id.uuidString.lowercased(), forKey: .id)
        try container.encode(view.missedCallID.uuidString.lowercased(), forKey: .missed_call_id)
        try container.encode(view.at, forKey: .at)
        try container.encode(view.called, forKey: .called)
        try container.encode(view.caller, forKey: .caller)
        try container.encode(view.presentation.rawValue, forKey: .presentation)
        try container.encode(view.durationMilliseconds, forKey: .duration_ms)
        try container.encode(view.format, forKey: .format)
        try container.encode(view.bytes, forKey: .bytes)
        try container.encode(view.heardAt, forKey: .heard_at)
    }
}

/// Schema `MissedCallItem`.
struct MissedCallItemBody: Encodable {
    var view: MissedCallView

    init(_ view: MissedCallView) { self.view = view }

    enum CodingKeys: String, CodingKey {
        case id, at, called, caller, presentation, reason, duration_ms, voicemail
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(view.id.uuidString.lowercased(), forKey: .id)
        try container.encode(view.at, forKey: .at)
        try container.encode(view.called, forKey: .called)
        try container.encode(view.caller, forKey: .caller)
        try container.encode(view.presentation.rawValue, forKey: .presentation)
        try container.encode(view.reason, forKey: .reason)
        try container.encode(view.durationMilliseconds, forKey: .duration_ms)
        try container.encode(view.voicemail.map(VoicemailItemBody.init), forKey: .voicemail)
    }
}

/// Schemas `MissedCallPage` and `VoicemailPage`: the items and the cursor of the next page (`null` on the last).
struct PageBody<Item: Encodable>: Encodable {
    var key: String
    var items: [Item]
    var next: String?

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(items, forKey: Key(key))
        try container.encode(next, forKey: Key("next_cursor"))
    }
}
