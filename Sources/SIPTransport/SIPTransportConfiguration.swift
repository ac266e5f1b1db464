public import NIOCore

/// Where the SIP transport listens and how it treats streams.
public struct SIPTransportConfiguration: Sendable {
    /// Address to bind (UDP and TCP share it).
    public var host: String
    /// UDP port; 0 picks a free one, nil disables UDP.
    public var udpPort: Int?
    /// TCP port; 0 picks a free one, nil disables TCP.
    public var tcpPort: Int?
    /// Limits of one message on a stream (RFC 3261 §18.3 leaves them to the implementation).
    public var maximumHeaderBytes: Int
    public var maximumBodyBytes: Int
    /// Time allowed for an outgoing TCP connection.
    public var connectTimeout: TimeAmount

    public init(
        host: String = "127.0.0.1", udpPort: Int? = 5060, tcpPort: Int? = 5060, maximumHeaderBytes: Int = 64 * 1024,
        maximumBodyBytes: Int = 1024 * 1024, connectTimeout: TimeAmount = .seconds(5)
    ) {
        self.host = host
        self.udpPort = udpPort
        self.tcpPort = tcpPort
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

    public var description: String {
        switch self {
        case .transportDisabled(let kind): "SIP over \(kind.rawValue) is not enabled"
        case .flowClosed(let flow): "flow \(flow) is closed"
        case .connectFailed(let reason): "cannot connect: \(reason)"
        }
    }
}
