import NIOCore
public import Interworking
public import SIPRegistrar

/// The `[sip]` section of `conf/gateway.conf`: whether calls the routing server finds devices for are forked to
/// them over SIP, and how.
///
/// ```
/// [sip]
/// mode = fork              # none (default): such calls follow [calls] rule
/// listen = 127.0.0.1       # SIP address (UDP) of the call side
/// port = 5060
/// domain = reroute.example # host part of From/To/P-Asserted-Identity; default: listen
/// ring-timeout = 25        # seconds before every branch is cancelled (cause 19)
/// unanswered = release     # release (the fork's cause) | voicemail (needs [media] and a voicemail store)
/// early-acm = 15           # Q.764 Annex A T11: ACM "no indication" if no device rang yet; 0 = never
/// media-address = 127.0.0.1
/// rtp-ports = 40000-40999  # the ports our SDP offers take, in turn
/// registrar = on           # devices register here (see below); off (default): contacts from the routing server
/// ```
///
/// With `registrar = on` the devices register with the gateway itself, on the `[sip]` address, and forwarded calls
/// reach each device down the flow it registered on (RFC 5626 §5.3; the NAT binding its REGISTER opened):
/// ```
/// tcp = on                 # TCP on the UDP port too (RFC 3261 §18: a UAS must do both); off: UDP only
/// tls-port = 5061          # SIP over TLS (RFC 3261 §26.2), needs tls-certificate and tls-key
/// ws-port = 8088           # SIP over WebSocket (RFC 7118), for browser clients
/// wss-port = 8089          # ... over secure WebSocket, needs the certificate too
/// tls-certificate = /etc/reroute/sip.pem   # PEM chain
/// tls-key = /etc/reroute/sip.key
/// keepalive = 40           # a device silent this long (no REGISTER, no keep-alive answer) is unavailable (≤ 40 s)
/// digest = MD5             # the registrar's challenges, most preferred first (RFC 7616 §3.7): MD5, SHA-256
/// push-url = https://push.example/v1/wake   # wake devices logged in with a push token (RFC 8599) for a call
/// push-token = secret      # bearer token of the push gateway
/// push-wait = 20           # how long a call waits for woken devices to register (1-60 s)
/// trunks = 192.0.2.7:5060, 192.0.2.8   # soft switches whose INVITEs are forwarded calls (IP[:port] each)
/// ```
/// RFC 7616 §3.7 has a client use the topmost challenge whose algorithm it supports, but deployed clients do not:
/// sipp answers the first challenge and knows MD5 only, and baresip 1.0 (libre) fails the whole REGISTER
/// ("Function not implemented") when any challenge is SHA-256. MD5 alone is therefore the default; a deployment whose
/// apps all do SHA-256 writes `digest = SHA-256, MD5` or `digest = SHA-256`.
public struct GatewaySIPSettings: Hashable, Sendable {
    /// Where devices register when the gateway is their registrar (`registrar = on`).
    public struct DeviceAccess: Hashable, Sendable {
        /// TCP on the UDP port as well.
        public var tcp: Bool
        public var tlsPort: Int?
        public var webSocketPort: Int?
        public var secureWebSocketPort: Int?
        /// PEM certificate chain and key for TLS and WSS.
        public var certificate: String?
        public var privateKey: String?
        /// The registrar's loss-detection time (RFC 5626 §4.4.1 keep-alives; issue 5 item 2: at most 40 s).
        public var keepalive: Duration
        /// Digest algorithms challenged with, in order of preference.
        public var algorithms: [DigestAlgorithm]
        /// The push gateway that wakes sleeping devices (issue 5 item 3); nil: only registered devices ring.
        public var pushURL: String?
        public var pushToken: String?
        /// How long a call waits for woken devices to register.
        public var pushWait: Duration = .seconds(20)
        /// Soft switches whose INVITEs are taken as forwarded calls (issue 7 item 1): `host` or `host:port`.
        public var trunks: [String] = []

