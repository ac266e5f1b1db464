public import Foundation
import GatewayReplay
import Interworking
public import ISUPProtocol
public import ISUPWire
import M3UAProtocol
import M3UAWire
public import MediaBridgeService
public import NIOCore
import RoutingService
import SDPNegotiation
import SIGTRANTransport
public import TelecomTypes

/// One M3UA message the gateway sent or received, for captures (the demo's per-call pcaps): the M3UA bytes as they
/// crossed the association, the SCTP stream and the time.
public struct SignallingWireRecord: Sendable {
    public enum Direction: Sendable { case sent, received }
    public var time: Date
    public var direction: Direction
    public var stream: UInt16
    public var m3ua: ByteBuffer
}

/// What a running gateway reports to whoever watches it (logs, tests, the demo).
public enum GatewayEvent: Sendable, Hashable {
    /// The M3UA link is up and active and ISUP may run (ASP-ACTIVE, or an ASP became active at the SG).
    case linkUp
    case linkDown
    case incomingCall(CircuitIdentificationCode)
    case callProgress(CircuitIdentificationCode, ISUPCallEvent)
    case callReleased(CircuitIdentificationCode, Q850Cause)
}

/// The SIGTRAN side of Reroute, live: one transport association, the M3UA state machine of its role, and the
/// gateway call core (Q.764 switch + call rule). A thin shell: each transport event or timer expiry goes to one
/// machine, and the returned actions are carried out here.
///
/// All state is confined to `eventLoop`; the public methods hop onto it.
public final class SignallingGateway: @unchecked Sendable {
    public let configuration: GatewayConfiguration
    public let eventLoop: any EventLoop
    private let log: @Sendable (String) -> Void
    private let observe: @Sendable (GatewayEvent) -> Void

    var core: GatewayCallCore
    private var asp: M3UAASPStateMachine
    private var sg: M3UASGStateMachine
    private var association: (any SIGTRANAssociation)?
    private var associations: [M3UAAssociationID: any SIGTRANAssociation] = [:]
    private var nextAssociationID: UInt64 = 1
    private var listener: (any SIGTRANListener)?
    private var m3uaTimers: [M3UATimer: Scheduled<Void>] = [:]
    private var callTimers: [GatewayCallCore.Timer: Scheduled<Void>] = [:]
    private(set) var linkActive = false
    private var stopping = false
    /// Asks the routing server about each incoming call; `nil`: `[calls] rule` decides every call.
    let router: IncomingCallRouter?
    /// Per CIC, a serial that changes whenever a call starts or ends there, so that a routing answer arriving
    /// after its call is gone is dropped.
    private var callSerial: [CircuitIdentificationCode: UInt64] = [:]
    var nextSerial: UInt64 = 0
    /// Where calls with available devices are rung (`[sip] mode = fork`); nil: the `[calls]` rule answers them.
    let forking: (any SubscriberForking)?
    /// The calls' media bridges (`[media]`): each forked call's timeslot ↔ its RTP leg; nil: signalling only.
    let media: MediaBridgeService?
    /// Messages for unanswered forwarded calls (`[sip] unanswered = voicemail`); nil: they are released.
    let voicemail: GatewayVoicemail?
    /// Sees every M3UA message sent or received (nil: no copies are made).
    private let wireTap: (@Sendable (SignallingWireRecord) -> Void)?
    /// The forwarded calls being rung or answered on a device, by CIC (see ``ForwardedCallControl``).
    var forwarded: [CircuitIdentificationCode: ForwardedLeg] = [:]
    /// What validation calls say (`SignallingGateway+Validation`); nil: none can be placed.
    let validationPrompts: ValidationCallPrompts?
    /// The outbound validation calls in progress, by CIC.
    var validations: [CircuitIdentificationCode: ValidationCall] = [:]
    /// How answered calls with media choose and switch their app leg's codec (`SignallingGateway+Codec`).
    let codecPolicy: GatewayCodecPolicy

