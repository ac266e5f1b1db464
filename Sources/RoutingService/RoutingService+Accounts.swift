public import RoutingCore
import RoutingStore

extension RoutingService {
    /// Creates an account with one unvalidated number (`POST /v1/accounts`).
    /// Throws `.numberOwnedByAnotherAccount` (409) when another account has validated the number.
    public func createAccount(number: String, password: String, source: String) async throws -> AccountView {
        throw RoutingError.notFound("createAccount: not implemented yet")
    }

    /// The caller's account (`GET /v1/me`).
    public func me(token: String) async throws -> AccountView {
        throw RoutingError.unauthorized
    }

    /// Links a number to the caller's account, unvalidated (`POST /v1/me/numbers`). A number validated on another
    /// account moves only when this account validates it.
    public func linkNumber(token: String, number: String) async throws -> NumberView {
        throw RoutingError.unauthorized
    }

    /// Makes a validated number the primary (`PUT /v1/me/primary`); `.notValidated` (409) otherwise.
    public func setPrimary(token: String, number: String) async throws -> AccountView {
        throw RoutingError.unauthorized
    }

    /// Delinks a number (`DELETE /v1/me/numbers/{e164}`); `.isPrimary` (409) for the primary.
    public func delinkNumber(token: String, number: String) async throws {
        throw RoutingError.unauthorized
    }
}
