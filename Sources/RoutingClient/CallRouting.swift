public import Foundation
public import RoutingCore

/// What the gateway asks the routing server about a call: where to ring a subscriber number, and two reports
/// (a forwarded call seen, a call to the missed-call validation number). Implemented in-process over the routing
/// service (all-in-one) and over HTTP (``HTTPCallRouting``, split roles). Failures of the routing server itself
/// are thrown as ``CallRoutingError``; the gateway releases such a call with Q.850 cause 41 (temporary failure).
public protocol CallRouting: Sendable {
    /// Which devices of the number's owner can take a call now (`GET /v1/routes/{e164}`).
    func route(_ subscriber: E164Number) async throws -> CallRoute
    /// A forwarded call arrived for `call.subscriber` (`POST /v1/gateway/forwarded-calls`): the first one marks the
    /// number's forwarding verified. Idempotent per ``ForwardedCallNotice/callRef``.
    func forwardedCall(_ call: ForwardedCallNotice) async throws -> ForwardedCallAck
    /// A call to the validation number arrived from `calling` (`POST /v1/gateway/missed-calls`): it validates the
    /// calling number when a missed-call validation of it is pending.
    func missedCall(calling: E164Number, called: E164Number) async throws -> MissedCallAck
    /// A forwarded call nobody answered and that left no message (`POST /v1/gateway/unanswered-calls`): the routing
    /// server keeps the missed call and alerts the subscriber (SMS, SIP MESSAGE; collated while offline).
    /// Idempotent per ``UnansweredCallNotice/callRef``.
    func unansweredCall(_ call: UnansweredCallNotice) async throws
    /// The ring timeout and voicemail greeting of the account that owns `subscriber`
    /// (`GET /v1/gateway/numbers/{e164}/call-settings`), asked for each call the gateway rings or takes a message for.
    func callSettings(subscriber: E164Number) async throws -> AccountCallPreferences
}

extension CallRouting {
    /// A routing server without per-account settings: the gateway's own ring timeout and default greeting.
    public func callSettings(subscriber: E164Number) async throws -> AccountCallPreferences {
        AccountCallPreferences()
    }
}

/// What one account wants of its calls (schema `AccountCallSettings`, issue 7 item 2).
public struct AccountCallPreferences: Hashable, Sendable {
    /// How long the devices ring before voicemail; nil: the gateway's `[sip] ring-timeout`.
    public var ringTimeout: Duration?
    /// The recorded greeting (a mono 8 kHz WAVE file); nil: the default prompt.
    public var greeting: [UInt8]?

    public init(ringTimeout: Duration? = nil, greeting: [UInt8]? = nil) {
        self.ringTimeout = ringTimeout
        self.greeting = greeting
    }
}

/// A forwarded call nobody answered (schema `UnansweredCall`).
public struct UnansweredCallNotice: Hashable, Sendable {
    public var callRef: String
    /// When the call arrived.
    public var at: Date
    public var caller: E164Number?
    public var presentation: CallerPresentation
    /// The subscriber number the call was for.
    public var called: E164Number
    /// `no_device_available`, `no_answer`, `rejected`, `busy`, `caller_hung_up`.
    public var reason: String
    public var durationMilliseconds: Int

    public init(
        callRef: String, at: Date, caller: E164Number?, presentation: CallerPresentation, called: E164Number,
        reason: String, durationMilliseconds: Int
    ) {
        self.callRef = callRef
        self.at = at
        self.caller = caller
        self.presentation = presentation
        self.called = called
        self.reason = reason
        self.durationMilliseconds = durationMilliseconds
    }
}

/// The routing server's answer for one subscriber number.
public enum CallRoute: Hashable, Sendable {
    /// These devices of the account are logged in and connected.
    case available(accountID: String, contacts: [CallContact])
    /// No account owns (has validated) the number.
    case unknownNumber
    /// The account has no device available.
    case noDeviceAvailable
}

/// One device to ring.
public struct CallContact: Hashable, Sendable {
    public var deviceID: String
    public var uri: String
    public var transport: String

    public init(deviceID: String, uri: String, transport: String) {
        self.deviceID = deviceID
        self.uri = uri
        self.transport = transport
    }
}

/// A forwarded call as the gateway reports it (one call detail record).
public struct ForwardedCallNotice: Hashable, Sendable {
    /// The gateway's id of the call: the same on a retried report.
    public var callRef: String
    public var subscriber: E164Number
    public var calling: E164Number?
    /// The called party number (the C number).
    public var called: E164Number?
    /// Redirection reason word (Q.763 §3.45): `busy`, `no_reply`, `not_reachable`, `unconditional`, `unknown`, ….
    public var reason: String
    /// What the gateway does with it: `routed`, `unknown_number`, `no_device_available`, `loop`.
    public var outcome: String

    public init(
        callRef: String, subscriber: E164Number, calling: E164Number?, called: E164Number?, reason: String,
        outcome: String
    ) {
        self.callRef = callRef
        self.subscriber = subscriber
        self.calling = calling
        self.called = called
        self.reason = reason
        self.outcome = outcome
    }
}

/// The routing server took a forwarded-call report.
public struct ForwardedCallAck: Hashable, Sendable {
    /// Whether an account owns the number.
    public var subscriber: Bool
    /// The number's forwarding state afterwards (`verified`), `nil` for no subscriber.
    public var forwardingState: String?

    public init(subscriber: Bool, forwardingState: String?) {
        self.subscriber = subscriber
        self.forwardingState = forwardingState
    }
}

/// The routing server took a missed-call report.
public struct MissedCallAck: Hashable, Sendable {
    /// The number this call validated, if it completed a pending missed-call validation.
    public var validated: E164Number?

    public init(validated: E164Number?) { self.validated = validated }
}

/// Why the routing server gave no usable answer.
public enum CallRoutingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No connection (refused, reset, DNS, TLS).
    case unreachable(String)
    /// No answer within the configured timeout.
    case timeout
    /// An HTTP error status with the API's `{error:{code,message}}`.
    case rejected(status: Int, code: String, message: String)
    /// A 2xx answer whose body is not what the API document says.
    case invalidResponse(String)

    public var description: String {
        switch self {
        case .unreachable(let detail): "routing server unreachable: \(detail)"
        case .timeout: "routing server did not answer in time"
        case .rejected(let status, let code, let message): "routing server answered \(status) \(code): \(message)"
        case .invalidResponse(let detail): "routing server answer not understood: \(detail)"
        }
    }
}
