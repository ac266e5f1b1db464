public import SDPWire

/// What an offer/answer exchange settled for the audio stream: what the media side sends and where.
public struct SDPNegotiatedAudio: Hashable, Sendable {
    public struct RemoteICE: Hashable, Sendable {
        public var usernameFragment: String
        public var password: String
        public var candidates: [SDPCandidate]
        public var lite: Bool
    }

    public var codec: SDPCodec
    /// The payload type to send the codec with: the answer's number (RFC 3264 §6.1).
    public var payloadType: UInt8
    /// RFC 4733 events, when both sides have them.
    public var telephoneEventPayloadType: UInt8?
    public var remoteAddress: String
    public var remotePort: UInt16
    /// The remote RTCP port: the RTP port under rtcp-mux (RFC 5761 §5.1.1), else `a=rtcp` (RFC 3605), else
    /// RTP + 1 (RFC 3550 §11).
    public var remoteRTCPPort: UInt16
    public var rtcpMux: Bool
    /// The answerer's direction (ours is its mirror).
    public var direction: SDPDirection
    public var packetTime: UInt32
    public var remoteICE: RemoteICE?
    /// The peer's SDES key line (RFC 4568): the key its SRTP is sent with.
    public var crypto: SDPCrypto?
    /// Our SDES key line under the same tag and suite: the key our SRTP is sent with.
    public var localCrypto: SDPCrypto? = nil
}
