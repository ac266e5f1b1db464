import NIOCore
import SDPNegotiation
import SDPWire
import SIPForking
import SIPTransactions
import SIPTransport
import SIPWire

extension SIPCallService {
    // MARK: - Inbound

    /// One transport event, on the event loop.
    func handle(_ event: SIPTransportEvent) {
        guard case .message(let message, let flow) = event else { return }
        let source = SIPTransportAddress(
            transport: flow.kind.viaToken, host: flow.remote.ipAddress ?? "", port: flow.remote.port ?? 0)
        perform(transactions.receive(message, from: source))
    }

    // MARK: - Transaction layer actions

    func perform(_ actions: [SIPTransactionLayerAction]) {
        for action in actions {
            switch action {
            case .send(let outbound):
                write(outbound)
            case .startTimer(let timer, let delay):
                transactionTimers[timer]?.cancel()
                transactionTimers[timer] = eventLoop.scheduleTask(in: delay) {
                    self.transactionTimers[timer] = nil
                    self.perform(self.transactions.timerFired(timer))
                }
            case .cancelTimer(let timer):
                transactionTimers.removeValue(forKey: timer)?.cancel()
            case .deliverRequest(let request, let transaction, _):
                deliver(request, transaction: transaction)
            case .deliverResponse(let response, _), .deliverStrayResponse(let response, _):
                deliver(response)
            case .timeout(let transaction, _):
                branchFailed(transaction, transportError: false)
            case .transportError(let transaction):
                branchFailed(transaction, transportError: true)
            case .terminated(let transaction):
                forkByTransaction[transaction] = nil
            case .deliverStrayACK, .discarded:
                break
            }
        }
    }

    private func write(_ outbound: SIPOutboundMessage) {
        guard let transport,
            let remote = try? SocketAddress(ipAddress: outbound.destination.host, port: outbound.destination.port)
        else { return }
        let kind = SIPTransportKind(rawValue: outbound.destination.transport.uppercased()) ?? .udp
        transport.send(outbound.message, over: SIPFlow(kind: kind, remote: remote)).whenFailure { _ in
            guard let transaction = outbound.transaction else { return }
            self.perform(self.transactions.transportError(transaction))
        }
    }

    private func deliver(_ response: SIPResponse) {
        guard let callID = response.headers["call-id"], let id = callBySIPCallID[callID] else { return }
        if refusesSecureAnswer(response, call: id) {
            run(id) { $0.refuseSession(in: response) }
        } else {
            run(id) { $0.receiveResponse(response) }
        }
    }

    /// RFC 4568 §7.1.3 on a secured branch's SDP answer (18x or 2xx to its INVITE): the answer must stay RTP/SAVP
    /// with exactly one `a=crypto` line of an offered tag and suite and a key we can run. Other answer problems keep
    /// their old course (the call is answered without media, `answerRejected`).
    private func refusesSecureAnswer(_ response: SIPResponse, call id: SIPCallID) -> Bool {
        guard !response.body.isEmpty, response.status.isProvisional || response.status.isSuccess,
            let call = calls[id], let secureOffer = call.secureOffer, let callID = response.headers["call-id"],
            let fork = call.leg.fork(callID: callID), call.leg.isSecured(fork), call.leg.answersInitialInvite(response),
            let answer = try? SDPSessionDescription(parsing: response.body)
        else { return false }
        do {
            _ = try SDPOfferAnswer.evaluate(answer: answer, offer: secureOffer)
            return false
        } catch {
            return error == .noCryptoAccepted
        }
    }

    private func deliver(_ request: SIPRequest, transaction: SIPTransactionID) {
        if let callID = request.headers["call-id"], let id = callBySIPCallID[callID] {
            run(id) { $0.receiveRequest(request, transaction: transaction) }
            return
        }
        // Not one of our calls. Issue 5 item 7: an INVITE from a client towards the gateway is refused (403);
        // other requests outside a dialog of ours get 481 (RFC 3261 §12.2.2), OPTIONS 200 (RFC 3261 §11.2).
        let status: SIPStatus =
            switch request.method {
            case .invite: .forbidden
            case .options: .ok
            default: .callOrTransactionDoesNotExist
            }
        if let actions = try? transactions.send(
            SIPResponse(answering: request, status: status, toTag: "rr"),
            in: transaction)
        {
            perform(actions)
        }
    }

    private func branchFailed(_ transaction: SIPTransactionID, transportError: Bool) {
        guard let entry = forkByTransaction[transaction], entry.method == .invite else { return }
        run(entry.call) { $0.branchFailed(entry.fork, transportError: transportError) }
    }

    /// Runs one state-machine input of a call synchronously (we are on the event loop).
    private func run(_ id: SIPCallID, _ input: (inout SIPForkingLeg) -> [SIPForkingAction]) {
        guard var call = calls[id] else { return }
        let actions = input(&call.leg)
        calls[id] = call
        perform(actions, call: id)
    }

    // MARK: - Forking leg actions