    struct ForwardedLeg {
        var serial: UInt64
        var control: ForwardedCallControl
        var handle: SubscriberCallHandle?
        /// A CANCEL or BYE decided before the fork's handle was known, sent once it is.
        var pending: (release: Bool, cause: Q850Cause)?
        var earlyACM: Scheduled<Void>?
        /// The call's timeslot is attached to the media bridge (detach when the call ends).
        var mediaAttached = false
        /// What the routing server keeps if nobody answers (see `SignallingGateway+Voicemail`).
        var unanswered: UnansweredCall?
        /// The message being taken, once the fork ended unanswered.
        var deposit: VoicemailDepositState?
        /// The account's recorded greeting, when it has one (else the default prompt).
        var greeting: [Int16]? = nil
        /// The app leg's codec chooser, once answered with media (`SignallingGateway+Codec`).
        var codec: CodecLeg? = nil
        /// Our side of the answered session: the offer the device answered (or our last re-offer); a device's own
        /// offer is answered from it (`SignallingGateway+DeviceOffer`).
        var localMedia: SDPLocalMedia? = nil
        /// What the device's last SDP put on the bridge leg (its codec, address and keys).
        var settled: SDPNegotiatedAudio? = nil
        /// The last early media's SDP (a branch ringing with media), to tell another branch's answer.
        var earlyAudio: SDPNegotiatedAudio? = nil
    }

    public init(
        configuration: GatewayConfiguration, eventLoop: any EventLoop, router: IncomingCallRouter? = nil,
        forking: (any SubscriberForking)? = nil, media: MediaBridgeService? = nil, voicemail: GatewayVoicemail? = nil,
        validationPrompts: ValidationCallPrompts? = nil, wireTap: (@Sendable (SignallingWireRecord) -> Void)? = nil,
        codecPolicy: GatewayCodecPolicy = .init(),
        log: @escaping @Sendable (String) -> Void = { _ in },
        observe: @escaping @Sendable (GatewayEvent) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.codecPolicy = codecPolicy
        self.eventLoop = eventLoop
        self.router = router
        self.forking = forking
        self.media = media
        self.voicemail = voicemail
        self.validationPrompts = validationPrompts
        self.wireTap = wireTap
        self.log = log
        self.observe = observe
        let spans = ISUPSpan.spans(equipping: configuration.circuits)
        core = GatewayCallCore(
            configuration: ISUPConfiguration(
                ownPointCode: configuration.pointCode, peerPointCode: configuration.peerPointCode, spans: spans,
                timers: configuration.isupTimers),
            rule: configuration.callRule)
        core.defersIncomingCalls = router != nil
        var timers = M3UATimerConfiguration()
        if let heartbeat = configuration.heartbeat {
            timers.heartbeatEnabled = true
            timers.heartbeatInterval = heartbeat
        }
        var interop = M3UAInteropOptions()
        interop.transportHasNoStreams = configuration.transport == .tcp
        var aspConfiguration = M3UAASPConfiguration()
        aspConfiguration.interop = interop
        aspConfiguration.timers = timers
        aspConfiguration.routingContexts = configuration.routingContext.map { [$0] } ?? []
        aspConfiguration.trafficMode = configuration.trafficMode
        aspConfiguration.networkAppearance = configuration.networkAppearance
        aspConfiguration.aspIdentifier = configuration.aspIdentifier
        asp = M3UAASPStateMachine(configuration: aspConfiguration)
        var sgConfiguration = M3UASGConfiguration()
        sgConfiguration.interop = interop
        sgConfiguration.timers = timers
        sgConfiguration.networkAppearance = configuration.networkAppearance
        sgConfiguration.applicationServers = [
            M3UAApplicationServerConfiguration(
                routingContext: configuration.routingContext ?? 1, trafficMode: configuration.trafficMode)
        ]
        sgConfiguration.defaultTrafficMode = configuration.trafficMode
        sg = M3UASGStateMachine(configuration: sgConfiguration)
    }

    // MARK: - Starting and stopping

    /// ASP: connects (and keeps reconnecting); SG: listens. Succeeds once connected or listening.
    public func start() -> EventLoopFuture<Void> {
        eventLoop.flatSubmit {
            switch self.configuration.role {
            case .asp: return self.connect()
            case .sg: return self.listen()
            }
        }
    }

    /// Releases every call (cause 31), waits briefly for RLC, takes the ASP down and closes the association.
    public func stop(grace: TimeAmount = .seconds(2)) -> EventLoopFuture<Void> {
        eventLoop.flatSubmit {
            self.stopping = true
            for cic in self.core.busyCircuits {
                self.perform(self.core.release(cic: cic, cause: .normalUnspecified))
            }
            let promise = self.eventLoop.makePromise(of: Void.self)
            self.waitForIdle(deadline: .now() + grace, promise: promise)
            return promise.futureResult.flatMap {
                if self.configuration.role == .asp { self.performASP(self.asp.shutdown()) }
                for timer in self.m3uaTimers.values { timer.cancel() }
                for timer in self.callTimers.values { timer.cancel() }
                let closes = ([self.association].compactMap { $0 } + Array(self.associations.values)).map { $0.close() }
                let listenerClose = self.listener?.close() ?? self.eventLoop.makeSucceededVoidFuture()
                return EventLoopFuture.andAllComplete(closes + [listenerClose], on: self.eventLoop)
            }
        }
    }

