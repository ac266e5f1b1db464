public import RoutingCore
import RoutingStore
import Foundation

extension RoutingService {
    /// The forwarding state of one of the caller's numbers (`GET /v1/me/numbers/{e164}/forwarding`).
    public func forwardingStatus(token: String, number: String) async throws -> ForwardingView {
        let number = try parse(number)
        return try await database.transaction { tx in
            let account = try await sessionAccount(tx, token: token)
            guard account.link(of: number) != nil else { throw RoutingError.numberNotLinked(number) }
            return ForwardingView(try await tx.forwarding(number) ?? ForwardingActivation(number: number))
        }
    }

    /// (Re)starts activation for a validated number of the caller (done automatically after validation).
    public func requestForwardingActivation(token: String, number: String) async throws -> ForwardingView {
        let number = try parse(number)
        try await database.transaction { tx in
            let account = try await sessionAccount(tx, token: token)
            guard let link = account.link(of: number) else { throw RoutingError.numberNotLinked(number) }
            guard link.isValidated else { throw RoutingError.notValidated(number) }
        }
        return try await startForwarding(number)
    }

    /// The client dialed the code and reports the result (`POST /v1/me/numbers/{e164}/forwarding/result`).
    public func reportForwardingResult(token: String, number: String, succeeded: Bool, detail: String)
        async throws -> ForwardingView
    {
        let number = try parse(number)
        let time = now()
        return try await database.transaction { tx in
            let account = try await sessionAccount(tx, token: token)
            guard let link = account.link(of: number) else { throw RoutingError.numberNotLinked(number) }
            guard link.isValidated else { throw RoutingError.notValidated(number) }
            var activation = try await tx.forwarding(number, lock: true) ?? ForwardingActivation(number: number)
            let stored = activation.history.count
            do throws(ForwardingError) {
                try activation.clientReported(succeeded: succeeded, detail: String(detail.prefix(500)), at: time)
            } catch {
                switch error {
                case .notAwaiting(let phase):
                    throw RoutingError.forwardingConflict("forwarding is \(phase.rawValue): no client report expected")
                }
            }
            try await tx.saveForwarding(activation, storedHistory: stored)
            return ForwardingView(activation)
        }
    }

    /// The gateway saw a forwarded call whose original called number is `originalCalledNumber`: the first one marks
    /// that number's forwarding `verified`. Returns the new state, or `nil` when no account owns the number.
    public func forwardedCallSeen(originalCalledNumber: String) async throws -> ForwardingView? {
        let number = try parse(originalCalledNumber)
        let time = now()
        return try await database.transaction { tx in
            guard try await tx.owner(of: number) != nil else { return nil }
            var activation = try await tx.forwarding(number, lock: true) ?? ForwardingActivation(number: number)
            let stored = activation.history.count
            if activation.forwardedCallSeen(at: time) { try await tx.saveForwarding(activation, storedHistory: stored) }
            return ForwardingView(activation)
        }
    }

    /// Looks the number's carrier up and starts activation; an integrated platform is asked at once and its answer
    /// stored.
    func startForwarding(_ number: E164Number) async throws -> ForwardingView {
        let time = now()
        let (action, view): (ForwardingActivation.Action, ForwardingView) = try await database.transaction { tx in
            let carrier = Carrier.serving(number, among: try await tx.carriers(serving: number))
            var activation = try await tx.forwarding(number, lock: true) ?? ForwardingActivation(number: number)
            let stored = activation.history.count
            let action = activation.start(carrier: carrier, at: time)
            try await tx.saveForwarding(activation, storedHistory: stored)
            return (action, ForwardingView(activation))
        }
        guard case .requestProvisioning(let command) = action else { return view }
        let outcome = await provisioning.execute(command)
        let answered = now()
        return try await database.transaction { tx in
            var activation = try await tx.forwarding(number, lock: true) ?? ForwardingActivation(number: number)
            let stored = activation.history.count
            // A later request may have superseded this one; its own answer will be stored then.
            if (try? activation.provisioningAnswered(outcome, at: answered)) != nil {
                try await tx.saveForwarding(activation, storedHistory: stored)
            }
            return ForwardingView(activation)
        }
    }

    /// Starts forwarding after a validation; a failure is stored in the forwarding state, not thrown at the client.
    func startForwardingQuietly(_ number: E164Number) async {
        _ = try? await startForwarding(number)
    }
}
