public import NIOCore
import SDPNegotiation
public import SDPWire
public import SIPForking
import SIPTransactions
public import SIPTransport
public import SIPWire
public import TelecomTypes

/// The shell that runs forked calls towards the devices: SIP over ``SIPTransportLayer``, RFC 3261 transactions
/// in ``SIPTransactionLayer``, one ``SIPForkingLeg`` per call, timers on the event loop (style rule 10: decode, one
/// state-machine call, perform the actions).
///
/// All state lives on `eventLoop` (every entry point hops there), hence `@unchecked Sendable`.
public final class SIPCallService: @unchecked Sendable {
    struct Call {
        var leg: SIPForkingLeg
        var offer: SDPSessionDescription?
        /// ``SIPForkingCall/secureOffer`` parsed: what the answers of secured (TLS/WSS) branches are checked against.
        var secureOffer: SDPSessionDescription?
        var events: @Sendable (SIPCallEvent) -> Void
        /// Removal is scheduled (the leg has ended).
        var forgetting = false
    }

    public let eventLoop: any EventLoop
    let configuration: SIPCallServiceConfiguration
    var transport: SIPTransportLayer?
    var transactions: SIPTransactionLayer
    /// Each call's leg draws its tags, branches and Call-IDs from a generator split off this one.
    var identifiers: SIPIdentifierGenerator
    var calls: [SIPCallID: Call] = [:]
    var callBySIPCallID: [String: SIPCallID] = [:]
    var forkByTransaction: [SIPTransactionID: (call: SIPCallID, fork: SIPForkID, method: SIPMethod)] = [:]
    var transactionTimers: [SIPTransactionTimer: Scheduled<Void>] = [:]
    var legTimers: [LegTimer: Scheduled<Void>] = [:]
    var nextCall: UInt64 = 1
    /// False when the transport belongs to someone else (``attach(configuration:transport:)``).
    var ownsTransport = true
    /// The bound UDP port (Via and Contact of our requests).
    public private(set) var port = 0

    struct LegTimer: Hashable {
        var call: SIPCallID
        var timer: SIPForkingTimer
    }

