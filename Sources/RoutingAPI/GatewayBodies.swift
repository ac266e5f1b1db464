import Foundation
import RoutingCore
import RoutingService

// Bodies of the gateway's reports and of the validation status (`docs/openapi.yaml` schemas `ForwardedCall`,
// `ForwardedCallResult`, `MissedCall`, `MissedCallResult`, `ValidationStatus`), decoded as strictly as the rest.

/// `POST /v1/gateway/forwarded-calls` (schema `ForwardedCall`).
struct ForwardedCallBody: Decodable {
    var report: ForwardedCallReport

    enum CodingKeys: String, CodingKey, CaseIterable {
        case callRef = "call_ref"
        case originalCalled = "original_called", calling, called, reason, outcome
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let callRef = try container.token(.callRef, lengths: 1...100)
        let original = try container.decode(String.self, forKey: .originalCalled)
        guard E164Text.isValid(original) else { throw APIError.invalidNumber(original) }
        // Optional, but never null (the schema's type is string): `decode` refuses null where `decodeIfPresent`
        // would not.
        func number(_ key: CodingKeys) throws -> String? {
            guard container.contains(key) else { return nil }
            let text = try container.decode(String.self, forKey: key)
            guard E164Text.isValid(text) else { throw APIError.invalidNumber(text) }
            return text
        }
        report = ForwardedCallReport(
            callRef: callRef, at: nil, originalCalled: original,
            calling: try number(.calling), called: try number(.called),
            reason: try container.token(.reason, lengths: 1...40),
            outcome: try container.token(.outcome, lengths: 1...40))
    }
}

/// `POST /v1/gateway/missed-calls` (schema `MissedCall`).
struct MissedCallBody: Decodable {
    var calling: String
    var called: String

    enum CodingKeys: String, CodingKey, CaseIterable { case calling, called }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        calling = try container.decode(String.self, forKey: .calling)
        called = try container.decode(String.self, forKey: .called)
        for text in [calling, called] where !E164Text.isValid(text) { throw APIError.invalidNumber(text) }
    }
}

/// Schema `ForwardedCallResult`.
struct ForwardedCallResultBody: Encodable {
    var number: String
    var subscriber: Bool
    var forwarding_state: String?

    init(_ result: ForwardedCallResult) {
        number = result.number.description
        subscriber = result.subscriber
        forwarding_state = result.forwardingState?.rawValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(subscriber, forKey: .subscriber)
        // Schema: always present, `null` when no account owns the number.
        try container.encode(forwarding_state, forKey: .forwarding_state)
    }

    enum CodingKeys: String, CodingKey { case number, subscriber, forwarding_state }
}

/// Schema `MissedCallResult`.
struct MissedCallResultBody: Encodable {
    var release: Bool
    var cause: Int?
    var validated_number: String?

    init(_ decision: MissedCallDecision) {
        release = decision.release
        cause = decision.cause.map(Int.init)
        validated_number = decision.validated?.description
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(release, forKey: .release)
        try container.encode(cause, forKey: .cause)
        try container.encode(validated_number, forKey: .validated_number)
    }

    enum CodingKeys: String, CodingKey { case release, cause, validated_number }
}

/// Schema `ValidationStatus` (`GET /v1/validations/{id}`).
struct ValidationStatusBody: Encodable {
    var validation_id: String
    var number: String
    var method: String
    var status: String
    var expires_at: Date

    init(_ view: ValidationStatusView) {
        validation_id = view.id.description
        number = view.number.description
        method = view.method.rawValue
        status = view.status
        expires_at = view.expiresAt
    }
}

extension KeyedDecodingContainer {
    /// A short identifier-like string: letters, digits, `_`, `-`, `.`, `:` (schema pattern `^[A-Za-z0-9_.:-]+$`).
    func token(_ key: Key, lengths: ClosedRange<Int>) throws -> String {
        let value = try text(key, lengths: lengths)
        guard value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
            || "_.:-".unicodeScalars.contains($0)) })
        else {
            throw APIError.badRequest("field \"\(StrictJSON.path(codingPath + [key]))\" must be letters, digits, "
                + "_ . : or -")
        }
        return value
    }
}
