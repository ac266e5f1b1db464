/// Why a transport could not start, connect or listen. Its `description` is one line fit for a log or a CLI.
public enum SIGTRANTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kernel has no SCTP (`socket(..., IPPROTO_SCTP)` fails with EPROTONOSUPPORT).
    case kernelSCTPUnavailable
    /// A configured address is not a numeric literal, or the families do not match, or one is missing.
    case invalidAddress(String)
    /// The local address and port (or the RFC 6951 UDP port) is already bound.
    case addressInUse(String)
    /// The peer answered that nobody listens there (TCP RST, SCTP ABORT in reply to INIT).
    case connectionRefused(String)
    /// The association did not come up within the configured `connectTimeout`.
    case connectTimeout(String)
    /// The process-wide usrsctp stack already runs on another RFC 6951 UDP port.
    case udpEncapsulationPortMismatch(running: UInt16, requested: UInt16)
    /// A socket call failed; `call` names it, `errno` is the system error number.
    case systemCall(call: String, errno: Int32)
    /// The listener or association was closed before the operation completed.
    case closed

    public var description: String {
        switch self {
        case .kernelSCTPUnavailable:
            return #"kernel SCTP is not available; use transport "sctp-udp" or "tcp""#
        case .invalidAddress(let detail):
            return "invalid address: \(detail)"
        case .addressInUse(let address):
            return "address already in use: \(address)"
        case .connectionRefused(let peer):
            return "connection refused by \(peer)"
        case .connectTimeout(let peer):
            return "no association with \(peer) within the connect timeout"
        case .udpEncapsulationPortMismatch(let running, let requested):
            return "usrsctp already runs on UDP port \(running); cannot also use UDP port \(requested) in this process"
        case .systemCall(let call, let errno):
            return "\(call) failed: \(SystemErrorText.describe(errno)) (errno \(errno))"
        case .closed:
            return "transport closed"
        }
    }
}
