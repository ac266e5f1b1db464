public import Foundation

/// Call forwarding from one number to its carrier's C number: the stored state machine of the mission's
/// "call forwarding activation".
///
/// ```
///  unknown/failed/inactive ── start: no carrier ──▶ failed
///        │ start: carrier looked up in the catalog
///        ├── integrated ──▶ provisioning_requested ── platform answer ──▶ active | failed
///        └── not integrated ──▶ client_instructed (code to dial) ── client report ──▶ active | failed
///  active/verified ── start ──▶ (same state, "already active" recorded)
///  any ── first forwarded call for the number ──▶ verified
///  active/verified/failed ── stop ──▶ deactivation via the platform or the client (##004# / *73) ──▶ inactive
/// ```
/// Every transition is kept in ``history`` with its time and detail.
public struct ForwardingActivation: Hashable, Sendable {
    public enum Phase: String, Hashable, Sendable, CaseIterable {
        case unknown
        case provisioningRequested = "provisioning_requested"
        case clientInstructed = "client_instructed"
        case active, failed, verified, inactive
    }

    /// How forwarding is switched: by the carrier's platform or by the subscriber dialing a code.
    public enum Method: String, Hashable, Sendable {
        case provisioningPlatform = "provisioning_platform"
        case clientCode = "client_code"
    }

    public let number: E164Number
    public private(set) var phase: Phase
    public private(set) var method: Method?
    /// What the client dials (set while a client-code method is in use).
    public private(set) var code: String?
    public private(set) var cNumber: E164Number?
    public private(set) var carrierID: CarrierID?
    /// True while the pending request switches forwarding off rather than on.
    public private(set) var deactivating: Bool
    public private(set) var history: [ForwardingTransition]

    public init(number: E164Number) {
        self.init(
            number: number, phase: .unknown, method: nil, code: nil, cNumber: nil, carrierID: nil,
            deactivating: false, history: [])
    }

    /// A state read back from storage.
    public init(
        number: E164Number, phase: Phase, method: Method?, code: String?, cNumber: E164Number?,
        carrierID: CarrierID?, deactivating: Bool, history: [ForwardingTransition]
    ) {
        self.number = number
        self.phase = phase
        self.method = method
        self.code = code
        self.cNumber = cNumber
        self.carrierID = carrierID
        self.deactivating = deactivating
        self.history = history
    }

    public var isOn: Bool { phase == .active || phase == .verified }

    /// What the shell does after a transition.
    public enum Action: Hashable, Sendable {
        case none
        case requestProvisioning(ProvisioningCommand)
        case instructClient(code: String)
    }

    /// Starts activation with the catalog's answer for this number.
    public mutating func start(carrier: Carrier?, at time: Date) -> Action {
        switch phase {
        case .active, .verified:
            record(phase, at: time, "already active")
            return .none
        case .provisioningRequested, .clientInstructed:
            if !deactivating, let code, method == .clientCode { return .instructClient(code: code) }
        case .unknown, .failed, .inactive:
            break
        }
        return begin(carrier: carrier, activate: true, at: time)
    }

    /// Starts deactivation (the number leaves the account or the user switches forwarding off).
    public mutating func stop(carrier: Carrier?, at time: Date) -> Action {
        switch phase {
        case .unknown, .inactive:
            record(.inactive, at: time, "not active")
            return .none
        case .active, .verified, .failed, .provisioningRequested, .clientInstructed:
            return begin(carrier: carrier, activate: false, at: time)
        }
    }

