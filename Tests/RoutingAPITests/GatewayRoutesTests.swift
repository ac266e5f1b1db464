import Foundation
import HTTPTypes
import HummingbirdTesting
import RoutingCore
import RoutingService
import Testing

/// The gateway's reports (`/v1/gateway/*`, service token) and the validation status the app polls
/// (`GET /v1/validations/{id}`), as `docs/openapi.yaml` writes them.
@Suite struct GatewayRoutesTests {
    static let token = APIHarness.serviceToken

    @Test func gatewayRoutesNeedTheServiceToken() async throws {
        try await APIHarness.run { api, _ in
            let body = #"{"calling": "+447700900410", "called": "+447700900901"}"#
            let anonymous = try await api.post("/v1/gateway/missed-calls", body)
            #expect(anonymous.status == .unauthorized)
            let wrong = try await api.send(
                .post, "/v1/gateway/forwarded-calls", json: "{}", service: "wrong-token-00000000")
            #expect(wrong.status == .unauthorized)
            // RFC 9110 §15.5.6: a known path with another method.
            let get = try await api.send(.get, "/v1/gateway/missed-calls", service: Self.token)
            #expect(get.status == .methodNotAllowed)
        }
    }

    @Test func missedCallValidatesThroughTheAPIAndTheAppSeesIt() async throws {
        try await APIHarness.run { api, _ in
            #expect(try await api.post("/v1/accounts", #"{"number": "+447700900411", "password": "correct horse"}"#)
                .status == .created)
            let started = try await api.post("/v1/numbers/%2B447700900411/validations", #"{"method": "missed_call"}"#)
            let id = try #require(try started.json["validation_id"] as? String)
            let pending = try await api.get("/v1/validations/\(id)")
            #expect(pending.status == .ok)
            #expect(try pending.json["status"] as? String == "pending")
            #expect(Set(try pending.json.keys) == ["validation_id", "number", "method", "status", "expires_at"])
            // Another number than the validation number: nothing to release.
            let other = try await api.send(
                .post, "/v1/gateway/missed-calls", json: #"{"calling": "+447700900411", "called": "+447700900123"}"#,
                service: Self.token)
            #expect(try other.json["release"] as? Bool == false)
            let missed = try await api.send(
                .post, "/v1/gateway/missed-calls",
                json: #"{"calling": "+447700900411", "called": "\#(APIHarness.missedCallNumber)"}"#,
                service: Self.token)
            #expect(missed.status == .ok, "\(missed.text)")
            #expect(try missed.json["release"] as? Bool == true)
            // Q.850 cause 21: call rejected.
            #expect(try missed.json["cause"] as? Int == 21)
            #expect(try missed.json["validated_number"] as? String == "+447700900411")
            #expect(try await api.get("/v1/validations/\(id)").json["status"] as? String == "validated")
            #expect(try await api.get("/v1/validations/\(UUID().uuidString)").status == .notFound)
            #expect(try await api.get("/v1/validations/not-a-uuid").status == .badRequest)
        }
    }

    @Test func forwardedCallReportMarksVerifiedAndRefusesBadBodies() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.validatedAccount(harness, "+447700900412")
            let report = #"""
                {"call_ref": "2-7-x", "original_called": "+447700900412", "calling": "+442079460000",
                 "called": "+447700900500", "reason": "not_reachable", "outcome": "no_device_available"}
                """#
            let first = try await api.send(.post, "/v1/gateway/forwarded-calls", json: report, service: Self.token)
            #expect(first.status == .ok, "\(first.text)")
            #expect(try first.json["subscriber"] as? Bool == true)
            #expect(try first.json["forwarding_state"] as? String == "verified")
            let unknown = try await api.send(
                .post, "/v1/gateway/forwarded-calls",
                json: #"{"call_ref": "y", "original_called": "+447700900499", "reason": "unknown", "outcome": "x"}"#,
                service: Self.token)
            #expect(try unknown.json["subscriber"] as? Bool == false)
            #expect(try unknown.json.keys.contains("forwarding_state"))
            for bad in [
                #"{"call_ref": "a b", "original_called": "+447700900412", "reason": "x", "outcome": "y"}"#,
                #"{"call_ref": "a", "original_called": "447700900412", "reason": "x", "outcome": "y"}"#,
                #"{"call_ref": "a", "original_called": "+447700900412", "called":null, "reason": "x", "outcome": "y"}"#,
                #"{"call_ref": "a", "original_called": "+447700900412", "reason": "x", "outcome": "y", "extra": 1}"#,
            ] {
                let answer = try await api.send(.post, "/v1/gateway/forwarded-calls", json: bad, service: Self.token)
                #expect(answer.status == .badRequest, "\(bad) → \(answer.status)")
            }
        }
    }
}
