public import Foundation
public import RoutingCore
public import RoutingStore

extension RoutingService {
    var alertPolicy: AlertPolicy { configuration.alertPolicy }

    /// Queues the alerts of a new missed call: one SMS to the number that was called and one SIP MESSAGE to the
    /// account's devices, each placed by ``AlertPolicy/place(at:userReachable:openAlertExists:)`` (the collation
    /// rule of docs/voicemail.md).
    func queueAlerts(
        _ tx: RoutingTransaction, call: MissedCallRow, number: E164Number, reachable: Bool, holdForVoicemail: Bool,
        at time: Date
    ) async throws {
        let targets: [(AlertChannel, String)] = [(.sms, number.description), (.sipMessage, call.accountID.description)]
        for (channel, destination) in targets {
            let key = "\(call.accountID):\(channel.rawValue):\(destination)"
            let open = try await tx.openAlert(collationKey: key)
            switch alertPolicy.place(at: time, userReachable: reachable, openAlertExists: open != nil) {
            case .join:
                guard var alert = open else { continue }
                try await tx.linkAlert(alert.id, call: call.id)
                alert.body = try await renderAlert(tx, alert)
                if holdForVoicemail {
                    alert.nextAttemptAt = max(alert.nextAttemptAt, time.addingTimeInterval(alertPolicy.voicemailGrace))
                }
                try await tx.saveAlert(alert)
            case .new(let dueAt, let collating):
                let due = holdForVoicemail ? max(dueAt, time.addingTimeInterval(alertPolicy.voicemailGrace)) : dueAt
                var alert = AlertRow(
                    id: newUUID(), accountID: call.accountID, channel: channel, destination: destination, body: "",
                    collationKey: collating ? key : nil, nextAttemptAt: due,
                    expiresAt: time.addingTimeInterval(alertPolicy.lifetime), createdAt: time)
                alert.body = MissedCallAlertText.single(call.summary, utcOffset: alertPolicy.utcOffset)
                try await tx.insertAlert(alert, calls: [call.id])
            }
        }
    }

    /// A voicemail was stored for a call already alerted on: pending alerts are rendered again (now with its
    /// length) and, if they were held for it, made due now.
    func voicemailArrived(_ tx: RoutingTransaction, call: UUID, at time: Date) async throws {
        for var alert in try await tx.pendingAlerts(call: call) {
            alert.body = try await renderAlert(tx, alert)
            if alert.collationKey == nil && alert.attempts == 0 { alert.nextAttemptAt = min(alert.nextAttemptAt, time) }
            try await tx.saveAlert(alert)
        }
    }

    /// The "available again" hook: a device of `account` registered while none was available. Every open alert of
    /// the account (calls gathered while the user was offline) is closed, rendered as the "available again"
    /// alert, and made due now; SIP MESSAGE alerts waiting for a retry because no device was registered are made
    /// due now too (a device now is).
    func releaseCollatedAlerts(_ tx: RoutingTransaction, account: AccountID, at time: Date) async throws {
        for var alert in try await tx.openAlerts(account: account) {
            alert.collationKey = nil
            alert.availableAgain = true
            alert.nextAttemptAt = time
            alert.body = try await renderAlert(tx, alert)
            try await tx.saveAlert(alert)
        }
        for var alert in try await tx.retryingAlerts(account: account, channel: .sipMessage)
        where alert.nextAttemptAt > time {
            alert.nextAttemptAt = time
            try await tx.saveAlert(alert)
        }
    }

    func renderAlert(_ tx: RoutingTransaction, _ alert: AlertRow) async throws -> String {
        let calls = try await tx.missedCalls(alert: alert.id).map(\.summary)
        guard !calls.isEmpty else { return alert.body }
        return alert.availableAgain
            ? MissedCallAlertText.availableAgain(calls, utcOffset: alertPolicy.utcOffset)
            : MissedCallAlertText.collated(calls, utcOffset: alertPolicy.utcOffset)
    }

    // MARK: The worker's side

    /// Claims up to `limit` due alerts (`FOR UPDATE SKIP LOCKED`; see ``RoutingTransaction/claimDueAlerts``).
    /// Alerts past their expiry are marked `expired` instead of being returned.
    public func claimDueAlerts(limit: Int = 20) async throws -> [AlertRow] {
        let time = now()
        return try await database.transaction { tx in
            var due: [AlertRow] = []
            for var alert in try await tx.claimDueAlerts(
                at: time, limit: limit, leaseUntil: time.addingTimeInterval(alertPolicy.claimLease))
            {
                if alert.expiresAt <= time {
                    alert.state = "expired"
                    alert.lastError = alert.lastError ?? "expired before an attempt"
                    try await tx.saveAlert(alert)
                } else {
                    due.append(alert)
                }
            }
            return due
        }
    }

    /// The alert was delivered (SMSC accepted the `submit_sm`, or a device answered the MESSAGE with 2xx).
    public func alertDelivered(_ id: UUID) async throws {
        let time = now()
        try await database.transaction { tx in
            guard var alert = try await tx.alert(id: id, lock: true), alert.state == "pending" else { return }
            alert.state = "delivered"
            alert.deliveredAt = time
            alert.lastError = nil
            try await tx.saveAlert(alert)
        }
    }

    /// The attempt failed: the alert is retried with back-off (``AlertPolicy/retry(after:at:createdAt:)``) or
    /// expires.
    public func alertFailed(_ id: UUID, error: String) async throws {
        let time = now()
        try await database.transaction { tx in
            guard var alert = try await tx.alert(id: id, lock: true), alert.state == "pending" else { return }
            alert.lastError = String(error.prefix(500))
            if let next = alertPolicy.retry(after: alert.attempts, at: time, createdAt: alert.createdAt),
                next < alert.expiresAt
            {
                alert.nextAttemptAt = next
            } else {
                alert.state = "expired"
            }
            try await tx.saveAlert(alert)
        }
    }

    /// Every alert of an account, oldest first (operators and tests).
    public func alerts(account: AccountID) async throws -> [AlertRow] {
        try await database.read { tx in try await tx.alerts(account: account) }
    }
}
