import Foundation
import HTTPTypes
import HummingbirdTesting
import RoutingCore
import RoutingService
import Testing

/// Issue 4 §6: no endpoint lets one account read or change another's data. Every session-scoped route is tried by
/// account B against account A's number; A's data must be unchanged afterwards.
@Suite struct IsolationTests {
    @Test func anotherAccountsNumberCannotBeReadOrChanged() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.send(
                .post, "/v1/admin/carriers", json: NumberRoutesTests.carrier(), service: APIHarness.serviceToken)
            let alice = try await api.validatedAccount(harness, "+447700900500")
            let aliceBefore = try await api.get("/v1/me", token: alice)
            let bob = try await api.validatedAccount(harness, "+447700900501")

            // Reading: Alice's forwarding is not Bob's to see.
            let forwarding = try await api.get("/v1/me/numbers/+447700900500/forwarding", token: bob)
            #expect([404, 409].contains(forwarding.status.code), "\(forwarding.text)")
            #expect(!forwarding.text.contains("**004*"))
            // Changing: report, delink, primary.
            let report = try await api.post(
                "/v1/me/numbers/+447700900500/forwarding/result", #"{"succeeded": false, "detail": "x"}"#, token: bob)
            #expect([404, 409].contains(report.status.code), "\(report.text)")
            let delink = try await api.send(.delete, "/v1/me/numbers/+447700900500", token: bob)
            #expect([404, 409].contains(delink.status.code), "\(delink.text)")
            let primary = try await api.send(.put, "/v1/me/primary", json: #"{"number": "+447700900500"}"#, token: bob)
            #expect([404, 409].contains(primary.status.code), "\(primary.text)")
            // Bob may claim the number, but it stays Alice's until Bob validates it.
            let claim = try await api.post("/v1/me/numbers", #"{"number": "+447700900500"}"#, token: bob)
            #expect(claim.status == .created, "\(claim.text)")
            let bobMe = try await api.get("/v1/me", token: bob)
            #expect(try bobMe.json["primary"] as? String == "+447700900501")
            // Alice's view did not change, and Bob's /v1/me shows nothing of Alice's.
            let aliceAfter = try await api.get("/v1/me", token: alice)
            #expect(try aliceAfter.json["primary"] as? String == "+447700900500")
            #expect(try (aliceAfter.json["numbers"] as? [Any])?.count == (aliceBefore.json["numbers"] as? [Any])?.count)
            #expect(try aliceAfter.json["account_id"] as? String != bobMe.json["account_id"] as? String)
            // The number is still owned (Alice's, no device registered), not handed to Bob's claim.
            let route = try await api.send(.get, "/v1/routes/+447700900500", service: APIHarness.serviceToken)
            #expect(try route.json["reason"] as? String == "no_device_available")
        }
    }

    /// A number moves to a new owner only after that owner validates it (issue 4 §2).
    @Test func aClaimedNumberMovesOnlyAfterTheNewOwnerValidatesIt() async throws {
        try await APIHarness.run { api, harness in
            let alice = try await api.validatedAccount(harness, "+447700900510")
            _ = try await api.post("/v1/me/numbers", #"{"number": "+447700900511"}"#, token: alice)
            let bob = try await api.validatedAccount(harness, "+447700900512")
            // Without a session the claim is ambiguous only if several accounts claim it; Bob uses his session.
            _ = try await api.post("/v1/me/numbers", #"{"number": "+447700900511"}"#, token: bob)
            let started = try await api.post(
                "/v1/numbers/+447700900511/validations", #"{"method": "sms_code"}"#, token: bob)
            #expect(started.status == .created, "\(started.text)")
            let id = try #require(try started.json["validation_id"] as? String)
            let code = try await harness.smsCode(to: "+447700900511")
            #expect(try await api.post("/v1/validations/\(id)/confirm", #"{"code": "\#(code)"}"#).status == .ok)
            let bobNumbers = try #require(try await api.get("/v1/me", token: bob).json["numbers"] as? [[String: Any]])
            #expect(bobNumbers.contains { $0["number"] as? String == "+447700900511" && $0["validated"] as? Bool == true })
            let aliceNumbers = try #require(try await api.get("/v1/me", token: alice).json["numbers"] as? [[String: Any]])
            #expect(!aliceNumbers.contains { $0["number"] as? String == "+447700900511" && $0["validated"] as? Bool == true })
        }
    }

    /// A token only ever acts on its own account: Bob's logout does not end Alice's session.
    @Test func logoutEndsOnlyTheCallersSession() async throws {
        try await APIHarness.run { api, harness in
            let alice = try await api.validatedAccount(harness, "+447700900520")
            let bob = try await api.validatedAccount(harness, "+447700900521")
            #expect(try await api.send(.delete, "/v1/sessions/current", token: bob).status == .noContent)
            #expect(try await api.get("/v1/me", token: alice).status == .ok)
        }
    }
}
