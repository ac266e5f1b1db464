import Foundation
public import Interworking
import ISUPWire
import NIOCore
import RoutingClient
import RoutingCore
import RoutingService
import SDPWire
import SIPCallService
public import SIPEdge
import SIPForking
public import SIPTransactions
import SIPTransport
public import SIPWire
import TelecomTypes

/// Forwarded calls a soft switch sends as SIP (issue 7 item 1): an INVITE from a configured trunk with `History-Info`
/// or `Diversion` is analysed like an IAM (``IncomingCallAnalysis/init(signalled:plan:)``: subscriber, loop cut),
/// the routing server is asked, and the call forks to the subscriber's devices registered with the gateway. Per call
/// the pure ``ForwardedCallControl`` decides (as for ISUP) and the pure ``SIPIngressLeg`` speaks SIP to the switch;
/// this shell wires them to the edge and the devices.
///
/// Media is not anchored here: the switch's SDP offer goes to the devices and the winner's answer back (RFC 3264
/// end to end), so a switch call has no ringback, voicemail or transcoding of ours — unanswered, it is refused with
/// the RFC 3398 status of its cause (480, 486, 408…) for the switch's own treatment, and reported as a missed call.
///
/// All state lives on the edge's event loop, hence `@unchecked Sendable`.
public final class SIPTrunkIngress: SIPEdgeIngress, @unchecked Sendable {
    struct Call {
        var leg: SIPIngressLeg
        var control: ForwardedCallControl
        var invite: SIPTransactionID
        /// The switch: where our BYE goes (the trunk is the next hop for its dialogs).
        var source: SIPTransportAddress
        var offer: [UInt8]
        var fork: SIPCallID?
        /// The devices must be cancelled (or released) as soon as the fork exists.
        var pending: (release: Bool, cause: Q850Cause)?
        var earlySDP: [UInt8] = []
        var answerSDP: [UInt8] = []
        var unanswered: UnansweredCall?
        var serial: UInt64
        /// The voicemail deposit, once the call went to voicemail and our RTP leg is bound.
        var deposit: Deposit?
        /// The greeting to play (the account's own, or the default).
        var greeting: [Int16]?
        /// The account's ring timeout and greeting were asked for (before forking).
        var preferencesAsked = false
    }

    let edge: SIPEdge
    let router: IncomingCallRouter
    let domain: String
    let control: ForwardedCallControl.Configuration
    let log: @Sendable (String) -> Void
    /// Taking messages for unanswered calls (`[sip] unanswered = voicemail` with a recorder): nil releases them.
    let voicemail: GatewayVoicemail?
    let mediaSettings: IngressMediaSettings?
    var calls: [String: Call] = [:]
    var timers: [String: [SIPIngressLeg.Timer: Scheduled<Void>]] = [:]
    var identifiers = SIPIdentifierGenerator(seed: UInt64.random(in: .min ... .max))
    var serial: UInt64 = 0

    /// `control`: the `[sip]` ring settings. An unanswered call goes to voicemail when `control` says so and
    /// `voicemail` and `media` are given (Reroute then answers the switch on an RTP leg of its own); otherwise it is
    /// released towards the switch.
    public init(
        edge: SIPEdge, router: IncomingCallRouter, domain: String, control: ForwardedCallControl.Configuration,
        voicemail: GatewayVoicemail? = nil, media: IngressMediaSettings? = nil,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.edge = edge
        self.router = router
        self.domain = domain
        let depositing = control.unanswered == .voicemail && voicemail != nil && media != nil
        var control = control
        if !depositing { control.unanswered = .release }
        self.control = control
        self.voicemail = depositing ? voicemail : nil
        self.mediaSettings = depositing ? media : nil
        self.log = log
    }

