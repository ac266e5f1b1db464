import AudioFileWire
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RoutingAPI
import RoutingCore
import RoutingService
import Testing
import VoicemailStore

/// Unanswered calls and voicemails over HTTP (issue 7 item 2): the gateway's report and upload (service token), the
/// client's list, download (RFC 9110 §14 ranges), heard and delete (session token), as `docs/openapi.yaml` writes them.
@Suite struct VoicemailRoutesTests {
    static let service = APIHarness.serviceToken
    static let number = "+447700900501"

    func withStore<T>(_ body: (VoicemailDirectory) async throws -> T) async throws -> T {
        let root = NSTemporaryDirectory() + "vma-\(getpid())-\(UUID().uuidString.lowercased())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        return try await body(try VoicemailDirectory(root: root))
    }

    static func report(_ ref: String, caller: String = "+447700900123", presentation: String = "allowed",
                       follows: Bool = true) -> String {
        """
        {"call_ref": "\(ref)", "at": "2027-01-15T08:00:00Z", "caller": "\(caller)", "presentation": "\(presentation)",
         "called": "\(number)", "reason": "no_answer", "duration_ms": 31000, "voicemail_follows": \(follows)}
        """
    }

    @Test func issue7Item2GatewayReportsAndUploadsThenTheOwnerListsDownloadsMarksAndDeletes() async throws {
        try await withStore { store in
            try await APIHarness.run(voicemails: store) { api, harness in
                let token = try await api.validatedAccount(harness, Self.number)
                let first = try await api.send(.post, "/v1/gateway/unanswered-calls", json: Self.report("1-5-a"), service: Self.service)
                #expect(first.status == .created, "\(first.text)")
                #expect(Set(try first.json.keys) == ["missed_call_id", "voicemail_id", "new"])
                let again = try await api.send(.post, "/v1/gateway/unanswered-calls", json: Self.report("1-5-a"), service: Self.service)
                let firstID = try first.json["missed_call_id"] as? String
                let againID = try again.json["missed_call_id"] as? String
                #expect(again.status == .ok && againID == firstID)

                let wav = WAVAudio(encoding: .aLaw, sampleRate: 8000, data: (0..<16000).map { UInt8(truncatingIfNeeded: $0) })
                var headers = HTTPFields()
                headers[.contentType] = "audio/wav"
                headers[HTTPField.Name("X-Service-Token")!] = Self.service
                let (uploaded, _, _) = try await api.sendBytes(
                    .put, "/v1/gateway/unanswered-calls/1-5-a/voicemail", body: wav.encoded(), headers: headers)
                #expect(uploaded == .created)

                let list = try await api.get("/v1/me/voicemails", token: token)
                #expect(list.status == .ok, "\(list.text)")
                let items = try #require(try list.json["voicemails"] as? [[String: Any]])
                #expect(items.count == 1)
                let item = try #require(items.first)
                #expect(item["duration_ms"] as? Int == 2000 && item["format"] as? String == "wav")
                #expect(item["caller"] as? String == "+447700900123" && item["heard_at"] is NSNull)
                let id = try #require(item["id"] as? String)

                var auth = HTTPFields()
                auth[.authorization] = "Bearer \(token)"
                let (status, fields, bytes) = try await api.sendBytes(.get, "/v1/me/voicemails/\(id)/audio", headers: auth)
                #expect(status == .ok && fields[.contentType] == "audio/wav" && bytes == wav.encoded())
                var ranged = auth
                ranged[.range] = "bytes=0-43"
                let (partial, partialFields, head) = try await api.sendBytes(
                    .get, "/v1/me/voicemails/\(id)/audio", headers: ranged)
                #expect(partial == .partialContent && head == Array(wav.encoded().prefix(44)))
                #expect(partialFields[.contentRange] == "bytes 0-43/\(wav.encoded().count)")
                ranged[.range] = "bytes=\(wav.encoded().count)-"
                let (outside, outsideFields, _) = try await api.sendBytes(.get, "/v1/me/voicemails/\(id)/audio", headers: ranged)
                #expect(outside == .rangeNotSatisfiable && outsideFields[.contentRange] == "bytes */\(wav.encoded().count)")

                #expect(try await api.send(.post, "/v1/me/voicemails/\(id)/heard", token: token).status == .noContent)
                let heard = try await api.get("/v1/me/voicemails", token: token)
                #expect(((try heard.json["voicemails"] as? [[String: Any]])?.first?["heard_at"] as? String) != nil)
                #expect(try await api.send(.delete, "/v1/me/voicemails/\(id)", token: token).status == .noContent)
                #expect(try await api.send(.delete, "/v1/me/voicemails/\(id)", token: token).status == .notFound)
                let (gone, _, _) = try await api.sendBytes(.get, "/v1/me/voicemails/\(id)/audio", headers: auth)
                #expect(gone == .notFound)

                let calls = try await api.get("/v1/me/missed-calls?limit=10", token: token)
                let callItems = try #require(try calls.json["missed_calls"] as? [[String: Any]])
                #expect(callItems.count == 1 && callItems.first?["voicemail"] is NSNull)
                #expect(try calls.json["next_cursor"] is NSNull)
                let callID = try #require(callItems.first?["id"] as? String)
                #expect(try await api.send(.delete, "/v1/me/missed-calls/\(callID)", token: token).status == .noContent)
                #expect(try await api.send(.delete, "/v1/me/missed-calls/\(callID)", token: token).status == .notFound)
            }
        }
    }

