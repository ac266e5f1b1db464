public import MediaCodecs
public import SDPWire

/// What the chooser asks the call to do.
public enum CodecPolicyAction: Hashable, Sendable {
    /// Apply these settings to the leg's running Opus encoder (``OpusEncoder/apply(_:)``): no signalling needed,
    /// RFC 7587 §3.1: bitrate, FEC and expected loss are the sender's choice.
    case adaptOpus(OpusSettings, reason: CodecSwitchReason)
    /// Send a re-INVITE with this offer (RFC 3264 §8, RFC 3261 §14.1) to move the leg to `to`; then report the
    /// outcome with ``CodecChooser/receiveAnswer(_:at:)`` or ``CodecChooser/reinviteFailed(status:at:)``.
    case switchCodec(CodecSwitch)
    /// The answer to our re-INVITE put this codec in effect: rebuild the leg's transcoder (or relay when
    /// `transcoding` is false).
    case codecInEffect(CodecChoice)
}

/// Why the chooser acts.
public enum CodecSwitchReason: Hashable, Sendable {
    /// RTCP showed loss at or above the threshold for the loss window.
    case sustainedLoss
    /// RTCP showed a clean leg for the recovery window.
    case recovery
    /// The leg's bandwidth changed so that the current codec no longer fits, or a better one now does.
    case bandwidthChanged
}

/// One switch decision: from what, to what, why, and the offer that asks for it.
public struct CodecSwitch: Hashable, Sendable {
    public var from: CodecChoice
    public var to: CodecChoice
    public var reason: CodecSwitchReason
    /// The new offer: `to` first, then the lower-rate fallbacks that fit, telephone-event kept (RFC 4733), the
    /// session version incremented (RFC 3264 §8: "the version number ... MUST be incremented").
    public var offer: SDPSessionDescription

    public init(from: CodecChoice, to: CodecChoice, reason: CodecSwitchReason, offer: SDPSessionDescription) {
        self.from = from
        self.to = to
        self.reason = reason
        self.offer = offer
    }
}
