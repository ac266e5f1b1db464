public import Interworking
public import ISUPWire
public import NIOCore
public import RoutingClient
import RoutingCore
public import TelecomTypes

/// Asks the routing server about one incoming call, the shell around ``IncomingCallAnalysis`` and
/// ``CallDisposition``: analyse the IAM (pure), make the one question it needs (route lookup and forwarded-call
/// report, or missed-call report) within the timeout, and turn the answer into a disposition (pure).
public struct IncomingCallRouter: Sendable {
    /// The disposition and the one log line that explains it.
    public struct Decision: Hashable, Sendable {
        public var disposition: CallDisposition
        public var explanation: String
        /// For a call to fork: the call as analysed and where the routing server says to ring it.
        public var route: Route?
        /// A forwarded call for a subscriber with no device available (released with cause 20, or taken to
        /// voicemail at once): the call as analysed, for its missed-call record.
        public var absent: ForwardedCall?
    }

    /// A forwarded call the routing server found devices for.
    public struct Route: Hashable, Sendable {
        public var call: ForwardedCall
        public var accountID: String
        public var contacts: [CallContact]
    }

    public let routing: any CallRouting
    public let plan: InterworkingPlan
    public let timeout: TimeAmount

    public init(routing: any CallRouting, plan: InterworkingPlan, timeout: TimeAmount) {
        self.routing = routing
        self.plan = plan
        self.timeout = timeout
    }

    /// Decides the call of `iam`; `callRef` names it in the call record (unique per call).
    public func decide(_ iam: ISUPMessage, callRef: String) async -> Decision {
        await decide(analysis: IncomingCallAnalysis(iam: iam, plan: plan), callRef: callRef)
    }

    /// Decides a call already analysed (an IAM, or a soft switch's INVITE: ``IncomingCallAnalysis/init(signalled:plan:)``).
    public func decide(analysis: IncomingCallAnalysis, callRef: String) async -> Decision {
        switch analysis {
        case .missedCallValidation(let calling):
            guard let calling, let called = plan.validationNumber else {
                return decision(analysis, nil, "missed call to the validation number without a calling number")
            }
            do {
                let ack = try await bounded { try await routing.missedCall(calling: calling, called: called) }
                let result = ack.validated.map { "validated \($0)" } ?? "no pending missed-call validation"
                return decision(analysis, .available, "missed call from \(calling) to the validation number: \(result)")
            } catch {
                return decision(analysis, .failed, "missed call from \(calling) not reported: \(error)")
            }
        case .noSubscriber(let why):
            return decision(analysis, nil, "no subscriber: \(why)")
        case .loop(let call, let reason):
            let report = await self.report(call, callRef: callRef, outcome: "loop")
            return decision(analysis, nil, "call for \(call.subscriber) not forwarded again: \(reason)\(report)")
        case .forwarded(let call):
            let answer: CallDisposition.RoutingAnswer
            let outcome: String
            var route: Route?
            do {
                switch try await bounded({ try await routing.route(call.subscriber) }) {
                case .available(let accountID, let contacts):
                    (answer, outcome) = (.available, "routed to \(contacts.count) device(s)")
                    route = Route(call: call, accountID: accountID, contacts: contacts)
                case .unknownNumber: (answer, outcome) = (.unknownNumber, "unknown_number")
                case .noDeviceAvailable: (answer, outcome) = (.noDeviceAvailable, "no_device_available")
                }
            } catch {
                return decision(
                    analysis, .failed, "forwarded call for \(call.subscriber): route lookup failed: \(error)")
            }
            let report = await self.report(call, callRef: callRef, outcome: answer == .available ? "routed" : outcome)
            let from = call.calling.map { " from \($0)" } ?? ""
            var result = decision(
                analysis, answer,
                "forwarded call\(from) for \(call.subscriber) (\(call.source.rawValue), reason \(call.reasonName)): "
                    + "\(outcome)\(report)")
            result.route = route
            if answer == .noDeviceAvailable { result.absent = call }
            return result
        }
    }

    private func decision(_ analysis: IncomingCallAnalysis, _ answer: CallDisposition.RoutingAnswer?, _ text: String)
        -> Decision
    {
        let disposition = CallDisposition(analysis, answer: answer)
        let action: String
        switch disposition {
        case .proceed: action = "proceed"
        case .release(let cause): action = "release, cause \(cause.rawValue)"
        }
        return Decision(disposition: disposition, explanation: "routing: \(text) → \(action)", route: nil)
    }

    /// The forwarded-call report; its failure does not change the call (the route decided it), only the log.
    private func report(_ call: ForwardedCall, callRef: String, outcome: String) async -> String {
        let notice = ForwardedCallNotice(
            callRef: callRef, subscriber: call.subscriber, calling: call.calling, called: call.called,
            reason: call.reasonName, outcome: outcome)
        do {
            let ack = try await bounded { try await routing.forwardedCall(notice) }
            return ack.forwardingState.map { "; forwarding \($0)" } ?? ""
        } catch {
            return "; report failed: \(error)"
        }
    }

    /// Runs `body`, giving up with ``CallRoutingError/timeout`` after ``timeout``.
    private func bounded<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let nanoseconds = UInt64(max(0, timeout.nanoseconds))
        return try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(nanoseconds: nanoseconds)
                throw CallRoutingError.timeout
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CallRoutingError.timeout }
            return first
        }
    }
}
