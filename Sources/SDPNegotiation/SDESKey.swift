public import SDPWire

/// One SDES master key and salt for a suite (RFC 4568 §6.1 `inline:<key||salt>[|lifetime]`), parsed from or
/// written to an `a=crypto` line.
public struct SDESKey: Hashable, Sendable {
    public var suite: SDESCryptoSuite
    public var masterKey: [UInt8]
    public var masterSalt: [UInt8]
    /// The key's lifetime in packets when the line gives one (RFC 4568 §6.1); keys are not renewed here, so a
    /// session is good for at most this many packets (libsrtp stops protecting at 2^48 anyway).
    public var lifetime: UInt64?

    public init(suite: SDESCryptoSuite, masterKey: [UInt8], masterSalt: [UInt8], lifetime: UInt64? = nil) {
        precondition(masterKey.count == suite.keyLength && masterSalt.count == suite.saltLength)
        self.suite = suite
        self.masterKey = masterKey
        self.masterSalt = masterSalt
        self.lifetime = lifetime
    }

    /// A fresh key from the caller's random source (RFC 4568 §6.1 / RFC 3711 §8.2: keys from a cryptographically
    /// strong generator — production passes `SystemRandomNumberGenerator`, tests a seeded one).
    public static func generate<R: RandomNumberGenerator>(suite: SDESCryptoSuite, using random: inout R) -> SDESKey {
        let bytes = (0..<(suite.keyLength + suite.saltLength)).map { _ in UInt8.random(in: 0...255, using: &random) }
        return SDESKey(
            suite: suite, masterKey: Array(bytes[..<suite.keyLength]), masterSalt: Array(bytes[suite.keyLength...]))
    }

    /// Reads the one key of an `a=crypto` line, refusing what the media side cannot run.
    public init(crypto: SDPCrypto) throws(SDESKeyError) {
        guard let suite = SDESCryptoSuite.named(crypto.suite) else { throw .unsupportedSuite(crypto.suite) }
        guard crypto.keyParameters.count == 1, let parameters = crypto.keyParameters.first else {
            throw .multipleKeys
        }
        // RFC 4568 §6.3: session parameters change the transform; WSH (a replay window hint) only sizes a buffer.
        for parameter in crypto.sessionParameters where !parameter.hasPrefix("WSH=") {
            throw .unsupportedSessionParameter(parameter)
        }
        // key-params = "inline:" key-salt ["|" lifetime] ["|" mki ":" mki-length] (RFC 4568 §6.1).
        let fields = parameters.dropFirst("inline:".count).split(separator: "|", omittingEmptySubsequences: false)
        var lifetime: UInt64?
        for field in fields.dropFirst() {
            if field.contains(":") { throw .unsupportedMKI(String(field)) }
            lifetime = try Self.lifetime(String(field))
        }
        guard let keySalt = Base64.decode(String(fields[0])) else { throw .invalidBase64 }
        guard keySalt.count == suite.keyLength + suite.saltLength else {
            throw .wrongKeyLength(expected: suite.keyLength + suite.saltLength, found: keySalt.count)
        }
        self.init(
            suite: suite, masterKey: Array(keySalt[..<suite.keyLength]),
            masterSalt: Array(keySalt[suite.keyLength...]), lifetime: lifetime)
    }

    /// The `a=crypto` line offering or answering this key under `tag`.
    public func crypto(tag: UInt32) -> SDPCrypto {
        SDPCrypto(tag: tag, suite: suite.name, keyParameters: ["inline:" + Base64.encode(masterKey + masterSalt)])
    }

    /// RFC 4568 §6.1: lifetime = ["2^"] 1*(DIGIT).
    private static func lifetime(_ text: String) throws(SDESKeyError) -> UInt64 {
        if text.hasPrefix("2^") {
            guard let exponent = UInt64(text.dropFirst(2)), exponent < 64 else { throw .invalidLifetime(text) }
            return 1 << exponent
        }
        guard let value = UInt64(text) else { throw .invalidLifetime(text) }
        return value
    }
}