    public func edgeRequest(_ request: SIPRequest, transaction: SIPTransactionID?, from source: SIPTransportAddress) {
        let callID = request.headers["call-id"] ?? ""
        switch (request.method, transaction) {
        case (.invite, let id?) where calls[callID] == nil:
            invite(request, transaction: id, from: source, callID: callID)
        case (.invite, let id?):
            // A re-INVITE (session refresh, RFC 4028): the session stays as answered (RFC 3264 §8 "no change").
            let answer = calls[callID]?.answerSDP ?? []
            var ok = SIPResponse(answering: request, status: answer.isEmpty ? .requestPending : .ok)
            if !answer.isEmpty {
                ok.headers.add("Content-Type", "application/sdp")
                ok.body = answer
            }
            edge.respond(ok, in: id)
        case (.ack, nil):
            feed(callID, .ack)
        case (.cancel, let id?):
            // RFC 3261 §9.2: 200 to the CANCEL; the INVITE gets its 487 from the leg. 481 when nothing matches.
            let known = edge.inviteTransaction(cancelledBy: request) != nil && calls[callID] != nil
            edge.respond(
                SIPResponse(answering: request, status: known ? .ok : .callOrTransactionDoesNotExist), in: id)
            if known { feed(callID, .cancelled) }
        case (.bye, let id?):
            let known = calls[callID] != nil
            edge.respond(SIPResponse(answering: request, status: known ? .ok : .callOrTransactionDoesNotExist), in: id)
            if known { feed(callID, .bye(SIPCauseMapping.cause(forBYE: request))) }
        case (_, let id?):
            if let answer = SIPEdgeRoute.answer(outOfDialog: request, toTag: identifiers.tag()) {
                edge.respond(answer, in: id)
            }
        case (_, nil):
            return
        }
    }

    /// Ends every call (the gateway is stopping): each is released towards the switch (BYE, or the final response of
    /// a call still ringing) and towards the devices; a message being taken ends with what was said.
    public func shutdown() async {
        let loop = edge.eventLoop
        try? await loop.submit {
            for callID in Array(self.calls.keys) {
                guard let serial = self.calls[callID]?.serial else { continue }
                self.depositEnded(callID, callerHungUp: false)
                self.controlEvent(callID, serial: serial, .networkReleased(.normalUnspecified))
                self.feed(callID, .release(.normalUnspecified))
            }
        }.get()
    }

    // MARK: - A new call

    private func invite(
        _ request: SIPRequest, transaction: SIPTransactionID, from source: SIPTransportAddress, callID: String
    ) {
        // RFC 3261 §16.3 item 2 applies to proxies; a B2BUA forwarding with Max-Forwards 0 would loop all the same.
        if (try? request.headers.maxForwards()) == 0 {
            return refuse(request, transaction, .tooManyHops, "Max-Forwards is 0")
        }
        let diversion: SIPIncomingDiversion
        do {
            diversion = try SIPIncomingDiversion(request: request)
        } catch {
            // RFC 3261 §21.4.1: 400 "The Reason-Phrase SHOULD identify the syntax problem in more detail".
            return refuse(request, transaction, .badRequest, "\(error)", phrase: "\(error)")
        }
        let isSDP = request.headers["content-type"]?.lowercased().hasPrefix("application/sdp") == true
        guard isSDP, !request.body.isEmpty, (try? SDPSessionDescription(parsing: request.body)) != nil else {
            // No offer to pass on to the devices (a late offer is not taken): RFC 3261 §21.4.26 488.
            return refuse(request, transaction, .notAcceptableHere, "no SDP offer in the INVITE")
        }
        let via = SIPVia(transport: source.transport, host: edgeHost(source), port: edgePort(source))
        let contact = SIPAddress(
            uri: SIPURI(
                host: edgeHost(source), port: edgePort(source),
                parameters: source.transport == "UDP" ? SIPParameters() : transportParameter(source)))
        var timerConfiguration = SIPTimerConfiguration()
        timerConfiguration.t1 = .milliseconds(500)
        let leg = SIPIngressLeg(
            invite: request, contact: contact, via: via, reliable: source.isReliable, timers: timerConfiguration,
            identifiers: identifiers.split())
        serial += 1
        let callRef = "sip-\(UUID().uuidString.lowercased())"
        calls[callID] = Call(
            leg: leg, control: ForwardedCallControl(configuration: control), invite: transaction, source: source,
            offer: request.body, serial: serial)
        edge.holdIngressCall(callID)
        let signalled = SignalledDiversion(
            called: diversion.called, calling: diversion.calling, originalCalled: diversion.originalCalled,
            redirecting: diversion.redirecting,
            originalReason: diversion.originalReason.flatMap { ISUPRedirectionReason($0.rawValue) },
            redirectingReason: diversion.redirectingReason.flatMap { ISUPRedirectionReason($0.rawValue) },
            redirections: diversion.redirections)
        let analysis = IncomingCallAnalysis(signalled: signalled, plan: router.plan)
        let serial = self.serial
        let loop = edge.eventLoop
        Task {
            let decision = await self.router.decide(analysis: analysis, callRef: callRef)
            loop.execute { self.decided(callID, serial: serial, decision, diversion: diversion, callRef: callRef) }
        }
    }

