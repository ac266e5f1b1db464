/// What a context did: packets through each direction, and packets dropped by kind (for leg statistics).
public struct SRTPCounters: Hashable, Sendable {
    public var protectedRTP = 0
    public var protectedRTCP = 0
    public var unprotectedRTP = 0
    public var unprotectedRTCP = 0
    /// RFC 3711 §3.3 step 5: dropped, tag did not verify.
    public var authenticationFailures = 0
    /// RFC 3711 §3.3.2: dropped, duplicate or older than the window.
    public var replays = 0
    /// Dropped before any cryptographic check: too short or not version 2.
    public var malformed = 0

    public init() {}

    /// Every packet dropped on the way in.
    public var dropped: Int { authenticationFailures + replays + malformed }
}
