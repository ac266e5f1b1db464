public import Foundation

/// One attempt to validate a number for an account: a six-digit code, single use, expiring, locked after five
/// wrong tries.
///
/// ```
///            confirm(right code) / SMS from the number / missed call from the number
///   pending ───────────────────────────────────────────────────────────────▶ validated (final, single use)
///      │  wrong code (tries < max)  ↺
///      │  wrong code (tries == max) ──▶ locked (final)
///      └─ time ≥ expiresAt ──▶ expired (derived from the clock passed in; nothing accepted afterwards)
/// ```
public struct ValidationAttempt: Hashable, Sendable {
    /// Default lifetime of an attempt (the issue: 10 minutes).
    public static let defaultLifetime: TimeInterval = 600
    /// Wrong tries that lock the attempt (the issue: 5).
    public static let defaultMaximumWrongTries = 5

    public enum Status: String, Hashable, Sendable {
        case pending, validated, locked
    }

    public let id: ValidationID
    public let accountID: AccountID
    public let number: E164Number
    public let method: ValidationMethod
    public let code: ValidationCode
    public let createdAt: Date
    public let expiresAt: Date
    /// The account that owned the number when the attempt started (`nil` when free); see ``NumberOwnership``.
    public let ownerAtStart: AccountID?
    public let maximumWrongTries: Int
    public private(set) var status: Status
    public private(set) var wrongTries: Int
    public private(set) var finishedAt: Date?

    public init(
        id: ValidationID, accountID: AccountID, number: E164Number, method: ValidationMethod, code: ValidationCode,
        createdAt: Date, lifetime: TimeInterval = ValidationAttempt.defaultLifetime, ownerAtStart: AccountID?,
        maximumWrongTries: Int = ValidationAttempt.defaultMaximumWrongTries
    ) {
        self.init(
            id: id, accountID: accountID, number: number, method: method, code: code, createdAt: createdAt,
            expiresAt: createdAt.addingTimeInterval(lifetime), ownerAtStart: ownerAtStart,
            maximumWrongTries: maximumWrongTries, status: .pending, wrongTries: 0, finishedAt: nil)
    }

    /// An attempt read back from storage.
    public init(
        id: ValidationID, accountID: AccountID, number: E164Number, method: ValidationMethod, code: ValidationCode,
        createdAt: Date, expiresAt: Date, ownerAtStart: AccountID?, maximumWrongTries: Int, status: Status,
        wrongTries: Int, finishedAt: Date?
    ) {
        self.id = id
        self.accountID = accountID
        self.number = number
        self.method = method
        self.code = code
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.ownerAtStart = ownerAtStart
        self.maximumWrongTries = maximumWrongTries
        self.status = status
        self.wrongTries = wrongTries
        self.finishedAt = finishedAt
    }

    /// What an input did to the attempt.
    public enum Outcome: Hashable, Sendable {
        /// Possession proved now: the caller applies ``NumberOwnership/validate(_:claimant:currentOwner:expectedOwner:at:)``.
        case validated
        case wrongCode(remainingTries: Int)
        case expired
        case locked
        /// Single use: the attempt already succeeded.
        case alreadyUsed
        /// The input does not apply to this attempt's method (e.g. a typed code for a missed-call attempt).
        case notApplicable
    }

    public func isExpired(at time: Date) -> Bool { time >= expiresAt }

    /// The state shown to the client at `time`.
    public func displayedStatus(at time: Date) -> String {
        switch status {
        case .pending: isExpired(at: time) ? "expired" : "pending"
        case .validated: "validated"
        case .locked: "locked"
        }
    }

    /// The user typed (or the app read back) a code.
    public mutating func confirm(code typed: String, at time: Date) -> Outcome {
        guard method.confirmedByCode else { return .notApplicable }
        return check(ValidationCode(typed), at: time)
    }

    /// An SMS arrived whose source address is `source`; its text must carry the code (method `sms_from_phone`).
    /// The caller checks that it was sent to the validation number.
    public mutating func receiveSMS(from source: E164Number, text: String, at time: Date) -> Outcome {
        guard method == .smsFromPhone, source == number else { return .notApplicable }
        return check(ValidationCode.find(in: text), at: time)
    }

    /// A call arrived whose calling party number is `calling` (method `missed_call`). The caller checks that it was
    /// placed to the validation number.
    public mutating func receiveMissedCall(from calling: E164Number, at time: Date) -> Outcome {
        guard method == .missedCall, calling == number else { return .notApplicable }
        return check(code, at: time)
    }

    private mutating func check(_ candidate: ValidationCode?, at time: Date) -> Outcome {
        switch status {
        case .validated: return .alreadyUsed
        case .locked: return .locked
        case .pending: break
        }
        if isExpired(at: time) { return .expired }
        if let candidate, candidate.matches(code) {
            status = .validated
            finishedAt = time
            return .validated
        }
        wrongTries += 1
        if wrongTries >= maximumWrongTries {
            status = .locked
            finishedAt = time
            return .locked
        }
        return .wrongCode(remainingTries: maximumWrongTries - wrongTries)
    }
}
