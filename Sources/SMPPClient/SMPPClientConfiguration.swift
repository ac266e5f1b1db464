public import SMPPProtocol
public import SMPPWire

/// Where and how Reroute's ESME binds: the SMSC's address and credentials, the source address of the messages it
/// sends, and the session's window and timers. See docs/smpp.md for the configuration keys.
public struct SMPPClientConfiguration: Hashable, Sendable {
    public var host: String
    public var port: Int
    /// system_id, at most 15 characters (§4.1.5).
    public var systemID: String
    /// password, at most 8 characters.
    public var password: String
    /// system_type, at most 12 characters ("" unless the SMSC asks for one).
    public var systemType: String
    /// source_addr of submitted messages: an E.164 number (TON international) or an alphanumeric name.
    public var sourceAddress: SMPPAddress
    /// registered_delivery of submitted messages.
    public var registeredDelivery: SMPPRegisteredDelivery
    public var windowSize: Int
    public var queueLimit: Int
    public var timers: SMPPTimerConfiguration
    public var connectTimeout: Duration

    public init(
        host: String, port: Int = 2775, systemID: String, password: String, systemType: String = "",
        sourceAddress: SMPPAddress = .alphanumeric("Reroute"), registeredDelivery: SMPPRegisteredDelivery = .none,
        windowSize: Int = 10, queueLimit: Int = 1_000, timers: SMPPTimerConfiguration = .init(),
        connectTimeout: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.systemID = systemID
        self.password = password
        self.systemType = systemType
        self.sourceAddress = sourceAddress
        self.registeredDelivery = registeredDelivery
        self.windowSize = windowSize
        self.queueLimit = queueLimit
        self.timers = timers
        self.connectTimeout = connectTimeout
    }

    /// The bind_transceiver body this configuration sends.
    public var bind: SMPPBind {
        SMPPBind(systemID: systemID, password: password, systemType: systemType)
    }

    /// A source address from configuration text: `+` and digits (or digits only) is an E.164 number, anything
    /// else an alphanumeric sender.
    public static func address(_ text: String) -> SMPPAddress {
        let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) { return .international(text) }
        return .alphanumeric(text)
    }
}
