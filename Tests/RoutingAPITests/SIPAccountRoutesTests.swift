import Foundation
import HTTPTypes
import HummingbirdTesting
import RoutingCore
import RoutingService
import SIPRegistrar
import Testing

/// The gateway's registrar over HTTP (issue 5 item 8, `reroute gateway --icrs-url`): `GET
/// /v1/gateway/sip-accounts/{username}` and `POST /v1/gateway/sip-accounts/{username}/events`, as
/// `docs/openapi.yaml` writes them.
@Suite struct SIPAccountRoutesTests {
    static let token = APIHarness.serviceToken

    @Test("RFC 7616 §3.4.2: the HA1s of a logged-in device's SIP login match its password; never the password itself")
    func credentialsOfALoggedInDevice() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.validatedAccount(harness, "+447700900431")
            let session = try await api.post("/v1/sessions", """
                {"number": "+447700900431", "password": "correct horse",
                 "device": {"id": "tablet-1", "name": "Tab", "vendor": "X", "os": "Android 15"}}
                """)
            let sip = try #require(try session.json["sip"] as? [String: String])
            let username = try #require(sip["username"])
            let answer = try await api.send(.get, "/v1/gateway/sip-accounts/\(username)", service: Self.token)
            #expect(answer.status == .ok, "\(answer.text)")
            let json = try answer.json
            #expect(Set(json.keys) == ["username", "account_id", "device_id", "domain", "ha1_md5", "ha1_sha256"])
            #expect(json["device_id"] as? String == "tablet-1")
            #expect(json["domain"] as? String == sip["domain"])
            let realm = sip["domain"] ?? ""
            let password = sip["password"] ?? ""
            #expect(json["ha1_md5"] as? String == DigestAlgorithm.md5.ha1(username: username, realm: realm, password: password))
            #expect(json["ha1_sha256"] as? String == DigestAlgorithm.sha256.ha1(username: username, realm: realm, password: password))
            #expect(!answer.text.contains(password))
            // Unknown, malformed, and without the service token.
            #expect(try await api.send(.get, "/v1/gateway/sip-accounts/nobody", service: Self.token).status == .notFound)
            #expect(try await api.send(.get, "/v1/gateway/sip-accounts/a%20b", service: Self.token).status == .badRequest)
            #expect(try await api.get("/v1/gateway/sip-accounts/\(username)").status == .unauthorized)
        }
    }

    @Test("The registrar's events drive availability: registered → a contact in GET /v1/routes, deregistered → none; bad bodies → 400")
    func eventsDriveTheRoute() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.validatedAccount(harness, "+447700900432")
            let session = try await api.post("/v1/sessions", """
                {"number": "+447700900432", "password": "correct horse",
                 "device": {"id": "phone-2", "name": "P", "vendor": "X", "os": "Android 15"}}
                """)
            let username = try #require(try (session.json["sip"] as? [String: String])?["username"])
            let events = "/v1/gateway/sip-accounts/\(username)/events"
            let registered = try await api.send(
                .post, events, json: #"{"event": "registered", "contact": {"uri": "sip:\#(username)@192.0.2.7:5060", "transport": "udp"}}"#,
                service: Self.token)
            #expect(registered.status == .noContent, "\(registered.text)")
            let route = try await api.send(.get, "/v1/routes/%2B447700900432", service: Self.token)
            #expect(try route.json["available"] as? Bool == true)
            let contacts = try route.json["contacts"] as? [[String: Any]] ?? []
            #expect(contacts.first?["uri"] as? String == "sip:\(username)@192.0.2.7:5060")
            #expect(try await api.send(.post, events, json: #"{"event": "deregistered"}"#, service: Self.token).status == .noContent)
            let after = try await api.send(.get, "/v1/routes/%2B447700900432", service: Self.token)
            #expect(try after.json["available"] as? Bool == false)
            for bad in [
                #"{"event": "registered"}"#,
                #"{"event": "registered", "contact": {"uri": "sip:a@b", "transport": "sctp"}}"#,
                #"{"event": "registered", "contact": {"uri": "sip:a@b", "transport": "udp", "q": 1}}"#,
                #"{"event": "deregistered", "contact": {"uri": "sip:a@b", "transport": "udp"}}"#,
                #"{"event": "rebooted"}"#,
                #"{"event": "deregistered", "extra": true}"#,
            ] {
                let answer = try await api.send(.post, events, json: bad, service: Self.token)
                #expect(answer.status == .badRequest, "\(bad) → \(answer.status) \(answer.text)")
            }
            let unknown = try await api.send(
                .post, "/v1/gateway/sip-accounts/nobody/events", json: #"{"event": "connection_lost"}"#,
                service: Self.token)
            #expect(unknown.status == .notFound)
        }
    }
}
