/// What the registrar knows about one SIP user to check a digest response: the stored HA1 per algorithm
/// (RFC 7616 §3.4.2 `H(username:realm:password)`; RFC 7616 §5.2 "the server ... can store H(A1)"), and whose
/// device it is.
public struct SIPDigestCredentials: Hashable, Sendable {
    public var username: String
    /// Lowercase hex HA1 for each algorithm the user can answer with.
    public var ha1: [DigestAlgorithm: String]
    /// The account the device belongs to (the routing server's account id), for the call side's lookups.
    public var accountID: String
    /// The device the SIP username was issued to at login.
    public var deviceID: String

    public init(username: String, ha1: [DigestAlgorithm: String], accountID: String, deviceID: String) {
        self.username = username
        self.ha1 = ha1
        self.accountID = accountID
        self.deviceID = deviceID
    }

    /// Credentials from a clear-text password (tests and static configuration).
    public init(username: String, password: String, realm: String, accountID: String, deviceID: String) {
        var ha1: [DigestAlgorithm: String] = [:]
        for algorithm in DigestAlgorithm.allCases {
            ha1[algorithm] = algorithm.ha1(username: username, realm: realm, password: password)
        }
        self.init(username: username, ha1: ha1, accountID: accountID, deviceID: deviceID)
    }
}
