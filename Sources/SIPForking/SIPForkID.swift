public import SIPTransactions
public import SIPWire

/// One branch of a forked call: the INVITE to one registered contact (its own Call-ID and dialog).
public struct SIPForkID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: Int

    public init(_ rawValue: Int) { self.rawValue = rawValue }

    public static func < (lhs: SIPForkID, rhs: SIPForkID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "fork\(rawValue)" }
}

/// A registered contact of the called subscriber (RFC 3261 §10.3 binding): where to send the INVITE.
public struct SIPForkingContact: Hashable, Sendable {
    /// The Request-URI: the Contact the device registered.
    public var uri: SIPURI
    /// The next hop: the flow the registration came over (RFC 5626 §5.3), or the contact's own address.
    public var nextHop: SIPTransportAddress

    public init(uri: SIPURI, nextHop: SIPTransportAddress) {
        self.uri = uri
        self.nextHop = nextHop
    }
}