        public init(
            tcp: Bool = true, tlsPort: Int? = nil, webSocketPort: Int? = nil, secureWebSocketPort: Int? = nil,
            certificate: String? = nil, privateKey: String? = nil, keepalive: Duration = .seconds(40),
            algorithms: [DigestAlgorithm] = [.md5]
        ) {
            self.algorithms = algorithms
            self.tcp = tcp
            self.tlsPort = tlsPort
            self.webSocketPort = webSocketPort
            self.secureWebSocketPort = secureWebSocketPort
            self.certificate = certificate
            self.privateKey = privateKey
            self.keepalive = keepalive
        }
    }

    public enum Mode: String, Sendable, CaseIterable {
        case none
        case fork
    }

    public var mode: Mode
    public var listen: String
    public var port: Int
    public var domain: String
    public var ringTimeout: Duration
    public var control: ForwardedCallControl.Configuration
    public var mediaAddress: String
    public var rtpPorts: ClosedRange<Int>
    /// Non-nil: the gateway is the devices' registrar (``DeviceAccess``); nil: the routing server's contacts are
    /// rung directly (the registrar runs elsewhere).
    public var registrar: DeviceAccess?

    public static let disabled = GatewaySIPSettings(
        mode: .none, listen: "127.0.0.1", port: 5060, domain: "127.0.0.1", ringTimeout: .seconds(25),
        control: ForwardedCallControl.Configuration(), mediaAddress: "127.0.0.1", rtpPorts: 40000...40999)

    public init(
        mode: Mode, listen: String, port: Int, domain: String, ringTimeout: Duration,
        control: ForwardedCallControl.Configuration, mediaAddress: String, rtpPorts: ClosedRange<Int>
    ) {
        self.mode = mode
        self.listen = listen
        self.port = port
        self.domain = domain
        self.ringTimeout = ringTimeout
        self.control = control
        self.mediaAddress = mediaAddress
        self.rtpPorts = rtpPorts
        registrar = nil
    }

    static let keys: Set<String> = [
        "mode", "listen", "port", "domain", "ring-timeout", "early-acm", "media-address", "rtp-ports", "unanswered",
        "registrar", "tcp", "tls-port", "ws-port", "wss-port", "tls-certificate", "tls-key", "keepalive", "digest", "push-url", "push-token", "push-wait",
        "trunks",
    ]

    /// Reads `[sip]`; absent means `mode = none`.
    init(reader: Reader) throws(ConfigurationError) {
        mode = try reader.choice("sip", "mode", default: .none)
        listen = try reader.string("sip", "listen", default: "127.0.0.1")
        port = Int(try reader.integer("sip", "port", in: 0...65535, default: 5060))
        domain = try reader.string("sip", "domain", default: listen)
        ringTimeout = try reader.optionalSeconds("sip", "ring-timeout") ?? .seconds(25)
        guard ringTimeout >= .seconds(1), ringTimeout <= .seconds(300) else {
            throw reader.error("sip", "ring-timeout", "must be from 1 to 300 seconds")
        }
        let earlyACM = try reader.optionalSeconds("sip", "early-acm") ?? .seconds(15)
        guard earlyACM <= .seconds(20) else {
            // Q.764 Annex A: T11 is 15–20 s so that the ACM reaches the MSC before its T7 (20–30 s).
            throw reader.error("sip", "early-acm", "must be at most 20 seconds (Q.764 T11), or 0 for never")
        }
        let unanswered: String = try reader.string("sip", "unanswered", default: "release")
        guard unanswered == "release" || unanswered == "voicemail" else {
            throw reader.error("sip", "unanswered", "must be release or voicemail, not \"\(unanswered)\"")
        }
        control = ForwardedCallControl.Configuration(
            earlyAddressComplete: earlyACM == .zero ? nil : earlyACM,
            unanswered: unanswered == "voicemail" ? .voicemail : .release)
        mediaAddress = try reader.string("sip", "media-address", default: listen)
        let range = try reader.string("sip", "rtp-ports", default: "40000-40999")
        let bounds = range.split(separator: "-").compactMap { Int($0) }
        guard bounds.count == 2, bounds[0] >= 1024, bounds[0] <= bounds[1], bounds[1] <= 65534 else {
            throw reader.error("sip", "rtp-ports", "must be a port range like 40000-40999 (1024-65534), not \"\(range)\"")
        }
        rtpPorts = bounds[0]...bounds[1]
        registrar = try Self.deviceAccess(reader)
    }