    private func waitForIdle(deadline: NIODeadline, promise: EventLoopPromise<Void>) {
        if core.busyCircuits.isEmpty || NIODeadline.now() >= deadline {
            promise.succeed()
            return
        }
        eventLoop.scheduleTask(in: .milliseconds(20)) { self.waitForIdle(deadline: deadline, promise: promise) }
    }

    private func connect() -> EventLoopFuture<Void> {
        SIGTRANTransportFactory.connect(
            kind: configuration.transport, configuration: configuration.link, eventLoop: eventLoop
        ) { [weak self] association, event in
            self?.handle(event, from: association)
        }.map { association in
            self.association = association
        }.flatMapError { error in
            self.log("M3UA: cannot connect to \(self.configuration.link.remoteAddresses):\(self.configuration.link.remotePort): \(error); retrying in 1 s")
            if !self.stopping {
                self.eventLoop.scheduleTask(in: .seconds(1)) { _ = self.connect() }
            }
            return self.eventLoop.makeFailedFuture(error)
        }
    }

    private func listen() -> EventLoopFuture<Void> {
        SIGTRANTransportFactory.listen(
            kind: configuration.transport, configuration: configuration.link, eventLoop: eventLoop
        ) { [weak self] association in
            guard let self else { return { _, _ in } }
            let id = M3UAAssociationID(self.nextAssociationID)
            self.nextAssociationID += 1
            self.associations[id] = association
            return { [weak self] association, event in self?.handle(event, from: association, id: id) }
        }.map { listener in
            self.listener = listener
        }
    }

    // MARK: - Calls (for the MSC side in tests and the demo; the gateway's own calls come from its rule)

    /// Places a call on a free circuit: IAM (Q.764 §2.1.1). Fails when no circuit is free or the link is down.
    public func placeCall(called: String, calling: String? = nil) -> EventLoopFuture<CircuitIdentificationCode?> {
        guard let calledSignals = AddressSignals(called) else { return eventLoop.makeSucceededFuture(nil) }
        let callingNumber = calling.flatMap(AddressSignals.init).map { ISUPNumber(signals: $0) }
        return placeCall(called: ISUPNumber(signals: calledSignals), calling: callingNumber)
    }

    /// Places a call with these numbers and extra IAM parameters (original called number, redirection
    /// information, … — Q.763 Table 32).
    public func placeCall(
        called: ISUPNumber, calling: ISUPNumber?, additional: [ISUPParameter] = []
    ) -> EventLoopFuture<CircuitIdentificationCode?> {
        eventLoop.submit {
            guard self.linkActive,
                let (cic, actions) = self.core.placeCall(called: called, calling: calling, additional: additional)
            else { return nil }
            self.perform(actions)
            return cic
        }
    }

    /// Releases the call on `cic` (REL).
    public func release(cic: CircuitIdentificationCode, cause: Q850Cause = .normalCallClearing) {
        eventLoop.execute { self.perform(self.core.release(cic: cic, cause: cause)) }
    }

    /// The circuits with a call in progress.
    public func busyCircuits() -> EventLoopFuture<[CircuitIdentificationCode]> {
        eventLoop.submit { self.core.busyCircuits }
    }

    // MARK: - Transport events

    private func handle(_ event: SIGTRANTransportEvent, from association: any SIGTRANAssociation, id: M3UAAssociationID? = nil) {
        switch configuration.role {
        case .asp:
            switch event {
            case .associationUp(_, let outbound):
                log("M3UA: association up (\(outbound) outbound streams)")
                self.association = association
                performASP(asp.transportUp(outboundStreams: outbound))
            case .associationRestarted:
                log("M3UA: association restarted")
                performASP(asp.transportDown())
                performASP(asp.transportUp(outboundStreams: configuration.link.outboundStreams))
            case .associationDown(let reason):
                log("M3UA: association down (\(reason))")
                self.association = nil
                linkWentDown()
                performASP(asp.transportDown())
            case .message(let bytes, let stream, _):
                wireTap?(SignallingWireRecord(time: Date(), direction: .received, stream: stream, m3ua: bytes))
                performASP(asp.receive(bytes: bytes, stream: stream))
            case .peerAddressChanged(let address, let state):
                log("SCTP: peer address \(address) \(state)")
            case .sendFailed(let failure):
                log("SCTP: send failed: \(failure)")
            }
        case .sg:
            guard let id else { return }
            switch event {
            case .associationUp(_, let outbound):
                log("M3UA: association \(id) up")
                performSG(sg.transportUp(association: id, outboundStreams: outbound))
            case .associationRestarted:
                performSG(sg.transportDown(association: id))
                performSG(sg.transportUp(association: id, outboundStreams: configuration.link.outboundStreams))
            case .associationDown(let reason):
                log("M3UA: association \(id) down (\(reason))")
                associations[id] = nil
                performSG(sg.transportDown(association: id))
            case .message(let bytes, let stream, _):
                wireTap?(SignallingWireRecord(time: Date(), direction: .received, stream: stream, m3ua: bytes))
                performSG(sg.receive(bytes: bytes, stream: stream, from: id))
            case .peerAddressChanged, .sendFailed:
                break
            }
        }
    }

