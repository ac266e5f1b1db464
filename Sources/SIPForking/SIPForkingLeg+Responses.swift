import SIPTransactions
public import SIPWire

extension SIPForkingLeg {
    /// A response from a device to a request of this leg (the shell passes every response its transaction layer
    /// delivers, including stray 2xx retransmissions). Matched to its branch by Call-ID.
    public mutating func receiveResponse(_ response: SIPResponse) -> [SIPForkingAction] {
        guard let callID = response.headers["call-id"], let id = forkByCallID[callID], let fork = forks[id],
            let cseq = try? response.headers.cseq()
        else { return [] }
        let initialSequence = (try? fork.invite.headers.cseq())?.sequence
        switch cseq.method {
        case .invite where cseq.sequence == initialSequence:
            return receiveInviteResponse(response, fork: id)
        case .invite, .update:
            return receiveSessionResponse(response, fork: id, method: cseq.method)
        default:
            // CANCEL, BYE and PRACK answers change nothing here (RFC 3261 §9.1: the INVITE's own 487 follows).
            return []
        }
    }

    /// The INVITE client transaction of a branch timed out (Timer B) or its transport failed: RFC 3261 §8.1.3.1
    /// "treated as ... a 408 (Request Timeout)" / "a 503 (Service Unavailable)".
    public mutating func branchFailed(_ id: SIPForkID, transportError: Bool = false) -> [SIPForkingAction] {
        guard let fork = forks[id], fork.isPending else { return [] }
        var response = SIPResponse(
            answering: fork.invite, status: transportError ? .serviceUnavailable : .requestTimeout)
        response.headers.remove("via")
        return receiveInviteResponse(response, fork: id)
    }

    private mutating func receiveInviteResponse(_ response: SIPResponse, fork id: SIPForkID) -> [SIPForkingAction] {
        guard var fork = forks[id] else { return [] }
        let event = fork.dialogs.receive(response)
        forks[id] = fork
        let status = response.status
        if status == .trying { return [] }
        if status.isProvisional { return receiveProvisional(response, fork: id, event: event) }
        if status.isSuccess { return receiveSuccess(response, fork: id, event: event) }
        // 300–699: the transaction layer ACKs it (RFC 3261 §17.1.1.3); the branch is over.
        guard fork.isPending else { return [] }
        fork.state = .terminated
        // A branch we cancelled for its answer keeps its 488 (SIPForkingLeg+Security) rather than the 487.
        fork.failure = fork.failure ?? response
        forks[id] = fork
        var actions: [SIPForkingAction] = []
        if earlyMediaFork == id {
            earlyMediaFork = nil
            actions.append(.earlyMediaStopped(id))
        }
        return actions + failIfAllFailed()
    }

    private mutating func receiveProvisional(
        _ response: SIPResponse, fork id: SIPForkID, event: SIPDialogSet.Event
    ) -> [SIPForkingAction] {
        guard var fork = forks[id] else { return [] }
        var actions: [SIPForkingAction] = []
        switch fork.state {
        case .calling:
            fork.state = .proceeding
        case .cancelling(sent: false):
            fork.state = .cancelling(sent: true)
            actions.append(.sendRequest(makeCancel(fork, reason: cancelReason), fork: id, to: fork.contact.nextHop))
        case .proceeding, .cancelling(sent: true), .confirmed, .terminated:
            break
        }
        forks[id] = fork
        actions += prackIfRequired(response, fork: id, event: event)
        guard case .ringing = phase, forks[id]?.state == .proceeding else { return actions }
        if !(forks[id]?.alerted ?? true) {
            forks[id]?.alerted = true
            actions.append(.alerting(id))
        }
        // Early media: the first branch to send SDP in a provisional response is heard by the caller.
        if !response.body.isEmpty, earlyMediaFork == nil {
            earlyMediaFork = id
            actions.append(.earlyMedia(id, sdp: response.body))
        }
        return actions
    }

    /// RFC 3262 §4: "If a provisional response is received for an initial request, and that response contains a
    /// Supported or Require header field containing the option tag 100rel, the UAC SHOULD send a PRACK" with
    /// "RAck ... the response number ... [and] the CSeq number and method" of the response, once per RSeq in order.
    private mutating func prackIfRequired(
        _ response: SIPResponse, fork id: SIPForkID, event: SIPDialogSet.Event
    ) -> [SIPForkingAction] {
        guard let requires = try? response.headers.optionTags("require"), requires.contains("100rel"),
            let rseqText = response.headers["rseq"], let rseq = UInt32(Substring(rseqText).trimmingCharacters),
            let cseq = try? response.headers.cseq(), let fork = forks[id]
        else { return [] }
        if let last = fork.lastRSeq, rseq <= last { return [] }
        let dialogID: SIPDialogID
        switch event {
        case .created(let created), .updated(let created): dialogID = created
        case .none, .confirmed, .retransmission, .earlyDialogsTerminated, .failed: return []
        }
        guard var prack = makeInDialog(.prack, fork: id, dialog: dialogID) else { return [] }
        prack.headers.add("RAck", "\(rseq) \(cseq.sequence) \(cseq.method.rawValue)")
        forks[id]?.lastRSeq = rseq
        return [.sendRequest(prack, fork: id, to: fork.contact.nextHop)]
    }

    private mutating func receiveSuccess(
        _ response: SIPResponse, fork id: SIPForkID, event: SIPDialogSet.Event
    ) -> [SIPForkingAction] {
        let dialogID: SIPDialogID
        switch event {
        case .created(let created), .confirmed(let created):
            dialogID = created
        case .retransmission(let existing):
            // RFC 3261 §13.2.2.4: retransmissions of the 2xx are ACKed again; a loser's BYE was sent already.
            guard let fork = forks[id], let ack = makeACK(fork, dialog: existing, response: response) else { return [] }
            return [.sendACK(ack, fork: id, to: fork.contact.nextHop)]
        case .none, .updated, .earlyDialogsTerminated, .failed:
            return []
        }
        guard case .ringing = phase, let fork = forks[id], fork.isPending else {
            // The classic forking race: a second 2xx after the winner (or after the call ended).
            return acknowledgeAndEnd(id, dialog: dialogID, response: response, reason: lateReason)
        }
        return win(id, dialog: dialogID, response: response)
    }

    private var lateReason: String {
        winner == nil ? cancelReason : SIPCauseMapping.completedElsewhere
    }

    /// The first 2xx: ACK it, stop ringing, switch media to the winner, CANCEL the others with
    /// `Reason: SIP;cause=200;text="Call completed elsewhere"` (issue 5 item 4, RFC 3326).
    private mutating func win(_ id: SIPForkID, dialog dialogID: SIPDialogID, response: SIPResponse)
        -> [SIPForkingAction]
    {
        guard var fork = forks[id], let ack = makeACK(fork, dialog: dialogID, response: response) else { return [] }
        fork.state = .confirmed(dialogID)
        forks[id] = fork
        var actions: [SIPForkingAction] = [.cancelTimer(ringTimer), .sendACK(ack, fork: id, to: fork.contact.nextHop)]
        if let early = earlyMediaFork, early != id { actions.append(.earlyMediaStopped(early)) }
        earlyMediaFork = nil
        actions.append(.answered(id, sdp: response.body))
        actions += cancelPending(reason: SIPCauseMapping.completedElsewhere)
        var session = SIPForkSession(fork: id, dialog: dialogID, localSDP: fork.invite.body)
        actions += startSessionTimer(&session, from: response.headers, weAreUAC: true)
        phase = .answered(session)
        return actions
    }
}
