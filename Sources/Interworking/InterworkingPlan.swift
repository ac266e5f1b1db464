public import RoutingCore

/// What the gateway knows about its own numbers when it looks at an incoming IAM: the C numbers calls are
/// forwarded to (each with its carrier's country code), the country code of last resort, the missed-call
/// validation number, and the diversion limit.
public struct InterworkingPlan: Hashable, Sendable {
    /// One of Reroute's C numbers and the country calling code of the carrier that owns it (E.164 §6.2.1).
    public struct CNumber: Hashable, Sendable {
        public var number: E164Number
        /// Digits without `+`, e.g. `44`.
        public var countryCode: String

        public init(number: E164Number, countryCode: String) {
            self.number = number
            self.countryCode = countryCode
        }
    }

    /// The country code used when the called number is none of ``cNumbers`` (digits, no `+`).
    public var defaultCountryCode: String
    public var cNumbers: [CNumber]
    /// Calls to this number are missed-call validations: released unanswered, the calling number validated.
    public var validationNumber: E164Number?
    /// The redirection count at which Reroute refuses to forward a call again. Q.763 §3.45 d): the redirection
    /// counter is "the number of redirections the call has undergone expressed as a binary number between 1 and
    /// 5", so 5 is the most a network can express.
    public var redirectionLimit: UInt8

    public init(
        defaultCountryCode: String, cNumbers: [CNumber] = [], validationNumber: E164Number? = nil,
        redirectionLimit: UInt8 = 5
    ) {
        self.defaultCountryCode = defaultCountryCode
        self.cNumbers = cNumbers
        self.validationNumber = validationNumber
        self.redirectionLimit = redirectionLimit
    }
}
