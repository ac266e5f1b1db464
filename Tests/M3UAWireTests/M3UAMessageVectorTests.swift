import M3UAWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// One vector per message type, written from the RFC 4666 §3 layouts: the typed value encodes to the bytes and the
/// bytes decode to the typed value.
@Suite("RFC 4666 §3 message vectors")
struct M3UAMessageVectorTests {
    static func check(_ hex: String, _ expected: M3UAMessage, _ abbreviation: String) throws {
        let bytes = ByteBuffer(hex: hex)
        #expect(expected.encoded().hex == bytes.hex)
        let decoded = try M3UAMessage.decode(bytes)
        #expect(decoded == expected)
        #expect(decoded.description == abbreviation)
        #expect(M3UACommonHeader.peek(bytes)?.messageClass == expected.messageClass)
        #expect(M3UACommonHeader.peek(bytes)?.messageType == expected.messageType)
    }

    static let pc100 = M3UAMaskedPointCode(pointCode: PointCode(100))

    @Test("RFC 4666 §3.8.1 ERR with Error Code and Diagnostic Information")
    func error() throws {
        try Self.check(
            "01000000 0000001c 000c0008 00000016 0007000a 01020304 05060000",
            .error(
                M3UAErrorMessage(errorCode: .missingParameter, diagnosticInformation: ByteBuffer(hex: "010203040506"))),
            "ERR")
    }

    @Test("RFC 4666 §3.8.2 NTFY with Status AS-ACTIVE and ASP Identifier")
    func notify() throws {
        try Self.check(
            "01000001 00000018 000d0008 00010003 00110008 00000001",
            .notify(M3UANotify(status: .asActive, aspIdentifier: 1)), "NTFY")
    }

    @Test("RFC 4666 §3.3.1 DATA with Routing Context, Protocol Data and Correlation ID")
    func data() throws {
        let protocolData = M3UAProtocolData(
            originatingPointCode: PointCode(1), destinationPointCode: PointCode(2), serviceIndicator: .isup,
            networkIndicator: .national, messagePriority: 0, signallingLinkSelection: 7,
            userProtocolData: ByteBuffer(hex: "aabbcc"))
        try Self.check(
            "01000101 0000002c 00060008 00000001 02100013 00000001 00000002 05020007 aabbcc00 00130008 0000002a",
            .payloadData(M3UAPayloadData(routingContext: [1], protocolData: protocolData, correlationID: 42)), "DATA")
    }

    @Test("RFC 4666 §3.4.1 DUNA with Network Appearance, Routing Context, two Affected Point Codes, INFO String")
    func duna() throws {
        let affected = [Self.pc100, M3UAMaskedPointCode(mask: 8, pointCode: PointCode(101))]
        try Self.check(
            "01000201 0000002c 02000008 00000003 00060008 00000001 0012000c 00000064 08000065 00040008 646f776e",
            .destinationUnavailable(
                M3UADestinationUnavailable(
                    networkAppearance: 3, routingContext: [1], affectedPointCode: affected, infoString: "down")),
            "DUNA")
    }

    @Test("RFC 4666 §3.4.2 DAVA")
    func dava() throws {
        try Self.check(
            "01000202 00000010 00120008 00000064",
            .destinationAvailable(M3UADestinationAvailable(affectedPointCode: [Self.pc100])), "DAVA")
    }

    @Test("RFC 4666 §3.4.3 DAUD")
    func daud() throws {
        try Self.check(
            "01000203 00000010 00120008 00000064",
            .destinationStateAudit(M3UADestinationStateAudit(affectedPointCode: [Self.pc100])), "DAUD")
    }

    @Test("RFC 4666 §3.4.4 SCON with Concerned Destination and Congestion Indications")
    func scon() throws {
        try Self.check(
            "01000204 00000020 00120008 00000064 02060008 00000065 02050008 00000002",
            .signallingCongestion(
                M3UASignallingCongestion(
                    affectedPointCode: [Self.pc100],
                    concernedDestination: M3UAMaskedPointCode(pointCode: PointCode(101)),
                    congestionIndications: M3UACongestionIndications(level: 2))), "SCON")
    }

    @Test("RFC 4666 §3.4.5 DUPU with User/Cause ISUP inaccessible")
    func dupu() throws {
        let message = M3UADestinationUserPartUnavailable(
            affectedPointCode: [Self.pc100],
            userCause: M3UAUserCause(cause: M3UAUserCause.causeInaccessibleRemoteUser, user: 5))
        try Self.check(
            "01000205 00000018 00120008 00000064 02040008 00020005", .destinationUserPartUnavailable(message), "DUPU")
        #expect(message.userCause?.serviceIndicator == .isup)
    }

    @Test("RFC 4666 §3.4.6 DRST")
    func drst() throws {
        try Self.check(
            "01000206 00000010 00120008 00000064",
            .destinationRestricted(M3UADestinationRestricted(affectedPointCode: [Self.pc100])), "DRST")
    }

    @Test("RFC 4666 §3.5.1 ASPUP with ASP Identifier")
    func aspUp() throws {
        try Self.check("01000301 00000010 00110008 00000007", .aspUp(M3UAASPUp(aspIdentifier: 7)), "ASPUP")
    }

