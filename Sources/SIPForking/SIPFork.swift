import SIPTransactions
import SIPWire

/// One branch of the forking leg: its INVITE, its dialogs (early, then confirmed), where it stands.
struct SIPFork: Hashable, Sendable {
    enum State: Hashable, Sendable {
        /// INVITE sent, nothing but 100 back: RFC 3261 §9.1 forbids a CANCEL yet.
        case calling
        /// A provisional response arrived.
        case proceeding
        /// CANCEL wanted (`sent` once a provisional allowed it); a 2xx may still cross it.
        case cancelling(sent: Bool)
        /// Our winning or losing 2xx; `dialog` names the confirmed dialog.
        case confirmed(SIPDialogID)
        /// A final failure, or the 2xx of a loser that we ended with BYE.
        case terminated
    }

    let id: SIPForkID
    let contact: SIPForkingContact
    let invite: SIPRequest
    var state: State
    var dialogs: SIPDialogSet
    /// RFC 3262 §4: the RSeq of the last reliable provisional we PRACKed.
    var lastRSeq: UInt32?
    var alerted = false
    /// The final failure response, for the §16.7 choice.
    var failure: SIPResponse?

    init(id: SIPForkID, contact: SIPForkingContact, invite: SIPRequest) {
        self.id = id
        self.contact = contact
        self.invite = invite
        self.state = .calling
        self.dialogs = SIPDialogSet(invite: invite, overTLS: contact.nextHop.transport == "TLS")
    }

    var callID: String { invite.headers["call-id"] ?? "" }

    /// Still waiting for a final response.
    var isPending: Bool {
        switch state {
        case .calling, .proceeding, .cancelling: true
        case .confirmed, .terminated: false
        }
    }
}
