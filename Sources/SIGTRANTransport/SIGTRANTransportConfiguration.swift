public import NIOCore

/// Which stack carries the association.
public enum SIGTRANTransportKind: String, Sendable, Hashable, CaseIterable {
    /// SCTP in the kernel through lksctp (RFC 4960 over IP protocol 132).
    case kernelSCTP = "sctp"
    /// SCTP in userland (usrsctp) encapsulated in UDP (RFC 6951).
    case sctpUDP = "sctp-udp"
    /// M3UA over TCP, framed by the M3UA Message Length (RFC 4666 §3.1.4).
    case tcp
}

/// Addresses, ports and options of one endpoint (client or server).
///
/// Addresses are numeric IPv4 or IPv6 literals (no name resolution). Several local addresses mean SCTP
/// multi-homing (RFC 4960 §6.4: `sctp_bindx`); several remote ones are all offered to `sctp_connectx`. TCP uses
/// the first of each.
public struct SIGTRANTransportConfiguration: Sendable, Hashable {
    /// Local addresses to bind; empty means the wildcard address of the remote family (or IPv4).
    public var localAddresses: [String]
    /// Local port; 0 lets the stack choose (clients; TCP servers).
    public var localPort: Int
    /// Remote addresses to connect to (client role only).
    public var remoteAddresses: [String]
    /// Remote port (client role only).
    public var remotePort: Int
    /// Outbound streams requested in INIT (RFC 4960 §3.3.2 "Number of Outbound Streams"; SCTP_INITMSG).
    public var outboundStreams: UInt16
    /// Maximum inbound streams accepted (RFC 4960 §3.3.2 "Number of Inbound Streams").
    public var inboundStreams: UInt16
    /// Disable Nagle-like bundling delays (SCTP_NODELAY, RFC 6458 §8.1.5; TCP_NODELAY).
    public var noDelay: Bool
    /// Heartbeat interval on each path (RFC 4960 §8.3; SCTP_PEER_ADDR_PARAMS); `nil` keeps the stack's default.
    public var heartbeatInterval: TimeAmount?
    /// How long a client waits for the association to come up before failing with `.connectTimeout`.
    public var connectTimeout: TimeAmount
    /// RFC 6951 settings, used by `.sctpUDP` only.
    public var udpEncapsulation: UDPEncapsulation

    /// RFC 6951 §5: the local UDP port of the userland stack and the peer's UDP port.
    public struct UDPEncapsulation: Sendable, Hashable {
        /// The UDP port the process-wide usrsctp stack listens on (one per process: the first start fixes it).
        public var localPort: UInt16
        /// The UDP port of the peer's stack (SCTP_REMOTE_UDP_ENCAPS_PORT). RFC 6951 registers 9899.
        public var remotePort: UInt16

        public init(localPort: UInt16 = 9899, remotePort: UInt16 = 9899) {
            self.localPort = localPort
            self.remotePort = remotePort
        }
    }

    public init(
        localAddresses: [String] = [],
        localPort: Int = 0,
        remoteAddresses: [String] = [],
        remotePort: Int = 0,
        outboundStreams: UInt16 = 16,
        inboundStreams: UInt16 = 16,
        noDelay: Bool = true,
        heartbeatInterval: TimeAmount? = nil,
        connectTimeout: TimeAmount = .seconds(5),
        udpEncapsulation: UDPEncapsulation = UDPEncapsulation()
    ) {
        self.localAddresses = localAddresses
        self.localPort = localPort
        self.remoteAddresses = remoteAddresses
        self.remotePort = remotePort
        self.outboundStreams = outboundStreams
        self.inboundStreams = inboundStreams
        self.noDelay = noDelay
        self.heartbeatInterval = heartbeatInterval
        self.connectTimeout = connectTimeout
        self.udpEncapsulation = udpEncapsulation
    }
}

extension SIGTRANTransportConfiguration {
    /// The local addresses resolved to socket addresses with `localPort`.
    func localSocketAddresses(defaultFamilyOf remote: [SocketAddress] = []) throws(SIGTRANTransportError)
        -> [SocketAddress]
    {
        if localAddresses.isEmpty {
            let wildcard = remote.first.map { $0.protocol == .inet6 } == true ? "::" : "0.0.0.0"
            return [try Self.socketAddress(wildcard, port: localPort)]
        }
        return try localAddresses.map { address throws(SIGTRANTransportError) in
            try Self.socketAddress(address, port: localPort)
        }
    }

    /// The remote addresses resolved to socket addresses with `remotePort`; at least one is required.
    func remoteSocketAddresses() throws(SIGTRANTransportError) -> [SocketAddress] {
        guard !remoteAddresses.isEmpty else { throw .invalidAddress("no remote address configured") }
        return try remoteAddresses.map { address throws(SIGTRANTransportError) in
            try Self.socketAddress(address, port: remotePort)
        }
    }

    static func socketAddress(_ literal: String, port: Int) throws(SIGTRANTransportError) -> SocketAddress {
        guard (0...65535).contains(port) else { throw .invalidAddress("port \(port) out of range") }
        do {
            return try SocketAddress(ipAddress: literal, port: port)
        } catch {
            throw .invalidAddress("\(literal) is not a numeric IPv4 or IPv6 address")
        }
    }
}