    private func decided(
        _ callID: String, serial: UInt64, _ decision: IncomingCallRouter.Decision, diversion: SIPIncomingDiversion,
        callRef: String
    ) {
        guard let call = calls[callID], call.serial == serial else {
            log("SIP \(callID) \(decision.explanation) (call already gone)")
            return
        }
        log("SIP \(callID) \(decision.explanation)")
        switch decision.disposition {
        case .release(let cause):
            if let absent = decision.absent {
                let missed = Self.unanswered(absent, diversion: diversion, callRef: callRef)
                if voicemail != nil {
                    // Issue 7 item 2: no device available → voicemail at once.
                    calls[callID]?.unanswered = missed
                    return controlEvent(callID, serial: serial, .unanswered(.noDevice))
                }
                report(missed, reason: "no_device_available")
            }
            feed(callID, .release(cause))
        case .proceed:
            guard let route = decision.route else { return feed(callID, .release(.temporaryFailure)) }
            calls[callID]?.unanswered = Self.unanswered(route.call, diversion: diversion, callRef: callRef)
            var control = call.control
            let actions = control.start()
            calls[callID]?.control = control
            perform(callID, actions)
            // Issue 7 item 2: the account's ring timeout (and the greeting, should the call go to voicemail).
            let loop = edge.eventLoop
            let (router, log) = (self.router, self.log)
            Task {
                let preferences = await router.accountPreferences(subscriber: route.call.subscriber) {
                    log("SIP \(callID) \($0)")
                }
                loop.execute {
                    guard self.calls[callID]?.serial == serial else { return }
                    self.calls[callID]?.preferencesAsked = true
                    self.calls[callID]?.greeting = preferences.greeting
                    self.fork(
                        callID, serial: serial, route: route, diversion: diversion, offer: call.offer,
                        ringTimeout: preferences.ringTimeout.map(SignallingGateway.timeAmount))
                }
            }
        }
    }

    private func fork(
        _ callID: String, serial: UInt64, route: IncomingCallRouter.Route, diversion: SIPIncomingDiversion,
        offer: [UInt8], ringTimeout: TimeAmount?
    ) {
        let identity = Self.identity(route.call, diversion: diversion)
        var forkingCall = SIPForkingCall(
            from: identity.from(domain: domain), to: identity.to(domain: domain),
            headers: identity.headers(domain: domain), offer: offer)
        forkingCall.ringTimeout = ringTimeout
        let parsed = try? SDPSessionDescription(parsing: offer)
        let loop = edge.eventLoop
        edge.forkCall(forkingCall, account: route.accountID, offer: parsed) { [weak self] event in
            loop.execute { self?.deviceEvent(callID, serial: serial, event) }
        }.whenComplete { result in
            loop.execute {
                switch result {
                case .success(let id): self.forked(callID, serial: serial, id)
                case .failure(let error):
                    self.log("SIP \(callID) fork failed: \(error)")
                    self.controlEvent(callID, serial: serial, .unanswered(.noDevice))
                }
            }
        }
    }

    private func forked(_ callID: String, serial: UInt64, _ id: SIPCallID) {
        guard calls[callID]?.serial == serial else {
            edge.abandon(id, cause: .normalCallClearing)
            return
        }
        calls[callID]?.fork = id
        if let pending = calls[callID]?.pending {
            calls[callID]?.pending = nil
            toDevices(callID, release: pending.release, cause: pending.cause)
        }
    }

    // MARK: - Events

