public import NIOCore
public import SIPWire

/// The identity of one transaction inside a ``SIPTransactionLayer``; never reused, so stale timer firings and
/// late TU calls for a destroyed transaction are recognised.
public struct SIPTransactionID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public static func < (lhs: SIPTransactionID, rhs: SIPTransactionID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "tx\(rawValue)" }
}

/// A timer of one transaction of the layer: report it back with ``SIPTransactionLayer/timerFired(_:)``.
public struct SIPTransactionTimer: Hashable, Sendable, CustomStringConvertible {
    public var transaction: SIPTransactionID
    public var timer: SIPTimer

    public init(transaction: SIPTransactionID, timer: SIPTimer) {
        self.transaction = transaction
        self.timer = timer
    }

    public var description: String { "\(transaction) \(timer)" }
}

/// A message to write: the encoded bytes, the message they encode, where to, and which transaction sent it (nil for
/// a request sent outside any transaction, such as the ACK for a 2xx). A send failure is reported back with
/// ``SIPTransactionLayer/transportError(_:)``.
public struct SIPOutboundMessage: Hashable, Sendable {
    public var bytes: [UInt8]
    public var message: SIPMessage
    public var destination: SIPTransportAddress
    public var transaction: SIPTransactionID?

    public init(message: SIPMessage, destination: SIPTransportAddress, transaction: SIPTransactionID?) {
        self.bytes = message.encoded
        self.message = message
        self.destination = destination
        self.transaction = transaction
    }
}

/// What a ``SIPTransactionLayer`` asks its shell and its TU (the UA core) to do, in order.
public enum SIPTransactionLayerAction: Hashable, Sendable {
    /// Write these bytes to the destination.
    case send(SIPOutboundMessage)
    case startTimer(SIPTransactionTimer, after: TimeAmount)
    case cancelTimer(SIPTransactionTimer)
    /// A new request for the TU: a server transaction was created for it (answer with
    /// ``SIPTransactionLayer/send(_:in:)``). Also an ACK matched to an INVITE server transaction in Accepted
    /// (RFC 6026 §8.7). The top Via carries `received`/`rport` as stamped on arrival (RFC 3261 §18.2.1).
    case deliverRequest(SIPRequest, transaction: SIPTransactionID, from: SIPTransportAddress)
    /// A response matched to a client transaction, for the TU.
    case deliverResponse(SIPResponse, transaction: SIPTransactionID)
    /// An ACK that matches no server transaction: the ACK for a 2xx, for the UA core (RFC 3261 §17.2.3 "when the
    /// ACK arrives, there will be no matching server transaction, and based on this rule, the ACK is passed to the
    /// UAS core").
    case deliverStrayACK(SIPRequest, from: SIPTransportAddress)
    /// A response that matches no client transaction, for the core (RFC 3261 §18.1.2 "Otherwise, the response MUST
    /// be passed to the core"), e.g. a 2xx retransmission after Timer M, which the UAC core may ACK again.
    case deliverStrayResponse(SIPResponse, from: SIPTransportAddress)
    /// The transaction timed out: Timer B or F (no final response), H (no ACK), or the CANCEL grace (§9.1).
    case timeout(SIPTransactionID, SIPTimer.Kind)
    /// The transport failed for this transaction (RFC 3261 §17.1.4, §17.2.4).
    case transportError(SIPTransactionID)
    /// The transaction is over and forgotten.
    case terminated(SIPTransactionID)
    /// A message was dropped without reaching any transaction or TU (logging only).
    case discarded(SIPMessage, reason: String)
}
