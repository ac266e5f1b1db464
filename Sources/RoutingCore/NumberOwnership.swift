public import Foundation

/// The rule across accounts: a number belongs to at most one account, and moves only when the new holder
/// validates it.
public enum NumberOwnership {
    /// Applies a successful validation of `number` by `claimant`.
    ///
    /// `expectedOwner` is the owner recorded when the validation attempt started: if another account took the
    /// number since, the validation is refused (compare-and-set), so two concurrent validations of a free number
    /// cannot both win. The previous owner, if any, gives the number up.
    public static func validate(
        _ number: E164Number, claimant: inout Account, currentOwner: inout Account?, expectedOwner: AccountID?,
        at time: Date
    ) throws(AccountRuleError) {
        guard claimant.link(of: number) != nil else { throw .notLinked(number) }
        if let owner = currentOwner, owner.id != claimant.id, owner.id != expectedOwner {
            throw .ownedByAnotherAccount(number)
        }
        if var owner = currentOwner, owner.id != claimant.id {
            owner.surrender(number)
            currentOwner = owner
        }
        try claimant.markValidated(number, at: time)
    }
}
