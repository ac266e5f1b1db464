/// An SDES crypto attribute (RFC 4568 §9.1): `a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]`,
/// key-params being `inline:<key||salt>[|lifetime][|MKI:length]` joined by `;`.
public struct SDPCrypto: Hashable, Sendable {
    public var tag: UInt32
    public var suite: String
    /// The key parameters as written (`inline:...`), one per key.
    public var keyParameters: [String]
    public var sessionParameters: [String]

    public init(tag: UInt32, suite: String, keyParameters: [String], sessionParameters: [String] = []) {
        self.tag = tag
        self.suite = suite
        self.keyParameters = keyParameters
        self.sessionParameters = sessionParameters
    }

    init(parsing value: String) throws(SDPFieldError) {
        let words = try SDPFieldError.words(value, atLeast: 3, "crypto")
        // RFC 4568 §9.1: tag = 1*9DIGIT.
        guard words[0].count <= 9 else { throw SDPFieldError("crypto tag longer than 9 digits") }
        let keys = words[2].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard keys.allSatisfy({ $0.hasPrefix("inline:") && $0.count > 7 }) else {
            throw SDPFieldError("crypto key-params must be inline:<key>")
        }
        self.init(
            tag: try SDPFieldError.integer(words[0], "crypto tag"), suite: words[1], keyParameters: keys,
            sessionParameters: Array(words[3...]))
    }

    /// The base64 key||salt of the first key (RFC 4568 §6.1), without lifetime or MKI.
    public var firstKeySalt: String? {
        keyParameters.first.map { String($0.dropFirst(7).split(separator: "|", maxSplits: 1).first ?? "") }
    }

    public var wireText: String {
        ([String(tag), suite, keyParameters.joined(separator: ";")] + sessionParameters).joined(separator: " ")
    }
}
