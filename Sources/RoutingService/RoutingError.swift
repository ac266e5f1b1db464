public import RoutingCore
public import Foundation

/// Every failure a client of the routing server can see, one case each, with its HTTP status and error code.
///
/// Anything else a ``RoutingService`` method throws (database down, a bug) is an internal error: HTTP 500.
public enum RoutingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Text that is not an E.164 number (or a national number without a dialing plan).
    case invalidNumber(String, NumberParseError)
    /// A password the service will not store (too short or too long).
    case invalidPassword(String)
    /// A request field the service will not accept (the message says which and why).
    case invalidRequest(String)
    /// The number is validated on another account.
    case numberOwnedByAnotherAccount(E164Number)
    /// The number is already linked to this account.
    case numberAlreadyLinked(E164Number)
    /// The number is not linked to this account.
    case numberNotLinked(E164Number)
    /// The operation needs a validated number.
    case notValidated(E164Number)
    /// The primary cannot be delinked until another number is primary.
    case isPrimary(E164Number)
    /// No account, validation, carrier or device with that identity (or not one the caller may see).
    case notFound(String)
    /// Several accounts claim this unvalidated number: the client must log in and start validation with its token.
    case ambiguousNumber(E164Number)
    /// The validation method is not configured here (e.g. no missed-call number).
    case methodUnavailable(ValidationMethod)
    /// The code does not match; the attempt stays open for `remainingTries` more.
    case wrongCode(remainingTries: Int)
    /// The validation attempt has expired.
    case expired
    /// Five wrong codes: the attempt is locked.
    case locked
    /// The validation attempt already succeeded (codes are single use), or does not take a typed code.
    case validationClosed(String)
    /// Too many attempts under one key; try again after the given number of seconds.
    case rateLimited(retryAfter: TimeInterval)
    /// Unknown number or wrong password (the same answer for both).
    case badCredentials
    /// Missing, unknown, expired or revoked bearer token.
    case unauthorized
    /// A carrier with the same MCC/MNC exists.
    case carrierConflict(String)
    /// A carrier definition or CSV line that cannot be accepted.
    case invalidCarrier(String)
    /// The forwarding state does not expect this report now.
    case forwardingConflict(String)

    /// The HTTP status the API answers with.
    public var httpStatus: Int {
        switch self {
        case .invalidNumber, .invalidPassword, .invalidRequest, .wrongCode, .invalidCarrier: 400
        case .badCredentials, .unauthorized: 401
        case .notFound: 404
        case .numberOwnedByAnotherAccount, .numberAlreadyLinked, .notValidated, .isPrimary, .ambiguousNumber,
            .carrierConflict, .forwardingConflict, .validationClosed, .numberNotLinked:
            409
        case .expired: 410
        case .methodUnavailable: 422
        case .locked, .rateLimited: 429
        }
    }

    /// The stable machine-readable code of `{error:{code, message}}`.
    public var code: String {
        switch self {
        case .invalidNumber: "invalid_number"
        case .invalidPassword: "invalid_password"
        case .invalidRequest: "invalid_request"
        case .numberOwnedByAnotherAccount: "number_owned_by_another_account"
        case .numberAlreadyLinked: "number_already_linked"
        case .numberNotLinked: "number_not_linked"
        case .notValidated: "not_validated"
        case .isPrimary: "is_primary"
        case .notFound: "not_found"
        case .ambiguousNumber: "ambiguous_number"
        case .methodUnavailable: "method_unavailable"
        case .wrongCode: "wrong_code"
        case .expired: "expired"
        case .locked: "locked"
        case .validationClosed: "validation_closed"
        case .rateLimited: "rate_limited"
        case .badCredentials: "bad_credentials"
        case .unauthorized: "unauthorized"
        case .carrierConflict: "carrier_conflict"
        case .invalidCarrier: "invalid_carrier"
        case .forwardingConflict: "forwarding_conflict"
        }
    }

    /// A human-readable message (never reveals another account's data).
    public var description: String {
        switch self {
        case .invalidNumber(let text, let error): "'\(text)' is not a phone number: \(error)"
        case .invalidPassword(let why): "password: \(why)"
        case .invalidRequest(let why): why
        case .numberOwnedByAnotherAccount(let number): "\(number) is validated on another account"
        case .numberAlreadyLinked(let number): "\(number) is already linked to this account"
        case .numberNotLinked(let number): "\(number) is not linked to this account"
        case .notValidated(let number): "\(number) is not validated"
        case .isPrimary(let number): "\(number) is the primary number: make another number primary first"
        case .notFound(let what): "\(what) not found"
        case .ambiguousNumber(let number): "\(number) is claimed by several accounts: log in and validate with the session"
        case .methodUnavailable(let method): "validation by \(method.rawValue) is not configured on this server"
        case .wrongCode(let remaining): "wrong code; \(remaining) tries left"
        case .expired: "the validation has expired; start a new one"
        case .locked: "too many wrong codes; the validation is locked"
        case .validationClosed(let why): why
        case .rateLimited(let retryAfter): "too many attempts; retry in \(Int(retryAfter.rounded(.up))) s"
        case .badCredentials: "unknown number or wrong password"
        case .unauthorized: "missing, expired or revoked token"
        case .carrierConflict(let why): why
        case .invalidCarrier(let why): why
        case .forwardingConflict(let why): why
        }
    }
}
