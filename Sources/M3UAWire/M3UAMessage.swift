public import NIOCore

/// One M3UA message (RFC 4666 §3): one case per message of §3.1.2, each with its payload struct, plus messages of
/// classes and types the RFC does not define, kept raw.
///
/// Decode in two steps: `frame(from:)` cuts one whole message out of a byte stream (TCP) or checks an SCTP
/// message, then `decode(_:variant:unknownMessages:)` decodes that exact slice. `encode(into:)` writes it back;
/// for a well-formed message `encode(decode(bytes)) == bytes`.
public enum M3UAMessage: Hashable, Sendable {
    /// Error (ERR), RFC 4666 §3.8.1.
    case error(M3UAErrorMessage)
    /// Notify (NTFY), RFC 4666 §3.8.2.
    case notify(M3UANotify)
    /// Payload Data (DATA), RFC 4666 §3.3.1.
    case payloadData(M3UAPayloadData)
    /// Destination Unavailable (DUNA), RFC 4666 §3.4.1.
    case destinationUnavailable(M3UADestinationUnavailable)
    /// Destination Available (DAVA), RFC 4666 §3.4.2.
    case destinationAvailable(M3UADestinationAvailable)
    /// Destination State Audit (DAUD), RFC 4666 §3.4.3.
    case destinationStateAudit(M3UADestinationStateAudit)
    /// Signalling Congestion (SCON), RFC 4666 §3.4.4.
    case signallingCongestion(M3UASignallingCongestion)
    /// Destination User Part Unavailable (DUPU), RFC 4666 §3.4.5.
    case destinationUserPartUnavailable(M3UADestinationUserPartUnavailable)
    /// Destination Restricted (DRST), RFC 4666 §3.4.6.
    case destinationRestricted(M3UADestinationRestricted)
    /// ASP Up (ASPUP), RFC 4666 §3.5.1.
    case aspUp(M3UAASPUp)
    /// ASP Down (ASPDN), RFC 4666 §3.5.3.
    case aspDown(M3UAASPDown)
    /// Heartbeat (BEAT), RFC 4666 §3.5.5.
    case heartbeat(M3UAHeartbeat)
    /// ASP Up Acknowledgement (ASPUP ACK), RFC 4666 §3.5.2.
    case aspUpAck(M3UAASPUpAck)
    /// ASP Down Acknowledgement (ASPDN ACK), RFC 4666 §3.5.4.
    case aspDownAck(M3UAASPDownAck)
    /// Heartbeat Acknowledgement (BEAT ACK), RFC 4666 §3.5.6.
    case heartbeatAck(M3UAHeartbeatAck)
    /// ASP Active (ASPAC), RFC 4666 §3.7.1.
    case aspActive(M3UAASPActive)
    /// ASP Inactive (ASPIA), RFC 4666 §3.7.3.
    case aspInactive(M3UAASPInactive)
    /// ASP Active Acknowledgement (ASPAC ACK), RFC 4666 §3.7.2.
    case aspActiveAck(M3UAASPActiveAck)
    /// ASP Inactive Acknowledgement (ASPIA ACK), RFC 4666 §3.7.4.
    case aspInactiveAck(M3UAASPInactiveAck)
    /// Registration Request (REG REQ), RFC 4666 §3.6.1.
    case registrationRequest(M3UARegistrationRequest)
    /// Registration Response (REG RSP), RFC 4666 §3.6.2.
    case registrationResponse(M3UARegistrationResponse)
    /// Deregistration Request (DEREG REQ), RFC 4666 §3.6.3.
    case deregistrationRequest(M3UADeregistrationRequest)
    /// Deregistration Response (DEREG RSP), RFC 4666 §3.6.4.
    case deregistrationResponse(M3UADeregistrationResponse)
    /// A message of a class or type RFC 4666 does not define, kept raw: `body` is everything after the common header.
    case unknown(class: M3UAMessageClass, type: UInt8, body: ByteBuffer)

    /// The payload struct of a defined message, `nil` for `.unknown`.
    public var payload: (any M3UAMessagePayload)? {
        switch self {
        case .error(let payload): payload
        case .notify(let payload): payload
        case .payloadData(let payload): payload
        case .destinationUnavailable(let payload): payload
        case .destinationAvailable(let payload): payload
        case .destinationStateAudit(let payload): payload
        case .signallingCongestion(let payload): payload
        case .destinationUserPartUnavailable(let payload): payload
        case .destinationRestricted(let payload): payload
        case .aspUp(let payload): payload
        case .aspDown(let payload): payload
        case .heartbeat(let payload): payload
        case .aspUpAck(let payload): payload
        case .aspDownAck(let payload): payload
        case .heartbeatAck(let payload): payload
        case .aspActive(let payload): payload
        case .aspInactive(let payload): payload
        case .aspActiveAck(let payload): payload
        case .aspInactiveAck(let payload): payload
        case .registrationRequest(let payload): payload
        case .registrationResponse(let payload): payload
        case .deregistrationRequest(let payload): payload
        case .deregistrationResponse(let payload): payload
        case .unknown: nil
        }
    }

    /// The message class of the common header.
    public var messageClass: M3UAMessageClass {
        switch self {
        case .unknown(let messageClass, _, _): messageClass
        default: payload.map { type(of: $0).messageClass } ?? M3UAMessageClass(0xFF)
        }
    }

    /// The message type of the common header.
    public var messageType: UInt8 {
        switch self {
        case .unknown(_, let messageType, _): messageType
        default: payload.map { type(of: $0).messageType } ?? 0xFF
        }
    }

    /// The message's parameters in wire order (empty for `.unknown`).
    public var parameters: [M3UAParameter] { payload?.parameters ?? [] }
}

extension M3UAMessage: CustomStringConvertible {
    /// The abbreviation tshark 4.0 prints in its Info column: `DATA`, `ASPUP`, `ASPAC_ACK`, `NTFY`, …
    public var description: String {
        if let payload { return type(of: payload).abbreviation }
        return "UNKNOWN(\(messageClass.rawValue)/\(messageType))"
    }
}
