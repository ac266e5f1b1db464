import Foundation
import HTTPTypes
import Hummingbird
import RoutingCore
import RoutingService

// Per-account ring timeout and voicemail greeting (issue 7 item 2): the subscriber sets them with a session token,
// the gateway reads them with the service token for each call it forks.
extension ICRSHandlers {
    /// `GET /v1/me/voicemail-settings`.
    func voicemailSettings(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        return try JSONResponse.make(VoicemailSettingsBody(try await service.callSettings(token: token)))
    }

    /// `PUT /v1/me/voicemail-settings` (schema `VoicemailSettingsUpdate`).
    func updateVoicemailSettings(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        let body = try await request.decodeJSON(VoicemailSettingsUpdateBody.self)
        let settings = try await service.setRingTimeout(token: token, seconds: body.ringTimeoutSeconds)
        return try JSONResponse.make(VoicemailSettingsBody(settings))
    }

    /// `GET /v1/me/voicemail-greeting`: the recorded greeting (audio/wav); 404 when the default is in use.
    func voicemailGreeting(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        guard let audio = try await service.callSettings(token: token).greeting else {
            throw APIError.notFound("no greeting recorded: callers hear the default")
        }
        var headers = HTTPFields()
        headers[.contentType] = "audio/wav"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: audio)))
    }

    /// `PUT /v1/me/voicemail-greeting`: a mono 8 kHz WAVE file, 0.5 to 60 s.
    func uploadVoicemailGreeting(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        let type = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let type, ["audio/wav", "audio/wave", "audio/x-wav", "application/octet-stream"].contains(type) else {
            throw APIError(
                .unsupportedMediaType, "unsupported_media_type", "the body must be audio/wav or application/octet-stream")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: RoutingService.greetingMaximumBytes)
        } catch {
            throw APIError(
                .contentTooLarge, "body_too_large", "the greeting is larger than \(RoutingService.greetingMaximumBytes) bytes")
        }
        try await service.setGreeting(token: token, audio: Array(buffer.readableBytesView))
        return JSONResponse.noContent
    }

    /// `DELETE /v1/me/voicemail-greeting`: back to the default greeting.
    func deleteVoicemailGreeting(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        try await service.deleteGreeting(token: token)
        return JSONResponse.noContent
    }

    /// `GET /v1/gateway/numbers/{e164}/call-settings` (service token): what the gateway needs to ring and take a
    /// message for a call to the number (the settings of the account that validated it).
    func accountCallSettings(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let settings = try await service.callSettings(number: try context.parameters.e164())
        return try JSONResponse.make(AccountCallSettingsBody(settings))
    }
}

/// Schema `VoicemailSettings`.
struct VoicemailSettingsBody: Encodable {
    var ring_timeout_seconds: Int?
    var greeting: String

    init(_ settings: AccountCallSettings) {
        ring_timeout_seconds = settings.ringTimeoutSeconds
        greeting = settings.greeting == nil ? "default" : "recorded"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        // `null` says "the gateway's default" explicitly (the schema marks it nullable and required).
        try container.encode(ring_timeout_seconds, forKey: .ring_timeout_seconds)
        try container.encode(greeting, forKey: .greeting)
    }

    enum CodingKeys: String, CodingKey { case ring_timeout_seconds, greeting }
}

/// Schema `VoicemailSettingsUpdate`: `ring_timeout_seconds` from 5 to 120, or null for the gateway's default.
struct VoicemailSettingsUpdateBody: Decodable {
    var ringTimeoutSeconds: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case ring_timeout_seconds }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.ring_timeout_seconds) else {
            throw APIError.badRequest("field \"ring_timeout_seconds\" is required (a number of seconds, or null)")
        }
        if try container.decodeNil(forKey: .ring_timeout_seconds) {
            ringTimeoutSeconds = nil
        } else {
            guard let seconds = try? container.decode(Int.self, forKey: .ring_timeout_seconds) else {
                throw APIError.badRequest("field \"ring_timeout_seconds\" must be an integer or null")
            }
            ringTimeoutSeconds = seconds
        }
    }
}

/// Schema `AccountCallSettings`.
struct AccountCallSettingsBody: Encodable {
    var ring_timeout_seconds: Int?
    /// The greeting file, base64 (RFC 4648 §4); null: the default prompt.
    var greeting_wav: String?

    init(_ settings: AccountCallSettings) {
        ring_timeout_seconds = settings.ringTimeoutSeconds
        greeting_wav = settings.greeting.map { Data($0).base64EncodedString() }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ring_timeout_seconds, forKey: .ring_timeout_seconds)
        try container.encode(greeting_wav, forKey: .greeting_wav)
    }

    enum CodingKeys: String, CodingKey { case ring_timeout_seconds, greeting_wav }
}