    init(configuration: SIPCallServiceConfiguration, eventLoop: any EventLoop) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        var timers = SIPTransactionLayer(identifiers: SIPIdentifierGenerator(seed: configuration.seed ^ 0x5A5A_5A5A))
        timers.configuration = configuration.transactionTimers
        self.transactions = timers
        self.identifiers = SIPIdentifierGenerator(seed: configuration.seed)
    }

    /// Binds SIP over UDP on the configured address and starts serving.
    public static func start(
        configuration: SIPCallServiceConfiguration, eventLoop: any EventLoop
    ) -> EventLoopFuture<SIPCallService> {
        let service = SIPCallService(configuration: configuration, eventLoop: eventLoop)
        let transportConfiguration = SIPTransportConfiguration(
            host: configuration.host, udpPort: configuration.port, tcpPort: nil)
        return SIPTransportLayer.start(configuration: transportConfiguration, eventLoop: eventLoop) { event in
            service.handle(event)
        }.map { transport in
            service.transport = transport
            service.port = transport.udpAddress?.port ?? configuration.port
            return service
        }
    }

    /// Runs on a transport another component started and owns (SIPEdge: one SIP address for the registrar and the
    /// call side). That component hands the events of our calls to ``receive(_:)`` (``isCallMessage(_:)`` says which
    /// are ours); ``shutdown()`` leaves the transport open. Requests go out with the Via and Contact of the transport
    /// they take (RFC 3261 §18.1.1, RFC 5626 §5.3).
    public static func attach(
        configuration: SIPCallServiceConfiguration, transport: SIPTransportLayer
    ) -> EventLoopFuture<SIPCallService> {
        let service = SIPCallService(configuration: configuration, eventLoop: transport.eventLoop)
        return transport.eventLoop.submit {
            service.transport = transport
            service.ownsTransport = false
            service.port = (transport.udpAddress ?? transport.tcpAddress)?.port ?? configuration.port
            return service
        }
    }

    /// One transport event of our calls, routed here by the transport's owner; call on `eventLoop`.
    public func receive(_ event: SIPTransportEvent) {
        eventLoop.preconditionInEventLoop()
        handle(event)
    }

    /// Whether `message` belongs to one of our calls (its Call-ID is one of our branches'): responses to our
    /// INVITEs, CANCELs, BYEs, and the devices' in-dialog requests. Call on `eventLoop`.
    public func isCallMessage(_ message: SIPMessage) -> Bool {
        eventLoop.preconditionInEventLoop()
        guard let callID = message.headers["call-id"] else { return false }
        return callBySIPCallID[callID] != nil
    }

    /// Stops every timer and closes the sockets (not a transport given to ``attach(configuration:transport:)``).
    public func shutdown() -> EventLoopFuture<Void> {
        eventLoop.flatSubmit {
            self.calls = [:]
            self.callBySIPCallID = [:]
            for scheduled in self.transactionTimers.values { scheduled.cancel() }
            for scheduled in self.legTimers.values { scheduled.cancel() }
            self.transactionTimers = [:]
            self.legTimers = [:]
            let transport = self.transport
            self.transport = nil
            guard self.ownsTransport else { return self.eventLoop.makeSucceededVoidFuture() }
            return transport?.shutdown() ?? self.eventLoop.makeSucceededVoidFuture()
        }
    }

    // MARK: - Network side

    /// Forks a call to `contacts`; `events` hears alerting, answer, failure and release. `offer` is the parsed
    /// form of `call.offer`, used to check answers (RFC 3264 §6) and pick the codec. Branches to TLS/WSS devices
    /// get `call.secureOffer` when there is one (RFC 4568 §8.3); their answers are checked against it, and one
    /// that fails RFC 4568 §7.1.3 ends that branch only (``SIPForkingLeg/refuseSession(in:)``).
    public func placeCall(
        _ call: SIPForkingCall, offer: SDPSessionDescription?, contacts: [SIPForkingContact],
        expectingMoreContacts: Bool = false, events: @escaping @Sendable (SIPCallEvent) -> Void
    ) -> EventLoopFuture<SIPCallID> {
        eventLoop.submit {
            let id = SIPCallID(rawValue: self.nextCall)
            self.nextCall += 1
            var legConfiguration = SIPForkingConfiguration(localHost: self.configuration.host, localPort: self.port)
            legConfiguration.ringTimeout = call.ringTimeout ?? self.configuration.ringTimeout
            legConfiguration.sessionTimers = self.configuration.sessionTimers
            // RFC 3261 §8.1.1.7, §8.1.1.4: no two legs share a branch or Call-ID (see SIPIdentifierGenerator.split).
            var leg = SIPForkingLeg(
                call: call, configuration: legConfiguration, identifiers: self.identifiers.split())
            let actions = leg.start(contacts: contacts, expectingMoreContacts: expectingMoreContacts)
            let secureOffer = call.secureOffer.flatMap { try? SDPSessionDescription(parsing: $0) }
            self.calls[id] = Call(leg: leg, offer: offer, secureOffer: secureOffer, events: events)
            self.perform(actions, call: id)
            return id
        }
    }

    /// Late forking: a device registered while the call rings.
    public func addContact(_ contact: SIPForkingContact, to id: SIPCallID) {
        run(id) { $0.addContact(contact) }
    }

    public func noMoreContacts(_ id: SIPCallID) { run(id) { $0.noMoreContacts() } }

    /// The caller hung up before an answer: CANCEL all.
    public func abandon(_ id: SIPCallID, cause: Q850Cause = .normalCallClearing) {
        run(id) { $0.abandon(cause: cause) }
    }

    /// The network side released: BYE (after answer) or CANCEL all (before).
    public func release(_ id: SIPCallID, cause: Q850Cause = .normalCallClearing) {
        run(id) { $0.release(cause: cause) }
    }

    /// Hold or resume from the network side (a re-INVITE with this offer).
    public func modifySession(_ id: SIPCallID, offer: [UInt8]) { run(id) { $0.modifySession(offer: offer) } }

    /// Our answer to the device's in-dialog offer.
    public func answerOffer(_ id: SIPCallID, sdp: [UInt8]) { run(id) { $0.answerOffer(sdp) } }

    /// Refuses the device's in-dialog offer: 488 with `warning` (RFC 3261 §14.2).
    public func refuseOffer(_ id: SIPCallID, warning: String) {
        run(id) { $0.refuseOffer(.notAcceptableHere, warning: warning) }
    }

    private func run(_ id: SIPCallID, _ input: @escaping @Sendable (inout SIPForkingLeg) -> [SIPForkingAction]) {
        eventLoop.execute {
            guard var call = self.calls[id] else { return }
            let actions = input(&call.leg)
            self.calls[id] = call
            self.perform(actions, call: id)
        }
    }
}
