public import NIOCore
public import SIPTransactions

/// How the call service runs: the SIP address, the leg's timers, the transaction timers.
public struct SIPCallServiceConfiguration: Sendable {
    /// Address to bind; UDP and TCP share the port (0 picks a free one).
    public var host: String
    public var port: Int
    public var ringTimeout: TimeAmount
    public var sessionTimers: Bool
    public var transactionTimers: SIPTimerConfiguration
    /// The seed of Call-IDs, tags and branches; the shell's one source of randomness.
    public var seed: UInt64

    public init(
        host: String = "127.0.0.1", port: Int = 0, ringTimeout: TimeAmount = .seconds(25), sessionTimers: Bool = true,
        transactionTimers: SIPTimerConfiguration = SIPTimerConfiguration(),
        seed: UInt64 = UInt64.random(in: .min ... .max)
    ) {
        self.host = host
        self.port = port
        self.ringTimeout = ringTimeout
        self.sessionTimers = sessionTimers
        self.transactionTimers = transactionTimers
        self.seed = seed
    }
}

/// One call of the service.
public struct SIPCallID: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public var description: String { "call\(rawValue)" }
}