    @Test func issue7Item2WithheldCallerIsNotShownAndBadRequestsGetTheirStatus() async throws {
        try await withStore { store in
            try await APIHarness.run(voicemails: store) { api, harness in
                let token = try await api.validatedAccount(harness, Self.number)
                let report = Self.report("1-6-a", presentation: "restricted", follows: false)
                #expect(try await api.post("/v1/gateway/unanswered-calls", report).status == .unauthorized)
                #expect(try await api.send(.post, "/v1/gateway/unanswered-calls", json: report, service: Self.service).status == .created)
                let calls = try await api.get("/v1/me/missed-calls", token: token)
                let item = try #require((try calls.json["missed_calls"] as? [[String: Any]])?.first)
                #expect(item["caller"] is NSNull && item["presentation"] as? String == "restricted")
                // Unknown field, bad presentation, a number nobody owns, a bad limit.
                let unknown = report.replacingOccurrences(of: "\"reason\"", with: "\"extra\": 1, \"reason\"")
                #expect(try await api.send(.post, "/v1/gateway/unanswered-calls", json: unknown, service: Self.service).status == .badRequest)
                let badPresentation = report.replacingOccurrences(of: "restricted", with: "hidden")
                #expect(try await api.send(.post, "/v1/gateway/unanswered-calls", json: badPresentation, service: Self.service).status == .badRequest)
                let stranger = Self.report("1-6-b").replacingOccurrences(of: Self.number, with: "+447700900599")
                #expect(try await api.send(.post, "/v1/gateway/unanswered-calls", json: stranger, service: Self.service).status == .notFound)
                #expect(try await api.get("/v1/me/missed-calls?limit=0", token: token).status == .badRequest)
                #expect(try await api.get("/v1/me/missed-calls").status == .unauthorized)
                // Uploads: the media type is checked, and the call must have been reported.
                var headers = HTTPFields()
                headers[HTTPField.Name("X-Service-Token")!] = Self.service
                headers[.contentType] = "text/plain"
                let (wrongType, _, _) = try await api.sendBytes(
                    .put, "/v1/gateway/unanswered-calls/1-6-a/voicemail", body: [1, 2, 3], headers: headers)
                #expect(wrongType == .unsupportedMediaType)
                headers[.contentType] = "audio/wav"
                let wav = WAVAudio(encoding: .muLaw, sampleRate: 8000, data: [UInt8](repeating: 0xFF, count: 800)).encoded()
                let (unknownCall, _, _) = try await api.sendBytes(
                    .put, "/v1/gateway/unanswered-calls/9-9-z/voicemail", body: wav, headers: headers)
                #expect(unknownCall == .notFound)
                let (notAudio, _, _) = try await api.sendBytes(
                    .put, "/v1/gateway/unanswered-calls/1-6-a/voicemail", body: Array("RIFFxxxx".utf8), headers: headers)
                #expect(notAudio == .badRequest)
            }
        }
    }

    @Test func rfc9110Section14ByteRanges() {
        #expect(ByteRange.parse("bytes=0-9", size: 100) == .range(0..<10))
        #expect(ByteRange.parse("bytes=90-", size: 100) == .range(90..<100))
        #expect(ByteRange.parse("bytes=-10", size: 100) == .range(90..<100))
        #expect(ByteRange.parse("bytes=-1000", size: 100) == .range(0..<100))
        #expect(ByteRange.parse("bytes=50-1000", size: 100) == .range(50..<100))
        #expect(ByteRange.parse("bytes=100-", size: 100) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-0", size: 100) == .unsatisfiable)
        // Ignored (the whole file): several ranges, another unit, reversed, garbage.
        for ignored in ["bytes=0-1,5-6", "items=0-1", "bytes=9-1", "bytes=a-b", "bytes=-", "bytes=99999999999999999999-"] {
            #expect(ByteRange.parse(ignored, size: 100) == nil)
        }
    }
}
