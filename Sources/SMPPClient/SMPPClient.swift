public import NIOCore
public import NIOPosix
public import SMPPProtocol
public import SMPPWire

/// Reroute's ESME: binds as transceiver to one SMSC, keeps the session alive with enquire_link, binds again with
/// backoff after a loss, submits short messages through a window, and hands incoming deliver_sm (MO SMS and
/// delivery receipts) to `incoming` after answering them (SMPP 3.4 §2.2–§2.3).
///
/// The protocol is `SMPPClientStateMachine`; this type only runs its actions on one event loop.
public final class SMPPClient: Sendable {
    public let configuration: SMPPClientConfiguration
    /// Incoming deliver_sm, already acknowledged with deliver_sm_resp.
    public let incoming: AsyncStream<SMPPInboundMessage>
    /// Session changes: bound, bind failures, losses, stop.
    public let events: AsyncStream<SMPPClientEvent>
    private let core: SMPPClientCore

    /// A client on `eventLoop`; call `start()` to connect.
    public init(
        configuration: SMPPClientConfiguration,
        eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next()
    ) {
        self.configuration = configuration
        let (incoming, incomingSink) = AsyncStream.makeStream(
            of: SMPPInboundMessage.self, bufferingPolicy: .bufferingNewest(10_000))
        let (events, eventSink) = AsyncStream.makeStream(
            of: SMPPClientEvent.self, bufferingPolicy: .bufferingNewest(1_000))
        self.incoming = incoming
        self.events = events
        self.core = SMPPClientCore(
            configuration: configuration, eventLoop: eventLoop, incoming: incomingSink, events: eventSink)
    }

    /// Connects and binds; reconnects on its own until `shutdown()`.
    public func start() {
        let core = self.core
        core.eventLoop.execute { core.start() }
    }

    /// Sends `text` to `to` (E.164) from the configured source address, or from `from` (E.164 or alphanumeric),
    /// and returns the SMSC's message_id.
    @discardableResult
    public func send(to: String, from: String? = nil, text: String) async throws(SMPPSubmitError) -> String {
        var message = SMPPSubmitSM(
            source: from.map(SMPPClientConfiguration.address) ?? configuration.sourceAddress,
            destination: .international(to), text: text)
        message.registeredDelivery = configuration.registeredDelivery
        return try await submit(message)
    }

    /// Submits one submit_sm and returns the message_id of its submit_sm_resp.
    public func submit(_ message: SMPPSubmitSM) async throws(SMPPSubmitError) -> String {
        let core = self.core
        let result: Result<String, SMPPSubmitError> = await withCheckedContinuation { continuation in
            core.eventLoop.execute { core.submit(message, continuation: continuation) }
        }
        return try result.get()
    }

    /// Unbinds (§4.2), closes the connection and ends both streams. Queued submits fail with `.stopped`.
    public func shutdown() async {
        let core = self.core
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            core.eventLoop.execute { core.stop(continuation) }
        }
    }
}
