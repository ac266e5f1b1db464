public import RoutingCore
import RoutingStore
import Foundation

extension RoutingService {
    /// Starts validating a number (`POST /v1/numbers/{e164}/validations`).
    ///
    /// The attempt is for the account of `token` when given; without one, for the single account that has the
    /// number linked (`.ambiguousNumber` when several do). Rate limited per number and per source.
    public func startValidation(number: String, method: ValidationMethod, source: String, token: String? = nil)
        async throws -> ValidationStarted
    {
        let number = try parse(number)
        let instructions: (ValidationCode) -> ValidationInstructions
        switch method {
        case .smsCode: instructions = { _ in .enterCodeSentBySMS(to: number) }
        case .callCode: instructions = { _ in .enterCodeFromCall(to: number) }
        case .smsReceived: instructions = { _ in .returnCodeFromSMS(to: number) }
        case .smsFromPhone:
            guard let destination = configuration.validationSMSNumber else {
                throw RoutingError.methodUnavailable(method)
            }
            instructions = { code in .sendSMS(to: destination, text: "REROUTE \(code)") }
        case .missedCall:
            guard let destination = configuration.missedCallNumber else { throw RoutingError.methodUnavailable(method) }
            instructions = { _ in .call(destination) }
        }
        try await rateLimit(
            [
                (.validationStart(number: number), configuration.validationStartsPerNumber),
                (.validationStart(source: source), configuration.validationStartsPerSource),
            ], record: true)
        var generator = SourceGenerator(source: random)
        let code = ValidationCode(using: &generator)
        let id = ValidationID(newUUID())
        let time = now()
        let attempt: ValidationAttempt = try await database.transaction { tx in
            let accountID: AccountID
            if let token {
                let session = try await self.session(tx, token: token)
                guard try await tx.accountsLinking(number).contains(session.accountID) else {
                    throw RoutingError.numberNotLinked(number)
                }
                accountID = session.accountID
            } else {
                let linking = try await tx.accountsLinking(number)
                guard let first = linking.first else { throw RoutingError.notFound("number \(number)") }
                guard linking.count == 1 else { throw RoutingError.ambiguousNumber(number) }
                accountID = first
            }
            let attempt = ValidationAttempt(
                id: id, accountID: accountID, number: number, method: method, code: code, createdAt: time,
                lifetime: configuration.validationLifetime, ownerAtStart: try await tx.owner(of: number),
                maximumWrongTries: configuration.maximumWrongTries)
            try await tx.insertValidation(attempt)
            return attempt
        }
        let minutes = Int((configuration.validationLifetime / 60).rounded(.up))
        switch method {
        case .smsCode:
            try await sms.send(
                to: number, from: configuration.smsSourceAddress,
                text: "Your Reroute code is \(code). It expires in \(minutes) minutes.")
        case .smsReceived:
            // The SMS Retriever form: the app reads it from the SIM's inbox and returns the code.
            try await sms.send(
                to: number, from: configuration.smsSourceAddress, text: "<#> Reroute: \(code) confirms this SIM.")
        case .callCode:
            try await calls.queue(OutboundCallRequest(number: number, code: code.digits, requestedAt: time))
        case .smsFromPhone, .missedCall:
            break
        }
        return ValidationStarted(
            id: attempt.id, number: number, method: method, expiresAt: attempt.expiresAt,
            instructions: instructions(code))
    }

    /// Confirms a typed code (`POST /v1/validations/{id}/confirm`): `.wrongCode` 400, `.expired` 410, `.locked` 429.
    public func confirmValidation(id: String, code: String, source: String) async throws -> ValidationConfirmed {
        guard let id = ValidationID(id) else { throw RoutingError.notFound("validation") }
        try await rateLimit([(.wrongCode(source: source), configuration.wrongCodesPerSource)], record: false)
        let time = now()
        let (attempt, outcome): (ValidationAttempt, ValidationAttempt.Outcome) = try await database.transaction { tx in
            guard var attempt = try await tx.validation(id, lock: true) else {
                throw RoutingError.notFound("validation")
            }
            let outcome = attempt.confirm(code: code, at: time)
            switch outcome {
            case .validated:
                try await tx.saveValidation(attempt)
                try await applyValidation(tx, attempt, at: time)
            case .wrongCode, .locked:
                try await tx.saveValidation(attempt)
            case .expired, .alreadyUsed, .notApplicable:
                break
            }
            return (attempt, outcome)
        }
        switch outcome {
        case .validated:
            await startForwardingQuietly(attempt.number)
            return ValidationConfirmed(id: attempt.id, number: attempt.number, accountID: attempt.accountID)
        case .wrongCode(let remaining):
            try await recordRateEvents([.wrongCode(source: source)])
            throw RoutingError.wrongCode(remainingTries: remaining)
        case .locked:
            try await recordRateEvents([.wrongCode(source: source)])
            throw RoutingError.locked
        case .expired:
            throw RoutingError.expired
        case .alreadyUsed:
            throw RoutingError.validationClosed("this validation has already succeeded; codes are single use")
        case .notApplicable:
            throw RoutingError.validationClosed("a \(attempt.method.rawValue) validation does not take a typed code")
        }
    }

