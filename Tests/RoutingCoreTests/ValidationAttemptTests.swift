import Foundation
import RerouteTestSupport
import RoutingCore
import Testing

/// Issue 4 §3: six-digit codes, single use, expiring after 10 minutes, five wrong tries lock the attempt.
@Suite struct ValidationAttemptTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    let number = try! E164Number(parsing: "+447700900001")
    let account = AccountID(makeUUID(randomBytes: Array(repeating: 3, count: 16)))

    func attempt(_ method: ValidationMethod, code: String = "042917") -> ValidationAttempt {
        ValidationAttempt(
            id: ValidationID(makeUUID(randomBytes: Array(repeating: 9, count: 16))), accountID: account,
            number: number, method: method, code: ValidationCode(code)!, createdAt: t0, ownerAtStart: nil)
    }

    @Test func codesHaveSixDigitsFromTheInjectedGenerator() {
        var rng = SeededGenerator(seed: 1)
        var seen = Set<String>()
        for _ in 0..<1_000 {
            let code = ValidationCode(using: &rng)
            #expect(code.digits.count == 6 && code.digits.allSatisfy(\.isNumber))
            seen.insert(code.digits)
        }
        #expect(seen.count > 990)
        #expect(ValidationCode("12345") == nil && ValidationCode("1234567") == nil && ValidationCode("12a456") == nil)
    }

    @Test func rightCodeValidatesOnce() {
        var a = attempt(.smsCode)
        #expect(a.confirm(code: "042917", at: t0.addingTimeInterval(30)) == .validated)
        #expect(a.confirm(code: "042917", at: t0.addingTimeInterval(31)) == .alreadyUsed)
    }

    @Test func expiresAfterTenMinutes() {
        var a = attempt(.callCode)
        #expect(a.confirm(code: "042917", at: t0.addingTimeInterval(600)) == .expired)
        var b = attempt(.callCode)
        #expect(b.confirm(code: "042917", at: t0.addingTimeInterval(599)) == .validated)
    }

    @Test func fiveWrongTriesLock() {
        var a = attempt(.smsReceived)
        for remaining in (1...4).reversed() {
            #expect(a.confirm(code: "000000", at: t0) == .wrongCode(remainingTries: remaining))
        }
        #expect(a.confirm(code: "000000", at: t0) == .locked)
        // Locked: even the right code is refused.
        #expect(a.confirm(code: "042917", at: t0) == .locked)
        #expect(a.status == .locked)
    }

    @Test func smsFromThePhoneCarriesTheCodeFromTheNumber() {
        var a = attempt(.smsFromPhone)
        let other = try! E164Number(parsing: "+447700900999")
        #expect(a.receiveSMS(from: other, text: "REROUTE 042917", at: t0) == .notApplicable)
        #expect(a.confirm(code: "042917", at: t0) == .notApplicable)
        #expect(a.receiveSMS(from: number, text: "REROUTE 1042917", at: t0) == .wrongCode(remainingTries: 4))
        #expect(a.receiveSMS(from: number, text: "reroute: 042917 thanks", at: t0) == .validated)
    }

    @Test func missedCallFromTheNumber() {
        var a = attempt(.missedCall)
        #expect(a.receiveMissedCall(from: try! E164Number(parsing: "+447700900998"), at: t0) == .notApplicable)
        #expect(a.receiveMissedCall(from: number, at: t0.addingTimeInterval(700)) == .expired)
        var b = attempt(.missedCall)
        #expect(b.receiveMissedCall(from: number, at: t0.addingTimeInterval(5)) == .validated)
    }

    @Test func slidingWindowRateLimit() {
        let policy = RateLimitPolicy(limit: 3, window: 60)
        let events = [t0, t0.addingTimeInterval(10), t0.addingTimeInterval(20)]
        #expect(policy.decide(previous: Array(events.prefix(2)), now: t0.addingTimeInterval(25)) == .allowed)
        #expect(policy.decide(previous: events, now: t0.addingTimeInterval(25)) == .limited(retryAfter: 35))
        // The oldest event left the window.
        #expect(policy.decide(previous: events, now: t0.addingTimeInterval(61)) == .allowed)
    }
}
