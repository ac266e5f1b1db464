public import GatewayReplay
public import ISUPProtocol
public import M3UAWire
public import NIOCore
public import SIGTRANTransport
public import SMPPClient
public import TelecomTypes

/// Everything `reroute gateway` needs, read from a configuration file (see `conf/gateway.conf`).
public struct GatewayConfiguration: Sendable {
    /// Which side of the M3UA link this process plays (RFC 4666 §1.4): the gateway is an ASP towards the STP/MSC;
    /// the SG role plays the MSC side for tests and demos.
    public enum Role: String, Sendable, CaseIterable {
        case asp
        case sg
    }

    public var role: Role
    public var transport: SIGTRANTransportKind
    public var link: SIGTRANTransportConfiguration
    public var routingContext: UInt32?
    public var trafficMode: M3UATrafficModeType
    public var networkAppearance: UInt32?
    public var aspIdentifier: UInt32?
    /// BEAT interval (RFC 4666 §4.3.4.6); `nil` = no M3UA heartbeat.
    public var heartbeat: Duration?
    public var pointCode: PointCode
    public var peerPointCode: PointCode
    public var networkIndicator: NetworkIndicator
    public var circuits: [CircuitIdentificationCode]
    public var isupTimers: ISUPTimerTable
    /// What to do with incoming calls without a routing server, and with calls it finds a device for (until the
    /// SIP fork exists).
    public var callRule: ReplayScenario
    /// Outgoing test calls to place once the link is up (`[load]`), for loopback tests and benchmarks.
    public var load: Load?
    /// Whether incoming calls ask the routing server (`[routing]`).
    public var routing: GatewayRoutingSettings
    /// Whether calls with available devices are forked over SIP (`[sip]`).
    public var sip: GatewaySIPSettings
    /// The E1 pseudowires that carry the calls' voice (`[media]`); none: signalling only.
    public var media: GatewayMediaSettings
    /// The SMSC of the routing server in this process (`[smpp]`, the keys of `reroute icrs`'s, docs/smpp.md): SMS
    /// (validation codes, missed-call alerts) go out as submit_sm, phones' SMS come in as deliver_sm. Needs
    /// `[routing] mode = in-process`.
    public var smpp: SMPPClientConfiguration?

    public struct Load: Sendable, Hashable {
        public var calls: Int
        public var parallel: Int
        public var hold: TimeAmount
    }

    /// Every Q.764 timer the `[timers]` section may set, by its spec name.
    nonisolated(unsafe) static let timerPaths: [(String, WritableKeyPath<ISUPTimerTable, TimeAmount>)] = [
        ("t1", \.t1), ("t2", \.t2), ("t5", \.t5), ("t6", \.t6), ("t7", \.t7), ("t8", \.t8), ("t9", \.t9),
        ("t12", \.t12), ("t13", \.t13), ("t14", \.t14), ("t15", \.t15), ("t16", \.t16), ("t17", \.t17),
        ("t18", \.t18), ("t19", \.t19), ("t20", \.t20), ("t21", \.t21), ("t22", \.t22), ("t23", \.t23),
        ("t24", \.t24), ("t25", \.t25), ("t26", \.t26), ("t27", \.t27), ("t33", \.t33), ("t35", \.t35),
        ("t36", \.t36),
    ]

    static let known: [String: Set<String>] = [
        "sigtran": [
            "role", "transport", "local-addresses", "local-port", "remote-addresses", "remote-port", "udp-port",
            "remote-udp-port", "streams", "routing-context", "traffic-mode", "network-appearance", "asp-identifier",
            "heartbeat",
        ],
        "isup": ["point-code", "peer-point-code", "network-indicator", "circuits"],
        "timers": Set(timerPaths.map(\.0)),
        "calls": ["rule", "answer-after", "ring-timeout"],
        "load": ["calls", "parallel", "hold"],
        "routing": GatewayRoutingSettings.keys,
        "sip": GatewaySIPSettings.keys,
        "media": GatewayMediaSettings.keys,
        "smpp": SMPPClientConfiguration.settingKeys,
    ]

