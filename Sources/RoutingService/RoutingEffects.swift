public import RoutingCore
public import Foundation

/// Sends an SMS (SMPP 3.4 `submit_sm` §4.4.1 to the SMSC, or a file sink in demos and tests).
public protocol SMSSender: Sendable {
    func send(to destination: E164Number, from source: String, text: String) async throws
}

/// A queued outbound call (OBD) that speaks a code: the gateway places it; until it can, the request sits in a sink.
public struct OutboundCallRequest: Hashable, Sendable {
    public let number: E164Number
    public let code: String
    public let requestedAt: Date

    public init(number: E164Number, code: String, requestedAt: Date) {
        self.number = number
        self.code = code
        self.requestedAt = requestedAt
    }
}

/// Takes outbound-call requests.
public protocol OutboundCallSink: Sendable {
    func queue(_ request: OutboundCallRequest) async throws
}

/// A carrier's service provisioning platform: switches call forwarding on or off for a number.
///
/// Implementations retry with backoff and send ``ProvisioningCommand/idempotencyKey`` so a retry is applied once;
/// they answer `.failed` rather than throw when the platform cannot be reached.
public protocol ProvisioningPlatform: Sendable {
    func execute(_ command: ProvisioningCommand) async -> ProvisioningOutcome
}

/// The wall clock, injected so tests can move time.
public protocol RoutingClock: Sendable {
    func now() -> Date
}

/// Cryptographically secure random bytes, injected so tests can be reproducible.
public protocol RandomSource: Sendable {
    func bytes(_ count: Int) -> [UInt8]
}

/// The system clock.
public struct SystemRoutingClock: RoutingClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// The system's CSPRNG (`getrandom(2)` on Linux, `arc4random_buf` on Darwin).
public struct SystemRandomSource: RandomSource {
    public init() {}
    public func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
