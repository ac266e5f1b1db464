public import MediaCodecs

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
