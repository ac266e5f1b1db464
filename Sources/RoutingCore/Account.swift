public import Foundation

/// An account: a password and the numbers linked to it, with the ownership rules of the routing server.
///
/// Rules (the mission's "routing server" section):
/// - the first validated number becomes the primary, later ones are secondary;
/// - the primary changes only to a validated number of the account;
/// - the primary can be delinked only after another number became primary;
/// - a number validated by another account leaves this one (``surrender(_:)``), and a validated secondary, if any,
///   takes over as primary so that an account with validated numbers always has a primary.
public struct Account: Hashable, Sendable {
    public let id: AccountID
    public var passwordHash: PasswordHash
    public let createdAt: Date
    /// Linked numbers in the order they were linked.
    public private(set) var numbers: [AccountNumber]

    /// A new account whose first number is linked but not yet validated.
    public init(id: AccountID, number: E164Number, passwordHash: PasswordHash, createdAt: Date) {
        self.id = id
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.numbers = [AccountNumber(number: number, linkedAt: createdAt)]
    }

    /// An account read back from storage.
    public init(id: AccountID, passwordHash: PasswordHash, createdAt: Date, numbers: [AccountNumber]) {
        self.id = id
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.numbers = numbers.sorted { ($0.linkedAt, $0.number) < ($1.linkedAt, $1.number) }
    }

    /// The primary number, once any number has been validated.
    public var primary: E164Number? { numbers.first(where: \.isPrimary)?.number }

    public func link(of number: E164Number) -> AccountNumber? { numbers.first { $0.number == number } }

    /// Validated numbers (the ones this account owns).
    public var ownedNumbers: [E164Number] { numbers.filter(\.isValidated).map(\.number) }

    /// True when the account satisfies its invariants: a primary exists exactly when a number is validated, the
    /// primary is validated, and no number appears twice.
    public var invariantsHold: Bool {
        let primaries = numbers.filter(\.isPrimary)
        let anyValidated = numbers.contains(where: \.isValidated)
        guard Set(numbers.map(\.number)).count == numbers.count else { return false }
        if anyValidated { return primaries.count == 1 && primaries[0].isValidated }
        return primaries.isEmpty
    }

    /// Links a number as an unvalidated secondary.
    public mutating func link(_ number: E164Number, at time: Date) throws(AccountRuleError) {
        guard link(of: number) == nil else { throw .alreadyLinked(number) }
        numbers.append(AccountNumber(number: number, linkedAt: time))
    }

    /// Records proof of possession; the first validated number becomes the primary.
    ///
    /// Ownership across accounts is checked by ``NumberOwnership``, not here.
    public mutating func markValidated(_ number: E164Number, at time: Date) throws(AccountRuleError) {
        guard let index = numbers.firstIndex(where: { $0.number == number }) else { throw .notLinked(number) }
        if numbers[index].validatedAt == nil { numbers[index].validatedAt = time }
        if primary == nil { numbers[index].role = .primary }
    }

    /// Makes a validated number the primary; the previous primary becomes secondary.
    public mutating func setPrimary(_ number: E164Number) throws(AccountRuleError) {
        guard let index = numbers.firstIndex(where: { $0.number == number }) else { throw .notLinked(number) }
        guard numbers[index].isValidated else { throw .notValidated(number) }
        for other in numbers.indices { numbers[other].role = .secondary }
        numbers[index].role = .primary
    }

    /// Removes a number the user no longer wants; the primary cannot be removed until another number is primary.
    public mutating func delink(_ number: E164Number) throws(AccountRuleError) {
        guard let index = numbers.firstIndex(where: { $0.number == number }) else { throw .notLinked(number) }
        guard !numbers[index].isPrimary else { throw .isPrimary(number) }
        numbers.remove(at: index)
    }

    /// Gives up a number that another account has just validated. When it was the primary, the earliest validated
    /// secondary becomes primary. Returns whether the number was linked here.
    @discardableResult
    public mutating func surrender(_ number: E164Number) -> Bool {
        guard let index = numbers.firstIndex(where: { $0.number == number }) else { return false }
        let wasPrimary = numbers[index].isPrimary
        numbers.remove(at: index)
        if wasPrimary {
            let successor = numbers.indices.filter { numbers[$0].isValidated }
                .min { (numbers[$0].validatedAt!, numbers[$0].number) < (numbers[$1].validatedAt!, numbers[$1].number) }
            if let successor { numbers[successor].role = .primary }
        }
        return true
    }
}

/// Why an account operation is refused.
public enum AccountRuleError: Error, Hashable, Sendable {
    case alreadyLinked(E164Number)
    case notLinked(E164Number)
    case notValidated(E164Number)
    case isPrimary(E164Number)
    /// Another account validated the number after this validation started; start a new one to move it.
    case ownedByAnotherAccount(E164Number)
}
