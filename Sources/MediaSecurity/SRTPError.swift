/// Why a packet was not protected or unprotected. RFC 3711 §3.3 step 5: a packet failing the replay or
/// authentication check "MUST be discarded" — the caller drops it and counts it; there is no reply on the wire.
public enum SRTPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// RFC 3711 §3.3 step 5: the tag did not verify (wrong key, altered packet, forged source).
    case authenticationFailed
    /// RFC 3711 §3.3.2: the index was already received (a duplicate in the replay window).
    case replayed
    /// RFC 3711 §3.3.2: the index lies behind the replay window.
    case tooOld
    /// Too short for its header and tag, or not RTP/RTCP version 2; the reason names the check.
    case malformed(String)
    /// SRTP was negotiated but no key is installed yet: nothing can be authenticated, so nothing is accepted
    /// (RFC 3711 §3.3 step 5) and nothing is sent in clear.
    case noKeys
    /// The key could not start a session (libsrtp refused the policy).
    case keyRejected(code: Int32)
    /// Any other libsrtp status (a code from `srtp_err_status_t`).
    case library(code: Int32)

    public var description: String {
        switch self {
        case .authenticationFailed: "authentication failed"
        case .replayed: "replayed packet"
        case .tooOld: "packet older than the replay window"
        case .malformed(let reason): "malformed: \(reason)"
        case .noKeys: "no SRTP keys yet"
        case .keyRejected(let code): "key rejected (libsrtp status \(code))"
        case .library(let code): "libsrtp status \(code)"
        }
    }
}
