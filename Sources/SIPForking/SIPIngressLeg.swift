public import NIOCore
public import SIPTransactions
public import SIPWire
public import TelecomTypes

/// The soft-switch side of a call the switch sent us as an INVITE (issue 7 item 1): the UAS core of RFC 3261 §13.3
/// for that one INVITE, pure. The call's progress comes in as inputs (ringing, early media, answer, release), the
/// switch's ACK, CANCEL and BYE too; out come the responses for the INVITE's server transaction, the BYE we send
/// in the dialog, and the 2xx retransmission / ACK-wait timers (§13.3.1.4). The devices' SDP is passed through: the
/// switch's offer went to the devices, their answer comes back here.
public struct SIPIngressLeg: Hashable, Sendable {
    public enum Timer: Hashable, Sendable {
        /// §13.3.1.4: the 2xx "MUST be passed to the transport with an interval that starts at T1 seconds and
        /// doubles for each retransmission until it reaches T2 seconds" (unreliable transports only).
        case retransmitAnswer
        /// §13.3.1.4: "If the server retransmits the 2xx response for 64*T1 seconds without receiving an ACK, the
        /// dialog is confirmed, but the session SHOULD be terminated ... with a BYE".
        case waitForACK
    }

    public enum Input: Hashable, Sendable {
        /// A device rings: 180 (once).
        case ringing
        /// A device sends early media: 183 with its SDP (RFC 3261 §13.3.1.1, RFC 3960 §3).
        case earlyMedia(sdp: [UInt8])
        /// The winning device answered: 200 with its SDP answer.
        case answer(sdp: [UInt8])
        /// The call ends from our side with this cause: the final response before the answer (RFC 3398 §8.2.6.1,
        /// with `Reason: Q.850`, RFC 3326 / RFC 6432), a BYE after it.
        case release(Q850Cause)
        /// The switch's CANCEL matched the INVITE (its 200 is the shell's, RFC 3261 §9.2).
        case cancelled
        /// The ACK for our 2xx.
        case ack
        /// The switch's BYE (its 200 is the shell's, §15.1.2), with the cause its Reason gives.
        case bye(Q850Cause)
        case timerFired(Timer)
    }

    public enum Action: Hashable, Sendable {
        /// Send on the INVITE's server transaction.
        case respond(SIPResponse)
        /// Send in the dialog, in a new client transaction, to its remote target.
        case sendRequest(SIPRequest)
        case startTimer(Timer, after: TimeAmount)
        case cancelTimer(Timer)
        /// The switch ended the call (CANCEL, BYE, or no ACK): release the devices with this cause.
        case callerGone(Q850Cause)
        /// The leg is over; the shell forgets it once the last transaction ends.
        case finished
    }

    public enum Phase: Hashable, Sendable {
        case early
        case answered(acknowledged: Bool)
        case ended
    }

    public private(set) var phase: Phase = .early
    public let invite: SIPRequest
    /// Our To tag: one dialog for every response (a B2BUA answers as one UA, RFC 3261 §12.1.1).
    public let localTag: String
    let contact: SIPAddress
    let via: SIPVia
    let reliable: Bool
    let timers: SIPTimerConfiguration
    var identifiers: SIPIdentifierGenerator
    var dialog: SIPDialog?
    var ringingSent = false
    var answer: SIPResponse?
    var retransmitInterval: TimeAmount

    /// `contact`: our address for the dialog's remote target; `via`: the top Via of our BYE (the transaction layer
    /// adds the branch); `reliable`: the INVITE came over TCP/TLS (no 2xx retransmission, §13.3.1.4).
    public init(
        invite: SIPRequest, contact: SIPAddress, via: SIPVia, reliable: Bool, timers: SIPTimerConfiguration,
        identifiers: SIPIdentifierGenerator
    ) {
        self.invite = invite
        self.contact = contact
        self.via = via
        self.reliable = reliable
        self.timers = timers
        self.identifiers = identifiers
        localTag = self.identifiers.tag()
        retransmitInterval = timers.t1
    }

