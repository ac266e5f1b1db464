import Foundation
import RoutingCore
import RoutingStore

/// Delivers the alert outbox (layer 3): claims due alerts, sends each through ``SMSSender`` (SMPP `submit_sm`) or
/// ``SIPMessageSender`` (RFC 3428 MESSAGE), and records the outcome. At-least-once: an alert is marked delivered
/// only after the sender returned, so a worker that dies in between leaves it to be sent again when its claim
/// lease runs out; the alert id is the idempotency key.
public struct AlertOutboxWorker: Sendable {
    public let service: RoutingService
    let sms: any SMSSender
    let sipMessages: any SIPMessageSender
    let batchSize: Int

    public init(
        service: RoutingService, sms: any SMSSender, sipMessages: any SIPMessageSender, batchSize: Int = 20
    ) {
        self.service = service
        self.sms = sms
        self.sipMessages = sipMessages
        self.batchSize = batchSize
    }

    /// What one pass did.
    public struct Report: Hashable, Sendable {
        public var delivered = 0
        public var failed = 0

        public init(delivered: Int = 0, failed: Int = 0) {
            self.delivered = delivered
            self.failed = failed
        }
    }

    /// One pass: every alert due now, in batches, each delivered or rescheduled.
    public func deliverDue() async throws -> Report {
        var report = Report()
        while true {
            let batch = try await service.claimDueAlerts(limit: batchSize)
            if batch.isEmpty { return report }
            for alert in batch {
                if let error = await deliver(alert) {
                    try await service.alertFailed(alert.id, error: error)
                    report.failed += 1
                } else {
                    try await service.alertDelivered(alert.id)
                    report.delivered += 1
                }
            }
        }
    }

    /// Runs passes every `interval` until the task is cancelled (`reroute icrs` / the gateway run it).
    public func run(every interval: Duration = .seconds(2)) async {
        while !Task.isCancelled {
            _ = try? await deliverDue()
            try? await Task.sleep(for: interval)
        }
    }

    /// `nil` when delivered, else why not.
    func deliver(_ alert: AlertRow) async -> String? {
        do {
            switch alert.channel {
            case .sms:
                let number = try E164Number(parsing: alert.destination)
                try await sms.send(to: number, from: service.configuration.smsSourceAddress, text: alert.body)
                return nil
            case .sipMessage:
                guard let account = AccountID(alert.destination) else { return "bad destination \(alert.destination)" }
                let accepted = try await sipMessages.sendMessage(to: account, body: alert.body, idempotencyKey: alert.id)
                return accepted > 0 ? nil : "no registered device accepted the MESSAGE"
            }
        } catch {
            return "\(error)"
        }
    }
}
