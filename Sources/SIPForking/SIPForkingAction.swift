public import NIOCore
public import SIPTransactions
public import SIPWire
public import TelecomTypes

/// Why the forked call ended without an answer.
public enum SIPForkingFailure: Hashable, Sendable {
    /// Every branch failed: the best final response (RFC 3261 §16.7) and its Q.850 cause (RFC 3398 §8.2.6.1).
    case rejected(SIPStatus, cause: Q850Cause)
    /// The ring timeout fired: all branches were cancelled. The voicemail decision is the caller's
    /// (Q.850 cause 19 "no answer from user (user alerted)" if it releases instead).
    case noAnswer
}

/// What the forking leg asks its shell and the network side to do, in order.
public enum SIPForkingAction: Hashable, Sendable {
    /// Send a request in a new client transaction (INVITE, CANCEL, PRACK, BYE, UPDATE, re-INVITE).
    case sendRequest(SIPRequest, fork: SIPForkID, to: SIPTransportAddress)
    /// Send the ACK for a 2xx outside any transaction (RFC 3261 §13.2.2.4, §17.1.1.3 leaves it to the core).
    case sendACK(SIPRequest, fork: SIPForkID, to: SIPTransportAddress)
    /// Answer a request the device sent, in the server transaction the shell created for it.
    case sendResponse(SIPResponse, transaction: SIPTransactionID)

    /// A device rings (180) or reports progress (183): alert the network side (ISUP ACM/CPG).
    case alerting(SIPForkID)
    /// A device sent early media SDP (183 or 180 with a body): play its media towards the caller.
    case earlyMedia(SIPForkID, sdp: [UInt8])
    /// That early media ended (its branch failed, was cancelled, or another branch answered).
    case earlyMediaStopped(SIPForkID)
    /// The first 2xx: this branch won; its answer SDP is the media to bridge.
    case answered(SIPForkID, sdp: [UInt8])
    /// The call failed before an answer.
    case failed(SIPForkingFailure)

    /// The device sent an offer in the dialog (hold, resume, new address): answer it with
    /// ``SIPForkingLeg/answerOffer(_:)``.
    case offerReceived(SIPForkID, sdp: [UInt8])
    /// Our re-INVITE (``SIPForkingLeg/modifySession(offer:)``) was answered with this SDP.
    case sessionModified(SIPForkID, sdp: [UInt8])
    /// Our re-INVITE was refused; the session stays as it was (RFC 3261 §14.1).
    case sessionModificationFailed(SIPForkID, SIPStatus)

    /// The answered call ended from the device side (BYE, or the session timer expired): release the network
    /// side with this cause (RFC 3398 §8.2.1 / Q.1912.5; a `Reason: Q.850` header wins, RFC 3326).
    case released(cause: Q850Cause)

    case startTimer(SIPForkingTimer, after: TimeAmount)
    case cancelTimer(SIPForkingTimer)
}
