public import RoutingCore
import RoutingStore
import Foundation

extension RoutingService {
    /// Creates an account with one unvalidated number (`POST /v1/accounts`).
    /// Throws `.numberOwnedByAnotherAccount` (409) when another account has validated the number.
    public func createAccount(number: String, password: String, source: String) async throws -> AccountView {
        let number = try parse(number)
        guard (8...128).contains(password.count) else {
            throw RoutingError.invalidPassword("must have 8 to 128 characters")
        }
        try await rateLimit([(.accountCreation(source: source), configuration.accountCreationsPerSource)], record: true)
        let hash = PasswordHash(
            password: password, salt: random.bytes(PasswordHash.saltLength), iterations: configuration.passwordIterations)
        let account = Account(id: AccountID(newUUID()), number: number, passwordHash: hash, createdAt: now())
        return try await database.transaction { tx in
            try await tx.lockNumber(number)
            if try await tx.owner(of: number) != nil { throw RoutingError.numberOwnedByAnotherAccount(number) }
            try await tx.insertAccount(account)
            return try await accountView(tx, account)
        }
    }

    /// The caller's account (`GET /v1/me`).
    public func me(token: String) async throws -> AccountView {
        try await database.transaction { tx in
            try await accountView(tx, try await sessionAccount(tx, token: token))
        }
    }

    /// Links a number to the caller's account, unvalidated (`POST /v1/me/numbers`). A number validated on another
    /// account moves only when this account validates it.
    public func linkNumber(token: String, number: String) async throws -> NumberView {
        let number = try parse(number)
        return try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            try await tx.lockNumber(number)
            guard var account = try await tx.account(session.accountID, lock: true) else {
                throw RoutingError.unauthorized
            }
            do throws(AccountRuleError) { try account.link(number, at: now()) } catch { throw RoutingError(error) }
            try await tx.saveNumbers(of: account)
            return try await numberView(tx, account.link(of: number)!)
        }
    }

    /// Makes a validated number the primary (`PUT /v1/me/primary`); `.notValidated` (409) otherwise.
    public func setPrimary(token: String, number: String) async throws -> AccountView {
        let number = try parse(number)
        return try await database.transaction { tx in
            var account = try await sessionAccount(tx, token: token, lock: true)
            do throws(AccountRuleError) { try account.setPrimary(number) } catch { throw RoutingError(error) }
            try await tx.saveNumbers(of: account)
            return try await accountView(tx, account)
        }
    }

    /// Delinks a number (`DELETE /v1/me/numbers/{e164}`); `.isPrimary` (409) for the primary.
    public func delinkNumber(token: String, number: String) async throws {
        let number = try parse(number)
        try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            try await tx.lockNumber(number)
            guard var account = try await tx.account(session.accountID, lock: true) else {
                throw RoutingError.unauthorized
            }
            do throws(AccountRuleError) { try account.delink(number) } catch { throw RoutingError(error) }
            try await tx.saveNumbers(of: account)
        }
    }
}
