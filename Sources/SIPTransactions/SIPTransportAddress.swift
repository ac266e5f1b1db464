/// Where a message came from or goes to: transport, IP address (or host for the shell to resolve) and port.
///
/// For reliable transports this also names the connection: RFC 3261 §18.2.2 sends a response "using the existing
/// connection to the source of the original request".
public struct SIPTransportAddress: Hashable, Sendable, CustomStringConvertible {
    /// The Via transport token, upper-cased: `UDP`, `TCP`, `TLS`, `SCTP`, `WS`, `WSS`.
    public var transport: String
    /// An IP literal (IPv6 without brackets) or a host name.
    public var host: String
    public var port: Int

    public init(transport: String, host: String, port: Int) {
        self.transport = transport.uppercased()
        self.host = host
        self.port = port
    }

    /// Whether the transport delivers reliably, which switches off Timers A, E and G and zeroes D, I, J and K
    /// (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2). Of the Via transports only UDP is unreliable.
    public var isReliable: Bool { transport != "UDP" }

    /// The port a Via without one means: 5061 for TLS and WSS (RFC 3261 §18.2.2 via §19.1.2), 5060 otherwise.
    public static func defaultPort(forTransport transport: String) -> Int {
        switch transport.uppercased() {
        case "TLS", "WSS", "TLS-SCTP": 5061
        default: 5060
        }
    }

    public var description: String {
        let literal = host.contains(":") ? "[\(host)]" : host
        return "\(transport) \(literal):\(port)"
    }
}
