import Crypto

/// Nonces that carry their own issue time, authenticated with an HMAC, so a registrar checks expiry without
/// storing the nonces it handed out (RFC 7616 §3.3: the nonce "may contain a time stamp ... and an ETag" and the
/// server "can check ... the time-stamp portion of the nonce"; §5.4 on nonce freshness).
///
/// Layout before base64url: 8 bytes issue time (seconds of the registrar's clock, big-endian), 8 bytes of
/// randomness, 16 bytes HMAC-SHA-256(secret, first 16 bytes) truncated. 44 characters of base64url.
public struct DigestNonce: Sendable {
    /// Kept as bytes: `SymmetricKey` is not `Sendable`.
    private let secret: [UInt8]

    /// `secret` comes from the shell's random source (at least 32 bytes); a restart with a new secret invalidates
    /// every nonce, and clients simply get a new challenge.
    public init(secret: [UInt8]) {
        precondition(secret.count >= 32, "a nonce secret takes at least 32 random bytes")
        self.secret = secret
    }

    /// A new nonce issued at `seconds`, made unique by `random`.
    public func make(issuedAt seconds: UInt64, random: UInt64) -> String {
        var body: [UInt8] = []
        body.reserveCapacity(32)
        for shift in stride(from: UInt64(56), through: 0, by: -8) {
            body.append(UInt8(truncatingIfNeeded: seconds >> shift))
        }
        for shift in stride(from: UInt64(56), through: 0, by: -8) {
            body.append(UInt8(truncatingIfNeeded: random >> shift))
        }
        body += mac(body)
        return Base64URL.encode(body)
    }

    /// The issue time of a nonce this registrar made, or nil for anything else (forged, truncated, not base64url).
    public func issueTime(of nonce: String) -> UInt64? {
        guard nonce.utf8.count == 43 || nonce.utf8.count == 44, let bytes = Base64URL.decode(nonce), bytes.count == 32
        else { return nil }
        let body = Array(bytes[0..<16])
        // Constant-time comparison: a timing oracle would let an attacker forge a MAC byte by byte.
        var difference: UInt8 = 0
        for (left, right) in zip(mac(body), bytes[16..<32]) { difference |= left ^ right }
        guard difference == 0 else { return nil }
        return body[0..<8].reduce(0) { ($0 << 8) | UInt64($1) }
    }

    private func mac(_ body: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))).prefix(16).map { $0 }
    }
}

/// base64url without padding (RFC 4648 §5): nonce characters need no escaping inside a quoted-string.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << UInt32(16 - 8 * offset) }
            let characters = chunk.count + 1
            for position in 0..<characters { out.append(alphabet[Int((value >> UInt32(18 - 6 * position)) & 0x3F)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        for character in text.utf8 {
            guard let index = alphabet.firstIndex(of: character) else { return nil }
            values.append(UInt8(index))
        }
        guard values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            var value: UInt32 = 0
            for (offset, sextet) in chunk.enumerated() { value |= UInt32(sextet) << UInt32(18 - 6 * offset) }
            for position in 0..<(chunk.count - 1) {
                out.append(UInt8(truncatingIfNeeded: value >> UInt32(16 - 8 * position)))
            }
            index += 4
        }
        return out
    }
}
