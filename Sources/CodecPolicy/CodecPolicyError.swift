/// Why a chooser cannot be built for a leg.
public enum CodecPolicyError: Error, Hashable, Sendable {
    /// The negotiated codec is not one both sides support (or the device's SDP has no audio).
    case notSupported(String)
}
