public import NIOCore

/// One association (SCTP) or connection (TCP) carrying M3UA messages: the whole interface the M3UA shell needs.
///
/// Both methods may be called from any thread; the work happens on `eventLoop`.
public protocol SIGTRANAssociation: AnyObject, Sendable {
    /// The loop on which this association's events are delivered.
    var eventLoop: any EventLoop { get }

    /// Queues one user message on `stream` with payload protocol identifier `ppid` (RFC 4666 §1.4.7: 3 for M3UA).
    /// TCP ignores both. A failure is reported as `.sendFailed`, never thrown: M3UA decides what it means.
    func send(message: ByteBuffer, stream: UInt16, ppid: UInt32)

    /// Shuts the association down gracefully (SCTP SHUTDOWN, RFC 4960 §9.2; TCP FIN). Completes once the shutdown
    /// is under way; `.associationDown(.closedLocally)` is delivered first unless the association was already down,
    /// and no event follows it.
    @discardableResult
    func close() -> EventLoopFuture<Void>
}

/// A listening endpoint accepting associations (server role).
public protocol SIGTRANListener: AnyObject, Sendable {
    /// The loop on which the listener and its associations deliver events.
    var eventLoop: any EventLoop { get }
    /// The port actually bound (useful when the configuration asked for port 0 on TCP).
    var localPort: Int { get }
    /// Stops accepting and closes every association it accepted.
    @discardableResult
    func close() -> EventLoopFuture<Void>
}

/// Receives one association's events, on that association's event loop.
public typealias SIGTRANEventHandler = @Sendable (_ association: any SIGTRANAssociation, _ event: SIGTRANTransportEvent)
    -> Void

/// Called on the event loop for each accepted association, before any of its events: returns that association's
/// handler (one handler per association).
public typealias SIGTRANAcceptHandler = @Sendable (_ association: any SIGTRANAssociation) -> SIGTRANEventHandler
