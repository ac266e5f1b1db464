import SIPTransactions
public import SIPWire

/// Branches offered SRTP (RFC 4568 SDES keys, only towards TLS/WSS devices: §8.3) and answers we refuse.
///
/// The shell checks a secured branch's SDP answer (RFC 4568 §7.1.3) before the leg sees the response; an answer
/// that fails is handed to ``refuseSession(in:)`` instead of ``receiveResponse(_:)``:
///
/// ```
///  18x with SDP ── refused ──► no early media from it; CANCEL the branch (Reason: SIP;cause=488)
///  2xx          ── refused ──► ACK, then BYE (Reason: SIP;cause=488) — the branch never wins
///  either way the branch fails as 488 Not Acceptable Here (RFC 3261 §16.7 choice); the other branches ring on
/// ```
extension SIPForkingLeg {
    /// RFC 3326 reason of a branch ended for its answer (RFC 3261 §21.4.26: "the offer is not acceptable").
    public static let sessionRefusedReason = "SIP;cause=488;text=\"Not Acceptable Here\""

    /// The branch a response or in-dialog request belongs to (matched by Call-ID).
    public func fork(callID: String) -> SIPForkID? { forkByCallID[callID] }

    /// Whether the branch was offered ``SIPForkingCall/secureOffer`` (RTP/SAVP with SDES keys).
    public func isSecured(_ id: SIPForkID) -> Bool {
        guard call.secureOffer != nil, let fork = forks[id] else { return false }
        return SIPForkingCall.protectsSDP(fork.contact.nextHop)
    }

    /// Whether `response` answers a branch's initial INVITE (its SDP, if any, answers our offer, RFC 3264 §4).
    public func answersInitialInvite(_ response: SIPResponse) -> Bool {
        guard let callID = response.headers["call-id"], let id = forkByCallID[callID], let fork = forks[id],
            let cseq = try? response.headers.cseq(), cseq.method == .invite
        else { return false }
        return cseq.sequence == (try? fork.invite.headers.cseq())?.sequence
    }

    /// A response to a branch's initial INVITE whose SDP answer we cannot accept (RFC 4568 §7.1.3: no usable
    /// `a=crypto` line in the answer to our RTP/SAVP offer; RFC 3264 has no way to refuse an answer but ending the
    /// branch). Anything else is ``receiveResponse(_:)``.
    public mutating func refuseSession(in response: SIPResponse) -> [SIPForkingAction] {
        guard answersInitialInvite(response), let callID = response.headers["call-id"], let id = forkByCallID[callID]
        else { return receiveResponse(response) }
        if response.status.isProvisional {
            var withoutAnswer = response
            withoutAnswer.body = []
            var actions = receiveResponse(withoutAnswer)
            guard case .ringing = phase, var fork = forks[id], fork.state == .proceeding else { return actions }
            fork.state = .cancelling(sent: true)
            fork.failure = refusal(fork)
            forks[id] = fork
            actions.append(
                .sendRequest(makeCancel(fork, reason: Self.sessionRefusedReason), fork: id, to: fork.contact.nextHop))
            return actions
        }
        guard response.status.isSuccess, case .ringing = phase, var fork = forks[id], fork.isPending else {
            // Final failures need no refusal; a 2xx after the winner or the end is ACKed and ended by BYE anyway.
            return receiveResponse(response)
        }
        let event = fork.dialogs.receive(response)
        forks[id] = fork
        let dialogID: SIPDialogID
        switch event {
        case .created(let created), .confirmed(let created):
            dialogID = created
        case .retransmission, .none, .updated, .earlyDialogsTerminated, .failed:
            return receiveResponse(response)
        }
        // RFC 3261 §13.2.2.4: the 2xx is ACKed; "If the UAC does not want to continue with that dialog, then the UAC
        // MUST terminate the dialog by sending a BYE request".
        var actions = acknowledgeAndEnd(id, dialog: dialogID, response: response, reason: Self.sessionRefusedReason)
        let failure = refusal(fork)
        forks[id]?.failure = failure
        if earlyMediaFork == id {
            earlyMediaFork = nil
            actions.append(.earlyMediaStopped(id))
        }
        return actions + failIfAllFailed()
    }

    /// The branch's failure as a 488 for the RFC 3261 §16.7 choice among the branches.
    private func refusal(_ fork: SIPFork) -> SIPResponse {
        var response = SIPResponse(answering: fork.invite, status: .notAcceptableHere)
        response.headers.remove("via")
        return response
    }
}
