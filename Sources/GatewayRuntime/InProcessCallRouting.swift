import Foundation
public import RoutingClient
public import RoutingCore
public import RoutingService

/// ``CallRouting`` in the same process as the routing service (all-in-one): each question is one use case of
/// ``RoutingService``, with no HTTP in between.
public struct InProcessCallRouting: CallRouting {
    public let service: RoutingService

    public init(service: RoutingService) {
        self.service = service
    }

    public func route(_ subscriber: E164Number) async throws -> CallRoute {
        switch try await service.routeLookup(number: subscriber.description) {
        case .available(let accountID, let contacts):
            return .available(accountID: accountID.description, contacts: contacts.map {
                CallContact(deviceID: $0.deviceID.value, uri: $0.uri, transport: $0.transport)
            })
        case .wakeable(let accountID, _):
            // Nothing to ring yet: the SIP edge wakes the account's devices and rings each as it registers.
            return .available(accountID: accountID.description, contacts: [])
        case .unavailable(.unknownNumber): return .unknownNumber
        case .unavailable(.noDeviceAvailable): return .noDeviceAvailable
        }
    }

    public func forwardedCall(_ call: ForwardedCallNotice) async throws -> ForwardedCallAck {
        let result = try await service.reportForwardedCall(ForwardedCallReport(
            callRef: call.callRef, at: nil, originalCalled: call.subscriber.description,
            calling: call.calling?.description, called: call.called?.description, reason: call.reason,
            outcome: call.outcome))
        return ForwardedCallAck(subscriber: result.subscriber, forwardingState: result.forwardingState?.rawValue)
    }

    public func unansweredCall(_ call: UnansweredCallNotice) async throws {
        _ = try await service.reportUnansweredCall(UnansweredCall(
            callRef: call.callRef, at: call.at, caller: call.caller?.description, presentation: call.presentation,
            called: call.called.description, reason: call.reason, durationMilliseconds: call.durationMilliseconds))
    }

    public func callSettings(subscriber: E164Number) async throws -> AccountCallPreferences {
        let settings = try await service.callSettings(number: subscriber.description)
        return AccountCallPreferences(
            ringTimeout: settings.ringTimeoutSeconds.map { .seconds($0) }, greeting: settings.greeting)
    }

    public func missedCall(calling: E164Number, called: E164Number) async throws -> MissedCallAck {
        let decision = try await service.receiveMissedCall(calling: calling.description, called: called.description)
        return MissedCallAck(validated: decision.validated)
    }
}
