public import RoutingCore
public import Foundation

/// Writes each SMS as one JSON line `{"to": "+E164", "from": "...", "text": "...", "time": "..."}` (the issue's
/// file sink standing in for the SMSC in demos and tests). Appends; creates the file when missing.
public actor FileSMSSink: SMSSender {
    public let path: String
    private let clock: any RoutingClock

    public init(path: String, clock: any RoutingClock = SystemRoutingClock()) {
        self.path = path
        self.clock = clock
    }

    public func send(to destination: E164Number, from source: String, text: String) async throws {
        let time = clock.now().formatted(.iso8601)
        let object: [String: String] = ["to": destination.description, "from": source, "text": text, "time": time]
        var line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }
}

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
