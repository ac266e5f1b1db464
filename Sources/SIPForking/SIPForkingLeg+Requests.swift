import SIPTransactions
import SIPWire

/// The requests the leg builds: INVITE per branch, CANCEL, ACK for 2xx, BYE, PRACK.
extension SIPForkingLeg {
    /// Our Via for a request to `contact` with a fresh branch (RFC 3261 §8.1.1.7) and `rport` (RFC 3581 §3).
    mutating func makeVia(_ nextHop: SIPTransportAddress) -> SIPVia {
        var parameters = SIPParameters()
        parameters.set("branch", identifiers.branch())
        parameters.set("rport", nil)
        return SIPVia(
            transport: nextHop.transport, host: configuration.localHost, port: configuration.localPort,
            parameters: parameters)
    }

    var contactHeader: String {
        let uri = SIPURI(user: configuration.contactUser, host: configuration.localHost, port: configuration.localPort)
        return "<\(uri.description)>"
    }

    /// The INVITE of one branch (RFC 3261 §8.1.1): own Call-ID and From tag, the call's From/To and identity headers,
    /// `Supported: 100rel, timer` (RFC 3262 §3, RFC 4028 §7.1) with `Session-Expires`/`Min-SE`, and the offer.
    mutating func makeInvite(to contact: SIPForkingContact) -> SIPRequest {
        var from = call.from
        from.tag = identifiers.tag()
        var headers = SIPHeaders()
        headers.add("Via", makeVia(contact.nextHop).description)
        headers.add("Max-Forwards", "70")
        headers.add("From", from.description)
        headers.add("To", call.to.description)
        headers.add("Call-ID", identifiers.callID(host: configuration.localHost))
        headers.add("CSeq", SIPCSeq(sequence: identifiers.initialSequence(), method: .invite).description)
        headers.add("Contact", contactHeader)
        for field in call.headers { headers.add(field.name, field.value) }
        headers.add("Allow", "INVITE, ACK, CANCEL, BYE, PRACK, UPDATE, OPTIONS")
        if configuration.sessionTimers {
            headers.add("Supported", "100rel, timer")
            headers.add("Session-Expires", String(configuration.sessionExpires))
            headers.add("Min-SE", String(configuration.minimumSessionExpires))
        } else {
            headers.add("Supported", "100rel")
        }
        // RFC 4568 §8.3: SDES keys only to a device whose signalling is protected (TLS, WSS).
        let offer = call.offer(towards: contact.nextHop)
        if !offer.isEmpty { headers.add("Content-Type", "application/sdp") }
        return SIPRequest(method: .invite, uri: contact.uri, headers: headers, body: offer)
    }

    /// The CANCEL of a branch's INVITE (RFC 3261 §9.1) with the RFC 3326 Reason.
    func makeCancel(_ fork: SIPFork, reason: String) -> SIPRequest {
        var cancel = SIPRequest.cancelling(fork.invite)
        cancel.headers.add("Reason", reason)
        return cancel
    }

    /// The ACK for a 2xx of a branch (RFC 3261 §13.2.2.4), with a branch of its own (it is a new transaction).
    mutating func makeACK(_ fork: SIPFork, dialog id: SIPDialogID, response: SIPResponse) -> SIPRequest? {
        guard let dialog = fork.dialogs[id] else { return nil }
        return dialog.makeACK(for: response, via: makeVia(fork.contact.nextHop))
    }

    /// A request in a branch's dialog (RFC 3261 §12.2.1.1): BYE, PRACK, UPDATE, re-INVITE.
    mutating func makeInDialog(
        _ method: SIPMethod, fork id: SIPForkID, dialog dialogID: SIPDialogID
    ) -> SIPRequest? {
        guard var fork = forks[id], var dialog = fork.dialogs[dialogID] else { return nil }
        let via = makeVia(fork.contact.nextHop)
        let request = dialog.makeRequest(method, via: via, identifiers: &identifiers)
        fork.dialogs[dialogID] = dialog
        forks[id] = fork
        return request
    }

    /// ACK then BYE for a 2xx we do not want (RFC 3261 §13.2.2.4 forking race: "the UAC core MUST generate an ACK
    /// ... If the UAC does not want to continue with that dialog, then the UAC MUST terminate the dialog by
    /// sending a BYE request as described in Section 15").
    mutating func acknowledgeAndEnd(
        _ id: SIPForkID, dialog dialogID: SIPDialogID, response: SIPResponse, reason: String
    ) -> [SIPForkingAction] {
        guard let fork = forks[id], let ack = makeACK(fork, dialog: dialogID, response: response) else { return [] }
        var actions: [SIPForkingAction] = [.sendACK(ack, fork: id, to: fork.contact.nextHop)]
        if var bye = makeInDialog(.bye, fork: id, dialog: dialogID) {
            bye.headers.add("Reason", reason)
            actions.append(.sendRequest(bye, fork: id, to: fork.contact.nextHop))
        }
        forks[id]?.state = .terminated
        return actions
    }
}
