public import Interworking
public import RoutingClient
public import SIPForking
public import TelecomTypes

/// One forwarded call to ring on the subscriber's devices.
public struct SubscriberCallRequest: Hashable, Sendable {
    /// The gateway's id of the call (the call record's `call_ref`).
    public var callRef: String
    /// The routing server's account of the subscriber.
    public var accountID: String
    /// The devices the routing server found available, with the contact each registered.
    public var contacts: [CallContact]
    /// Caller, called and diversion, for From / To / P-Asserted-Identity / History-Info / Diversion.
    public var identity: SIPCallingIdentity

    public init(callRef: String, accountID: String, contacts: [CallContact], identity: SIPCallingIdentity) {
        self.callRef = callRef
        self.accountID = accountID
        self.contacts = contacts
        self.identity = identity
    }
}

/// The forking side's id of a call it rings.
public struct SubscriberCallHandle: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "fork\(rawValue)" }
}

/// Where the gateway rings a forwarded call: the SIP side (``SIPCallServiceForking``, or the SIP edge with
/// registrar and push wake-up). Events arrive in order, on any thread, as ``ForwardedCallControl/Event``s.
public protocol SubscriberForking: Sendable {
    func fork(
        _ request: SubscriberCallRequest, events: @escaping @Sendable (ForwardedCallControl.Event) -> Void
    ) async throws -> SubscriberCallHandle
    /// The caller abandoned before any answer: CANCEL every branch with this Q.850 cause (RFC 3326 Reason).
    func cancel(_ call: SubscriberCallHandle, cause: Q850Cause)
    /// The network side released an answered call: BYE.
    func release(_ call: SubscriberCallHandle, cause: Q850Cause)
}
