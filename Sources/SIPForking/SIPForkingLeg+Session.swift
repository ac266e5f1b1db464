import NIOCore
public import SIPTransactions
public import SIPWire
public import TelecomTypes

extension SIPForkingLeg {
    /// Whether a request from a device belongs to this leg (its Call-ID is one of our branches).
    public func owns(_ request: SIPRequest) -> Bool {
        request.headers["call-id"].map { forkByCallID[$0] != nil } ?? false
    }

    /// The network side released the answered call (ISUP REL): BYE to the device with the cause
    /// (RFC 3398 §7.2.2 / Q.1912.5, carried as `Reason: Q.850`, RFC 3326). Before an answer this abandons the call.
    public mutating func release(cause: Q850Cause = .normalCallClearing) -> [SIPForkingAction] {
        guard case .answered(let session) = phase else { return abandon(cause: cause) }
        phase = .ended
        var actions: [SIPForkingAction] = session.timer.map { [.cancelTimer($0)] } ?? []
        if var bye = makeInDialog(.bye, fork: session.fork, dialog: session.dialog), let fork = forks[session.fork] {
            bye.headers.add("Reason", SIPCauseMapping.reasonHeader(for: cause))
            actions.append(.sendRequest(bye, fork: session.fork, to: fork.contact.nextHop))
        }
        return actions
    }

    /// The network side changes the session (hold: `a=sendonly`, resume: `a=sendrecv`): a re-INVITE with this
    /// offer to the answered device (RFC 3264 §8, RFC 3261 §14.1). Ignored while another offer/answer is open
    /// (RFC 3261 §14.1: "MUST NOT initiate a new INVITE transaction ... while another INVITE transaction is in
    /// progress").
    public mutating func modifySession(offer: [UInt8]) -> [SIPForkingAction] {
        guard case .answered(var session) = phase, session.pendingReinvite == nil, session.pendingOffer == nil,
            let action = reinvite(&session, body: offer, isRefresh: false)
        else { return [] }
        session.localSDP = offer
        phase = .answered(session)
        return [action]
    }

    /// Our answer to the device's offer reported by ``SIPForkingAction/offerReceived(_:sdp:)``.
    public mutating func answerOffer(_ sdp: [UInt8]) -> [SIPForkingAction] {
        guard case .answered(var session) = phase, let pending = session.pendingOffer else { return [] }
        session.pendingOffer = nil
        session.localSDP = sdp
        var response = okResponse(to: pending.request, session: session)
        response.headers.add("Content-Type", "application/sdp")
        response.body = sdp
        var actions: [SIPForkingAction] = [.sendResponse(response, transaction: pending.transaction)]
        actions += restartSessionTimer(&session, from: response.headers, weAreUAC: false)
        phase = .answered(session)
        return actions
    }

    /// Refuses the device's offer reported by ``SIPForkingAction/offerReceived(_:sdp:)`` (RFC 3261 §14.2: 488 when
    /// the offer cannot be answered; the session stays as it was, RFC 3264 §8). `warning` goes in a `Warning: 399`.
    public mutating func refuseOffer(_ status: SIPStatus = .notAcceptableHere, warning: String? = nil)
        -> [SIPForkingAction]
    {
        guard case .answered(var session) = phase, let pending = session.pendingOffer else { return [] }
        session.pendingOffer = nil
        phase = .answered(session)
        var response = SIPResponse(answering: pending.request, status: status)
        if let warning { response.headers.add("Warning", "399 reroute \"\(warning)\"") }
        return [.sendResponse(response, transaction: pending.transaction)]
    }

    /// A request from a device in one of our dialogs (BYE, re-INVITE, UPDATE, OPTIONS...), with the server
    /// transaction the shell created for it. An ACK (of our 2xx to a re-INVITE) needs nothing.
    public mutating func receiveRequest(_ request: SIPRequest, transaction: SIPTransactionID) -> [SIPForkingAction] {
        guard request.method != .ack else { return [] }
        guard let callID = request.headers["call-id"], let id = forkByCallID[callID], var fork = forks[id],
            let remoteTag = (try? request.headers.from())?.tag,
            let dialogID = fork.dialogs.dialogs.keys.first(where: { $0.remoteTag == remoteTag }),
            var dialog = fork.dialogs[dialogID]
        else {
            // RFC 3261 §12.2.2: a request that matches no dialog gets 481.
            return [respond(request, .callOrTransactionDoesNotExist, transaction)]
        }
        if case .reject(let status) = dialog.receiveRequest(request) {
            return [respond(request, status, transaction)]
        }
        fork.dialogs[dialogID] = dialog
        forks[id] = fork
        guard case .answered(var session) = phase, session.fork == id, session.dialog == dialogID else {
            // A loser's dialog or an early dialog: end it politely, renegotiate nothing.
            let status: SIPStatus = request.body.isEmpty || request.method == .bye ? .ok : .notAcceptableHere
            return [respond(request, status, transaction)]
        }
        switch request.method {
        case .bye:
            phase = .ended
            let stop: [SIPForkingAction] = session.timer.map { [.cancelTimer($0)] } ?? []
            return [respond(request, .ok, transaction)] + stop
                + [.released(cause: SIPCauseMapping.cause(forBYE: request))]
        case .invite, .update:
            // RFC 3261 §14.2: a re-INVITE "while another is in progress" gets 491 (glare) or 500.
            guard session.pendingOffer == nil, session.pendingReinvite == nil else {
                return [respond(request, .requestPending, transaction)]
            }
            if !request.body.isEmpty {
                session.pendingOffer = (request, transaction)
                phase = .answered(session)
                return [.offerReceived(id, sdp: request.body)]
            }
            var response = okResponse(to: request, session: session)
            if request.method == .invite {
                // RFC 3261 §14.2: an offerless re-INVITE gets the offer in the 2xx; ours is unchanged.
                response.headers.add("Content-Type", "application/sdp")
                response.body = session.localSDP
            }
            let actions = restartSessionTimer(&session, from: response.headers, weAreUAC: false)
            phase = .answered(session)
            return [.sendResponse(response, transaction: transaction)] + actions
        case .options, .info:
            return [respond(request, .ok, transaction)]
        default:
            var response = SIPResponse(answering: request, status: .methodNotAllowed)
            response.headers.add("Allow", "INVITE, ACK, CANCEL, BYE, PRACK, UPDATE, OPTIONS")
            return [.sendResponse(response, transaction: transaction)]
        }
    }

    private func respond(_ request: SIPRequest, _ status: SIPStatus, _ transaction: SIPTransactionID)
        -> SIPForkingAction
    {
        .sendResponse(SIPResponse(answering: request, status: status), transaction: transaction)
    }

    /// 200 to a device's re-INVITE/UPDATE: Contact (a target refresh answer, RFC 3261 §12.2.1.2), and the session
    /// interval with the device as refresher when it asked for one (RFC 4028 §9: "refresher=uac").
    private func okResponse(to request: SIPRequest, session: SIPForkSession) -> SIPResponse {
        var response = SIPResponse(answering: request, status: .ok)
        response.headers.add("Contact", contactHeader)
        if let expires = request.headers["session-expires"], let interval = Self.interval(expires) {
            response.headers.add("Require", "timer")
            response.headers.add("Session-Expires", "\(interval);refresher=uac")
        }
        return response
    }
}