    @Test("RFC 4666 §3.5.3 ASPDN without parameters")
    func aspDown() throws {
        try Self.check("01000302 00000008", .aspDown(M3UAASPDown()), "ASPDN")
    }

    @Test("RFC 4666 §3.5.5 BEAT with padded Heartbeat Data")
    func heartbeat() throws {
        try Self.check(
            "01000303 00000014 0009000b 01020304 05060700",
            .heartbeat(M3UAHeartbeat(heartbeatData: ByteBuffer(hex: "01020304050607"))), "BEAT")
    }

    @Test("RFC 4666 §3.5.2 ASPUP ACK without parameters")
    func aspUpAck() throws {
        try Self.check("01000304 00000008", .aspUpAck(M3UAASPUpAck()), "ASPUP_ACK")
    }

    @Test("RFC 4666 §3.5.4 ASPDN ACK with INFO String")
    func aspDownAck() throws {
        try Self.check(
            "01000305 00000010 00040007 62796500", .aspDownAck(M3UAASPDownAck(infoString: "bye")), "ASPDN_ACK")
    }

    @Test("RFC 4666 §3.5.6 BEAT ACK echoes Heartbeat Data")
    func heartbeatAck() throws {
        try Self.check(
            "01000306 00000014 0009000b 01020304 05060700",
            .heartbeatAck(M3UAHeartbeatAck(heartbeatData: ByteBuffer(hex: "01020304050607"))), "BEAT_ACK")
    }

    @Test("RFC 4666 §3.7.1 ASPAC with Traffic Mode Type Override and two Routing Contexts")
    func aspActive() throws {
        try Self.check(
            "01000401 0000001c 000b0008 00000001 0006000c 00000001 00000002",
            .aspActive(M3UAASPActive(trafficModeType: .override, routingContext: [1, 2])), "ASPAC")
    }

    @Test("RFC 4666 §3.7.3 ASPIA with Routing Context")
    func aspInactive() throws {
        try Self.check(
            "01000402 00000010 00060008 00000001", .aspInactive(M3UAASPInactive(routingContext: [1])), "ASPIA")
    }

    @Test("RFC 4666 §3.7.2 ASPAC ACK with Traffic Mode Type Loadshare")
    func aspActiveAck() throws {
        try Self.check(
            "01000403 00000018 000b0008 00000002 00060008 00000001",
            .aspActiveAck(M3UAASPActiveAck(trafficModeType: .loadshare, routingContext: [1])), "ASPAC_ACK")
    }

    @Test("RFC 4666 §3.7.4 ASPIA ACK without parameters")
    func aspInactiveAck() throws {
        try Self.check("01000404 00000008", .aspInactiveAck(M3UAASPInactiveAck()), "ASPIA_ACK")
    }

    @Test("RFC 4666 §3.6.1 REG REQ with a Routing Key of DPC, Service Indicators and OPC List")
    func registrationRequest() throws {
        let key = M3UARoutingKey(
            localRoutingKeyIdentifier: 1, destinationPointCodes: [Self.pc100], serviceIndicatorGroups: [[3, 5]],
            originatingPointCodeLists: [[M3UAMaskedPointCode(pointCode: PointCode(101))]])
        try Self.check(
            "01000901 0000002c 02070024 020a0008 00000001 020b0008 00000064 020c0006 03050000 020e0008 00000065",
            .registrationRequest(M3UARegistrationRequest(routingKeys: [key])), "REG_REQ")
    }

    @Test("RFC 4666 §3.6.2 REG RSP with one Registration Result")
    func registrationResponse() throws {
        let result = M3UARegistrationResult(
            localRoutingKeyIdentifier: 1, registrationStatus: .successfullyRegistered, routingContext: [16])
        try Self.check(
            "01000902 00000024 0208001c 020a0008 00000001 02120008 00000000 00060008 00000010",
            .registrationResponse(M3UARegistrationResponse(registrationResults: [result])), "REG_RSP")
    }

    @Test("RFC 4666 §3.6.3 DEREG REQ with Routing Context")
    func deregistrationRequest() throws {
        try Self.check(
            "01000903 00000010 00060008 00000010",
            .deregistrationRequest(M3UADeregistrationRequest(routingContext: [16])), "DEREG_REQ")
    }

    @Test("RFC 4666 §3.6.4 DEREG RSP with one Deregistration Result")
    func deregistrationResponse() throws {
        let result = M3UADeregistrationResult(routingContext: [16], deregistrationStatus: .successfullyDeregistered)
        try Self.check(
            "01000904 0000001c 02090014 00060008 00000010 02130008 00000000",
            .deregistrationResponse(M3UADeregistrationResponse(deregistrationResults: [result])), "DEREG_RSP")
    }

    @Test("RFC 4666 §3.1.2 a reserved class is kept raw when asked, and re-encodes byte for byte")
    func unknownKept() throws {
        let bytes = ByteBuffer(hex: "01000a01 0000000c deadbeef")
        let message = try M3UAMessage.decode(bytes, unknownMessages: .keep)
        #expect(message == .unknown(class: M3UAMessageClass(10), type: 1, body: ByteBuffer(hex: "deadbeef")))
        #expect(message.encoded().hex == bytes.hex)
        #expect(message.description == "UNKNOWN(10/1)")
    }
}
