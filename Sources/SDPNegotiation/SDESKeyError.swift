/// Why an `a=crypto` line cannot key an SRTP session here; the offer or answer carrying it is refused with
/// 488 Not Acceptable Here (RFC 4568 §7.1.2: "If the answerer cannot find any ... acceptable, ... reject").
public enum SDESKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A crypto-suite this media side does not run.
    case unsupportedSuite(String)
    /// More than one key (RFC 4568 §6.1 allows several with MKIs); we key with one master key.
    case multipleKeys
    /// An MKI (RFC 4568 §6.1 `|MKI:length`); we send and accept packets without one.
    case unsupportedMKI(String)
    /// The key lifetime is not a number or `2^n`.
    case invalidLifetime(String)
    /// The key-salt is not base64 (RFC 4568 §6.1).
    case invalidBase64
    /// The decoded key-salt is not the suite's key + salt length (RFC 4568 §6.1: "the concatenated master key
    /// and salt").
    case wrongKeyLength(expected: Int, found: Int)
    /// A session parameter (RFC 4568 §6.3: KDR, UNENCRYPTED_SRTP, FEC_ORDER ...) we do not implement.
    case unsupportedSessionParameter(String)

    /// RFC 3261 §21.4.26 Not Acceptable Here.
    public var sipStatusCode: Int { 488 }

    public var description: String {
        switch self {
        case .unsupportedSuite(let suite): "crypto-suite \(suite) not supported"
        case .multipleKeys: "more than one master key"
        case .unsupportedMKI(let mki): "MKI \(mki) not supported"
        case .invalidLifetime(let lifetime): "invalid key lifetime \(lifetime)"
        case .invalidBase64: "key-salt is not base64"
        case .wrongKeyLength(let expected, let found): "key-salt has \(found) bytes, the suite needs \(expected)"
        case .unsupportedSessionParameter(let parameter): "session parameter \(parameter) not supported"
        }
    }
}