    private func deviceEvent(_ callID: String, serial: UInt64, _ event: SIPCallEvent) {
        guard calls[callID]?.serial == serial else { return }
        switch event {
        case .earlyMedia(_, let sdp, _): calls[callID]?.earlySDP = sdp
        case .answered(_, let sdp, _): calls[callID]?.answerSDP = sdp
        case .offerReceived:
            // The device's own offer would have to be carried to the switch (a re-INVITE there); that is not done,
            // so it is refused (RFC 3261 §14.2: 488) rather than left waiting, and the session stays as it was.
            if let fork = calls[callID]?.fork {
                edge.refuseOffer(fork, warning: "session changes are not passed to the soft switch")
            }
            return
        case .answerRejected(_, let error):
            // The device answered with SDP that does not answer the switch's offer (RFC 3264 §6): it is hung up and
            // the switch hears 488 (cause 65, RFC 3398 §8.2.6.1).
            log("SIP \(callID) device answer refused: \(error)")
            if let fork = calls[callID]?.fork { edge.release(fork, cause: Q850Cause(65)) }
            return controlEvent(callID, serial: serial, .deviceReleased(Q850Cause(65)))
        default: break
        }
        if let mapped = SIPCallServiceForking.map(event) { controlEvent(callID, serial: serial, mapped) }
    }

    func controlEvent(_ callID: String, serial: UInt64, _ event: ForwardedCallControl.Event) {
        guard var call = calls[callID], call.serial == serial else { return }
        let before = call.control.phase
        let actions = call.control.handle(event)
        calls[callID] = call
        // As for ISUP (issue 7 item 2): a call that ends unanswered is a missed call for the subscriber.
        // Taken to voicemail, the recorder stores the missed call with the message (or without one).
        let depositing = actions.contains { if case .startVoicemail = $0 { true } else { false } }
        if case .ringing = before, let missed = call.unanswered, !depositing {
            switch event {
            case .unanswered(let why): report(missed, reason: SignallingGateway.reasonWord(why))
            case .networkReleased: report(missed, reason: "caller_hung_up")
            default: break
            }
        }
        perform(callID, actions)
    }

    /// The control's actions: towards the switch through the leg, towards the devices through the edge.
    private func perform(_ callID: String, _ actions: [ForwardedCallControl.Action]) {
        for action in actions {
            switch action {
            case .sendAddressComplete(alerting: true), .sendAlertingProgress:
                feed(callID, .ringing)
            case .sendAddressComplete(alerting: false), .startEarlyAddressCompleteTimer, .cancelEarlyAddressCompleteTimer:
                // The switch has its 100 Trying (RFC 3261 §17.2.1); ISUP's T7 guard has no SIP counterpart.
                continue
            case .sendInbandProgress:
                // With voicemail the 2xx may carry our own answer, which must be the one any 18x gave (RFC 3261
                // §13.2.1): the device's early media is not passed on, the switch hears its own ringback on 180.
                if voicemail != nil { feed(callID, .ringing) }
                else if let sdp = calls[callID]?.earlySDP, !sdp.isEmpty { feed(callID, .earlyMedia(sdp: sdp)) }
            case .sendAnswer:
                feed(callID, .answer(sdp: calls[callID]?.answerSDP ?? []))
            case .releaseNetwork(let cause):
                feed(callID, .release(cause))
            case .cancelDevices(let cause):
                toDevices(callID, release: false, cause: cause)
            case .releaseDevice(let cause):
                toDevices(callID, release: true, cause: cause)
            case .startVoicemail(let why):
                startDeposit(callID, why: why)
            case .finished:
                continue
            }
        }
    }

    private func toDevices(_ callID: String, release: Bool, cause: Q850Cause) {
        guard let fork = calls[callID]?.fork else {
            calls[callID]?.pending = (release, cause)
            return
        }
        if release { edge.release(fork, cause: cause) } else { edge.abandon(fork, cause: cause) }
    }

