import Foundation
import RerouteTestSupport
import RoutingCore
import Testing

/// The ownership rules of the mission's "routing server" section, on the pure model.
@Suite struct AccountRuleTests {
    static let hash = PasswordHash(password: "correct horse", salt: Array(repeating: 1, count: 16))
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    let n1 = try! E164Number(parsing: "+447700900001")
    let n2 = try! E164Number(parsing: "+447700900002")
    let n3 = try! E164Number(parsing: "+447700900003")

    func account(_ byte: UInt8, _ number: E164Number) -> Account {
        Account(id: AccountID(makeUUID(randomBytes: Array(repeating: byte, count: 16))), number: number,
            passwordHash: Self.hash, createdAt: t0)
    }

    @Test func firstValidatedNumberIsPrimaryLaterOnesSecondary() throws {
        var a = account(1, n1)
        try a.link(n2, at: t0)
        #expect(a.primary == nil)
        try a.markValidated(n2, at: t0)
        #expect(a.primary == n2)
        try a.markValidated(n1, at: t0)
        #expect(a.primary == n2)
        #expect(a.link(of: n1)?.role == .secondary)
        #expect(a.invariantsHold)
    }

    @Test func primaryChangesOnlyToAValidatedNumber() throws {
        var a = account(1, n1)
        try a.markValidated(n1, at: t0)
        try a.link(n2, at: t0)
        #expect(throws: AccountRuleError.notValidated(n2)) { try a.setPrimary(n2) }
        #expect(throws: AccountRuleError.notLinked(n3)) { try a.setPrimary(n3) }
        try a.markValidated(n2, at: t0)
        try a.setPrimary(n2)
        #expect(a.primary == n2)
        #expect(a.invariantsHold)
    }

    @Test func primaryIsDelinkedOnlyAfterAnotherBecamePrimary() throws {
        var a = account(1, n1)
        try a.markValidated(n1, at: t0)
        try a.link(n2, at: t0)
        try a.markValidated(n2, at: t0)
        #expect(throws: AccountRuleError.isPrimary(n1)) { try a.delink(n1) }
        try a.setPrimary(n2)
        try a.delink(n1)
        #expect(a.numbers.map(\.number) == [n2])
        #expect(throws: AccountRuleError.alreadyLinked(n2)) { try a.link(n2, at: t0) }
    }

    @Test func numberOfAnotherAccountMovesOnlyAfterValidationByTheNewOwner() throws {
        var registry = NumberRegistry()
        var a = account(1, n1)
        try a.markValidated(n1, at: t0)
        try a.link(n2, at: t0)
        try a.markValidated(n2, at: t0)
        let b = account(2, n1)
        registry.add(a)
        registry.add(b)
        // Linked by B, still A's until B validates.
        #expect(registry.owner(of: n1) == a.id)
        try registry.validate(n1, by: b.id, expectedOwner: a.id, at: t0)
        #expect(registry.owner(of: n1) == b.id)
        #expect(registry.accounts[b.id]?.primary == n1)
        // A lost its primary; its other validated number took over.
        #expect(registry.accounts[a.id]?.primary == n2)
        #expect(registry.invariantsHold)
    }

    @Test func validationStartedBeforeAnotherAccountTookTheNumberLoses() throws {
        var registry = NumberRegistry()
        let a = account(1, n1)
        let b = account(2, n1)
        registry.add(a)
        registry.add(b)
        // Both attempts started while the number was free; A confirms first.
        try registry.validate(n1, by: a.id, expectedOwner: nil, at: t0)
        #expect(throws: AccountRuleError.ownedByAnotherAccount(n1)) {
            try registry.validate(n1, by: b.id, expectedOwner: nil, at: t0)
        }
        #expect(registry.owner(of: n1) == a.id)
    }

    /// Property: random link / delink / set-primary / validate never leave an account with validated numbers but no
    /// primary, and never give a number to two accounts.
    @Test(arguments: [1, 2, 3, 42, 1234] as [UInt64])
    func randomOperationsKeepTheInvariants(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let numbers = (1...5).map { try! E164Number(parsing: "+44770090000\($0)") }
        var registry = NumberRegistry()
        let ids = (1...3).map { byte -> AccountID in
            let account = account(UInt8(byte), numbers[byte - 1])
            registry.add(account)
            return account.id
        }
        var accepted = 0
        for step in 0..<2_000 {
            let id = ids.randomElement(using: &rng)!
            let number = numbers.randomElement(using: &rng)!
            let time = t0.addingTimeInterval(Double(step))
            do {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: try registry.link(number, to: id, at: time)
                case 1: try registry.delink(number, from: id)
                case 2: try registry.setPrimary(number, of: id)
                default:
                    let expected = Bool.random(using: &rng) ? registry.owner(of: number) : nil
                    try registry.validate(number, by: id, expectedOwner: expected, at: time)
                }
                accepted += 1
            } catch {}
            #expect(registry.invariantsHold, "step \(step)")
        }
        #expect(accepted > 200)
    }
}