    // MARK: - Actions

    private func performASP(_ actions: [M3UAAction]) {
        for action in actions {
            switch action {
            case .send(let message, let stream):
                let bytes = message.encoded()
                wireTap?(SignallingWireRecord(time: Date(), direction: .sent, stream: stream, m3ua: bytes))
                association?.send(message: bytes, stream: stream, ppid: 3)
            case .deliver(let data):
                deliver(data)
            case .startTimer(let timer, let after):
                startM3UATimer(timer, after: after) { [weak self] in
                    guard let self else { return }
                    self.performASP(self.asp.timerFired(timer))
                }
            case .cancelTimer(let timer):
                m3uaTimers.removeValue(forKey: timer)?.cancel()
            case .stateChanged(let state):
                log("M3UA: \(state)")
                if state == .active { linkCameUp() } else { linkWentDown() }
            case .asStateChanged(let context, let state):
                log("M3UA: AS \(context.map(String.init) ?? "-") \(state)")
            case .destinationAvailability(let change):
                log("M3UA: destination \(change.affected) \(change.status)")
            case .reconnect(let after):
                guard !stopping else { continue }
                log("M3UA: reconnecting in \(after)")
                eventLoop.scheduleTask(in: Self.timeAmount(after)) { [weak self] in _ = self?.connect() }
            case .closeTransport:
                association?.close()
            case .report(let event):
                log("M3UA: \(event)")
            }
        }
    }

    private func performSG(_ actions: [M3UASGAction]) {
        for action in actions {
            switch action {
            case .send(let message, let id, let stream):
                let bytes = message.encoded()
                wireTap?(SignallingWireRecord(time: Date(), direction: .sent, stream: stream, m3ua: bytes))
                associations[id]?.send(message: bytes, stream: stream, ppid: 3)
            case .deliver(let data, _, _):
                deliver(data)
            case .startTimer(let timer, let after):
                startM3UATimer(timer, after: after) { [weak self] in
                    guard let self else { return }
                    self.performSG(self.sg.timerFired(timer))
                }
            case .cancelTimer(let timer):
                m3uaTimers.removeValue(forKey: timer)?.cancel()
            case .aspStateChanged(let id, let state):
                log("M3UA: ASP \(id) \(state)")
            case .asStateChanged(let context, let state):
                log("M3UA: AS \(context) \(state)")
                if state == .active { linkCameUp() } else { linkWentDown() }
            case .closeTransport(let id):
                associations[id]?.close()
            case .report(let event, let id):
                log("M3UA: \(id.map { "\($0) " } ?? "")\(event)")
            }
        }
    }

    private func startM3UATimer(_ timer: M3UATimer, after: Duration, fire: @escaping @Sendable () -> Void) {
        m3uaTimers[timer]?.cancel()
        m3uaTimers[timer] = eventLoop.scheduleTask(in: Self.timeAmount(after)) { [weak self] in
            self?.m3uaTimers[timer] = nil
            fire()
        }
    }

    private func linkCameUp() {
        guard !linkActive else { return }
        linkActive = true
        observe(.linkUp)
        perform(core.linkUp())
    }

    private func linkWentDown() {
        guard linkActive else { return }
        linkActive = false
        observe(.linkDown)
        perform(core.linkDown())
    }

    /// DATA for us: ISUP to the call core; anything else is not ours.
    private func deliver(_ data: M3UAProtocolData) {
        guard data.serviceIndicator == .isup, data.destinationPointCode == configuration.pointCode else {
            log("M3UA: DATA for \(data.destinationPointCode) SI \(data.serviceIndicator) ignored")
            return
        }
        perform(core.receive(data.userProtocolData))
    }

