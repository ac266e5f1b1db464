public import RoutingCore
import RoutingStore

extension RoutingService {
    /// Starts validating a number (`POST /v1/numbers/{e164}/validations`).
    ///
    /// The attempt is for the account of `token` when given; without one, for the single account that has the
    /// number linked unvalidated (`.ambiguousNumber` when several do). Rate limited per number and per source.
    public func startValidation(number: String, method: ValidationMethod, source: String, token: String? = nil)
        async throws -> ValidationStarted
    {
        throw RoutingError.notFound("startValidation: not implemented yet")
    }

    /// Confirms a typed code (`POST /v1/validations/{id}/confirm`): `.wrongCode` 400, `.expired` 410, `.locked` 429.
    public func confirmValidation(id: String, code: String, source: String) async throws -> ValidationConfirmed {
        throw RoutingError.notFound("validation")
    }

    /// Where an attempt stands (the app polls this while waiting for its SMS or missed call to arrive).
    public func validationStatus(id: String) async throws -> ValidationStatusView {
        throw RoutingError.notFound("validation")
    }

    /// An SMS reached Reroute (SMPP `deliver_sm`): completes an `sms_from_phone` attempt when its source is the
    /// number, its destination the validation SMS number, and its text carries the code.
    public func receiveSMS(_ message: IncomingSMS) async throws -> IncomingSMSResult {
        .ignored("not implemented yet")
    }

    /// A call arrived (IAM): calls to the missed-call number are released with cause 21 and complete a
    /// `missed_call` attempt of the calling number.
    public func receiveMissedCall(calling: String, called: String) async throws -> MissedCallDecision {
        MissedCallDecision(release: false, cause: nil, validated: nil)
    }
}
