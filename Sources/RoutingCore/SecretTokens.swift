import Crypto
public import Foundation

/// A bearer token handed to a logged-in client: 32 random bytes in base64url (RFC 4648 §5), stored only as its
/// SHA-256 so a database leak does not leak sessions.
public struct SessionToken: Hashable, Sendable {
    public let value: String

    public init(randomBytes: [UInt8]) {
        precondition(randomBytes.count >= 32, "a session token takes at least 32 random bytes")
        value = base64URL(randomBytes)
    }

    public init(presented value: String) { self.value = value }

    /// The form kept in storage: lowercase hex of SHA-256 of the token text.
    public var storedHash: String { hexSHA256(Array(value.utf8)) }
}

/// SIP digest credentials for the devices of an account (RFC 3261 §22; RFC 8760 for SHA-256).
public struct SIPCredentials: Hashable, Sendable {
    public let username: String
    public let password: String
    public let domain: String
    public let registrar: String

    public init(username: String, password: String, domain: String, registrar: String) {
        self.username = username
        self.password = password
        self.domain = domain
        self.registrar = registrar
    }

    /// Makes a username and password from injected random bytes (at least 8 + 18).
    public static func generate(randomBytes: [UInt8], domain: String, registrar: String) -> SIPCredentials {
        precondition(randomBytes.count >= 26, "SIP credentials take 26 random bytes")
        let username = "u" + randomBytes[0..<8].map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let password = base64URL(Array(randomBytes[8..<26]))
        return SIPCredentials(username: username, password: password, domain: domain, registrar: registrar)
    }

    /// HA1 for digest with MD5 (RFC 2617 §3.2.2.2): MD5(username ":" realm ":" password), lowercase hex.
    public var ha1MD5: String {
        let digest = Insecure.MD5.hash(data: Array("\(username):\(domain):\(password)".utf8))
        return digest.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// HA1 for digest with SHA-256 (RFC 8760 §3).
    public var ha1SHA256: String { hexSHA256(Array("\(username):\(domain):\(password)".utf8)) }
}

func base64URL(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
}

func hexSHA256(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
