public import RoutingCore
public import RoutingStore
public import Foundation

/// A forwarded call the gateway saw (`POST /v1/gateway/forwarded-calls`).
public struct ForwardedCallReport: Hashable, Sendable {
    /// The gateway's id of the call: a repeated report with the same id changes nothing.
    public var callRef: String
    /// When the call arrived; `nil`: now (the routing server's clock).
    public var at: Date?
    /// The subscriber number the call was forwarded from (original called or redirecting number, Q.763 §3.39).
    public var originalCalled: String
    public var calling: String?
    /// The called party number (the C number).
    public var called: String?
    /// The redirection reason (Q.763 §3.45) as a word: `busy`, `no_reply`, `not_reachable`, `unconditional`, ….
    public var reason: String
    /// What the gateway did with the call: `routed`, `unknown_number`, `no_device_available`, `loop`, ….
    public var outcome: String

    public init(
        callRef: String, at: Date?, originalCalled: String, calling: String?, called: String?, reason: String,
        outcome: String
    ) {
        self.callRef = callRef
        self.at = at
        self.originalCalled = originalCalled
        self.calling = calling
        self.called = called
        self.reason = reason
        self.outcome = outcome
    }
}

/// What a forwarded-call report did.
public struct ForwardedCallResult: Hashable, Sendable {
    public let number: E164Number
    /// Whether an account owns (has validated) the number.
    public let subscriber: Bool
    /// The number's forwarding state after the report (`verified` after the first call); `nil` for no subscriber.
    public let forwardingState: ForwardingActivation.Phase?
}

extension RoutingService {
    /// The gateway reports a forwarded call: the first one for an owned number marks its forwarding `verified`
    /// (the closed loop of forwarding activation), and the call is kept as a call detail record (once per
    /// `callRef`, so a retried report is harmless).
    public func reportForwardedCall(_ report: ForwardedCallReport) async throws -> ForwardedCallResult {
        let number = try parse(report.originalCalled)
        let calling = report.calling.flatMap { try? parse($0) }
        let called = report.called.flatMap { try? parse($0) }
        let time = now()
        return try await database.transaction { tx in
            try await tx.insertCallRecord(CallRecord(
                callRef: String(report.callRef.prefix(100)), at: report.at ?? time, calling: calling?.description,
                called: called?.description, originalCalled: number.description,
                reason: String(report.reason.prefix(40)), outcome: String(report.outcome.prefix(40))))
            guard try await tx.owner(of: number) != nil else {
                return ForwardedCallResult(number: number, subscriber: false, forwardingState: nil)
            }
            var activation = try await tx.forwarding(number, lock: true) ?? ForwardingActivation(number: number)
            let stored = activation.history.count
            if activation.forwardedCallSeen(at: time) { try await tx.saveForwarding(activation, storedHistory: stored) }
            return ForwardedCallResult(number: number, subscriber: true, forwardingState: activation.phase)
        }
    }

    /// The call records of one subscriber number, oldest first (for operators and tests).
    public func callRecords(originalCalled: String) async throws -> [CallRecord] {
        let number = try parse(originalCalled)
        return try await database.read { tx in try await tx.callRecords(originalCalled: number.description) }
    }
}