    private static func deviceAccess(_ reader: Reader) throws(ConfigurationError) -> DeviceAccess? {
        let onOff = ["on": true, "off": false]
        func flag(_ key: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
            let text = try reader.string("sip", key, default: fallback ? "on" : "off")
            guard let value = onOff[text] else { throw reader.error("sip", key, "must be on or off, not \"\(text)\"") }
            return value
        }
        let keys = [
            "tcp", "tls-port", "ws-port", "wss-port", "tls-certificate", "tls-key", "keepalive", "digest", "push-url",
            "push-token", "push-wait", "trunks",
        ]
        guard try flag("registrar", default: false) else {
            if let key = keys.first(where: { reader.file.value("sip", $0) != nil }) {
                throw reader.error("sip", key, "needs registrar = on (devices register with the gateway)")
            }
            return nil
        }
        func port(_ key: String) throws(ConfigurationError) -> Int? {
            try reader.optionalInteger("sip", key, in: UInt64(0)...65535).map(Int.init)
        }
        var access = DeviceAccess(
            tcp: try flag("tcp", default: true), tlsPort: try port("tls-port"), webSocketPort: try port("ws-port"),
            secureWebSocketPort: try port("wss-port"),
            certificate: reader.file.value("sip", "tls-certificate")?.text,
            privateKey: reader.file.value("sip", "tls-key")?.text)
        if let keepalive = try reader.optionalSeconds("sip", "keepalive") {
            guard keepalive >= .seconds(1), keepalive <= .seconds(40) else {
                throw reader.error("sip", "keepalive", "must be from 1 to 40 seconds (issue 5: unavailable within 40 s)")
            }
            access.keepalive = keepalive
        }
        if reader.file.value("sip", "digest") != nil {
            var algorithms: [DigestAlgorithm] = []
            for name in try reader.list("sip", "digest", default: []) {
                guard let algorithm = DigestAlgorithm(rawValue: name.uppercased()), !algorithms.contains(algorithm) else {
                    throw reader.error("sip", "digest", "must list MD5 and/or SHA-256 once each, not \"\(name)\"")
                }
                algorithms.append(algorithm)
            }
            access.algorithms = algorithms
        }
        if let url = reader.file.value("sip", "push-url")?.text {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw reader.error("sip", "push-url", "must be an http:// or https:// URL, not \"\(url)\"")
            }
            access.pushURL = url
        }
        access.pushToken = reader.file.value("sip", "push-token")?.text
        if let wait = try reader.optionalSeconds("sip", "push-wait") {
            guard wait >= .seconds(1), wait <= .seconds(60) else {
                throw reader.error("sip", "push-wait", "must be from 1 to 60 seconds")
            }
            access.pushWait = wait
        }
        for key in ["push-token", "push-wait"] where reader.file.value("sip", key) != nil && access.pushURL == nil {
            throw reader.error("sip", key, "needs push-url")
        }
        for trunk in try reader.list("sip", "trunks", default: []) {
            guard Self.isTrunkAddress(trunk) else {
                throw reader.error("sip", "trunks", "must list IP addresses, each with an optional :port, not \"\(trunk)\"")
            }
            access.trunks.append(trunk)
        }
        for key in ["tls-port", "wss-port"] where reader.file.value("sip", key) != nil {
            guard access.certificate != nil, access.privateKey != nil else {
                throw reader.error("sip", key, "needs tls-certificate and tls-key")
            }
        }
        return access
    }

    /// `host` or `host:port` with `host` an IP literal (IPv6 in brackets when a port follows).
    public static func isTrunkAddress(_ text: String) -> Bool {
        if (try? SocketAddress(ipAddress: text, port: 0)) != nil { return true }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { return false }
        let host = text[..<colon].filter { $0 != "[" && $0 != "]" }
        return (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
