public import SDPNegotiation
public import SIPForking
public import SIPWire
public import TelecomTypes

/// What one forked call tells the network side (ISUP) — the non-SIP actions of ``SIPForkingLeg``.
public enum SIPCallEvent: Hashable, Sendable {
    /// A device rings: ISUP ACM (or CPG alerting).
    case alerting(SIPForkID)
    /// A device's early media SDP (RFC 3264), to play towards the caller; nil `audio` when it did not negotiate.
    case earlyMedia(SIPForkID, sdp: [UInt8], audio: SDPNegotiatedAudio?)
    case earlyMediaStopped(SIPForkID)
    /// The winner: ISUP ANM; bridge the media to its answer.
    case answered(SIPForkID, sdp: [UInt8], audio: SDPNegotiatedAudio?)
    /// The answer broke RFC 3264: the call was answered on SIP but has no usable media.
    case answerRejected(SIPForkID, SDPNegotiationError)
    case failed(SIPForkingFailure)
    case released(cause: Q850Cause)
    case offerReceived(SIPForkID, sdp: [UInt8])
    case sessionModified(SIPForkID, sdp: [UInt8])
    case sessionModificationFailed(SIPForkID, SIPStatus)
}