    /// One input to the call's switch leg, and its actions.
    func feed(_ callID: String, _ input: SIPIngressLeg.Input) {
        guard var call = calls[callID] else { return }
        let actions = call.leg.handle(input)
        calls[callID] = call
        for action in actions {
            switch action {
            case .respond(let response):
                edge.respond(response, in: call.invite)
            case .sendRequest(let request):
                edge.sendRequest(request, to: call.source)
            case .startTimer(let timer, let after):
                timers[callID, default: [:]][timer]?.cancel()
                timers[callID, default: [:]][timer] = edge.eventLoop.scheduleTask(in: after) { [weak self] in
                    guard let self, self.calls[callID]?.serial == call.serial else { return }
                    self.timers[callID]?[timer] = nil
                    self.feed(callID, .timerFired(timer))
                }
            case .cancelTimer(let timer):
                timers[callID]?.removeValue(forKey: timer)?.cancel()
            case .callerGone(let cause):
                depositEnded(callID, callerHungUp: true)
                controlEvent(callID, serial: call.serial, .networkReleased(cause))
            case .finished:
                depositEnded(callID, callerHungUp: false)
                for scheduled in timers.removeValue(forKey: callID)?.values ?? [:].values { scheduled.cancel() }
                calls[callID] = nil
                edge.releaseIngressCall(callID)
            }
        }
    }

    private func refuse(
        _ request: SIPRequest, _ id: SIPTransactionID, _ status: SIPStatus, _ why: String, phrase: String? = nil
    ) {
        log("SIP \(request.headers["call-id"] ?? "?") refused: \(status.rawValue) \(why)")
        var response = SIPResponse(answering: request, status: status, reason: phrase, toTag: identifiers.tag())
        if status == .notAcceptableHere { response.headers.add("Warning", "399 reroute \"\(why)\"") }
        edge.respond(response, in: id)
    }

    /// Reports `call` as missed (off the event loop; a failure is logged only).
    func report(_ call: UnansweredCall, reason: String) {
        var call = call
        call.reason = reason
        call.durationMilliseconds = max(0, Int(Date().timeIntervalSince(call.at) * 1000))
        guard let notice = UnansweredCallNotice(call) else { return }
        let routing = router.routing
        let log = self.log
        Task {
            do {
                try await routing.unansweredCall(notice)
                log("missed call \(call.callRef) (\(reason)) reported")
            } catch {
                log("missed call \(call.callRef) (\(reason)) not reported: \(error)")
            }
        }
    }

    // MARK: - Helpers

    /// Our address as the switch reaches it: the edge's socket of the switch's transport.
    private func edgeHost(_ source: SIPTransportAddress) -> String {
        edge.address(of: kind(source))?.ipAddress ?? "127.0.0.1"
    }

    private func edgePort(_ source: SIPTransportAddress) -> Int {
        edge.address(of: kind(source))?.port ?? 5060
    }

    private func kind(_ source: SIPTransportAddress) -> SIPTransportKind {
        SIPTransportKind(rawValue: source.transport.uppercased()) ?? .udp
    }

    private func transportParameter(_ source: SIPTransportAddress) -> SIPParameters {
        var parameters = SIPParameters()
        parameters.set("transport", source.transport.lowercased())
        return parameters
    }

    static func unanswered(_ call: ForwardedCall, diversion: SIPIncomingDiversion, callRef: String) -> UnansweredCall {
        let presentation: CallerPresentation =
            call.calling == nil ? .unavailable : (diversion.callingRestricted ? .restricted : .allowed)
        return UnansweredCall(
            callRef: callRef, at: Date(), caller: call.calling?.description, presentation: presentation,
            called: call.subscriber.description, reason: "", durationMilliseconds: 0)
    }

    /// The devices' view of the call (RFC 3323/3325, RFC 7044, RFC 5806), as for an IAM.
    static func identity(_ call: ForwardedCall, diversion: SIPIncomingDiversion) -> SIPCallingIdentity {
        let presentation: SIPCallingIdentity.Presentation =
            call.calling == nil ? .unavailable : (diversion.callingRestricted ? .restricted : .allowed)
        let reason = call.reason.flatMap { SIPCallingIdentity.RedirectionReason(rawValue: $0.rawValue) } ?? .unknown
        let redirecting = diversion.redirecting.flatMap { number -> String? in
            guard number.hasPrefix("+"), number != call.subscriber.description else { return nil }
            return number
        }
        return SIPCallingIdentity(
            callingNumber: call.calling?.description, presentation: presentation,
            originalCalledNumber: call.subscriber.description, redirectingNumber: redirecting,
            calledNumber: call.called?.description ?? call.subscriber.description, redirectionReason: reason,
            redirectionCounter: Int(call.redirectionCounter ?? 1))
    }
}