    func perform(_ actions: [GatewayCallCore.Action]) {
        for action in actions {
            switch action {
            case .send(let message):
                let data = M3UAProtocolData(
                    originatingPointCode: configuration.pointCode, destinationPointCode: configuration.peerPointCode,
                    serviceIndicator: .isup, networkIndicator: configuration.networkIndicator,
                    signallingLinkSelection: UInt8(message.cic.value & 0x0F), userProtocolData: message.encoded)
                switch configuration.role {
                case .asp: performASP(asp.sendData(data, routingContext: configuration.routingContext))
                case .sg: performSG(sg.sendData(data, routingContext: configuration.routingContext ?? 1))
                }
            case .startTimer(let timer, let after):
                callTimers[timer]?.cancel()
                callTimers[timer] = eventLoop.scheduleTask(in: after) { [weak self] in
                    guard let self else { return }
                    self.callTimers[timer] = nil
                    self.perform(self.core.timerFired(timer))
                }
            case .cancelTimer(let timer):
                callTimers.removeValue(forKey: timer)?.cancel()
            case .log(let cic, let text):
                log((cic.map { "CIC \($0) " } ?? "") + text)
            case .incomingCall(let call):
                observe(.incomingCall(call.cic))
                if router != nil { askRouter(call) }
            case .callReleased(let cic, let cause):
                callSerial[cic] = nil
                if forwarded[cic] != nil {
                    depositCallerHungUp(cic)
                    forwardedEvent(cic, .networkReleased(cause))
                }
                if validations[cic] != nil { validationEvent(cic, answered: false) }
                observe(.callReleased(cic, cause))
            case .callProgress(let cic, let event):
                if validations[cic] != nil {
                    switch event {
                    case .answered, .connected: validationEvent(cic, answered: true)
                    default: break
                    }
                }
                observe(.callProgress(cic, event))
            }
        }
    }

    // MARK: - Routing

    /// Asks the routing server off the event loop; the answer comes back to it and decides the call once, unless
    /// the call ended meanwhile.
    private func askRouter(_ call: ISUPIncomingCall) {
        guard let router else { return }
        nextSerial += 1
        let serial = nextSerial
        callSerial[call.cic] = serial
        let cic = call.cic
        let callRef = "\(configuration.pointCode.value)-\(cic.value)-\(UUID().uuidString.lowercased())"
        let iam = call.initialAddress
        Task {
            let decision = await router.decide(iam, callRef: callRef)
            self.eventLoop.execute {
                guard self.callSerial[cic] == serial else {
                    self.log("CIC \(cic) \(decision.explanation) (call already gone)")
                    return
                }
                self.log("CIC \(cic) \(decision.explanation)")
                switch decision.disposition {
                case .proceed:
                    if let route = decision.route, let forking = self.forking {
                        self.startFork(cic: cic, serial: serial, route: route, iam: iam, callRef: callRef, forking)
                    } else {
                        self.perform(self.core.decide(cic: cic, rule: self.configuration.callRule))
                    }
                case .release(let cause):
                    if let absent = decision.absent {
                        self.subscriberAbsent(cic: cic, serial: serial, call: absent, iam: iam, callRef: callRef, cause: cause)
                    } else {
                        self.perform(self.core.decide(cic: cic, rule: .reject(cause: cause)))
                    }
                }
            }
        }
    }

    // MARK: - The call core's commands for the forking join (SignallingGateway+Forking.swift)

    func logLine(_ line: String) { log(line) }
    func coreAlert(_ cic: CircuitIdentificationCode) -> [GatewayCallCore.Action] { core.alert(cic: cic) }
    func coreEarlyAddressComplete(_ cic: CircuitIdentificationCode) -> [GatewayCallCore.Action] {
        core.earlyAddressComplete(cic: cic)
    }
    func coreProgress(_ cic: CircuitIdentificationCode, event: UInt8) -> [GatewayCallCore.Action] {
        core.progress(cic: cic, event: event)
    }
    func coreAnswer(_ cic: CircuitIdentificationCode) -> [GatewayCallCore.Action] { core.answer(cic: cic) }
    func coreReject(_ cic: CircuitIdentificationCode, cause: Q850Cause) -> [GatewayCallCore.Action] {
        core.decide(cic: cic, rule: .reject(cause: cause))
    }
    func coreRelease(_ cic: CircuitIdentificationCode, cause: Q850Cause) -> [GatewayCallCore.Action] {
        core.release(cic: cic, cause: cause)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
