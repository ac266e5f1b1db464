public import Foundation

/// Every account and its numbers in memory: the reference model of the ownership rules, against which the
/// PostgreSQL-backed service is checked (the same operations must give the same answers).
public struct NumberRegistry: Hashable, Sendable {
    public private(set) var accounts: [AccountID: Account] = [:]

    public init() {}

    public mutating func add(_ account: Account) { accounts[account.id] = account }

    /// The account that validated `number`.
    public func owner(of number: E164Number) -> AccountID? {
        accounts.values.first { $0.link(of: number)?.isValidated == true }?.id
    }

    public mutating func link(_ number: E164Number, to id: AccountID, at time: Date) throws(AccountRuleError) {
        try accounts[id]!.link(number, at: time)
    }

    public mutating func delink(_ number: E164Number, from id: AccountID) throws(AccountRuleError) {
        try accounts[id]!.delink(number)
    }

    public mutating func setPrimary(_ number: E164Number, of id: AccountID) throws(AccountRuleError) {
        try accounts[id]!.setPrimary(number)
    }

    /// A successful validation by `id`; `expectedOwner` is the owner when the attempt started.
    public mutating func validate(_ number: E164Number, by id: AccountID, expectedOwner: AccountID?, at time: Date)
        throws(AccountRuleError)
    {
        var claimant = accounts[id]!
        let ownerID = owner(of: number)
        var owner = ownerID.flatMap { $0 == id ? nil : accounts[$0] }
        try NumberOwnership.validate(number, claimant: &claimant, currentOwner: &owner, expectedOwner: expectedOwner, at: time)
        if let owner { accounts[owner.id] = owner }
        accounts[id] = claimant
    }

    /// No account with validated numbers lacks a primary, and no number is validated on two accounts.
    public var invariantsHold: Bool {
        guard accounts.values.allSatisfy(\.invariantsHold) else { return false }
        var owners: [E164Number: AccountID] = [:]
        for account in accounts.values {
            for number in account.ownedNumbers {
                if owners[number] != nil { return false }
                owners[number] = account.id
            }
        }
        return true
    }
}
