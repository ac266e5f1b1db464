public import SIPWire

/// What the transport layer tells the SIP machinery above it.
public enum SIPTransportEvent: Sendable {
    /// A well-formed message and the flow it came in on.
    case message(SIPMessage, SIPFlow)
    /// A malformed message. When it was a request whose answer headers were readable, the answer (400/505/513) has
    /// already gone back on the flow (RFC 3261 §8.2, §21.4.1); `answered` says whether it did.
    case malformed(SIPDecodingError, SIPFlow, answered: Bool)
    /// An RFC 5626 §3.5.1 double-CRLF ping arrived on a stream flow and was answered with a pong.
    case keepAlivePing(SIPFlow)
    /// A single-CRLF pong arrived on a stream flow (answer to our ping).
    case keepAlivePong(SIPFlow)
    /// A stream flow closed (RFC 5626 §4.4.1: a flow failure is how a registrar learns a device is gone).
    case flowClosed(SIPFlow)
}

/// Called on the transport's event loop for every event.
public typealias SIPTransportEventHandler = @Sendable (SIPTransportEvent) -> Void
