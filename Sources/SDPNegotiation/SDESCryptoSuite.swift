/// An SRTP crypto suite as named in SDES `a=crypto` lines (RFC 4568 §6.2, RFC 7714 §14.2): key, salt and tag sizes.
///
/// An open struct (style rule 2): a suite we do not know stays a string in ``SDPWire/SDPCrypto`` and is refused
/// by ``SDESKey/init(crypto:)`` with ``SDESKeyError/unsupportedSuite(_:)``.
public struct SDESCryptoSuite: Hashable, Sendable, CustomStringConvertible {
    /// The suite's name on the wire (`AES_CM_128_HMAC_SHA1_80`).
    public var name: String
    /// Master key length in bytes.
    public var keyLength: Int
    /// Master salt length in bytes.
    public var saltLength: Int
    /// SRTP authentication tag length in bytes.
    public var rtpTagLength: Int
    /// SRTCP authentication tag length in bytes.
    public var rtcpTagLength: Int

    public init(name: String, keyLength: Int, saltLength: Int, rtpTagLength: Int, rtcpTagLength: Int) {
        self.name = name
        self.keyLength = keyLength
        self.saltLength = saltLength
        self.rtpTagLength = rtpTagLength
        self.rtcpTagLength = rtcpTagLength
    }

    public var description: String { name }

    /// RFC 4568 §6.2.1: AES Counter Mode, 128-bit key, 112-bit salt, 80-bit HMAC-SHA1 tag (RFC 3711's default).
    public static let aesCM128HMACSHA1_80 = SDESCryptoSuite(
        name: "AES_CM_128_HMAC_SHA1_80", keyLength: 16, saltLength: 14, rtpTagLength: 10, rtcpTagLength: 10)
    /// RFC 4568 §6.2.2: as above with a 32-bit SRTP tag; "SRTCP ... uses an 80-bit authentication tag".
    public static let aesCM128HMACSHA1_32 = SDESCryptoSuite(
        name: "AES_CM_128_HMAC_SHA1_32", keyLength: 16, saltLength: 14, rtpTagLength: 4, rtcpTagLength: 10)
    /// RFC 7714 §14.2: AES-GCM, 128-bit key, 96-bit salt, 16-octet tag for SRTP and SRTCP.
    public static let aeadAES128GCM = SDESCryptoSuite(
        name: "AEAD_AES_128_GCM", keyLength: 16, saltLength: 12, rtpTagLength: 16, rtcpTagLength: 16)

    /// Every suite the media side can run (libsrtp2 here has all three).
    public static let supported: [SDESCryptoSuite] = [aesCM128HMACSHA1_80, aesCM128HMACSHA1_32, aeadAES128GCM]
    /// What an offer carries, most preferred first: the two AES_CM suites every SDES client implements.
    public static let offered: [SDESCryptoSuite] = [aesCM128HMACSHA1_80, aesCM128HMACSHA1_32]

    /// The supported suite with this wire name.
    public static func named(_ name: String) -> SDESCryptoSuite? { supported.first { $0.name == name } }
}
