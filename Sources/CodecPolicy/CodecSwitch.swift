public import SDPWire

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
