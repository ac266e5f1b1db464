/// Which SCTP stream a message goes on (RFC 4666 §1.4.7 / §4.2).
public enum M3UAStreamSelection {
    /// Management (MGMT, ASPSM, ASPTM, RKM, SSNM) goes on stream 0.
    public static let management: UInt16 = 0

    /// The stream for DATA with this SLS: `1 + SLS % (outboundStreams − 1)`, so stream 0 stays for management and
    /// one SLS always uses one stream (in-sequence delivery per SLS, §1.4.7). With a single outbound stream there is
    /// no choice but stream 0.
    public static func stream(forSLS sls: UInt8, outboundStreams: UInt16) -> UInt16 {
        guard outboundStreams > 1 else { return management }
        return 1 + UInt16(sls) % (outboundStreams - 1)
    }
}
