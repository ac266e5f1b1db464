import Foundation
import HTTPTypes
import HummingbirdTesting
import RoutingCore
import RoutingService
import Testing

/// `POST /v1/me/numbers`, `PUT /v1/me/primary`, `DELETE /v1/me/numbers/{e164}` and forwarding activation
/// (`GET /v1/me/numbers/{e164}/forwarding`, `POST …/forwarding/result`), issue 4 §2 and §5.
@Suite struct NumberRoutesTests {
    static func carrier(technology: String = "gsm", prefix: String = "+447700", provisioning: String = #"{"type": "none"}"#)
        -> String
    {
        """
        {"country": "GB", "mcc": "234", "mnc": "\(technology == "gsm" ? "15" : "16")", "name": "Test \(technology)",
         "technology": "\(technology)", "c_number": "+447700100100", "prefixes": ["\(prefix)"],
         "provisioning": \(provisioning)}
        """
    }

    @Test func linkSetPrimaryAndDelinkFollowTheAccountRules() async throws {
        try await APIHarness.run { api, harness in
            let token = try await api.validatedAccount(harness, "+447700900300")
            let linked = try await api.post("/v1/me/numbers", #"{"number": "+447700900301"}"#, token: token)
            #expect(linked.status == .created, "\(linked.text)")
            #expect(try linked.json["validated"] as? Bool == false)
            #expect(try linked.json["role"] as? String == "secondary")
            // Linked twice: 409.
            let twice = try await api.post("/v1/me/numbers", #"{"number": "+447700900301"}"#, token: token)
            #expect(twice.status == .conflict)
            #expect(twice.errorCode == "number_already_linked")
            // The primary changes only to a validated number: 409.
            let early = try await api.send(.put, "/v1/me/primary", json: #"{"number": "+447700900301"}"#, token: token)
            #expect(early.status == .conflict)
            #expect(early.errorCode == "not_validated")
            // The primary cannot be delinked: 409.
            let primary = try await api.send(.delete, "/v1/me/numbers/+447700900300", token: token)
            #expect(primary.status == .conflict)
            #expect(primary.errorCode == "is_primary")
            // Validate the second number with the session (the attempt is this account's), make it primary.
            let started = try await api.post(
                "/v1/numbers/+447700900301/validations", #"{"method": "sms_code"}"#, token: token)
            let id = try #require(try started.json["validation_id"] as? String, "\(started.text)")
            let code = try await harness.smsCode(to: "+447700900301")
            #expect(try await api.post("/v1/validations/\(id)/confirm", #"{"code": "\#(code)"}"#).status == .ok)
            let switched = try await api.send(
                .put, "/v1/me/primary", json: #"{"number": "+447700900301"}"#, token: token)
            #expect(switched.status == .ok, "\(switched.text)")
            #expect(try switched.json["primary"] as? String == "+447700900301")
            // Now the old primary can go.
            let gone = try await api.send(.delete, "/v1/me/numbers/%2B447700900300", token: token)
            #expect(gone.status == .noContent)
            let me = try await api.get("/v1/me", token: token)
            let numbers = try #require(try me.json["numbers"] as? [[String: Any]])
            #expect(numbers.map { $0["number"] as? String } == ["+447700900301"])
        }
    }

    @Test func delinkOrPrimaryOfANumberNotOnTheAccountIsRefused() async throws {
        try await APIHarness.run { api, harness in
            let token = try await api.validatedAccount(harness, "+447700900302")
            let delink = try await api.send(.delete, "/v1/me/numbers/+447700900399", token: token)
            #expect([404, 409].contains(delink.status.code), "\(delink.text)")
            let primary = try await api.send(.put, "/v1/me/primary", json: #"{"number": "+447700900399"}"#, token: token)
            #expect([404, 409].contains(primary.status.code), "\(primary.text)")
            let malformed = try await api.send(.delete, "/v1/me/numbers/12345", token: token)
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorCode == "invalid_number")
        }
    }

    /// Not integrated carrier, GSM: the client is told to dial `**004*<C>#` (3GPP TS 22.030 §6.5.2, all
    /// conditional forwarding) and reports the result.
    @Test func gsmForwardingInstructsTheClientCodeAndTakesItsReport() async throws {
        try await APIHarness.run { api, harness in
            let created = try await api.send(
                .post, "/v1/admin/carriers", json: Self.carrier(), service: APIHarness.serviceToken)
            #expect(created.status == .created, "\(created.text)")
            let token = try await api.validatedAccount(harness, "+447700900310")
            let forwarding = try await api.get("/v1/me/numbers/+447700900310/forwarding", token: token)
            #expect(forwarding.status == .ok, "\(forwarding.text)")
            let body = try forwarding.json
            #expect(body["state"] as? String == "client_instructed")
            #expect(body["method"] as? String == "client_code")
            #expect(body["code"] as? String == "**004*+447700100100#")
            #expect(body["c_number"] as? String == "+447700100100")
            #expect((body["history"] as? [Any])?.isEmpty == false)
            let reported = try await api.post(
                "/v1/me/numbers/+447700900310/forwarding/result", #"{"succeeded": true, "detail": "MMI accepted"}"#,
                token: token)
            #expect(reported.status == .ok, "\(reported.text)")
            #expect(try reported.json["state"] as? String == "active")
            // A second report does not fit the state: 409.
            let again = try await api.post(
                "/v1/me/numbers/+447700900310/forwarding/result", #"{"succeeded": false, "detail": "x"}"#,
                token: token)
            #expect(again.status == .conflict, "\(again.text)")
        }
    }

    /// CDMA carriers use the vertical service code `*71<C>`.
    @Test func cdmaForwardingCodeIsStar71() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.send(
                .post, "/v1/admin/carriers", json: Self.carrier(technology: "cdma"), service: APIHarness.serviceToken)
            let token = try await api.validatedAccount(harness, "+447700900311")
            let forwarding = try await api.get("/v1/me/numbers/+447700900311/forwarding", token: token)
            #expect(try forwarding.json["code"] as? String == "*71+447700100100")
            let failed = try await api.post(
                "/v1/me/numbers/+447700900311/forwarding/result", #"{"succeeded": false, "detail": "no service"}"#,
                token: token)
            #expect(try failed.json["state"] as? String == "failed")
        }
    }

    /// Integrated carrier: activation goes to its provisioning platform; the answer is stored and shown.
    @Test func integratedCarrierIsActivatedThroughItsPlatform() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.send(
                .post, "/v1/admin/carriers",
                json: Self.carrier(provisioning: #"{"type": "http", "url": "https://prov.example/api", "token": "s3cret"}"#),
                service: APIHarness.serviceToken)
            let token = try await api.validatedAccount(harness, "+447700900312")
            let forwarding = try await api.get("/v1/me/numbers/+447700900312/forwarding", token: token)
            let body = try forwarding.json
            #expect(body["method"] as? String == "provisioning_platform")
            #expect(body["state"] as? String == "active", "\(forwarding.text)")
            #expect(body["code"] == nil)
            #expect(await harness.provisioning.commands.count == 1)
            // Reports are for the client-code path only.
            let report = try await api.post(
                "/v1/me/numbers/+447700900312/forwarding/result", #"{"succeeded": true}"#, token: token)
            #expect(report.status == .conflict)
        }
    }
}
