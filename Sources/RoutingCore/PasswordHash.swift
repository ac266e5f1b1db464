import Crypto
import _CryptoExtras
public import Foundation

/// A password stored as PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) with its salt and iteration count, encoded in the PHC
/// string format `$pbkdf2-sha256$i=<iterations>$<salt base64>$<key base64>`.
///
/// Deriving is pure (the salt is passed in) but slow on purpose: 210,000 iterations by default, the OWASP figure
/// for PBKDF2-HMAC-SHA256 and above the floor of 200,000.
public struct PasswordHash: Hashable, Sendable, CustomStringConvertible {
    public static let defaultIterations = 210_000
    public static let minimumIterations = 200_000
    public static let keyLength = 32
    public static let saltLength = 16

    public let iterations: Int
    public let salt: [UInt8]
    public let key: [UInt8]

    /// Derives the hash of `password` with `salt` (at least 16 bytes from a cryptographic generator).
    public init(password: String, salt: [UInt8], iterations: Int = PasswordHash.defaultIterations) {
        precondition(iterations >= Self.minimumIterations, "PBKDF2 needs at least 200,000 iterations")
        precondition(salt.count >= Self.saltLength, "the salt needs at least 16 bytes")
        self.iterations = iterations
        self.salt = salt
        self.key = Self.derive(password: password, salt: salt, iterations: iterations, length: Self.keyLength)
    }

    /// Parses the stored form.
    public init?(encoded: String) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "pbkdf2-sha256", parts[2].hasPrefix("i="),
            let iterations = Int(parts[2].dropFirst(2)), iterations >= Self.minimumIterations,
            let salt = Data(base64Encoded: String(parts[3])), salt.count >= Self.saltLength,
            let key = Data(base64Encoded: String(parts[4])), key.count == Self.keyLength
        else { return nil }
        self.iterations = iterations
        self.salt = Array(salt)
        self.key = Array(key)
    }

    public var encoded: String {
        "$pbkdf2-sha256$i=\(iterations)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    public var description: String { "PasswordHash(pbkdf2-sha256, \(iterations) iterations)" }

    /// Checks a password in time independent of where the derived keys differ.
    public func verify(_ password: String) -> Bool {
        let candidate = Self.derive(password: password, salt: salt, iterations: iterations, length: key.count)
        return constantTimeEqual(candidate, key)
    }

    /// PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) through BoringSSL; any iteration count (for the RFC 7914 §11 vectors).
    public static func derive(password: String, salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: length,
                unsafeUncheckedRounds: iterations)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            // Only invalid parameters (length 0, rounds < 1) fail; callers pass constants.
            preconditionFailure("PBKDF2 refused its parameters: \(error)")
        }
    }
}

/// Compares two byte strings without an early exit on the first difference.
public func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for index in a.indices { difference |= a[index] ^ b[index] }
    return difference == 0
}
