/// A message's class and type together: the key of the parameter table.
struct M3UAMessageKey: Hashable, Sendable {
    var messageClass: UInt8
    var messageType: UInt8

    init(_ payload: any M3UAMessagePayload.Type) {
        self.messageClass = payload.messageClass.rawValue
        self.messageType = payload.messageType
    }

    init(messageClass: UInt8, messageType: UInt8) {
        self.messageClass = messageClass
        self.messageType = messageType
    }
}

/// The one table of which parameters each message carries (RFC 4666 §3.3–§3.8, "The X message contains the
/// following parameters"), checked by the generic decoder `M3UAParameterRule.decodeList`.
///
/// "Conditional" parameters are optional here; the protocol layer decides when configuration makes them required
/// (e.g. Routing Context when more than one AS shares the association, §3.3.1).
enum M3UAMessageRules {
    static let table: [M3UAMessageKey: M3UAParameterRule] = [
        // §3.8.1 ERR
        M3UAMessageKey(M3UAErrorMessage.self): M3UAParameterRule(
            mandatory: [.errorCode],
            optional: [.routingContext, .networkAppearance, .affectedPointCode, .diagnosticInformation]
        ),
        // §3.8.2 NTFY
        M3UAMessageKey(M3UANotify.self): M3UAParameterRule(
            mandatory: [.status], optional: [.aspIdentifier, .routingContext, .infoString]),
        // §3.3.1 DATA
        M3UAMessageKey(M3UAPayloadData.self): M3UAParameterRule(
            mandatory: [.protocolData], optional: [.networkAppearance, .routingContext, .correlationID]),
        // §3.4.1 DUNA
        M3UAMessageKey(M3UADestinationUnavailable.self): M3UAParameterRule(
            mandatory: [.affectedPointCode], optional: [.networkAppearance, .routingContext, .infoString]),
        // §3.4.2 DAVA
        M3UAMessageKey(M3UADestinationAvailable.self): M3UAParameterRule(
            mandatory: [.affectedPointCode], optional: [.networkAppearance, .routingContext, .infoString]),
        // §3.4.3 DAUD
        M3UAMessageKey(M3UADestinationStateAudit.self): M3UAParameterRule(
            mandatory: [.affectedPointCode], optional: [.networkAppearance, .routingContext, .infoString]),
        // §3.4.4 SCON
        M3UAMessageKey(M3UASignallingCongestion.self): M3UAParameterRule(
            mandatory: [.affectedPointCode],
            optional: [
                .networkAppearance, .routingContext, .concernedDestination, .congestionIndications, .infoString,
            ]),
        // §3.4.5 DUPU
        M3UAMessageKey(M3UADestinationUserPartUnavailable.self): M3UAParameterRule(
            mandatory: [.affectedPointCode, .userCause], optional: [.networkAppearance, .routingContext, .infoString]),
        // §3.4.6 DRST
        M3UAMessageKey(M3UADestinationRestricted.self): M3UAParameterRule(
            mandatory: [.affectedPointCode], optional: [.networkAppearance, .routingContext, .infoString]),
        // §3.5.1 ASPUP
        M3UAMessageKey(M3UAASPUp.self): M3UAParameterRule(
            mandatory: [], optional: [.aspIdentifier, .infoString]),
        // §3.5.3 ASPDN
        M3UAMessageKey(M3UAASPDown.self): M3UAParameterRule(
            mandatory: [], optional: [.infoString]),
        // §3.5.5 BEAT
        M3UAMessageKey(M3UAHeartbeat.self): M3UAParameterRule(
            mandatory: [], optional: [.heartbeatData]),
        // §3.5.2 ASPUP_ACK
        M3UAMessageKey(M3UAASPUpAck.self): M3UAParameterRule(
            mandatory: [], optional: [.aspIdentifier, .infoString]),
        // §3.5.4 ASPDN_ACK
        M3UAMessageKey(M3UAASPDownAck.self): M3UAParameterRule(
            mandatory: [], optional: [.infoString]),
        // §3.5.6 BEAT_ACK
        M3UAMessageKey(M3UAHeartbeatAck.self): M3UAParameterRule(
            mandatory: [], optional: [.heartbeatData]),
        // §3.7.1 ASPAC
        M3UAMessageKey(M3UAASPActive.self): M3UAParameterRule(
            mandatory: [], optional: [.trafficModeType, .routingContext, .infoString]),
        // §3.7.3 ASPIA
        M3UAMessageKey(M3UAASPInactive.self): M3UAParameterRule(
            mandatory: [], optional: [.routingContext, .infoString]),
        // §3.7.2 ASPAC_ACK
        M3UAMessageKey(M3UAASPActiveAck.self): M3UAParameterRule(
            mandatory: [], optional: [.trafficModeType, .routingContext, .infoString]),
        // §3.7.4 ASPIA_ACK
        M3UAMessageKey(M3UAASPInactiveAck.self): M3UAParameterRule(
            mandatory: [], optional: [.routingContext, .infoString]),
        // §3.6.1 REG_REQ
        M3UAMessageKey(M3UARegistrationRequest.self): M3UAParameterRule(
            mandatory: [.routingKey], optional: [], repeatable: [.routingKey]),
        // §3.6.2 REG_RSP
        M3UAMessageKey(M3UARegistrationResponse.self): M3UAParameterRule(
            mandatory: [.registrationResult], optional: [], repeatable: [.registrationResult]),
        // §3.6.3 DEREG_REQ
        M3UAMessageKey(M3UADeregistrationRequest.self): M3UAParameterRule(
            mandatory: [.routingContext], optional: []),
        // §3.6.4 DEREG_RSP
        M3UAMessageKey(M3UADeregistrationResponse.self): M3UAParameterRule(
            mandatory: [.deregistrationResult], optional: [], repeatable: [.deregistrationResult]),
    ]

    /// The rule for a class/type pair, or `nil` when the message is not defined by RFC 4666.
    static func rule(messageClass: UInt8, messageType: UInt8) -> M3UAParameterRule? {
        table[M3UAMessageKey(messageClass: messageClass, messageType: messageType)]
    }

    /// Whether RFC 4666 defines this message class (§3.1.2: 0–4 and 9).
    static func isKnownClass(_ messageClass: UInt8) -> Bool {
        table.keys.contains { $0.messageClass == messageClass }
    }

    /// Draft-06 DATA: only its protocol data is interpreted, and one of the two forms must be present.
    static let draft06 = M3UAParameterRule(mandatory: [])
}
