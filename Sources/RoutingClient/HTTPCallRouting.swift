public import AsyncHTTPClient
import Foundation
public import NIOCore
import NIOHTTP1
public import RoutingCore

/// ``CallRouting`` over the routing server's HTTP API (`docs/openapi.yaml`): the service-token routes
/// `GET /v1/routes/{e164}`, `POST /v1/gateway/forwarded-calls` and `POST /v1/gateway/missed-calls`.
///
/// Each request has one deadline (connect, send, answer and body together): past it the call gets
/// ``CallRoutingError/timeout``. Nothing is retried here: the gateway decides a call once, promptly.
public final class HTTPCallRouting: CallRouting {
    public let baseURL: String
    private let serviceToken: String
    private let timeout: TimeAmount
    private let client: HTTPClient
    /// Largest answer read: an account's call settings carry its greeting (at most 1 MiB, base64: 4/3 of it).
    static let maximumBody = 2 * 1024 * 1024

    /// `baseURL` such as `http://127.0.0.1:8080` (no trailing `/v1`).
    public init(baseURL: String, serviceToken: String, timeout: TimeAmount) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.serviceToken = serviceToken
        self.timeout = timeout
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: timeout, read: timeout)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Closes the HTTP client's connections; call once before dropping the object.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func route(_ subscriber: E164Number) async throws -> CallRoute {
        // `+` is written %2B (RFC 3986 §2.1), as the API document allows.
        let object = try await send(.GET, "/v1/routes/%2B\(subscriber.digits)", body: nil)
        guard let available = object["available"] as? Bool else {
            throw CallRoutingError.invalidResponse("no \"available\" in the route")
        }
        if available {
            guard let contacts = object["contacts"] as? [[String: Any]] else {
                throw CallRoutingError.invalidResponse("an available route without contacts")
            }
            guard let accountID = object["account_id"] as? String else {
                throw CallRoutingError.invalidResponse("an available route without account_id")
            }
            return .available(accountID: accountID, contacts: contacts.map {
                CallContact(
                    deviceID: $0["device_id"] as? String ?? "", uri: $0["uri"] as? String ?? "",
                    transport: $0["transport"] as? String ?? "")
            })
        }
        switch object["reason"] as? String {
        case "unknown_number": return .unknownNumber
        case "no_device_available": return .noDeviceAvailable
        case let reason: throw CallRoutingError.invalidResponse("unavailable for reason \(reason ?? "none")")
        }
    }

    public func forwardedCall(_ call: ForwardedCallNotice) async throws -> ForwardedCallAck {
        var body: [String: Any] = [
            "call_ref": call.callRef, "original_called": call.subscriber.description, "reason": call.reason,
            "outcome": call.outcome,
        ]
        if let calling = call.calling { body["calling"] = calling.description }
        if let called = call.called { body["called"] = called.description }
        let object = try await send(.POST, "/v1/gateway/forwarded-calls", body: body)
        guard let subscriber = object["subscriber"] as? Bool else {
            throw CallRoutingError.invalidResponse("no \"subscriber\" in the answer")
        }
        return ForwardedCallAck(subscriber: subscriber, forwardingState: object["forwarding_state"] as? String)
    }

    public func missedCall(calling: E164Number, called: E164Number) async throws -> MissedCallAck {
        let object = try await send(
            .POST, "/v1/gateway/missed-calls",
            body: ["calling": calling.description, "called": called.description])
        let validated = (object["validated_number"] as? String).flatMap { try? E164Number(parsing: $0) }
        return MissedCallAck(validated: validated)
    }

    public func unansweredCall(_ call: UnansweredCallNotice) async throws {
        try await unansweredCall(call, voicemailFollows: false)
    }

    /// `POST /v1/gateway/unanswered-calls`; with `voicemailFollows` the alerts wait for the upload.
    public func unansweredCall(_ call: UnansweredCallNotice, voicemailFollows: Bool) async throws {
        var body: [String: Any] = [
            "call_ref": call.callRef, "at": call.at.formatted(.iso8601), "presentation": call.presentation.rawValue,
            "called": call.called.description, "reason": call.reason,
            "duration_ms": max(0, min(call.durationMilliseconds, 86_400_000)),
        ]
        if let caller = call.caller { body["caller"] = caller.description }
        if voicemailFollows { body["voicemail_follows"] = true }
        _ = try await send(.POST, "/v1/gateway/unanswered-calls", body: body)
    }

    /// `PUT /v1/gateway/unanswered-calls/{call_ref}/voicemail`: the whole recording (a WAVE file); the routing
    /// server stores it through its spool and alerts. A repeated upload keeps the first.
    public func uploadVoicemail(callRef: String, wav: [UInt8], timeout: TimeAmount = .seconds(30)) async throws {
        _ = try await send(
            .PUT, "/v1/gateway/unanswered-calls/\(Self.pathSegment(callRef))/voicemail", body: nil,
            raw: (wav, "audio/wav"), timeout: timeout)
    }

    // MARK: The gateway's registrar (`reroute gateway --icrs-url`)

    /// `GET /v1/gateway/sip-accounts/{username}`: the digest credentials of a logged-in device; nil on 404.
    public func sipAccount(username: String) async throws -> SIPAccountAnswer? {
        let object: [String: Any]
        do {
            object = try await send(.GET, "/v1/gateway/sip-accounts/\(Self.pathSegment(username))", body: nil)
        } catch CallRoutingError.rejected(status: 404, _, _) {
            return nil
        }
        guard let name = object["username"] as? String, let account = object["account_id"] as? String,
            let device = object["device_id"] as? String, let domain = object["domain"] as? String,
            let md5 = object["ha1_md5"] as? String, let sha256 = object["ha1_sha256"] as? String
        else { throw CallRoutingError.invalidResponse("a SIP account without its fields") }
        return SIPAccountAnswer(
            username: name, accountID: account, deviceID: device, domain: domain, ha1MD5: md5, ha1SHA256: sha256)
    }

    /// `POST /v1/gateway/sip-accounts/{username}/events`.
    public func deviceEvent(username: String, _ event: DeviceEventReport) async throws {
        var body: [String: Any]
        switch event {
        case .registered(let uri, let transport):
            body = ["event": "registered", "contact": ["uri": uri, "transport": transport]]
        case .deregistered: body = ["event": "deregistered"]
        case .connectionLost: body = ["event": "connection_lost"]
        }
        _ = try await send(.POST, "/v1/gateway/sip-accounts/\(Self.pathSegment(username))/events", body: body)
    }

    /// `GET /v1/gateway/numbers/{e164}/call-settings`.
    public func callSettings(subscriber: E164Number) async throws -> AccountCallPreferences {
        let object = try await send(
            .GET, "/v1/gateway/numbers/\(Self.pathSegment(subscriber.description))/call-settings", body: nil)
        var preferences = AccountCallPreferences()
        if let seconds = object["ring_timeout_seconds"] as? Int { preferences.ringTimeout = .seconds(seconds) }
        if let encoded = object["greeting_wav"] as? String {
            guard let data = Data(base64Encoded: encoded) else {
                throw CallRoutingError.invalidResponse("greeting_wav is not base64")
            }
            preferences.greeting = [UInt8](data)
        }
        return preferences
    }

    // MARK: Outbound validation calls (issue 7 item 3)

    /// `POST /v1/gateway/outbound-calls/claim`: the due calls, leased to this gateway.
    public func claimOutboundCalls(limit: Int) async throws -> [OutboundCallOrder] {
        let object = try await send(.POST, "/v1/gateway/outbound-calls/claim", body: ["limit": limit])
        guard let calls = object["calls"] as? [[String: Any]] else {
            throw CallRoutingError.invalidResponse("no calls list")
        }
        return try calls.map { call in
            guard let id = call["id"] as? String, let text = call["number"] as? String,
                let number = try? E164Number(parsing: text), let code = call["code"] as? String
            else { throw CallRoutingError.invalidResponse("an outbound call without its fields") }
            return OutboundCallOrder(id: id, number: number, code: code)
        }
    }

    /// `POST /v1/gateway/outbound-calls/{id}/result`.
    public func reportOutboundCall(id: String, placed: Bool) async throws {
        _ = try await send(
            .POST, "/v1/gateway/outbound-calls/\(Self.pathSegment(id))/result",
            body: ["outcome": placed ? "placed" : "not_placed"])
    }

    /// A path segment with everything but unreserved characters percent-encoded (RFC 3986 §2.3).
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? text
    }

    /// One request with the service token; a 2xx JSON object comes back (empty for 204), anything else is thrown.
    private func send(
        _ method: HTTPMethod, _ path: String, body: [String: Any]?, raw: (bytes: [UInt8], type: String)? = nil,
        timeout: TimeAmount? = nil
    ) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "X-Service-Token", value: serviceToken)
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        if let raw {
            request.headers.add(name: "Content-Type", value: raw.type)
            request.body = .bytes(ByteBuffer(bytes: raw.bytes))
        }
        let deadline = NIODeadline.now() + (timeout ?? self.timeout)
        let status: Int
        let bytes: ByteBuffer
        do {
            let response = try await client.execute(request, deadline: deadline)
            status = Int(response.status.code)
            bytes = try await response.body.collect(upTo: Self.maximumBody)
        } catch let error as HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
                || NIODeadline.now() >= deadline
            {
                throw CallRoutingError.timeout
            }
            throw CallRoutingError.unreachable(String(describing: error))
        } catch {
            if NIODeadline.now() >= deadline { throw CallRoutingError.timeout }
            throw CallRoutingError.unreachable(String(describing: error))
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any]
        guard (200..<300).contains(status) else {
            let error = object?["error"] as? [String: Any]
            throw CallRoutingError.rejected(
                status: status, code: error?["code"] as? String ?? "", message: error?["message"] as? String ?? "")
        }
        if status == 204 { return [:] }
        guard let object else { throw CallRoutingError.invalidResponse("the body is not a JSON object") }
        return object
    }
}

/// A device's SIP login as the routing server keeps it (schema `SIPAccount`).
public struct SIPAccountAnswer: Hashable, Sendable {
    public var username: String
    public var accountID: String
    public var deviceID: String
    /// The SIP domain: the realm the HA1s were computed for.
    public var domain: String
    public var ha1MD5: String
    public var ha1SHA256: String
}

/// What the gateway's registrar saw of a device (schema `DeviceEvent`).
public enum DeviceEventReport: Hashable, Sendable {
    case registered(uri: String, transport: String)
    case deregistered
    case connectionLost
}

/// An outbound validation call a gateway claimed (schema `OutboundCall`): call `number`, speak `code`.
public struct OutboundCallOrder: Hashable, Sendable {
    public var id: String
    public var number: E164Number
    public var code: String

    public init(id: String, number: E164Number, code: String) {
        self.id = id
        self.number = number
        self.code = code
    }
}
