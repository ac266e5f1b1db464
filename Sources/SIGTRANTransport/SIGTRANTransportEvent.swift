public import NIOCore

/// What a transport tells the layer above (M3UA) about one association.
///
/// The transport only carries messages and reports what the SCTP stack (or TCP) reported; it takes no protocol
/// decision (RFC 4666 §1.5.3 leaves ASP state to M3UA). Every event for one association is delivered on the event
/// loop given at start, in the order the stack produced it.
public enum SIGTRANTransportEvent: Sendable, Hashable {
    /// One whole user message (RFC 4960 §6.9: SCTP preserves message boundaries) received on `stream` with the
    /// payload protocol identifier `ppid` (RFC 4666 §1.4.7: M3UA is 3). TCP reports stream 0 and PPID 3.
    case message(ByteBuffer, stream: UInt16, ppid: UInt32)
    /// The association is established (SCTP_COMM_UP, RFC 6458 §6.1.1) with the negotiated stream counts. TCP reports
    /// the configured requested counts: its one byte stream carries every "stream" in order.
    case associationUp(inboundStreams: UInt16, outboundStreams: UInt16)
    /// The association is gone; no more events follow for it.
    case associationDown(SIGTRANAssociationDownReason)
    /// The peer restarted the association (SCTP_RESTART, RFC 4960 §5.2.2); it is up again with fresh state.
    case associationRestarted
    /// A peer transport address changed state (SCTP_PEER_ADDR_CHANGE, RFC 6458 §6.1.2).
    case peerAddressChanged(SocketAddress, SIGTRANPeerAddressState)
    /// A message could not be sent or was returned undelivered (SCTP_SEND_FAILED_EVENT, RFC 6458 §6.1.11).
    case sendFailed(SIGTRANSendFailure)
}

/// Why an association went down.
public enum SIGTRANAssociationDownReason: Sendable, Hashable {
    /// The peer closed gracefully (SCTP SHUTDOWN, RFC 4960 §9.2; TCP FIN).
    case peerShutdown
    /// The association was lost: ABORT received, retransmission limit reached (RFC 4960 §8.1), TCP reset.
    case communicationLost
    /// `close()` was called on this side.
    case closedLocally
}

/// The state a peer address moved to (RFC 6458 §6.1.2 `spc_state`).
public enum SIGTRANPeerAddressState: Sendable, Hashable {
    case available
    case unreachable
    case removed
    case added
    case madePrimary
    case confirmed
    /// A state code this transport does not name, kept as the stack reported it.
    case other(UInt32)
}

/// A message that did not make it to the peer.
public struct SIGTRANSendFailure: Sendable, Hashable, CustomStringConvertible {
    /// The stream the message was sent on, when the stack says.
    public var stream: UInt16?
    /// The payload protocol identifier of the message, when the stack says.
    public var ppid: UInt32?
    /// What went wrong, as one human-readable line.
    public var reason: String

    public init(stream: UInt16?, ppid: UInt32?, reason: String) {
        self.stream = stream
        self.ppid = ppid
        self.reason = reason
    }

    public var description: String {
        "send failed (stream \(stream.map(String.init) ?? "?"), ppid \(ppid.map(String.init) ?? "?")): \(reason)"
    }
}
