public import Foundation

/// The role of a number in its account, as shown to the client.
public enum NumberRole: String, Hashable, Sendable, CaseIterable {
    /// The first validated number, or the one the user chose since; an account has one once any number is validated.
    case primary
    /// Every other number linked to the account (validated or not).
    case secondary
}

/// A number linked to an account: unvalidated (a claim) until its holder proves possession, then owned.
public struct AccountNumber: Hashable, Sendable {
    public let number: E164Number
    public let linkedAt: Date
    /// When possession was proved; `nil` while the link is an unvalidated claim.
    public internal(set) var validatedAt: Date?
    public internal(set) var role: NumberRole

    public var isValidated: Bool { validatedAt != nil }
    public var isPrimary: Bool { role == .primary }

    public init(number: E164Number, linkedAt: Date, validatedAt: Date? = nil, role: NumberRole = .secondary) {
        self.number = number
        self.linkedAt = linkedAt
        self.validatedAt = validatedAt
        self.role = role
    }
}
