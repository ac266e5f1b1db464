import Foundation
import HTTPTypes
import HummingbirdTesting
import RoutingCore
import RoutingService
import Testing

/// `POST /v1/sessions`, `DELETE /v1/sessions/current`, `GET /v1/me` and bearer tokens (RFC 6750).
@Suite struct SessionRoutesTests {
    @Test func loginAnswers201WithATokenAndSIPCredentials() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.validatedAccount(harness, "+447700900200")
            let session = try await api.post("/v1/sessions", """
                {"number": "+447700900200", "password": "correct horse",
                 "device": {"id": "tablet-7", "name": "Tab", "vendor": "Samsung", "os": "Android 14",
                            "app_version": "1.2.3",
                            "push_token": {"provider": "fcm", "prid": "token-abc"}}}
                """)
            #expect(session.status == .created, "\(session.text)")
            let body = try session.json
            #expect(!(try #require(body["token"] as? String)).isEmpty)
            let sip = try #require(body["sip"] as? [String: Any])
            #expect(Set(sip.keys) == ["username", "password", "domain", "registrar"])
            #expect(body["expires_at"] is String)
        }
    }

    /// The same 401 for an unknown number and a wrong password: nothing tells which numbers have accounts.
    @Test func badCredentialsAreOne401WhateverIsWrong() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.validatedAccount(harness, "+447700900201")
            let device = #""device": {"id": "d1", "name": "n", "vendor": "v", "os": "o"}"#
            let wrongPassword = try await api.post(
                "/v1/sessions", #"{"number": "+447700900201", "password": "wrong password", \#(device)}"#)
            let unknownNumber = try await api.post(
                "/v1/sessions", #"{"number": "+447700900299", "password": "correct horse", \#(device)}"#)
            #expect(wrongPassword.status == .unauthorized)
            #expect(unknownNumber.status == .unauthorized)
            #expect(wrongPassword.text == unknownNumber.text)
            #expect(wrongPassword.headers[.wwwAuthenticate] != nil)  // RFC 9110 §15.5.2
        }
    }

    @Test func meAnswersTheAccountNumbersAndDevices() async throws {
        try await APIHarness.run { api, harness in
            let token = try await api.validatedAccount(harness, "+447700900202", device: "phone-a")
            let me = try await api.get("/v1/me", token: token)
            #expect(me.status == .ok)
            let body = try me.json
            #expect(Set(body.keys) == ["account_id", "primary", "numbers", "devices"])
            let numbers = try #require(body["numbers"] as? [[String: Any]])
            #expect(numbers.first?["role"] as? String == "primary")
            #expect(numbers.first?["forwarding"] is [String: Any])
            let devices = try #require(body["devices"] as? [[String: Any]])
            #expect(devices.map { $0["id"] as? String } == ["phone-a"])
            // Logged in but not registered over SIP yet: not available (mission: logged in AND connected).
            #expect(devices.first?["available"] as? Bool == false)
        }
    }

    /// RFC 6750 §3.1: missing credentials, a malformed header and an unknown token are all 401 with a challenge.
    @Test func meWithoutAValidBearerTokenIs401() async throws {
        try await APIHarness.run { api, _ in
            let missing = try await api.get("/v1/me")
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let basic = try await api.send(.get, "/v1/me", headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(basic.status == .unauthorized)
            let unknown = try await api.get("/v1/me", token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
        }
    }

    /// Logout revokes the token at once and deregisters the device.
    @Test func logoutRevokesTheTokenAndDeregistersTheDevice() async throws {
        try await APIHarness.run { api, harness in
            let first = try await api.validatedAccount(harness, "+447700900203", device: "phone-a")
            let second = try await api.login("+447700900203", device: "phone-b")
            let out = try await api.send(.delete, "/v1/sessions/current", token: first)
            #expect(out.status == .noContent)
            #expect(out.text.isEmpty)
            #expect(try await api.get("/v1/me", token: first).status == .unauthorized)
            #expect(try await api.send(.delete, "/v1/sessions/current", token: first).status == .unauthorized)
            // The other device's session lives on.
            let me = try await api.get("/v1/me", token: second)
            #expect(me.status == .ok)
        }
    }

    @Test func anExpiredTokenIs401() async throws {
        try await APIHarness.run(configure: { $0.sessionLifetime = 3600 }) { api, harness in
            let token = try await api.validatedAccount(harness, "+447700900204")
            #expect(try await api.get("/v1/me", token: token).status == .ok)
            harness.clock.advance(3601)
            let expired = try await api.get("/v1/me", token: token)
            #expect(expired.status == .unauthorized)
            #expect(expired.errorCode == "unauthorized")
        }
    }

    /// Brute force of a password is stopped: failed logins per number are limited (429 with Retry-After).
    @Test func passwordGuessingIsStoppedWith429() async throws {
        try await APIHarness.run(configure: {
            $0.loginFailuresPerNumber = RateLimitPolicy(limit: 3, window: 900)
        }) { api, harness in
            _ = try await api.validatedAccount(harness, "+447700900205")
            let device = #""device": {"id": "d1", "name": "n", "vendor": "v", "os": "o"}"#
            var statuses: [Int] = []
            for attempt in 0..<4 {
                let answer = try await api.post(
                    "/v1/sessions", #"{"number": "+447700900205", "password": "guess \#(attempt)", \#(device)}"#)
                statuses.append(answer.status.code)
            }
            #expect(statuses == [401, 401, 401, 429])
            // Even the right password waits until the window has passed.
            let right = try await api.post(
                "/v1/sessions", #"{"number": "+447700900205", "password": "correct horse", \#(device)}"#)
            #expect(right.status == .tooManyRequests)
            #expect(Int(right.headers[.retryAfter] ?? "") ?? 0 >= 1)
            harness.clock.advance(901)
            let later = try await api.post(
                "/v1/sessions", #"{"number": "+447700900205", "password": "correct horse", \#(device)}"#)
            #expect(later.status == .created)
        }
    }

    /// Guessing across many numbers from one address is stopped too: the limit per source address keys on the
    /// peer's IP (a live server on loopback, so the address is real).
    @Test func guessingFromOneAddressAcrossNumbersIsStoppedWith429() async throws {
        try await APIHarness.run(.live, configure: {
            $0.loginFailuresPerSource = RateLimitPolicy(limit: 3, window: 900)
        }) { api, _ in
            let device = #""device": {"id": "d1", "name": "n", "vendor": "v", "os": "o"}"#
            var statuses: [Int] = []
            for index in 0..<4 {
                let answer = try await api.post(
                    "/v1/sessions", #"{"number": "+44770090021\#(index)", "password": "guess", \#(device)}"#)
                statuses.append(answer.status.code)
            }
            #expect(statuses == [401, 401, 401, 429])
        }
    }
}
