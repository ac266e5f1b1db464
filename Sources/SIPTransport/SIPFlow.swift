public import NIOCore

/// The transports SIP runs on here: UDP and TCP (RFC 3261 §18), TLS (§26.2, RFC 5630) and WebSocket, plain or
/// secure (RFC 7118).
public enum SIPTransportKind: String, Hashable, Sendable, CaseIterable {
    case udp = "UDP"
    case tcp = "TCP"
    case tls = "TLS"
    case ws = "WS"
    case wss = "WSS"

    /// RFC 3261 §18: "reliable" transports need no retransmission timers.
    public var isReliable: Bool {
        switch self {
        case .udp: false
        case .tcp, .tls, .ws, .wss: true
        }
    }

    /// Carried on a connection (a flow names the connection; RFC 5626 §4.4.1 keep-alives are CRLF ping/pong).
    public var isConnectionOriented: Bool { isReliable }

    /// Carried inside WebSocket messages, one SIP message per WebSocket message (RFC 7118 §5.2).
    public var isWebSocket: Bool {
        switch self {
        case .ws, .wss: true
        case .udp, .tcp, .tls: false
        }
    }

    /// Protected by TLS on the hop (RFC 3261 §26.2.1; RFC 7118 §5.1 for WSS).
    public var isSecure: Bool {
        switch self {
        case .tls, .wss: true
        case .udp, .tcp, .ws: false
        }
    }

    /// The Via transport token (RFC 3261 §20.42).
    public var viaToken: String { rawValue }
}

/// One flow in the sense of RFC 5626 §3: the path a message came in on, so that responses and later requests to a
/// device behind NAT go back the same way (RFC 3261 §18.2.2, RFC 3581 §4, RFC 5626 §5.3).
public struct SIPFlow: Hashable, Sendable, CustomStringConvertible {
    public var kind: SIPTransportKind
    public var local: SocketAddress?
    public var remote: SocketAddress
    /// The connection of a stream flow; nil for UDP, or for a stream flow not opened yet.
    public var connection: SIPConnectionID?

    public init(kind: SIPTransportKind, local: SocketAddress? = nil, remote: SocketAddress,
        connection: SIPConnectionID? = nil)
    {
        self.kind = kind
        self.local = local
        self.remote = remote
        self.connection = connection
    }

    public var description: String {
        "\(kind.rawValue) \(remote)" + (connection.map { " #\($0.rawValue)" } ?? "")
    }
}

/// Identifies one stream connection for the life of the process.
public struct SIPConnectionID: Hashable, Sendable {
    public var rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }
}