    private mutating func begin(carrier: Carrier?, activate: Bool, at time: Date) -> Action {
        guard let carrier else {
            method = nil
            code = nil
            record(.failed, at: time, "no carrier of the catalog serves \(number)")
            return .none
        }
        let definition = carrier.definition
        carrierID = carrier.id
        cNumber = definition.cNumber
        deactivating = !activate
        switch definition.provisioning {
        case .http(let url, let token):
            method = .provisioningPlatform
            code = nil
            record(.provisioningRequested, at: time, "carrier \(definition.name) (\(definition.mcc)/\(definition.mnc)) "
                + (activate ? "activation" : "deactivation") + " sent to its provisioning platform")
            return .requestProvisioning(ProvisioningCommand(
                number: number, cNumber: definition.cNumber, activate: activate, url: url, token: token,
                idempotencyKey: "\(number.digits)-\(history.count)"))
        case .none:
            method = .clientCode
            let dial = activate
                ? ForwardingCodes.activation(technology: definition.technology, cNumber: definition.cNumber)
                : ForwardingCodes.deactivation(technology: definition.technology)
            code = dial
            record(.clientInstructed, at: time, "carrier \(definition.name) (\(definition.technology.rawValue)): dial \(dial)")
            return .instructClient(code: dial)
        }
    }

    /// The provisioning platform answered the pending request.
    public mutating func provisioningAnswered(_ outcome: ProvisioningOutcome, at time: Date) throws(ForwardingError) {
        guard phase == .provisioningRequested else { throw .notAwaiting(phase) }
        switch outcome {
        case .succeeded(let detail):
            record(deactivating ? .inactive : .active, at: time, "platform: " + detail)
        case .alreadyInState(let detail):
            record(deactivating ? .inactive : .active, at: time, "platform: already " + (deactivating ? "inactive" : "active") + " (\(detail))")
        case .failed(let detail):
            record(.failed, at: time, "platform: " + detail)
        }
    }

    /// The client dialed the code and reports what the network answered.
    public mutating func clientReported(succeeded: Bool, detail: String, at time: Date) throws(ForwardingError) {
        switch phase {
        case .clientInstructed:
            break
        case .failed where method == .clientCode:
            break
        case .unknown, .provisioningRequested, .active, .failed, .verified, .inactive:
            throw .notAwaiting(phase)
        }
        let target: Phase = succeeded ? (deactivating ? .inactive : .active) : .failed
        record(target, at: time, "client: " + (detail.isEmpty ? (succeeded ? "succeeded" : "failed") : detail))
    }

    /// A call forwarded by the carrier arrived whose original called number is this number: proof that
    /// forwarding works. Only the first one is recorded. Returns whether the state changed.
    @discardableResult
    public mutating func forwardedCallSeen(at time: Date) -> Bool {
        guard phase != .verified else { return false }
        deactivating = false
        record(.verified, at: time, "forwarded call received")
        return true
    }

    private mutating func record(_ target: Phase, at time: Date, _ detail: String) {
        history.append(ForwardingTransition(from: phase, to: target, at: time, detail: detail))
        phase = target
    }
}

/// One transition of a number's forwarding state.
public struct ForwardingTransition: Hashable, Sendable {
    public let from: ForwardingActivation.Phase
    public let to: ForwardingActivation.Phase
    public let at: Date
    public let detail: String

    public init(from: ForwardingActivation.Phase, to: ForwardingActivation.Phase, at: Date, detail: String) {
        self.from = from
        self.to = to
        self.at = at
        self.detail = detail
    }
}

/// A request to a carrier's provisioning platform.
public struct ProvisioningCommand: Hashable, Sendable {
    public let number: E164Number
    public let cNumber: E164Number
    /// True to switch forwarding on, false to switch it off.
    public let activate: Bool
    public let url: String
    public let token: String
    /// The same key for retries of one request, so the platform applies it once.
    public let idempotencyKey: String

    public init(number: E164Number, cNumber: E164Number, activate: Bool, url: String, token: String, idempotencyKey: String) {
        self.number = number
        self.cNumber = cNumber
        self.activate = activate
        self.url = url
        self.token = token
        self.idempotencyKey = idempotencyKey
    }
}

/// What a provisioning platform answered.
public enum ProvisioningOutcome: Hashable, Sendable {
    case succeeded(detail: String)
    /// Forwarding was already in the requested state.
    case alreadyInState(detail: String)
    case failed(detail: String)
}

/// An input the forwarding state does not expect now.
public enum ForwardingError: Error, Hashable, Sendable {
    case notAwaiting(ForwardingActivation.Phase)
}
