public import Interworking

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
/// ```
public struct GatewaySIPSettings: Hashable, Sendable {
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
    }

    static let keys: Set<String> = [
        "mode", "listen", "port", "domain", "ring-timeout", "early-acm", "media-address", "rtp-ports", "unanswered",
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
    }
}