    /// Reads and checks `file`; the first problem is thrown as `FILE:LINE: message`.
    public init(file: ConfigurationFile) throws(ConfigurationError) {
        try file.checkKnown(Self.known)
        let reader = Reader(file: file)
        role = try reader.choice("sigtran", "role", default: .asp)
        transport = try reader.choice("sigtran", "transport", default: .sctpUDP)
        var link = SIGTRANTransportConfiguration()
        link.localAddresses = try reader.list("sigtran", "local-addresses", default: ["127.0.0.1"])
        link.localPort = Int(try reader.integer("sigtran", "local-port", in: 0...65535, default: role == .sg ? 2905 : 0))
        link.remoteAddresses = try reader.list("sigtran", "remote-addresses", default: role == .asp ? ["127.0.0.1"] : [])
        link.remotePort = Int(try reader.integer("sigtran", "remote-port", in: 0...65535, default: 2905))
        let streams = UInt16(try reader.integer("sigtran", "streams", in: 2...1024, default: 16))
        link.outboundStreams = streams
        link.inboundStreams = streams
        link.udpEncapsulation = .init(
            localPort: UInt16(try reader.integer("sigtran", "udp-port", in: 1...65535, default: 9899)),
            remotePort: UInt16(try reader.integer("sigtran", "remote-udp-port", in: 1...65535, default: 9899)))
        self.link = link
        routingContext = try reader.optionalInteger("sigtran", "routing-context", in: 0...UInt32.max).map(UInt32.init)
        let mode: String = try reader.string("sigtran", "traffic-mode", default: "override")
        switch mode {
        case "override": trafficMode = .override
        case "loadshare": trafficMode = .loadshare
        case "broadcast": trafficMode = .broadcast
        default:
            throw reader.error("sigtran", "traffic-mode", "must be override, loadshare or broadcast, not \"\(mode)\"")
        }
        networkAppearance = try reader.optionalInteger("sigtran", "network-appearance", in: 0...UInt32.max).map(UInt32.init)
        aspIdentifier = try reader.optionalInteger("sigtran", "asp-identifier", in: 0...UInt32.max).map(UInt32.init)
        heartbeat = try reader.optionalSeconds("sigtran", "heartbeat").flatMap { $0 > .zero ? $0 : nil }
        pointCode = try reader.pointCode("isup", "point-code")
        peerPointCode = try reader.pointCode("isup", "peer-point-code")
        let ni: String = try reader.string("isup", "network-indicator", default: "national")
        switch ni {
        case "international": networkIndicator = .international
        case "national": networkIndicator = .national
        case "spare": networkIndicator = .internationalSpare
        case "reserved": networkIndicator = .nationalSpare
        default: throw reader.error("isup", "network-indicator", "must be international, national, spare or reserved")
        }
        circuits = try reader.circuits("isup", "circuits", default: "1-15,17-31")
        var timers = ISUPTimerTable()
        for (key, path) in Self.timerPaths {
            if let seconds = try reader.optionalSeconds("timers", key) {
                guard seconds > .zero else { throw reader.error("timers", key, "must be more than 0 seconds") }
                timers[keyPath: path] = .nanoseconds(Int64(seconds.components.seconds) * 1_000_000_000
                    + seconds.components.attoseconds / 1_000_000_000)
            }
        }
        isupTimers = timers
        let answerAfter = try reader.optionalSeconds("calls", "answer-after") ?? .seconds(1)
        let ringTimeout = try reader.optionalSeconds("calls", "ring-timeout") ?? .seconds(25)
        let rule: String = try reader.string("calls", "rule", default: "answer")
        guard let scenario = ReplayScenario(
            rule, answerAfter: Self.timeAmount(answerAfter), ringTimeout: Self.timeAmount(ringTimeout))
        else {
            throw reader.error("calls", "rule", "must be answer, no-answer or reject:CAUSE (1-127), not \"\(rule)\"")
        }
        callRule = scenario
        routing = try GatewayRoutingSettings(reader: reader)
        sip = try GatewaySIPSettings(reader: reader)
        media = try GatewayMediaSettings(reader: reader)
        smpp = try file.smppSection()
        if smpp != nil {
            let values = file.values(in: "smpp")
            guard routing.mode == .inProcess else {
                throw ConfigurationError(
                    path: file.path, line: values.values.map(\.line).min(),
                    "[smpp] needs [routing] mode = in-process (a remote routing server has its own SMSC)")
            }
        }
        if let calls = try reader.optionalInteger("load", "calls", in: UInt64(1)...10_000_000) {
            load = Load(
                calls: Int(calls),
                parallel: Int(try reader.integer("load", "parallel", in: 1...4096, default: 10)),
                hold: Self.timeAmount(try reader.optionalSeconds("load", "hold") ?? .zero))
        }
    }

    /// Whether `file` configures the SS7 side (`[sigtran]` or `[isup]`). A file with neither runs the gateway's SIP
    /// side and routing server only (devices, SIP ingress from soft switches): ``sipSide(file:)`` reads it.
    public static func hasSignalling(_ file: ConfigurationFile) -> Bool {
        file.hasSection("sigtran") || file.hasSection("isup")
    }

    /// The sections of a file without the SS7 side: `[routing]`, `[sip]`, `[media]` (prompts), `[smpp]`.
    public struct SIPSide: Sendable {
        public var routing: GatewayRoutingSettings
        public var sip: GatewaySIPSettings
        public var media: GatewayMediaSettings
        public var smpp: SMPPClientConfiguration?
    }

