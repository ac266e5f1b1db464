public import Interworking
public import RoutingClient
public import SDPNegotiation
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
    /// Where the call's media bridge listens (the SDP offer's `c=`/`m=`); nil: the forking side picks.
    public var media: MediaEndpoint?
    /// The account's own ring timeout (issue 7 item 2); nil: the SIP side's configured one.
    public var ringTimeout: Duration?

    public init(
        callRef: String, accountID: String, contacts: [CallContact], identity: SIPCallingIdentity,
        media: MediaEndpoint? = nil
    ) {
        self.callRef = callRef
        self.accountID = accountID
        self.contacts = contacts
        self.identity = identity
        self.media = media
    }
}

/// The local RTP address of a call's media leg.
public struct MediaEndpoint: Hashable, Sendable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
}

/// What the media bridge needs of the devices' answers (RFC 3264): the negotiated codec and where to send.
public enum SubscriberMediaEvent: Hashable, Sendable {
    /// A ringing device sends early media (183 with SDP).
    case earlyMedia(SDPNegotiatedAudio)
    /// The winning device's answer.
    case answered(SDPNegotiatedAudio)
    /// Our offer and the winning device's answer as SIP carried them (right after ``answered(_:)``): what the
    /// codec chooser of the leg starts from (the device's formats, its `b=` bandwidth, RFC 3264 §6.1).
    case session(offer: [UInt8], answer: [UInt8])
    /// The 2xx answer to our re-INVITE (``SubscriberForking/modifySession(_:offer:)``, RFC 3264 §8).
    case sessionModified(answer: [UInt8])
    /// Our re-INVITE failed with this status (488, 491, …): the session is as it was (RFC 3261 §14.1).
    case sessionModificationFailed(status: Int)
    /// The answered device's own offer, in a re-INVITE or UPDATE (hold, resume, a new address or bandwidth after a
    /// network change; RFC 3264 §8): answer it with ``SubscriberForking/answerOffer(_:sdp:)`` or refuse it with
    /// ``SubscriberForking/refuseOffer(_:warning:)`` — the device waits for one or the other.
    case offerReceived(sdp: [UInt8])
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
    /// As ``fork(_:events:)``, also telling the media bridge what the devices negotiated; each media event comes
    /// before the call event it belongs to (early media before `.deviceEarlyMedia`, the answer before
    /// `.deviceAnswered`).
    func fork(
        _ request: SubscriberCallRequest, events: @escaping @Sendable (ForwardedCallControl.Event) -> Void,
        media: @escaping @Sendable (SubscriberMediaEvent) -> Void
    ) async throws -> SubscriberCallHandle
    /// The caller abandoned before any answer: CANCEL every branch with this Q.850 cause (RFC 3326 Reason).
    func cancel(_ call: SubscriberCallHandle, cause: Q850Cause)
    /// The network side released an answered call: BYE.
    func release(_ call: SubscriberCallHandle, cause: Q850Cause)
    /// Offers `offer` to the answered device in a re-INVITE (RFC 3264 §8, RFC 3261 §14.1); the outcome comes back
    /// as the media event ``SubscriberMediaEvent/sessionModified(answer:)`` or
    /// ``SubscriberMediaEvent/sessionModificationFailed(status:)``. False when this side cannot re-INVITE (nothing
    /// was sent, no outcome will come).
    func modifySession(_ call: SubscriberCallHandle, offer: [UInt8]) -> Bool
    /// Our answer to the device's offer of ``SubscriberMediaEvent/offerReceived(sdp:)``: a 2xx with `sdp`.
    func answerOffer(_ call: SubscriberCallHandle, sdp: [UInt8])
    /// Refuses the device's offer of ``SubscriberMediaEvent/offerReceived(sdp:)``: 488 with a `Warning` (RFC 3261
    /// §14.2); the session stays as it was.
    func refuseOffer(_ call: SubscriberCallHandle, warning: String)
}

extension SubscriberForking {
    /// A forking side without media: the media events never come.
    public func fork(
        _ request: SubscriberCallRequest, events: @escaping @Sendable (ForwardedCallControl.Event) -> Void,
        media: @escaping @Sendable (SubscriberMediaEvent) -> Void
    ) async throws -> SubscriberCallHandle {
        try await fork(request, events: events)
    }

    /// A forking side without re-INVITEs: the codec stays as answered.
    public func modifySession(_ call: SubscriberCallHandle, offer: [UInt8]) -> Bool { false }

    /// A forking side that never reports device offers has none to answer.
    public func answerOffer(_ call: SubscriberCallHandle, sdp: [UInt8]) {}
    public func refuseOffer(_ call: SubscriberCallHandle, warning: String) {}
}
