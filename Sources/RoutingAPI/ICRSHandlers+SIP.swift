import Foundation
import Hummingbird
import RoutingCore
import RoutingService

// The gateway's registrar over HTTP (issue 5 item 8: `reroute gateway --icrs-url`): the digest credentials of a
// device's SIP login, and the registrar's device-state changes written back.
extension ICRSHandlers {
    /// `GET /v1/gateway/sip-accounts/{username}`: the HA1s of a logged-in device's SIP credentials (never the
    /// password); 404 when no logged-in device has that username.
    func sipAccount(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let username = try context.parameters.sipUsername()
        guard let record = try await service.sipAccount(username: username) else {
            throw APIError.notFound("no logged-in device has the SIP username \(username)")
        }
        return try JSONResponse.make(SIPAccountBody(record))
    }

    /// `POST /v1/gateway/sip-accounts/{username}/events`: the registrar registered, deregistered or lost the
    /// device (the mission's data-network connection detection).
    func deviceEvent(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let username = try context.parameters.sipUsername()
        let body = try await request.decodeJSON(DeviceEventBody.self)
        switch body.event {
        case .registered(let contact): try await service.deviceRegistered(sipUsername: username, contact: contact)
        case .deregistered: try await service.deviceDeregistered(sipUsername: username)
        case .connectionLost: try await service.deviceConnectionLost(sipUsername: username)
        }
        return JSONResponse.noContent
    }
}

extension Parameters {
    /// The `{username}` segment: a SIP username as login hands them out (letters, digits, `_ . -`; 1 to 64).
    func sipUsername() throws(APIError) -> String {
        let raw = get("username") ?? ""
        let text = raw.removingPercentEncoding ?? raw
        guard (1...64).contains(text.count),
            text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                || "_.-".unicodeScalars.contains($0)) })
        else { throw .badRequest("SIP username \"\(text)\" must be 1 to 64 letters, digits, _ . or -") }
        return text
    }
}

/// Schema `SIPAccount`.
struct SIPAccountBody: Encodable {
    var username: String
    var account_id: String
    var device_id: String
    var domain: String
    var ha1_md5: String
    var ha1_sha256: String

    init(_ record: SIPAccountRecord) {
        username = record.username
        account_id = record.accountID.description
        device_id = record.deviceID.description
        domain = record.domain
        ha1_md5 = record.ha1MD5
        ha1_sha256 = record.ha1SHA256
    }
}

/// Schema `DeviceEvent`: `{"event": "registered", "contact": {"uri", "transport"}}`, or `deregistered` /
/// `connection_lost` without a contact.
struct DeviceEventBody: Decodable {
    enum Event {
        case registered(DeviceContact)
        case deregistered
        case connectionLost
    }

    var event: Event

    enum CodingKeys: String, CodingKey, CaseIterable { case event, contact }
    enum ContactKeys: String, CodingKey, CaseIterable { case uri, transport }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .event)
        switch name {
        case "registered":
            guard container.contains(.contact) else {
                throw APIError.badRequest("field \"contact\" is required when event is registered")
            }
            let contactDecoder = try container.superDecoder(forKey: .contact)
            try contactDecoder.rejectUnknownFields(ContactKeys.self)
            let contact = try contactDecoder.container(keyedBy: ContactKeys.self)
            let uri = try contact.text(.uri, lengths: 1...512)
            let transport = try contact.decode(String.self, forKey: .transport)
            guard ["udp", "tcp", "tls", "ws", "wss"].contains(transport) else {
                throw APIError.badRequest("field \"contact.transport\" must be udp, tcp, tls, ws or wss")
            }
            event = .registered(DeviceContact(uri: uri, transport: transport, codecs: []))
        case "deregistered", "connection_lost":
            guard !container.contains(.contact) else {
                throw APIError.badRequest("field \"contact\" is only for event registered")
            }
            event = name == "deregistered" ? .deregistered : .connectionLost
        default:
            throw APIError.badRequest("field \"event\" must be registered, deregistered or connection_lost")
        }
    }
}
