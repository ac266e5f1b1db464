/// Switches for peers that read RFC 4666 their own way. Each defaults to the RFC behaviour.
public struct M3UAInteropOptions: Hashable, Sendable {
    /// ASP side: the SG never sends NTFY, so the ASP reports AS-ACTIVE itself on ASPAC ACK and AS-INACTIVE on
    /// ASPIA ACK instead of waiting for NTFY (RFC 4666 §4.3.4.3 says the SGP sends NTFY "AS-ACTIVE").
    public var peerSendsNoNotify = false
    /// SG side: send NTFY on every AS state change (RFC 4666 §4.3.4.5). Off for ASPs that choke on NTFY.
    public var sendNotify = true
    /// ASP side: mark the configured routes available when ASPAC ACK arrives, the SG then sending DUNA only for
    /// the unavailable ones (RFC 4666 §4.5). Off: every destination waits for an explicit DAVA.
    public var assumeAvailableOnActive = true
    /// ASP side: answer a DAUD from the peer (normally only an ASP audits, RFC 4666 §4.5.3; IPSP peers and some
    /// STPs audit the other way) from the local table instead of ERR "Unexpected Message".
    public var acceptDAUDFromSG = false
    /// SG side: answer DAUD from an ASP that is ASP-INACTIVE, not only ASP-ACTIVE (some ASPs audit before ASPAC).
    public var acceptDAUDFromInactiveASP = true
    /// Silently discard a message that is not expected in the current state instead of sending ERR
    /// "Unexpected Message": RFC 4666 §3.8.1 lets the receiver silently discard such a message instead.
    public var discardUnexpectedMessages = false
    /// Accept a BEAT ACK whose Heartbeat Data differs from the BEAT's as proof of life (§3.5.6 wants it echoed).
    public var acceptAnyHeartbeatAck = false
    /// The transport has no streams (M3UA over TCP): every message arrives as "stream 0", so the RFC 4666 §1.4.7
    /// rule that DATA never uses stream 0 (ERR "Invalid Stream Identifier") cannot apply.
    public var transportHasNoStreams = false

    public init() {}
}
