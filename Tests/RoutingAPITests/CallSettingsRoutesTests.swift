import AudioFileWire
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RoutingAPI
import RoutingCore
import RoutingService
import Testing

/// Per-account ring timeout and voicemail greeting (issue 7 item 2: "on ring timeout (default 25 s, per account)
/// … play the account's greeting (a default in conf/prompts/)"), as `docs/openapi.yaml` writes the routes.
@Suite struct CallSettingsRoutesTests {
    static let service = APIHarness.serviceToken
    static let number = "+447700900511"

    static func upload(_ api: APIClient, _ bytes: [UInt8], token: String, type: String = "audio/wav") async throws
        -> HTTPResponse.Status
    {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.authorization] = "Bearer \(token)"
        return try await api.sendBytes(.put, "/v1/me/voicemail-greeting", body: bytes, headers: headers).0
    }

    @Test func issue7Item2TheSubscriberSetsRingTimeoutAndGreetingAndTheGatewayReadsThem() async throws {
        try await APIHarness.run { api, harness in
            let token = try await api.validatedAccount(harness, Self.number)
            let initial = try await api.get("/v1/me/voicemail-settings", token: token)
            #expect(initial.status == .ok)
            #expect(try initial.json["ring_timeout_seconds"] is NSNull)
            #expect(try initial.json["greeting"] as? String == "default")

            // 5…120 s (the MSC's own no-answer timers are longer, Q.764 Annex A T9); null returns to the default.
            for bad in ["3", "121", "\"20\"", "1.5"] {
                let refused = try await api.send(
                    .put, "/v1/me/voicemail-settings", json: #"{"ring_timeout_seconds": \#(bad)}"#, token: token)
                #expect(refused.status == .badRequest, "\(bad): \(refused.text)")
            }
            #expect(try await api.send(.put, "/v1/me/voicemail-settings", json: "{}", token: token).status == .badRequest)
            let set = try await api.send(
                .put, "/v1/me/voicemail-settings", json: #"{"ring_timeout_seconds": 15}"#, token: token)
            #expect(set.status == .ok, "\(set.text)")
            #expect(try set.json["ring_timeout_seconds"] as? Int == 15)

            // The greeting: a mono 8 kHz WAVE file of 0.5 to 60 s.
            let greeting = WAVAudio(
                encoding: .aLaw, sampleRate: 8000, data: (0..<8000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).encoded()
            let wide = WAVAudio(encoding: .aLaw, sampleRate: 16000, data: [UInt8](repeating: 0xD5, count: 16000)).encoded()
            let short = WAVAudio(encoding: .aLaw, sampleRate: 8000, data: [UInt8](repeating: 0xD5, count: 800)).encoded()
            #expect(try await Self.upload(api, Array("not a wave".utf8), token: token) == .badRequest)
            #expect(try await Self.upload(api, wide, token: token) == .badRequest)
            #expect(try await Self.upload(api, short, token: token) == .badRequest)
            #expect(try await Self.upload(api, greeting, token: token, type: "application/json") == .unsupportedMediaType)
            #expect(try await Self.upload(api, greeting, token: "not-a-session") == .unauthorized)
            #expect(try await Self.upload(api, greeting, token: token) == .noContent)
            var auth = HTTPFields()
            auth[.authorization] = "Bearer \(token)"
            let (status, fields, bytes) = try await api.sendBytes(.get, "/v1/me/voicemail-greeting", headers: auth)
            #expect(status == .ok && fields[.contentType] == "audio/wav" && bytes == greeting)
            #expect(try await api.get("/v1/me/voicemail-settings", token: token).json["greeting"] as? String == "recorded")

            // The gateway's view (service token only).
            let path = "/v1/gateway/numbers/%2B\(Self.number.dropFirst())/call-settings"
            #expect(try await api.get(path, token: token).status == .unauthorized)
            let gateway = try await api.send(.get, path, service: Self.service)
            #expect(gateway.status == .ok, "\(gateway.text)")
            #expect(try gateway.json["ring_timeout_seconds"] as? Int == 15)
            let encoded = try #require(try gateway.json["greeting_wav"] as? String)
            #expect(Data(base64Encoded: encoded).map(Array.init) == greeting)
            // A number no account validated is 404; a path segment that is no number is 400.
            let stranger = try await api.send(.get, "/v1/gateway/numbers/%2B447700900599/call-settings", service: Self.service)
            #expect(stranger.status == .notFound, "\(stranger.text)")
            #expect(try await api.send(.get, "/v1/gateway/numbers/nope/call-settings", service: Self.service).status
                == .badRequest)

            // Back to the defaults.
            #expect(try await api.send(.delete, "/v1/me/voicemail-greeting", token: token).status == .noContent)
            #expect(try await api.send(.delete, "/v1/me/voicemail-greeting", token: token).status == .notFound)
            #expect(try await api.send(
                .put, "/v1/me/voicemail-settings", json: #"{"ring_timeout_seconds": null}"#, token: token).status == .ok)
            let cleared = try await api.send(.get, path, service: Self.service)
            #expect(try cleared.json["ring_timeout_seconds"] is NSNull)
            #expect(try cleared.json["greeting_wav"] is NSNull)
        }
    }
}
