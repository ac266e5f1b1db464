public import Interworking
import NIOCore
import SDPWire
public import SIPEdge
import SIPCallService
import SIPForking
public import TelecomTypes

/// ``SubscriberForking`` over the ``SIPEdge``: the call rings every device of the routing server's account that is
/// registered with the gateway, each down the flow its REGISTER came on (RFC 5626 §5.3: behind NAT only that flow
/// reaches the device), and devices woken by push as they register. The routing server's contact list decided that
/// the call is forked at all; the registrar's bindings say where.
public struct SIPEdgeForking: SubscriberForking {
    public let edge: SIPEdge
    /// The host part of From / To / P-Asserted-Identity URIs.
    public let domain: String
    /// Our SDP offer for a call (RFC 3264 §5).
    public let offer: @Sendable (SubscriberCallRequest) -> [UInt8]

    public init(edge: SIPEdge, domain: String, offer: @escaping @Sendable (SubscriberCallRequest) -> [UInt8]) {
        self.edge = edge
        self.domain = domain
        self.offer = offer
    }

    public func fork(
        _ request: SubscriberCallRequest, events: @escaping @Sendable (ForwardedCallControl.Event) -> Void
    ) async throws -> SubscriberCallHandle {
        try await fork(request, events: events, media: { _ in })
    }

    public func fork(
        _ request: SubscriberCallRequest, events: @escaping @Sendable (ForwardedCallControl.Event) -> Void,
        media: @escaping @Sendable (SubscriberMediaEvent) -> Void
    ) async throws -> SubscriberCallHandle {
        let (call, parsed) = try SIPCallServiceForking.call(for: request, domain: domain, offer: offer(request))
        let id = try await edge.forkCall(call, account: request.accountID, offer: parsed) { event in
            SIPCallServiceForking.deliver(event, call: call, events: events, media: media)
        }.get()
        return SubscriberCallHandle(rawValue: id.rawValue)
    }

    public func cancel(_ call: SubscriberCallHandle, cause: Q850Cause) {
        edge.abandon(SIPCallID(rawValue: call.rawValue), cause: cause)
    }

    public func release(_ call: SubscriberCallHandle, cause: Q850Cause) {
        edge.release(SIPCallID(rawValue: call.rawValue), cause: cause)
    }

    public func modifySession(_ call: SubscriberCallHandle, offer: [UInt8]) -> Bool {
        edge.modifySession(SIPCallID(rawValue: call.rawValue), offer: offer)
        return true
    }

    public func answerOffer(_ call: SubscriberCallHandle, sdp: [UInt8]) {
        edge.answerOffer(SIPCallID(rawValue: call.rawValue), sdp: sdp)
    }

    public func refuseOffer(_ call: SubscriberCallHandle, warning: String) {
        edge.refuseOffer(SIPCallID(rawValue: call.rawValue), warning: warning)
    }
}
