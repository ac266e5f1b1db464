public import Interworking
import SDPNegotiation
import SDPWire
public import SIPCallService
import NIOCore
public import RoutingClient
import SIPForking
import SIPTransactions
import SIPWire
public import TelecomTypes

/// ``SubscriberForking`` over ``SIPCallService``: one INVITE per contact the routing server returned, sent to the
/// contact's own address (RFC 3263 §4 for an IP literal: the URI's host, port and `transport`).
public struct SIPCallServiceForking: SubscriberForking {
    public enum ForkingError: Error, Hashable, Sendable, CustomStringConvertible {
        case noUsableContact([String])
        case invalidOffer(String)

        public var description: String {
            switch self {
            case .noUsableContact(let uris): "no contact is a SIP URI: \(uris.joined(separator: ", "))"
            case .invalidOffer(let why): "our SDP offer does not parse: \(why)"
            }
        }
    }

    public let service: SIPCallService
    /// The host part of From / To / P-Asserted-Identity URIs.
    public let domain: String
    /// Our SDP offer for a call (RFC 3264 §5): the media side's address and codecs.
    public let offer: @Sendable (SubscriberCallRequest) -> [UInt8]

    public init(
        service: SIPCallService, domain: String, offer: @escaping @Sendable (SubscriberCallRequest) -> [UInt8]
    ) {
        self.service = service
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
        let contacts = request.contacts.compactMap { Self.contact($0) }
        guard !contacts.isEmpty else { throw ForkingError.noUsableContact(request.contacts.map(\.uri)) }
        let (call, parsed) = try Self.call(for: request, domain: domain, offer: offer(request))
        let id = try await service.placeCall(call, offer: parsed, contacts: contacts) { event in
            Self.deliver(event, call: call, events: events, media: media)
        }.get()
        return SubscriberCallHandle(rawValue: id.rawValue)
    }

    /// The INVITE's parts for `request` (identity headers of RFC 3323/3325, RFC 7044, RFC 5806) and our parsed offer.
    /// Branches to TLS/WSS devices get the same offer as RTP/SAVP with fresh SDES keys from `random` (RFC 4568 §8.3:
    /// keys only where the SDP is protected; `SIPForkingCall.secureOffer`); the others get `offerBytes`.
    static func call(for request: SubscriberCallRequest, domain: String, offer offerBytes: [UInt8]) throws
        -> (SIPForkingCall, SDPSessionDescription)
    {
        var random = SystemRandomNumberGenerator()
        return try call(for: request, domain: domain, offer: offerBytes, using: &random)
    }

    static func call<R: RandomNumberGenerator>(
        for request: SubscriberCallRequest, domain: String, offer offerBytes: [UInt8], using random: inout R
    ) throws -> (SIPForkingCall, SDPSessionDescription) {
        let parsed: SDPSessionDescription
        do {
            parsed = try SDPSessionDescription(parsing: offerBytes)
        } catch {
            throw ForkingError.invalidOffer("\(error)")
        }
        var call = SIPForkingCall(
            from: request.identity.from(domain: domain), to: request.identity.to(domain: domain),
            headers: request.identity.headers(domain: domain), offer: offerBytes,
            secureOffer: offerBytes.isEmpty ? nil : SDPOfferAnswer.secured(parsed, using: &random).encoded)
        call.ringTimeout = request.ringTimeout.map(SignallingGateway.timeAmount)
        return (call, parsed)
    }

    /// One SIP event to the media bridge (first) and to the interworking machine; the offer given with an answer is
    /// the one its branch got (the secure one when the answer settled SDES keys).
    static func deliver(
        _ event: SIPCallEvent, call: SIPForkingCall, events: @Sendable (ForwardedCallControl.Event) -> Void,
        media: @Sendable (SubscriberMediaEvent) -> Void
    ) {
        var offer = call.offer
        if case .answered(_, _, let audio?) = event, audio.localCrypto != nil, let secure = call.secureOffer {
            offer = secure
        }
        for negotiated in Self.media(event, offer: offer) { media(negotiated) }
        if let mapped = Self.map(event) { events(mapped) }
    }

    public func cancel(_ call: SubscriberCallHandle, cause: Q850Cause) {
        service.abandon(SIPCallID(rawValue: call.rawValue), cause: cause)
    }

    public func release(_ call: SubscriberCallHandle, cause: Q850Cause) {
        service.release(SIPCallID(rawValue: call.rawValue), cause: cause)
    }

    public func modifySession(_ call: SubscriberCallHandle, offer: [UInt8]) -> Bool {
        service.modifySession(SIPCallID(rawValue: call.rawValue), offer: offer)
        return true
    }

    public func answerOffer(_ call: SubscriberCallHandle, sdp: [UInt8]) {
        service.answerOffer(SIPCallID(rawValue: call.rawValue), sdp: sdp)
    }

    public func refuseOffer(_ call: SubscriberCallHandle, warning: String) {
        service.refuseOffer(SIPCallID(rawValue: call.rawValue), warning: warning)
    }

    /// A routing-server contact as a branch target: its URI, sent to its host and port over its transport.
    static func contact(_ contact: CallContact) -> SIPForkingContact? {
        guard let uri = SIPURI(contact.uri), uri.scheme.lowercased() != "tel" else { return nil }
        let named: String? = uri.parameters["transport"] ?? nil
        let transport = named ?? (contact.transport.isEmpty ? "udp" : contact.transport)
        let port = uri.port ?? SIPTransportAddress.defaultPort(forTransport: transport)
        return SIPForkingContact(
            uri: uri, nextHop: SIPTransportAddress(transport: transport, host: uri.hostWithoutBrackets, port: port))
    }

    /// What the media bridge needs of an event: the codec and address a device's SDP settled, the answer with our
    /// `offer` for the codec chooser, and the outcome of our re-INVITEs.
    static func media(_ event: SIPCallEvent, offer: [UInt8]) -> [SubscriberMediaEvent] {
        switch event {
        case .earlyMedia(_, _, let audio?): [.earlyMedia(audio)]
        case .answered(_, let sdp, let audio?): [.answered(audio), .session(offer: offer, answer: sdp)]
        case .sessionModified(_, let sdp): [.sessionModified(answer: sdp)]
        case .offerReceived(_, let sdp): [.offerReceived(sdp: sdp)]
        case .sessionModificationFailed(_, let status): [.sessionModificationFailed(status: Int(status.rawValue))]
        default: []
        }
    }

    /// The SIP side's events as the interworking machine's (RFC 3398 §8.2).
    static func map(_ event: SIPCallEvent) -> ForwardedCallControl.Event? {
        switch event {
        case .alerting: .deviceAlerting
        case .earlyMedia: .deviceEarlyMedia
        case .earlyMediaStopped: nil
        case .answered: .deviceAnswered
        // RFC 3264 broken by the answer: the call is up on SIP without media; treat as answered (the media side
        // reports the problem) rather than leave the caller ringing.
        case .answerRejected: .deviceAnswered
        case .failed(.noAnswer): .unanswered(.noAnswer)
        case .failed(.rejected(_, let cause)): .unanswered(.rejected(cause))
        case .released(let cause): .deviceReleased(cause)
        case .offerReceived, .sessionModified, .sessionModificationFailed: nil
        }
    }
}
