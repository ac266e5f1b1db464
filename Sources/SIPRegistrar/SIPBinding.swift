public import NIOCore
public import SIPTransactions
public import SIPWire

/// The path a REGISTER came in on (RFC 5626 §3 "flow"): the packet source and, on a stream, the connection.
/// Requests to the device go back over this flow (RFC 5626 §5.3); its silence or close is how loss is detected.
public struct SIPRegistrarFlow: Hashable, Sendable, CustomStringConvertible {
    public var source: SIPTransportAddress
    /// The stream connection id of the transport shell; nil on UDP.
    public var connection: UInt64?

    public init(source: SIPTransportAddress, connection: UInt64? = nil) {
        self.source = source
        self.connection = connection
    }

    public var isStream: Bool { source.isReliable }

    public var description: String { source.description + (connection.map { " #\($0)" } ?? "") }
}

/// Identifies one binding for the life of the registrar; kept when a device's registration replaces its binding.
public struct SIPBindingID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public static func < (lhs: SIPBindingID, rhs: SIPBindingID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "binding\(rawValue)" }
}

/// One registration: an address-of-record bound to a contact (RFC 3261 §10.3), with the RFC 5626 §6 flow data.
public struct SIPBinding: Hashable, Sendable {
    public var id: SIPBindingID
    /// The address-of-record's user part: the SIP username the device logged in with.
    public var aor: String
    public var accountID: String
    public var deviceID: String
    /// The Contact as registered, without its `expires` parameter.
    public var contact: SIPAddress
    /// `+sip.instance` (RFC 5626 §4.1), e.g. `<urn:uuid:...>`.
    public var instanceID: String?
    /// `reg-id` (RFC 5626 §4.2), only when outbound processing applied.
    public var regID: Int?
    public var callID: String
    public var cseq: UInt32
    /// The expiry granted, in seconds, and when the binding lapses.
    public var expires: UInt32
    public var expiresAt: NIODeadline
    public var flow: SIPRegistrarFlow
    /// Where requests to the device go: the REGISTER's source as stamped into its Via (`received`, `rport`: RFC
    /// 3261 §18.2.1, RFC 3581 §4), which on UDP behind NAT differs from the Contact.
    public var reachableAddress: SIPTransportAddress
    /// Whether RFC 5626 outbound processing applied (the device keeps the flow alive and re-registers on loss).
    public var outbound: Bool

    public init(
        id: SIPBindingID, aor: String, accountID: String, deviceID: String, contact: SIPAddress, instanceID: String?,
        regID: Int?, callID: String, cseq: UInt32, expires: UInt32, expiresAt: NIODeadline, flow: SIPRegistrarFlow,
        reachableAddress: SIPTransportAddress, outbound: Bool
    ) {
        self.id = id
        self.aor = aor
        self.accountID = accountID
        self.deviceID = deviceID
        self.contact = contact
        self.instanceID = instanceID
        self.regID = regID
        self.callID = callID
        self.cseq = cseq
        self.expires = expires
        self.expiresAt = expiresAt
        self.flow = flow
        self.reachableAddress = reachableAddress
        self.outbound = outbound
    }

    /// The Contact value for a 200 OK: RFC 3261 §10.3 step 8 "The response SHOULD include a Contact header field
    /// value enumerating all current bindings ... with an "expires" parameter containing its expiration interval".
    public func contactValue(now: NIODeadline) -> String {
        var address = contact
        let left = max(0, (expiresAt - now).nanoseconds / 1_000_000_000)
        address.parameters.set("expires", String(left))
        return address.description
    }
}

/// The comparison of RFC 3261 §19.1.4 reduced to what identifies a contact: scheme, user (case-sensitive), host
/// (case-insensitive), port and transport.
extension SIPURI {
    func sameContact(as other: SIPURI) -> Bool {
        scheme == other.scheme && user == other.user && host.lowercased() == other.host.lowercased()
            && port == other.port && transport == other.transport
    }
}
