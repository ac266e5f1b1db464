import NIOCore
import SIPTransactions
import SIPWire

/// The answered call: the winning branch's dialog, session timer (RFC 4028) and offer/answer in progress.
struct SIPForkSession: Hashable, Sendable {
    /// Who refreshes the session (RFC 4028 §7.2, §9).
    enum Refresher: Hashable, Sendable {
        case none
        case us(interval: UInt32)
        case device(interval: UInt32)
    }

    let fork: SIPForkID
    let dialog: SIPDialogID
    /// Our current SDP (offer or answer), resent in refresh re-INVITEs unchanged (RFC 3264 §8: same version).
    var localSDP: [UInt8]
    var refresher: Refresher = .none
    var timer: SIPForkingTimer?
    /// The device listed UPDATE in Allow (RFC 3311 §5.1), so refreshes need no re-INVITE (RFC 4028 §9).
    var deviceAllowsUpdate = false
    /// Our re-INVITE in progress and whether it is a plain refresh rather than a modification.
    var pendingReinvite: (sequence: UInt32, isRefresh: Bool)?
    /// A device's re-INVITE or UPDATE with an offer, waiting for ``SIPForkingLeg/answerOffer(_:)``.
    var pendingOffer: (request: SIPRequest, transaction: SIPTransactionID)?

    init(fork: SIPForkID, dialog: SIPDialogID, localSDP: [UInt8]) {
        self.fork = fork
        self.dialog = dialog
        self.localSDP = localSDP
    }

    static func == (lhs: SIPForkSession, rhs: SIPForkSession) -> Bool {
        lhs.fork == rhs.fork && lhs.dialog == rhs.dialog && lhs.localSDP == rhs.localSDP
            && lhs.refresher == rhs.refresher && lhs.timer == rhs.timer
            && lhs.deviceAllowsUpdate == rhs.deviceAllowsUpdate
            && lhs.pendingReinvite?.sequence == rhs.pendingReinvite?.sequence
            && lhs.pendingReinvite?.isRefresh == rhs.pendingReinvite?.isRefresh
            && lhs.pendingOffer?.request == rhs.pendingOffer?.request
            && lhs.pendingOffer?.transaction == rhs.pendingOffer?.transaction
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(fork)
        hasher.combine(dialog)
        hasher.combine(timer)
    }
}
