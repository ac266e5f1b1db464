public import NIOCore

/// Where the SIP transport listens and how it treats streams.
public struct SIPTransportConfiguration: Sendable {
    /// Address to bind (UDP and TCP share it).
    public var host: String
    /// UDP port; 0 picks a free one, nil disables UDP.
    public var udpPort: Int?
    /// TCP port; 0 picks a free one, nil disables TCP.
    public var tcpPort: Int?
    /// SIP over TLS port (RFC 3261 §26.2, usually 5061); needs `tls`. 0 picks a free one, nil disables it.
    public var tlsPort: Int?
    /// SIP over WebSocket port (RFC 7118), for browser clients; 0 picks a free one, nil disables it.
    public var webSocketPort: Int?
    /// SIP over secure WebSocket port (RFC 7118 §5.1); needs `tls`. 0 picks a free one, nil disables it.
    public var secureWebSocketPort: Int?
    /// Certificate and verification for TLS and WSS.
    public var tls: SIPTLSSettings?
    /// Limits of one message on a stream (RFC 3261 §18.3 leaves them to the implementation).
    public var maximumHeaderBytes: Int
    public var maximumBodyBytes: Int
    /// Time allowed for an outgoing TCP or TLS connection.
    public var connectTimeout: TimeAmount
    /// The path a WebSocket client must ask for in its upgrade request (RFC 7118 §4.1 leaves it to the server).
    public var webSocketPath: String

    public init(
        host: String = "127.0.0.1", udpPort: Int? = 5060, tcpPort: Int? = 5060, tlsPort: Int? = nil,
        webSocketPort: Int? = nil, secureWebSocketPort: Int? = nil, tls: SIPTLSSettings? = nil,
        maximumHeaderBytes: Int = 64 * 1024, maximumBodyBytes: Int = 1024 * 1024,
        connectTimeout: TimeAmount = .seconds(5), webSocketPath: String = "/"
    ) {
        self.host = host
        self.udpPort = udpPort
        self.tcpPort = tcpPort
        self.tlsPort = tlsPort
        self.webSocketPort = webSocketPort
        self.secureWebSocketPort = secureWebSocketPort
        self.tls = tls
        self.webSocketPath = webSocketPath
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumBodyBytes = maximumBodyBytes
        self.connectTimeout = connectTimeout
    }
}

/// Why a send failed.
public enum SIPTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The transport kind is not enabled in the configuration.
    case transportDisabled(SIPTransportKind)
    /// A stream flow whose connection is gone (RFC 5626 §4.4.1: the flow failed; a new registration must come first).
    case flowClosed(SIPFlow)
    case connectFailed(String)
    /// A TLS or WSS port was asked for without a certificate.
    case tlsNotConfigured(SIPTransportKind)
    /// A WebSocket flow with no open connection: RFC 7118 §5 has only the client open WebSocket connections.
    case cannotConnectWebSocket(SIPFlow)

    public var description: String {
        switch self {
        case .transportDisabled(let kind): "SIP over \(kind.rawValue) is not enabled"
        case .tlsNotConfigured(let kind): "SIP over \(kind.rawValue) needs a certificate and key (tls settings)"
        case .cannotConnectWebSocket(let flow): "no open WebSocket connection for \(flow); the client must connect"
        case .flowClosed(let flow): "flow \(flow) is closed"
        case .connectFailed(let reason): "cannot connect: \(reason)"
        }
    }
}
