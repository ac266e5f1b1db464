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
    ///
    /// When the account owned the number and its forwarding is on (or on its way), deactivation starts: the
    /// integrated carrier's platform is asked to switch it off, else the forwarding state shows the code the
    /// subscriber dials (`##004#` for gsm, `*73` for cdma; 3GPP TS 22.030 §6.5).
    public func delinkNumber(token: String, number: String) async throws {
        let number = try parse(number)
        let time = now()
        let action: ForwardingActivation.Action = try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            try await tx.lockNumber(number)
            guard var account = try await tx.account(session.accountID, lock: true) else {
                throw RoutingError.unauthorized
            }
            let wasOwner = account.link(of: number)?.isValidated == true
            do throws(AccountRuleError) { try account.delink(number) } catch { throw RoutingError(error) }
            try await tx.saveNumbers(of: account)
            guard wasOwner, var activation = try await tx.forwarding(number, lock: true) else { return .none }
            switch activation.phase {
            case .active, .verified, .provisioningRequested, .clientInstructed:
                break
            case .unknown, .failed, .inactive:
                return .none
            }
            let stored = activation.history.count
            let carrier = Carrier.serving(number, among: try await tx.carriers(serving: number))
            let action = activation.stop(carrier: carrier, at: time)
            try await tx.saveForwarding(activation, storedHistory: stored)
            return action
        }
        guard case .requestProvisioning(let command) = action else { return }
        let outcome = await provisioning.execute(command)
        let answered = now()
        try await database.transaction { tx in
            guard var activation = try await tx.forwarding(number, lock: true) else { return }
            let stored = activation.history.count
            if (try? activation.provisioningAnswered(outcome, at: answered)) != nil {
                try await tx.saveForwarding(activation, storedHistory: stored)
            }
        }
    }
}
