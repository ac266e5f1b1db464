import Foundation
import HTTPTypes
import HummingbirdTesting
import RoutingCore
import RoutingService
import Testing

/// `GET /v1/routes/{e164}` for the media platform and the carrier catalog under `/v1/admin/carriers`, both behind
/// the service token.
@Suite struct ServiceRoutesTests {
    @Test func routesNeedTheServiceTokenAndRefuseSessionTokens() async throws {
        try await APIHarness.run { api, harness in
            let session = try await api.validatedAccount(harness, "+447700900400")
            #expect(try await api.get("/v1/routes/+447700900400").status == .unauthorized)
            #expect(try await api.send(.get, "/v1/routes/+447700900400", service: "wrong-token-0123456789").status
                == .unauthorized)
            #expect(try await api.send(.get, "/v1/routes/+447700900400", service: session).status == .unauthorized)
            #expect(try await api.get("/v1/routes/+447700900400", token: session).status == .unauthorized)
            #expect(try await api.send(.get, "/v1/admin/carriers", token: session).status == .unauthorized)
        }
    }

    @Test func routeOfAnUnknownNumberIsUnavailable() async throws {
        try await APIHarness.run { api, _ in
            let route = try await api.send(.get, "/v1/routes/+447700900401", service: APIHarness.serviceToken)
            #expect(route.status == .ok)
            let body = try route.json
            #expect(body["available"] as? Bool == false)
            #expect(body["reason"] as? String == "unknown_number")
            #expect(Set(body.keys) == ["available", "reason"])
        }
    }

    /// Available = logged in AND connected (the mission's routing server): a login alone is not enough; the SIP
    /// registration makes the device a contact; logout removes it.
    @Test func routeListsTheRegisteredDevicesOfTheOwner() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.validatedAccount(harness, "+447700900402", device: "phone-r")
            let before = try await api.send(.get, "/v1/routes/+447700900402", service: APIHarness.serviceToken)
            #expect(try before.json["available"] as? Bool == false)
            #expect(try before.json["reason"] as? String == "no_device_available")
            let session = try await api.post("/v1/sessions", """
                {"number": "+447700900402", "password": "correct horse",
                 "device": {"id": "phone-r", "name": "Pixel", "vendor": "Google", "os": "Android 15"}}
                """)
            // Logging in again on the same device replaces its session and SIP credentials.
            let token = try #require(try session.json["token"] as? String)
            let sip = try #require(try session.json["sip"] as? [String: Any])
            let username = try #require(sip["username"] as? String)
            try await harness.service.deviceRegistered(
                sipUsername: username,
                contact: DeviceContact(
                    uri: "sip:\(username)@198.51.100.7:5062", transport: "udp", codecs: ["opus", "PCMA"],
                    bandwidthKbps: 64))
            let route = try await api.send(.get, "/v1/routes/%2B447700900402", service: APIHarness.serviceToken)
            #expect(route.status == .ok, "\(route.text)")
            let body = try route.json
            #expect(body["available"] as? Bool == true)
            let contacts = try #require(body["contacts"] as? [[String: Any]])
            #expect(contacts.count == 1)
            #expect(contacts.first?["device_id"] as? String == "phone-r")
            #expect(contacts.first?["uri"] as? String == "sip:\(username)@198.51.100.7:5062")
            #expect(contacts.first?["transport"] as? String == "udp")
            #expect(contacts.first?["codecs"] as? [String] == ["opus", "PCMA"])
            #expect(contacts.first?["bandwidth_kbps"] as? Int == 64)
            let me = try await api.get("/v1/me", token: token)
            #expect(try #require(try me.json["account_id"] as? String) == body["account_id"] as? String)
        }
    }

    @Test func routeOfAMalformedNumberIs400() async throws {
        try await APIHarness.run { api, _ in
            for path in ["/v1/routes/447700900403", "/v1/routes/+44abc", "/v1/routes/%2B0447700900403"] {
                let answer = try await api.send(.get, path, service: APIHarness.serviceToken)
                #expect(answer.status == .badRequest, "\(path)")
                #expect(answer.errorCode == "invalid_number")
            }
        }
    }

    @Test func carrierCatalogCreateListUpdateDelete() async throws {
        try await APIHarness.run { api, _ in
            let token = APIHarness.serviceToken
            let created = try await api.send(.post, "/v1/admin/carriers", json: NumberRoutesTests.carrier(), service: token)
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(try created.json["id"] as? String)
            #expect(try created.json["c_number"] as? String == "+447700100100")
            // Same MCC/MNC again: 409.
            let duplicate = try await api.send(
                .post, "/v1/admin/carriers", json: NumberRoutesTests.carrier(), service: token)
            #expect(duplicate.status == .conflict)
            let list = try await api.send(.get, "/v1/admin/carriers", service: token)
            #expect(list.status == .ok)
            let carriers = try #require(try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [[String: Any]])
            #expect(carriers.map { $0["id"] as? String } == [id])
            // The platform's token is never shown.
            let integrated = NumberRoutesTests.carrier(
                provisioning: #"{"type": "http", "url": "https://prov.example/api", "token": "s3cret"}"#)
            let updated = try await api.send(.put, "/v1/admin/carriers/\(id)", json: integrated, service: token)
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(!updated.text.contains("s3cret"))
            #expect((try updated.json["provisioning"] as? [String: Any])?["type"] as? String == "http")
            #expect(try await api.send(.delete, "/v1/admin/carriers/\(id)", service: token).status == .noContent)
            #expect(try await api.send(.delete, "/v1/admin/carriers/\(id)", service: token).status == .notFound)
            #expect(try await api.send(.put, "/v1/admin/carriers/\(id)", json: integrated, service: token).status
                == .notFound)
            #expect(try await api.send(.delete, "/v1/admin/carriers/x", service: token).status == .badRequest)
        }
    }

    @Test func invalidCarriersAre400NamingTheField() async throws {
        try await APIHarness.run { api, _ in
            let token = APIHarness.serviceToken
            let cases: [(String, String)] = [
                (NumberRoutesTests.carrier().replacingOccurrences(of: "\"GB\"", with: "\"gb\""), "country"),
                (NumberRoutesTests.carrier().replacingOccurrences(of: "\"234\"", with: "\"23\""), "mcc"),
                (NumberRoutesTests.carrier(technology: "lte"), "technology"),
                (NumberRoutesTests.carrier(prefix: "447700"), "prefixes"),
                (NumberRoutesTests.carrier(provisioning: #"{"type": "http", "url": "ftp://x", "token": "t"}"#),
                    "provisioning.url"),
                (NumberRoutesTests.carrier(provisioning: #"{"type": "none", "url": "https://x.example"}"#), "url"),
                (NumberRoutesTests.carrier(provisioning: #"{"type": "soap"}"#), "provisioning.type"),
            ]
            for (body, field) in cases {
                let answer = try await api.send(.post, "/v1/admin/carriers", json: body, service: token)
                #expect(answer.status == .badRequest, "\(field): \(answer.text)")
                let message = ((try? answer.json["error"]) as? [String: Any])?["message"] as? String ?? ""
                #expect(message.contains(field), "\(message)")
            }
        }
    }
}