    /// Reads a file that has no `[sigtran]` or `[isup]` (same keys and checks as the full file for the rest).
    public static func sipSide(file: ConfigurationFile) throws(ConfigurationError) -> SIPSide {
        try file.checkKnown(known.filter { ["routing", "sip", "media", "smpp"].contains($0.key) })
        let reader = Reader(file: file)
        let routing = try GatewayRoutingSettings(reader: reader)
        let smpp = try file.smppSection()
        if smpp != nil, routing.mode != .inProcess {
            throw ConfigurationError(
                path: file.path, line: file.values(in: "smpp").values.map(\.line).min(),
                "[smpp] needs [routing] mode = in-process (a remote routing server has its own SMSC)")
        }
        return SIPSide(
            routing: routing, sip: try GatewaySIPSettings(reader: reader), media: try GatewayMediaSettings(reader: reader),
            smpp: smpp)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

/// Typed reads of configuration values, each failing with the value's line.
struct Reader {
    let file: ConfigurationFile

    func error(_ section: String, _ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(path: file.path, line: file.value(section, key)?.line, "[\(section)] \(key) \(message)")
    }

    func string(_ section: String, _ key: String, default fallback: String) throws(ConfigurationError) -> String {
        file.value(section, key)?.text ?? fallback
    }

    func choice<T: RawRepresentable & CaseIterable>(_ section: String, _ key: String, default fallback: T)
        throws(ConfigurationError) -> T where T.RawValue == String
    {
        guard let text = file.value(section, key)?.text else { return fallback }
        guard let value = T(rawValue: text) else {
            throw error(section, key, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(text)\"")
        }
        return value
    }

    func list(_ section: String, _ key: String, default fallback: [String]) throws(ConfigurationError) -> [String] {
        guard let text = file.value(section, key)?.text else { return fallback }
        let items = text.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw error(section, key, "needs at least one value") }
        return items
    }

    func optionalInteger(_ section: String, _ key: String, in range: ClosedRange<UInt64>) throws(ConfigurationError)
        -> UInt64?
    {
        guard let text = file.value(section, key)?.text else { return nil }
        guard let value = UInt64(text), range.contains(value) else {
            throw error(section, key, "must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return value
    }

    func optionalInteger(_ section: String, _ key: String, in range: ClosedRange<UInt32>) throws(ConfigurationError)
        -> UInt64?
    {
        try optionalInteger(section, key, in: UInt64(range.lowerBound)...UInt64(range.upperBound))
    }

    func integer(_ section: String, _ key: String, in range: ClosedRange<UInt64>, default fallback: UInt64)
        throws(ConfigurationError) -> UInt64
    {
        try optionalInteger(section, key, in: range) ?? fallback
    }

    func optionalSeconds(_ section: String, _ key: String) throws(ConfigurationError) -> Duration? {
        guard let text = file.value(section, key)?.text else { return nil }
        guard let seconds = Double(text), seconds >= 0, seconds <= 86_400 else {
            throw error(section, key, "must be a number of seconds from 0 to 86400, not \"\(text)\"")
        }
        return .nanoseconds(Int64(seconds * 1e9))
    }

    /// A 14-bit ITU point code, decimal or zone-area-point (3-8-3).
    func pointCode(_ section: String, _ key: String) throws(ConfigurationError) -> PointCode {
        guard let text = file.value(section, key)?.text else {
            throw ConfigurationError(path: file.path, line: nil, "[\(section)] \(key) is missing")
        }
        let parts = text.split(separator: "-")
        if parts.count == 3, let zone = UInt32(parts[0]), let area = UInt32(parts[1]), let point = UInt32(parts[2]),
            zone < 8, area < 256, point < 8
        {
            return PointCode(zone << 11 | area << 3 | point)
        }
        guard parts.count == 1, let value = UInt32(text), value < 1 << 14 else {
            throw error(section, key, "must be below 16384 or in the 3-8-3 form, not \"\(text)\"")
        }
        return PointCode(value)
    }

    /// CIC ranges such as `1-15,17-31` (12-bit ITU CICs).
    func circuits(_ section: String, _ key: String, default fallback: String) throws(ConfigurationError)
        -> [CircuitIdentificationCode]
    {
        let text = file.value(section, key)?.text ?? fallback
        var cics: Set<UInt32> = []
        for part in text.split(separator: ",") {
            let bounds = part.trimmingSpaces.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = UInt32(bounds[0]), let high = UInt32(bounds[bounds.count - 1]),
                low <= high, high < 4096
            else { throw error(section, key, "must be CIC ranges below 4096 like 1-15,17-31, not \"\(text)\"") }
            cics.formUnion(low...high)
        }
        guard !cics.isEmpty else { throw error(section, key, "names no circuit") }
        return cics.sorted().map { CircuitIdentificationCode($0) }
    }
}

extension ConfigurationFile {
    /// The `[smpp]` section (the SMSC, docs/smpp.md), read the same way by `reroute icrs` and `reroute gateway`; nil
    /// without one. A missing or bad key is `FILE:LINE: [smpp] KEY message`.
    public func smppSection() throws(ConfigurationError) -> SMPPClientConfiguration? {
        guard hasSection("smpp") else { return nil }
        let values = values(in: "smpp")
        do {
            return try SMPPClientConfiguration(settings: values.mapValues(\.text))
        } catch {
            throw ConfigurationError(path: path, line: values[error.key]?.line, "[smpp] \(error.key) \(error.message)")
        }
    }
}