    func perform(_ actions: [SIPForkingAction], call id: SIPCallID) {
        for action in actions {
            switch action {
            case .sendRequest(let request, let fork, let destination), .sendACK(let request, let fork, let destination):
                if let callID = request.headers["call-id"] { callBySIPCallID[callID] = id }
                let request = localized(request, for: destination.transport)
                let sent: (SIPTransactionID?, [SIPTransactionLayerAction])
                do {
                    sent = try transactions.send(request, to: destination)
                } catch {
                    // Never expected (RFC 3261 §8.1.1.7: our branches are unique), but never silent either: a branch
                    // whose INVITE cannot be sent fails at once, as for a transport error (§8.1.3.1: 503), on the
                    // next turn of the loop so that this leg's current actions finish first.
                    if request.method == .invite {
                        eventLoop.execute { self.run(id) { $0.branchFailed(fork, transportError: true) } }
                    }
                    continue
                }
                let (transaction, layerActions) = sent
                if let transaction { forkByTransaction[transaction] = (id, fork, request.method) }
                perform(layerActions)
            case .sendResponse(let response, let transaction):
                if let layerActions = try? transactions.send(response, in: transaction) { perform(layerActions) }
            case .startTimer(let timer, let delay):
                let key = LegTimer(call: id, timer: timer)
                legTimers[key]?.cancel()
                legTimers[key] = eventLoop.scheduleTask(in: delay) {
                    self.legTimers[key] = nil
                    self.run(id) { $0.timerFired(timer) }
                }
            case .cancelTimer(let timer):
                legTimers.removeValue(forKey: LegTimer(call: id, timer: timer))?.cancel()
            case .alerting(let fork): notify(id, .alerting(fork))
            case .earlyMedia(let fork, let sdp):
                notify(id, .earlyMedia(fork, sdp: sdp, audio: try? negotiate(id, fork: fork, sdp)))
            case .earlyMediaStopped(let fork): notify(id, .earlyMediaStopped(fork))
            case .answered(let fork, let sdp):
                do {
                    notify(id, .answered(fork, sdp: sdp, audio: try negotiate(id, fork: fork, sdp)))
                } catch {
                    notify(id, .answered(fork, sdp: sdp, audio: nil))
                    notify(id, .answerRejected(fork, error))
                }
            case .failed(let failure): notify(id, .failed(failure))
            case .released(let cause): notify(id, .released(cause: cause))
            case .offerReceived(let fork, let sdp): notify(id, .offerReceived(fork, sdp: sdp))
            case .sessionModified(let fork, let sdp): notify(id, .sessionModified(fork, sdp: sdp))
            case .sessionModificationFailed(let fork, let status): notify(id, .sessionModificationFailed(fork, status))
            }
        }
        forgetWhenEnded(id)
    }

    /// Our Via sent-by and Contact for the transport a request takes (RFC 3261 §18.1.1: the Via names the transport
    /// and the port we listen on for it; RFC 5626 §5.3: the device answers and sends in-dialog requests on that
    /// transport). The leg builds them with the UDP port; TCP, TLS and WebSocket listeners may have ports of their own.
    /// Deterministic, so the CANCEL of an INVITE (built from the leg's copy) gets the same Via as the INVITE.
    func localized(_ request: SIPRequest, for transportName: String) -> SIPRequest {
        guard let kind = SIPTransportKind(rawValue: transportName.uppercased()),
            let port = transport?.address(of: kind)?.port
        else { return request }
        var request = request
        if var via = try? request.headers.topVia(), via.port != port || via.transport != kind.viaToken {
            via.port = port
            via.transport = kind.viaToken
            request.headers.removeFirstValue("via")
            request.headers.prepend("Via", via.description)
        }
        if request.headers.contains("contact") {
            var uri = SIPURI(user: "reroute", host: configuration.host, port: port)
            if kind != .udp { uri.parameters.set("transport", kind.rawValue.lowercased()) }
            request.headers.replace("Contact", with: "<\(uri.description)>")
        }
        return request
    }

    private func notify(_ id: SIPCallID, _ event: SIPCallEvent) { calls[id]?.events(event) }

    /// An ended call is kept for 64*T1 so a late 2xx is still ACKed and ended with BYE (RFC 3261 §13.2.2.4: the
    /// UAC core keeps the INVITE's dialog set for that long), then forgotten.
    func forgetWhenEnded(_ id: SIPCallID) {
        guard let call = calls[id], call.leg.isEnded, !call.forgetting else { return }
        calls[id]?.forgetting = true
        _ = eventLoop.scheduleTask(in: configuration.transactionTimers.transactionTimeout) {
            self.calls[id] = nil
            self.callBySIPCallID = self.callBySIPCallID.filter { $0.value != id }
            for timer in self.legTimers.keys where timer.call == id {
                self.legTimers.removeValue(forKey: timer)?.cancel()
            }
        }
    }

    /// RFC 3264 §7: the answer checked against the offer its branch got (the secure one towards TLS/WSS devices);
    /// nil when we gave no parsed offer.
    private func negotiate(_ id: SIPCallID, fork: SIPForkID, _ sdp: [UInt8]) throws(SDPNegotiationError)
        -> SDPNegotiatedAudio?
    {
        guard let call = calls[id] else { return nil }
        let secured = call.leg.isSecured(fork) ? call.secureOffer : nil
        guard let offer = secured ?? call.offer else { return nil }
        guard let answer = try? SDPSessionDescription(parsing: sdp) else { throw .noAudioOffered }
        return try SDPOfferAnswer.evaluate(answer: answer, offer: offer)
    }
}