    public mutating func handle(_ input: Input) -> [Action] {
        switch (phase, input) {
        case (.early, .ringing):
            guard !ringingSent else { return [] }
            ringingSent = true
            return [.respond(response(.ringing))]
        case (.early, .earlyMedia(let sdp)):
            return [.respond(response(.sessionProgress, sdp: sdp))]
        case (.early, .answer(let sdp)):
            let ok = response(.ok, sdp: sdp)
            answer = ok
            dialog = try? SIPDialog(uasRequest: invite, response: ok, overTLS: false)
            phase = .answered(acknowledged: false)
            var actions: [Action] = [.respond(ok), .startTimer(.waitForACK, after: timers.t1 * 64)]
            if !reliable { actions.append(.startTimer(.retransmitAnswer, after: retransmitInterval)) }
            return actions
        case (.early, .release(let cause)):
            phase = .ended
            var refusal = response(SIPCauseMapping.status(for: cause))
            refusal.headers.add("Reason", SIPCauseMapping.reasonHeader(for: cause))
            return [.respond(refusal), .finished]
        case (.early, .cancelled):
            // §9.2: "the UAS core ... SHOULD respond to the INVITE with a 487 (Request Terminated)".
            phase = .ended
            return [.respond(response(.requestTerminated)), .callerGone(.normalCallClearing), .finished]
        case (.answered, .ack):
            phase = .answered(acknowledged: true)
            return [.cancelTimer(.retransmitAnswer), .cancelTimer(.waitForACK)]
        case (.answered(false), .timerFired(.retransmitAnswer)):
            guard let answer else { return [] }
            retransmitInterval = min(retransmitInterval * 2, timers.t2)
            return [.respond(answer), .startTimer(.retransmitAnswer, after: retransmitInterval)]
        case (.answered(false), .timerFired(.waitForACK)):
            return end(cause: .recoveryOnTimerExpiry, callerGone: true)
        case (.answered, .bye(let cause)):
            phase = .ended
            return [.cancelTimer(.retransmitAnswer), .cancelTimer(.waitForACK), .callerGone(cause), .finished]
        case (.answered, .release(let cause)):
            return end(cause: cause, callerGone: false)
        case (.early, .bye(let cause)):
            // §15: a BYE before the answer ends the early dialog; the INVITE still gets its 487 (§15.1.2).
            phase = .ended
            return [.respond(response(.requestTerminated)), .callerGone(cause), .finished]
        default:
            // A CANCEL after the answer has no effect (§9.2); late device events after the end are dropped.
            return []
        }
    }

    /// Our BYE (§15.1.1) with the cause (RFC 3326), after the answer.
    private mutating func end(cause: Q850Cause, callerGone: Bool) -> [Action] {
        phase = .ended
        var actions: [Action] = [.cancelTimer(.retransmitAnswer), .cancelTimer(.waitForACK)]
        if var dialog {
            var bye = dialog.makeRequest(.bye, via: via, identifiers: &identifiers)
            bye.headers.add("Reason", SIPCauseMapping.reasonHeader(for: cause))
            self.dialog = dialog
            actions.append(.sendRequest(bye))
        }
        if callerGone { actions.append(.callerGone(cause)) }
        actions.append(.finished)
        return actions
    }

    /// A response to the INVITE in our one dialog: To tag, Contact for dialog-creating responses (§12.1.1), the
    /// SDP body when there is one.
    private func response(_ status: SIPStatus, sdp: [UInt8] = []) -> SIPResponse {
        var response = SIPResponse(answering: invite, status: status, toTag: localTag)
        if status.rawValue < 300 {
            // §12.1.1: the UAS "MUST copy all Record-Route header field values from the request into the
            // response" and "MUST add a Contact header field to the response".
            for route in invite.headers.rows("record-route") { response.headers.add("Record-Route", route) }
            response.headers.add("Contact", contact.description)
            response.headers.add("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS")
        }
        if !sdp.isEmpty {
            response.headers.add("Content-Type", "application/sdp")
            response.body = sdp
        }
        return response
    }
}
