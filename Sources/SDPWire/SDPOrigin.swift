/// The origin field (RFC 8866 §5.2):
/// `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`.
public struct SDPOrigin: Hashable, Sendable {
    public var username: String
    /// "a numeric string" (RFC 8866 §5.2); kept as text so 64-bit-and-over values from peers round-trip.
    public var sessionID: String
    public var sessionVersion: String
    public var networkType: String
    public var addressType: String
    public var address: String

    public init(
        username: String = "-", sessionID: String, sessionVersion: String, networkType: String = "IN",
        addressType: String = "IP4", address: String
    ) {
        self.username = username
        self.sessionID = sessionID
        self.sessionVersion = sessionVersion
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    init(parsing value: String) throws(SDPFieldError) {
        let words = try SDPFieldError.words(value, count: 6, "origin")
        guard SDPFieldError.isDigits(words[1]), SDPFieldError.isDigits(words[2]) else {
            throw SDPFieldError("sess-id and sess-version must be numeric")
        }
        self.init(
            username: words[0], sessionID: words[1], sessionVersion: words[2], networkType: words[3],
            addressType: words[4], address: words[5])
    }

    public var wireText: String {
        "\(username) \(sessionID) \(sessionVersion) \(networkType) \(addressType) \(address)"
    }
}

/// A connection field (RFC 8866 §5.7): `c=<nettype> <addrtype> <connection-address>`.
public struct SDPConnection: Hashable, Sendable {
    public var networkType: String
    public var addressType: String
    /// The address, with any `/ttl/count` suffix of a multicast address kept as written.
    public var address: String

    public init(networkType: String = "IN", addressType: String = "IP4", address: String) {
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    init(parsing value: String) throws(SDPFieldError) {
        let words = try SDPFieldError.words(value, count: 3, "connection")
        self.init(networkType: words[0], addressType: words[1], address: words[2])
    }

    public var wireText: String { "\(networkType) \(addressType) \(address)" }
}
