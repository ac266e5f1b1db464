public import Foundation
public import RoutingCore
public import RoutingService
public import SIPEdge
import SIPWire

/// The alert outbox's SIP MESSAGEs (RFC 3428) sent through the gateway's SIP edge: one per registered device of the
/// account, down the flow it registered on. The count of devices that answered 2xx is the result; none means the
/// alert is retried (the user may be offline).
public struct EdgeSIPMessageSender: SIPMessageSender {
    public let edge: SIPEdge
    /// The From of the alerts: `sip:alerts@DOMAIN`.
    public let domain: String

    public init(edge: SIPEdge, domain: String) {
        self.edge = edge
        self.domain = domain
    }

    public func sendMessage(to account: AccountID, body: String, idempotencyKey: UUID) async throws -> Int {
        let outcomes = await edge.sendMessage(
            account: account.description, from: SIPAddress(uri: SIPURI(user: "alerts", host: domain)),
            contentType: "text/plain;charset=UTF-8", body: Array(body.utf8))
        return outcomes.filter { if case .delivered = $0.outcome { true } else { false } }.count
    }
}

/// Where SIP MESSAGE alerts cannot be sent from this process (`reroute icrs`, or a gateway without the SIP edge):
/// each attempt fails, so the alert is retried until it expires (SMS alerts are unaffected).
public struct UnavailableSIPMessageSender: SIPMessageSender {
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String { "no SIP edge in this process to send the MESSAGE" }
    }

    public init() {}

    public func sendMessage(to account: AccountID, body: String, idempotencyKey: UUID) async throws -> Int {
        throw Unavailable()
    }
}
