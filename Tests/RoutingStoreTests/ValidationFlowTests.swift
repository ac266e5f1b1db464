import Foundation
import RoutingCore
import RoutingService
import RoutingStore
import Testing

/// Issue 4 §3: the four validation mechanisms end to end at the service level, against PostgreSQL.
@Suite struct ValidationFlowTests {
    let number = "+447700900001"

    @Test func smsCodeThroughTheJSONLinesFileSink() async throws {
        let path = NSTemporaryDirectory() + "reroute-sms-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withDatabase { database in
            let clock = ManualClock()
            let service = RoutingService(
                database: database, sms: FileSMSSink(path: path, clock: clock), calls: InMemoryOutboundCallSink(),
                provisioning: FakeProvisioningPlatform(), clock: clock, random: SeededSource(seed: 9))
            _ = try await service.createAccount(number: number, password: "password-1", source: "10.0.0.1")
            let started = try await service.startValidation(number: number, method: .smsCode, source: "10.0.0.1")
            #expect(started.instructions == .enterCodeSentBySMS(to: try E164Number(parsing: number)))
            #expect(started.expiresAt == clock.now().addingTimeInterval(600))
            // One JSON object per line: {"to", "from", "text", "time"}; the code is six consecutive digits.
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 1)
            let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String]
            #expect(object?["to"] == number && object?["from"] == "Reroute")
            #expect(object?["time"] == "2023-11-14T22:13:20.000Z")
            let code = try #require(ValidationCode.find(in: object?["text"] ?? ""))
            let confirmed = try await service.confirmValidation(
                id: started.id.description, code: code.digits, source: "10.0.0.1")
            #expect(confirmed.number.description == number)
            // Single use.
            await #expect(throws: RoutingError.validationClosed("this validation has already succeeded; codes are single use")) {
                _ = try await service.confirmValidation(id: started.id.description, code: code.digits, source: "10.0.0.1")
            }
        }
    }

    @Test func callCodeQueuesAnOutboundCall() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            _ = try await h.service.createAccount(number: number, password: "password-1", source: "10.0.0.1")
            let started = try await h.service.startValidation(number: number, method: .callCode, source: "10.0.0.1")
            let request = try #require(await h.calls.requests.last)
            #expect(request.number.description == number && request.code.count == 6)
            _ = try await h.service.confirmValidation(id: started.id.description, code: request.code, source: "10.0.0.1")
            let status = try await h.service.validationStatus(id: started.id.description)
            #expect(status.status == "validated")
        }
    }

    @Test func smsReceivedIsConfirmedWithTheCodeTheSIMGot() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            _ = try await h.service.createAccount(number: number, password: "password-1", source: "10.0.0.1")
            let started = try await h.service.startValidation(number: number, method: .smsReceived, source: "10.0.0.1")
            let sent = try #require(await h.sms.messages.last)
            #expect(sent.text.hasPrefix("<#> "))
            _ = try await h.service.confirmValidation(
                id: started.id.description, code: try await h.lastCode(sentTo: number), source: "10.0.0.1")
            let view = try await h.service.validationStatus(id: started.id.description)
            #expect(view.status == "validated")
        }
    }

    /// SMPP 3.4 §4.6.1 deliver_sm: the source address is the number, the destination the validation number.
    @Test func smsFromThePhoneToThePredeterminedNumber() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            _ = try await h.service.createAccount(number: number, password: "password-1", source: "10.0.0.1")
            let started = try await h.service.startValidation(number: number, method: .smsFromPhone, source: "10.0.0.1")
            guard case .sendSMS(let to, let text) = started.instructions else { Issue.record("no instructions"); return }
            #expect(to == Harness.validationSMSNumber)
            // From another number, or to another destination: ignored.
            let wrongSource = try await h.service.receiveSMS(
                IncomingSMS(source: "+447700900777", destination: to.description, text: text))
            #expect(wrongSource == .ignored("no pending sms_from_phone validation for +447700900777"))
            let wrongDestination = try await h.service.receiveSMS(
                IncomingSMS(source: number, destination: "+447700900555", text: text))
            #expect(wrongDestination == .ignored("not sent to the validation number"))
            #expect(try await h.service.validationStatus(id: started.id.description).status == "pending")
            // National source form, as SMSCs often deliver it.
            let result = try await h.service.receiveSMS(
                IncomingSMS(source: "07700900001", destination: to.description, text: text))
            #expect(result == .validated(started.id, try E164Number(parsing: number)))
            #expect(try await h.service.validationStatus(id: started.id.description).status == "validated")
        }
    }

    /// A missed call from the number to the validation number: released with Q.850 cause 21.
    @Test func missedCallToTheValidationNumber() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            _ = try await h.service.createAccount(number: number, password: "password-1", source: "10.0.0.1")
            let started = try await h.service.startValidation(number: number, method: .missedCall, source: "10.0.0.1")
            #expect(started.instructions == .call(Harness.missedCallNumber))
            let other = try await h.service.receiveMissedCall(calling: number, called: "+447700900123")
            #expect(other == MissedCallDecision(release: false, cause: nil, validated: nil))
            let decision = try await h.service.receiveMissedCall(
                calling: number, called: Harness.missedCallNumber.description)
            #expect(decision == MissedCallDecision(release: true, cause: 21, validated: try E164Number(parsing: number)))
            // A second call is still released but validates nothing.
            let again = try await h.service.receiveMissedCall(calling: number, called: Harness.missedCallNumber.description)
            #expect(again == MissedCallDecision(release: true, cause: 21, validated: nil))
        }
    }

    @Test func wrongCodesLockAndExpiryIsGone() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            _ = try await h.service.createAccount(number: number, password: "password-1", source: "10.0.0.1")
            let started = try await h.service.startValidation(number: number, method: .smsCode, source: "10.0.0.1")
            let code = try await h.lastCode(sentTo: number)
            let wrong = code == "000000" ? "111111" : "000000"
            for remaining in (1...4).reversed() {
                await #expect(throws: RoutingError.wrongCode(remainingTries: remaining)) {
                    _ = try await h.service.confirmValidation(id: started.id.description, code: wrong, source: "10.0.0.2")
                }
            }
            await #expect(throws: RoutingError.locked) {
                _ = try await h.service.confirmValidation(id: started.id.description, code: wrong, source: "10.0.0.2")
            }
            await #expect(throws: RoutingError.locked) {
                _ = try await h.service.confirmValidation(id: started.id.description, code: code, source: "10.0.0.2")
            }
            let second = try await h.service.startValidation(number: number, method: .smsCode, source: "10.0.0.1")
            let secondCode = try await h.lastCode(sentTo: number)
            h.clock.advance(601)
            await #expect(throws: RoutingError.expired) {
                _ = try await h.service.confirmValidation(id: second.id.description, code: secondCode, source: "10.0.0.1")
            }
            #expect(RoutingError.expired.httpStatus == 410 && RoutingError.locked.httpStatus == 429)
        }
    }

    /// Brute force of codes: starts are limited per number, wrong codes per source across attempts.
    @Test func bruteForceOfCodesIsStoppedByTheLimits() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            _ = try await h.service.createAccount(number: number, password: "password-1", source: "10.0.0.1")
            var ids: [ValidationID] = []
            for index in 0..<5 {
                ids.append(try await h.service.startValidation(number: number, method: .smsCode, source: "10.0.1.\(index)").id)
            }
            await #expect(throws: RoutingError.rateLimited(retryAfter: 3600)) {
                _ = try await h.service.startValidation(number: number, method: .smsCode, source: "10.0.2.1")
            }
            // 20 wrong codes from one source over several attempts, then even a right guess is refused.
            var failures = 0
            outer: for id in ids {
                for _ in 0..<5 {
                    if failures == 20 { break outer }
                    _ = try? await h.service.confirmValidation(id: id.description, code: "999999", source: "10.9.9.9")
                    failures += 1
                }
            }
            await #expect(throws: RoutingError.rateLimited(retryAfter: 3600)) {
                _ = try await h.service.confirmValidation(id: ids[4].description, code: "123456", source: "10.9.9.9")
            }
            h.clock.advance(3601)
            _ = try await h.service.startValidation(number: number, method: .smsCode, source: "10.0.2.1")
        }
    }
}
