public import RoutingCore
public import Foundation

/// Settings of the routing server's use cases, with the defaults.
public struct RoutingConfiguration: Sendable {
    /// How national input (no `+`) is read; `nil` refuses national input.
    public var dialingPlan: DialingPlan?
    /// The source address of SMS Reroute sends (an alphanumeric sender or a number).
    public var smsSourceAddress: String
    /// The predetermined number phones send validation SMS to (`sms_from_phone`); `nil` disables the method.
    public var validationSMSNumber: E164Number?
    /// The number phones call and get rejected by (`missed_call`); `nil` disables the method.
    public var missedCallNumber: E164Number?
    /// Lifetime of a validation attempt (10 minutes).
    public var validationLifetime: TimeInterval
    /// Wrong codes that lock an attempt (5).
    public var maximumWrongTries: Int
    /// Validation starts per number.
    public var validationStartsPerNumber: RateLimitPolicy
    /// Validation starts per source address (the client's IP address).
    public var validationStartsPerSource: RateLimitPolicy
    /// Wrong codes per source address, across attempts.
    public var wrongCodesPerSource: RateLimitPolicy
    /// Failed logins per number.
    public var loginFailuresPerNumber: RateLimitPolicy
    /// Failed logins per source address.
    public var loginFailuresPerSource: RateLimitPolicy
    /// Account creations per source address.
    public var accountCreationsPerSource: RateLimitPolicy
    /// How long a bearer token lives.
    public var sessionLifetime: TimeInterval
    /// SIP domain (digest realm) handed to clients.
    public var sipDomain: String
    /// SIP registrar URI handed to clients.
    public var sipRegistrar: String
    /// PBKDF2 iterations for new password hashes (at least 200,000).
    public var passwordIterations: Int
    /// Collation, retry and expiry of missed-call alerts (docs/voicemail.md).
    public var alertPolicy = AlertPolicy()

    public init(
        dialingPlan: DialingPlan? = nil,
        smsSourceAddress: String = "Reroute",
        validationSMSNumber: E164Number? = nil,
        missedCallNumber: E164Number? = nil,
        validationLifetime: TimeInterval = ValidationAttempt.defaultLifetime,
        maximumWrongTries: Int = ValidationAttempt.defaultMaximumWrongTries,
        validationStartsPerNumber: RateLimitPolicy = .init(limit: 5, window: 3600),
        validationStartsPerSource: RateLimitPolicy = .init(limit: 20, window: 3600),
        wrongCodesPerSource: RateLimitPolicy = .init(limit: 20, window: 3600),
        loginFailuresPerNumber: RateLimitPolicy = .init(limit: 10, window: 900),
        loginFailuresPerSource: RateLimitPolicy = .init(limit: 30, window: 900),
        accountCreationsPerSource: RateLimitPolicy = .init(limit: 20, window: 3600),
        sessionLifetime: TimeInterval = 30 * 24 * 3600,
        sipDomain: String = "reroute.invalid",
        sipRegistrar: String = "sip:127.0.0.1:5060",
        passwordIterations: Int = PasswordHash.defaultIterations
    ) {
        self.dialingPlan = dialingPlan
        self.smsSourceAddress = smsSourceAddress
        self.validationSMSNumber = validationSMSNumber
        self.missedCallNumber = missedCallNumber
        self.validationLifetime = validationLifetime
        self.maximumWrongTries = maximumWrongTries
        self.validationStartsPerNumber = validationStartsPerNumber
        self.validationStartsPerSource = validationStartsPerSource
        self.wrongCodesPerSource = wrongCodesPerSource
        self.loginFailuresPerNumber = loginFailuresPerNumber
        self.loginFailuresPerSource = loginFailuresPerSource
        self.accountCreationsPerSource = accountCreationsPerSource
        self.sessionLifetime = sessionLifetime
        self.sipDomain = sipDomain
        self.sipRegistrar = sipRegistrar
        self.passwordIterations = passwordIterations
    }
}
