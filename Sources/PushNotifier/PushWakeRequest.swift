public import Foundation
public import RoutingCore

/// One wake-up push for an incoming call (RFC 8599 §4: the device registered its push address with `pn-provider`,
/// `pn-prid` and `pn-param`; the SIP server asks the push service to wake the app so that it registers and can be
/// forked to while the call still rings).
public struct PushWakeRequest: Hashable, Sendable {
    /// The device's push address.
    public var token: PushToken
    /// Correlates the push with the call the app will see when it registers.
    public var callID: String
    /// The caller as the app may show it; nil when presentation is restricted (RFC 3323).
    public var caller: String?
    /// The subscriber's number that was called (E.164).
    public var called: String
    /// After this the call no longer waits for the device: the push service may drop the notification.
    public var expiresAt: Date

    public init(token: PushToken, callID: String, caller: String?, called: String, expiresAt: Date) {
        self.token = token
        self.callID = callID
        self.caller = caller
        self.called = called
        self.expiresAt = expiresAt
    }

    /// The JSON body sent to the push gateway: the RFC 8599 parameter names with `-` written `_`.
    func body(now: Date) throws -> Data {
        let body = Body(
            type: "incoming_call", pn_provider: token.provider, pn_prid: token.prid, pn_param: token.param,
            call_id: callID, caller: caller, called: called,
            expires_at: expiresAt.formatted(.iso8601),
            time_to_live: max(0, Int(expiresAt.timeIntervalSince(now).rounded(.down))))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(body)
    }

    private struct Body: Encodable {
        // swiftlint:disable identifier_name
        var type: String
        var pn_provider: String
        var pn_prid: String
        var pn_param: String?
        var call_id: String
        var caller: String?
        var called: String
        var expires_at: String
        var time_to_live: Int
        // swiftlint:enable identifier_name
    }
}

/// What became of a wake-up push.
public enum PushWakeResult: Hashable, Sendable {
    /// The push gateway took it (2xx).
    case accepted
    /// The push gateway says the device's push address is no longer valid (404 or 410): the routing server should
    /// forget the token (RFC 8599 §5.1: the device must send a new one).
    case invalidToken(detail: String)
    /// Refused for good (another 4xx): the request or our credentials are wrong; retrying will not help.
    case rejected(status: Int, detail: String)
    /// No answer, a timeout or 5xx on every attempt the call's wait allowed.
    case unreachable(detail: String)
}

/// Where wake-up pushes go: an HTTP push gateway in production (`HTTPPushGateway`), a recorder in tests.
public protocol PushGateway: Sendable {
    func wake(_ request: PushWakeRequest) async -> PushWakeResult
}
