import Crypto

/// A digest algorithm of RFC 7616 §3.2 and §6.1 (the "Hash Algorithms for HTTP Digest Authentication" registry).
///
/// Only the non-session variants: `-sess` forms would need the password-derived HA1 recomputed per cnonce, which a
/// store holding HA1 values (RFC 7616 §5.2 recommends not storing passwords) cannot do for both algorithms.
public enum DigestAlgorithm: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// RFC 7616 §3.2: "SHA-256"; offered first (RFC 7616 §3.7: "the server SHOULD send ... challenges ... in order
    /// of preference, the most preferred first").
    case sha256 = "SHA-256"
    /// RFC 7616 §3.2: "MD5", kept for backwards compatibility (RFC 7616 §3.7).
    case md5 = "MD5"

    public var description: String { rawValue }

    /// Parses the `algorithm` parameter; absent means MD5 (RFC 7616 §3.3: "If this is not present, it is assumed to
    /// be "MD5"").
    public init?(parameter: String?) {
        guard let parameter else {
            self = .md5
            return
        }
        switch parameter.uppercased() {
        case "SHA-256": self = .sha256
        case "MD5": self = .md5
        default: return nil
        }
    }

    /// `H(data)` of RFC 7616 §3.4.1 as lowercase hex.
    public func hash(_ text: String) -> String {
        switch self {
        case .sha256: Self.hex(SHA256.hash(data: Array(text.utf8)))
        case .md5: Self.hex(Insecure.MD5.hash(data: Array(text.utf8)))
        }
    }

    /// `A1 = unq(username) ":" unq(realm) ":" passwd` hashed (RFC 7616 §3.4.2).
    public func ha1(username: String, realm: String, password: String) -> String {
        hash("\(username):\(realm):\(password)")
    }

    /// RFC 7616 §3.4.1 with qop=auth: `response = KD(H(A1), unq(nonce):nc:unq(cnonce):unq(qop):H(A2))`,
    /// `KD(secret, data) = H(concat(secret, ":", data))`, and for qop=auth `A2 = Method ":" request-uri` (§3.4.3).
    public func response(
        ha1: String, nonce: String, nc: String, cnonce: String, qop: String, method: String, uri: String
    ) -> String {
        let ha2 = hash("\(method):\(uri)")
        return hash("\(ha1):\(nonce):\(nc):\(cnonce):\(qop):\(ha2)")
    }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
