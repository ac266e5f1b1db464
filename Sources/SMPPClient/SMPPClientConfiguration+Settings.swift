public import SMPPProtocol
public import SMPPWire

/// A configuration value that cannot be used, named by its key.
public struct SMPPConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var key: String
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}

extension SMPPClientConfiguration {
    /// The keys `init(settings:)` reads; docs/smpp.md describes each.
    public static let settingKeys: Set<String> = [
        "host", "port", "system_id", "password", "system_type", "source_addr", "registered_delivery", "window",
        "queue_limit", "response_timeout_ms", "enquire_link_interval_ms", "reconnect_initial_ms",
        "reconnect_max_ms", "queue_timeout_ms", "connect_timeout_ms",
    ]

    /// Builds a configuration from `key = value` settings (an `[smpp]` section); unknown keys and bad values are
    /// refused with the key at fault.
    public init(settings: [String: String]) throws(SMPPConfigurationError) {
        for key in settings.keys where !Self.settingKeys.contains(key) {
            throw SMPPConfigurationError(key: key, message: "unknown key")
        }
        guard let host = settings["host"], !host.isEmpty else {
            throw SMPPConfigurationError(key: "host", message: "missing")
        }
        guard let systemID = settings["system_id"] else {
            throw SMPPConfigurationError(key: "system_id", message: "missing")
        }
        try Self.check(systemID, key: "system_id", field: .systemID)
        let password = settings["password"] ?? ""
        try Self.check(password, key: "password", field: .password)
        let systemType = settings["system_type"] ?? ""
        try Self.check(systemType, key: "system_type", field: .systemType)
        let source = Self.address(settings["source_addr"] ?? "Reroute")
        try Self.check(source.address, key: "source_addr", field: .sourceAddress)
        self.init(host: host, systemID: systemID, password: password, systemType: systemType, sourceAddress: source)
        port = try Self.integer(settings, "port", in: 1...65_535) ?? port
        windowSize = try Self.integer(settings, "window", in: 1...1_000) ?? windowSize
        queueLimit = try Self.integer(settings, "queue_limit", in: 0...1_000_000) ?? queueLimit
        if let value = try Self.integer(settings, "registered_delivery", in: 0...255) {
            registeredDelivery = SMPPRegisteredDelivery(UInt8(value))
        }
        timers.response = try Self.milliseconds(settings, "response_timeout_ms") ?? timers.response
        timers.enquireLink = try Self.milliseconds(settings, "enquire_link_interval_ms") ?? timers.enquireLink
        timers.reconnectInitial = try Self.milliseconds(settings, "reconnect_initial_ms") ?? timers.reconnectInitial
        timers.reconnectMaximum = try Self.milliseconds(settings, "reconnect_max_ms") ?? timers.reconnectMaximum
        timers.queue = try Self.milliseconds(settings, "queue_timeout_ms") ?? timers.queue
        connectTimeout = try Self.milliseconds(settings, "connect_timeout_ms") ?? connectTimeout
    }

    private static func check(_ value: String, key: String, field: SMPPField) throws(SMPPConfigurationError) {
        guard value.utf8.count < field.maximumLength else {
            throw SMPPConfigurationError(key: key, message: "longer than \(field.maximumLength - 1) characters")
        }
        guard value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value != 0 }) else {
            throw SMPPConfigurationError(key: key, message: "not plain ASCII")
        }
    }

    private static func integer(
        _ settings: [String: String], _ key: String, in range: ClosedRange<Int>
    ) throws(SMPPConfigurationError) -> Int? {
        guard let text = settings[key] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw SMPPConfigurationError(
                key: key, message: "'\(text)' is not a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    private static func milliseconds(
        _ settings: [String: String], _ key: String
    ) throws(SMPPConfigurationError) -> Duration? {
        try integer(settings, key, in: 1...86_400_000).map { .milliseconds($0) }
    }
}
