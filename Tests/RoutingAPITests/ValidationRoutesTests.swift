import Foundation
import HTTPTypes
import HummingbirdTesting
import RoutingCore
import RoutingService
import Testing

/// `POST /v1/accounts`, `POST /v1/numbers/{e164}/validations`, `POST /v1/validations/{id}/confirm` (issue 4 §6),
/// with the four validation mechanisms of issue 4 §3 exercised end to end through HTTP.
@Suite struct ValidationRoutesTests {
    @Test func createAccountAnswers201WithTheUnvalidatedNumber() async throws {
        try await APIHarness.run { api, _ in
            let created = try await api.post("/v1/accounts", #"{"number": "+447700900123", "password": "correct horse"}"#)
            #expect(created.status == .created)
            let body = try created.json
            #expect(AccountID(try #require(body["account_id"] as? String)) != nil)
            let numbers = try #require(body["numbers"] as? [[String: Any]])
            #expect(numbers.count == 1)
            #expect(numbers.first?["number"] as? String == "+447700900123")
            #expect(numbers.first?["validated"] as? Bool == false)
            #expect(Set(numbers.first?.keys.map { $0 } ?? []) == ["number", "role", "validated"])
        }
    }

    @Test func nationalInputIsReadWithTheConfiguredCountryCode() async throws {
        try await APIHarness.run { api, _ in
            let created = try await api.post("/v1/accounts", #"{"number": "07700900124", "password": "correct horse"}"#)
            #expect(created.status == .created, "\(created.text)")
            let numbers = try #require(try created.json["numbers"] as? [[String: Any]])
            #expect(numbers.first?["number"] as? String == "+447700900124")
        }
    }

    @Test func createAccountRefusesANumberValidatedOnAnotherAccountWith409() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.validatedAccount(harness, "+447700900125")
            let again = try await api.post("/v1/accounts", #"{"number": "+447700900125", "password": "another one"}"#)
            #expect(again.status == .conflict)
            #expect(again.errorCode == "number_owned_by_another_account")
        }
    }

    @Test func createAccountRefusesBadNumbersAndPasswordsWith400() async throws {
        try await APIHarness.run { api, _ in
            for body in [
                #"{"number": "+44 7700", "password": "correct horse"}"#,
                #"{"number": "+0123456789", "password": "correct horse"}"#,
                #"{"number": "+447700900126", "password": "short"}"#,
            ] {
                let answer = try await api.post("/v1/accounts", body)
                #expect(answer.status == .badRequest, "\(body) → \(answer.text)")
                #expect(answer.errorCode != nil)
            }
        }
    }

    /// Mechanism 1a: a code sent by SMS (SMPP `submit_sm` stand-in), typed back; codes are single use.
    @Test func smsCodeValidatesTheNumberOnceAndMakesItPrimary() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.post("/v1/accounts", #"{"number": "+447700900130", "password": "correct horse"}"#)
            let started = try await api.post("/v1/numbers/+447700900130/validations", #"{"method": "sms_code"}"#)
            #expect(started.status == .created, "\(started.text)")
            let body = try started.json
            #expect(body["method"] as? String == "sms_code")
            #expect(body["number"] as? String == "+447700900130")
            let expires = try #require(body["expires_at"] as? String)
            #expect(try Date(expires, strategy: .iso8601) == harness.clock.now().addingTimeInterval(600))
            let id = try #require(body["validation_id"] as? String)
            let code = try await harness.smsCode(to: "+447700900130")
            let confirmed = try await api.post("/v1/validations/\(id)/confirm", #"{"code": "\#(code)"}"#)
            #expect(confirmed.status == .ok)
            #expect(try confirmed.json["validated"] as? Bool == true)
            #expect(try confirmed.json["number"] as? String == "+447700900130")
            // Single use: the same code again is refused.
            let reused = try await api.post("/v1/validations/\(id)/confirm", #"{"code": "\#(code)"}"#)
            #expect(reused.status == .conflict, "\(reused.text)")
            let token = try await api.login("+447700900130")
            let me = try await api.get("/v1/me", token: token)
            #expect(try me.json["primary"] as? String == "+447700900130")
        }
    }

    /// Mechanism 1b: the code spoken in an outbound call (OBD request queued for the gateway).
    @Test func callCodeQueuesAnOutboundCallWhoseCodeValidates() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.post("/v1/accounts", #"{"number": "+447700900131", "password": "correct horse"}"#)
            let started = try await api.post("/v1/numbers/%2B447700900131/validations", #"{"method": "call_code"}"#)
            #expect(started.status == .created, "\(started.text)")
            let id = try #require(try started.json["validation_id"] as? String)
            let request = try #require(await harness.calls.requests.last)
            #expect(request.number.description == "+447700900131")
            let confirmed = try await api.post("/v1/validations/\(id)/confirm", #"{"code": "\#(request.code)"}"#)
            #expect(confirmed.status == .ok, "\(confirmed.text)")
        }
    }

    /// Mechanism 2: the app reads the SMS Reroute sent to its SIM and returns the code.
    @Test func smsReceivedIsConfirmedWithTheCodeTheAppRead() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.post("/v1/accounts", #"{"number": "+447700900132", "password": "correct horse"}"#)
            let started = try await api.post("/v1/numbers/+447700900132/validations", #"{"method": "sms_received"}"#)
            #expect(started.status == .created, "\(started.text)")
            let id = try #require(try started.json["validation_id"] as? String)
            let code = try await harness.smsCode(to: "+447700900132")
            let confirmed = try await api.post("/v1/validations/\(id)/confirm", #"{"code": "\#(code)"}"#)
            #expect(confirmed.status == .ok, "\(confirmed.text)")
        }
    }

    /// Mechanism 3: the phone sends the given text to the predetermined number (an incoming `deliver_sm`).
    @Test func smsFromPhoneGivesTheNumberAndTextAndValidatesOnArrival() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.post("/v1/accounts", #"{"number": "+447700900133", "password": "correct horse"}"#)
            let started = try await api.post("/v1/numbers/+447700900133/validations", #"{"method": "sms_from_phone"}"#)
            #expect(started.status == .created, "\(started.text)")
            let body = try started.json
            #expect(body["send_sms_to"] as? String == APIHarness.validationSMSNumber)
            let text = try #require(body["text"] as? String)
            #expect(ValidationCode.find(in: text) != nil)
            // The code cannot be typed back: the SMS must come from the phone.
            let id = try #require(body["validation_id"] as? String)
            let code = try #require(ValidationCode.find(in: text)).digits
            let typed = try await api.post("/v1/validations/\(id)/confirm", #"{"code": "\#(code)"}"#)
            #expect(typed.status == .conflict, "\(typed.text)")
            let result = try await harness.service.receiveSMS(
                IncomingSMS(source: "+447700900133", destination: APIHarness.validationSMSNumber, text: text))
            guard case .validated = result else { Issue.record("SMS not taken: \(result)"); return }
            let token = try await api.login("+447700900133")
            let me = try await api.get("/v1/me", token: token)
            #expect(try me.json["primary"] as? String == "+447700900133")
        }
    }

    /// Mechanism 4: a missed call from the phone to the validation number (an IAM released with cause 21).
    @Test func missedCallGivesTheNumberToCallAndValidatesOnTheCall() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.post("/v1/accounts", #"{"number": "+447700900134", "password": "correct horse"}"#)
            let started = try await api.post("/v1/numbers/+447700900134/validations", #"{"method": "missed_call"}"#)
            #expect(started.status == .created, "\(started.text)")
            #expect(try started.json["call"] as? String == APIHarness.missedCallNumber)
            let decision = try await harness.service.receiveMissedCall(
                calling: "+447700900134", called: APIHarness.missedCallNumber)
            #expect(decision.release)
            #expect(decision.cause == 21)
            let token = try await api.login("+447700900134")
            let me = try await api.get("/v1/me", token: token)
            #expect(try me.json["primary"] as? String == "+447700900134")
        }
    }

    @Test func confirmAnswers400ForAWrongCode410WhenExpiredAnd429WhenLocked() async throws {
        try await APIHarness.run { api, harness in
            _ = try await api.post("/v1/accounts", #"{"number": "+447700900135", "password": "correct horse"}"#)
            // Expired: 10 minutes by default (issue 4 §3).
            let first = try await api.post("/v1/numbers/+447700900135/validations", #"{"method": "sms_code"}"#)
            let firstID = try #require(try first.json["validation_id"] as? String)
            let firstCode = try await harness.smsCode(to: "+447700900135")
            harness.clock.advance(601)
            let late = try await api.post("/v1/validations/\(firstID)/confirm", #"{"code": "\#(firstCode)"}"#)
            #expect(late.status == .gone, "\(late.text)")
            #expect(late.errorCode == "expired")
            // Wrong codes: 400 each, then locked after five (429), even for the right code.
            let second = try await api.post("/v1/numbers/+447700900135/validations", #"{"method": "sms_code"}"#)
            let secondID = try #require(try second.json["validation_id"] as? String)
            let code = try await harness.smsCode(to: "+447700900135")
            let wrong = code == "000000" ? "111111" : "000000"
            for _ in 0..<4 {
                let answer = try await api.post("/v1/validations/\(secondID)/confirm", #"{"code": "\#(wrong)"}"#)
                #expect(answer.status == .badRequest)
                #expect(answer.errorCode == "wrong_code")
            }
            let fifth = try await api.post("/v1/validations/\(secondID)/confirm", #"{"code": "\#(wrong)"}"#)
            #expect(fifth.status == .badRequest || fifth.status == .tooManyRequests, "\(fifth.text)")
            let locked = try await api.post("/v1/validations/\(secondID)/confirm", #"{"code": "\#(code)"}"#)
            #expect(locked.status == .tooManyRequests, "\(locked.text)")
            #expect(locked.errorCode == "locked")
        }
    }

    @Test func confirmOfAnUnknownValidationIs404AndOfAMalformedIdIs400() async throws {
        try await APIHarness.run { api, _ in
            let unknown = try await api.post(
                "/v1/validations/7d444840-9dc0-11d1-b245-5ffdce74fad2/confirm", #"{"code": "123456"}"#)
            #expect(unknown.status == .notFound)
            let malformed = try await api.post("/v1/validations/not-a-uuid/confirm", #"{"code": "123456"}"#)
            #expect(malformed.status == .badRequest)
        }
    }

    @Test func startValidationOfANumberNoAccountClaimsIs404() async throws {
        try await APIHarness.run { api, _ in
            let answer = try await api.post("/v1/numbers/+447700900139/validations", #"{"method": "sms_code"}"#)
            #expect(answer.status == .notFound, "\(answer.text)")
        }
    }

    @Test func startValidationIsRateLimitedPerNumberWith429AndRetryAfter() async throws {
        // RFC 6585 §4: 429 with Retry-After. Default: 5 starts per number per hour.
        try await APIHarness.run { api, _ in
            _ = try await api.post("/v1/accounts", #"{"number": "+447700900136", "password": "correct horse"}"#)
            var statuses: [Int] = []
            var last: APIResponse?
            for _ in 0..<6 {
                let answer = try await api.post("/v1/numbers/+447700900136/validations", #"{"method": "sms_code"}"#)
                statuses.append(answer.status.code)
                last = answer
            }
            #expect(statuses == [201, 201, 201, 201, 201, 429])
            #expect(last?.errorCode == "rate_limited")
            #expect(Int(last?.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }

    /// Brute force spread over several attempts (each under the 5-try lock) is stopped by the wrong-code limit
    /// per source address.
    @Test func wrongCodesAcrossAttemptsAreStoppedPerSourceWith429() async throws {
        try await APIHarness.run(configure: { $0.wrongCodesPerSource = RateLimitPolicy(limit: 6, window: 3600) }) {
            api, harness in
            var statuses: [Int] = []
            for index in 0..<2 {
                let number = "+44770090014\(index)"
                _ = try await api.post("/v1/accounts", #"{"number": "\#(number)", "password": "correct horse"}"#)
                let started = try await api.post("/v1/numbers/\(number)/validations", #"{"method": "sms_code"}"#)
                let id = try #require(try started.json["validation_id"] as? String)
                let code = try await harness.smsCode(to: number)
                let wrong = code == "000000" ? "111111" : "000000"
                for _ in 0..<4 {
                    statuses.append(
                        try await api.post("/v1/validations/\(id)/confirm", #"{"code": "\#(wrong)"}"#).status.code)
                }
            }
            #expect(statuses == [400, 400, 400, 400, 400, 400, 429, 429], "\(statuses)")
        }
    }
}
