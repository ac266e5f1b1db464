public import RoutingCore

/// One SMS kept by ``InMemorySMSSink``.
public struct SentSMS: Hashable, Sendable {
    public let to: E164Number
    public let from: String
    public let text: String
}

/// Keeps sent SMS in memory (tests).
public actor InMemorySMSSink: SMSSender {
    public private(set) var messages: [SentSMS] = []
    public init() {}
    public func send(to destination: E164Number, from source: String, text: String) async throws {
        messages.append(SentSMS(to: destination, from: source, text: text))
    }
}

/// Keeps outbound-call requests in memory until the gateway can place them (tests, all-in-one demo).
public actor InMemoryOutboundCallSink: OutboundCallSink {
    public private(set) var requests: [OutboundCallRequest] = []
    public init() {}
    public func queue(_ request: OutboundCallRequest) async throws { requests.append(request) }
}

/// Answers every provisioning request with a scripted outcome and keeps the requests (tests).
public actor FakeProvisioningPlatform: ProvisioningPlatform {
    public private(set) var commands: [ProvisioningCommand] = []
    private var outcomes: [ProvisioningOutcome]
    private let fallback: ProvisioningOutcome

    public init(outcomes: [ProvisioningOutcome] = [], fallback: ProvisioningOutcome = .succeeded(detail: "ok")) {
        self.outcomes = outcomes
        self.fallback = fallback
    }

    public func execute(_ command: ProvisioningCommand) async -> ProvisioningOutcome {
        commands.append(command)
        return outcomes.isEmpty ? fallback : outcomes.removeFirst()
    }
}

/// For deployments with no integrated platform: every request fails with a clear detail.
public struct NoProvisioningPlatform: ProvisioningPlatform {
    public init() {}
    public func execute(_ command: ProvisioningCommand) async -> ProvisioningOutcome {
        .failed(detail: "no provisioning platform adapter is configured")
    }
}