    /// Where an attempt stands (the app polls this while waiting for its SMS or missed call to arrive).
    public func validationStatus(id: String) async throws -> ValidationStatusView {
        guard let id = ValidationID(id) else { throw RoutingError.notFound("validation") }
        let time = now()
        return try await database.transaction { tx in
            guard let attempt = try await tx.validation(id) else { throw RoutingError.notFound("validation") }
            return ValidationStatusView(
                id: attempt.id, number: attempt.number, method: attempt.method,
                status: attempt.displayedStatus(at: time), expiresAt: attempt.expiresAt)
        }
    }

    /// An SMS reached Reroute (SMPP `deliver_sm`): completes an `sms_from_phone` attempt when its source is the
    /// number, its destination the validation SMS number, and its text carries the code.
    public func receiveSMS(_ message: IncomingSMS) async throws -> IncomingSMSResult {
        guard let validationNumber = configuration.validationSMSNumber else { return .ignored("no validation number") }
        guard let destination = try? parse(message.destination), destination == validationNumber else {
            return .ignored("not sent to the validation number")
        }
        guard let source = try? parse(message.source) else { return .ignored("source is not a phone number") }
        let time = now()
        let result: IncomingSMSResult = try await database.transaction { tx in
            let pending = try await tx.pendingValidations(of: source, method: .smsFromPhone)
            guard var attempt = pending.last(where: { !$0.isExpired(at: time) }) else {
                return .ignored("no pending sms_from_phone validation for \(source)")
            }
            switch attempt.receiveSMS(from: source, text: message.text, at: time) {
            case .validated:
                try await tx.saveValidation(attempt)
                try await applyValidation(tx, attempt, at: time)
                return .validated(attempt.id, source)
            case .wrongCode, .locked:
                try await tx.saveValidation(attempt)
                return .ignored("the text does not carry the code")
            case .expired, .alreadyUsed, .notApplicable:
                return .ignored("attempt closed")
            }
        }
        if case .validated(_, let number) = result { await startForwardingQuietly(number) }
        return result
    }

    /// A call arrived (IAM): calls to the missed-call number are released with cause 21 and complete a
    /// `missed_call` attempt of the calling number.
    public func receiveMissedCall(calling: String, called: String) async throws -> MissedCallDecision {
        guard let missedCallNumber = configuration.missedCallNumber, let called = try? parse(called),
            called == missedCallNumber
        else { return MissedCallDecision(release: false, cause: nil, validated: nil) }
        // Q.850 cause 21: call rejected. The call is never answered, so the caller pays nothing.
        let release = { (validated: E164Number?) in MissedCallDecision(release: true, cause: 21, validated: validated) }
        guard let calling = try? parse(calling) else { return release(nil) }
        let time = now()
        let validated: E164Number?
        do {
            validated = try await database.transaction { tx in
                let pending = try await tx.pendingValidations(of: calling, method: .missedCall)
                guard var attempt = pending.last(where: { !$0.isExpired(at: time) }) else { return nil }
                guard case .validated = attempt.receiveMissedCall(from: calling, at: time) else { return nil }
                try await tx.saveValidation(attempt)
                try await applyValidation(tx, attempt, at: time)
                return calling
            }
        } catch is RoutingError {
            // e.g. another account took the number meanwhile: the call is still released.
            validated = nil
        }
        if let validated { await startForwardingQuietly(validated) }
        return release(validated)
    }

    /// Applies a successful attempt: the number becomes validated on the attempt's account and leaves its previous
    /// owner, unless someone else took it since the attempt started (``NumberOwnership``).
    func applyValidation(_ tx: RoutingTransaction, _ attempt: ValidationAttempt, at time: Date) async throws {
        try await tx.lockNumber(attempt.number)
        let ownerID = try await tx.owner(of: attempt.number)
        var ids = [attempt.accountID]
        if let ownerID, ownerID != attempt.accountID { ids.append(ownerID) }
        var accounts: [AccountID: Account] = [:]
        for id in ids.sorted(by: { $0.uuid.uuidString < $1.uuid.uuidString }) {
            accounts[id] = try await tx.account(id, lock: true)
        }
        guard var claimant = accounts[attempt.accountID] else { throw RoutingError.notFound("account") }
        var owner = ownerID.flatMap { $0 == attempt.accountID ? nil : accounts[$0] }
        do {
            try NumberOwnership.validate(
                attempt.number, claimant: &claimant, currentOwner: &owner, expectedOwner: attempt.ownerAtStart,
                at: time)
        } catch {
            throw RoutingError(error)
        }
        if let owner { try await tx.saveNumbers(of: owner) }
        try await tx.saveNumbers(of: claimant)
    }
}
