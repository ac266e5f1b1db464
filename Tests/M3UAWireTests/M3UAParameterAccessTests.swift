import M3UAWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// Typed accessors read and write the ordered parameter list without disturbing the other parameters.
@Suite("RFC 4666 §3.2 parameter access")
struct M3UAParameterAccessTests {
    @Test("RFC 4666 §3.3.1 setting DATA Routing Context replaces it in place; nil removes it")
    func replaceInPlace() throws {
        let bytes = ByteBuffer(
            hex: "01000101 0000002c 00060008 00000001 02100013 00000001 00000002 05020007 aabbcc00"
                + "00130008 0000002a")
        guard case .payloadData(var data) = try M3UAMessage.decode(bytes) else {
            Issue.record("not DATA")
            return
        }
        data.routingContext = [9]
        #expect(data.parameters.map(\.tag) == [.routingContext, .protocolData, .correlationID])
        #expect(data.routingContext == [9])
        data.routingContext = nil
        #expect(data.parameters.map(\.tag) == [.protocolData, .correlationID])
        data.networkAppearance = 2
        #expect(data.parameters.map(\.tag) == [.protocolData, .correlationID, .networkAppearance])
        #expect(data.protocolData?.signallingLinkSelection == 7)
    }

    @Test("RFC 4666 §3.6.1 a Routing Key keeps repeated DPC groups in order")
    func repeatedGroups() throws {
        var key = M3UARoutingKey(
            localRoutingKeyIdentifier: 5,
            destinationPointCodes: [M3UAMaskedPointCode(pointCode: PointCode(1))])
        key.destinationPointCodes = [
            M3UAMaskedPointCode(pointCode: PointCode(1)), M3UAMaskedPointCode(pointCode: PointCode(2)),
        ]
        let message = M3UAMessage.registrationRequest(M3UARegistrationRequest(routingKeys: [key, key]))
        guard case .registrationRequest(let request) = try M3UAMessage.decode(message.encoded()) else {
            Issue.record("not REG REQ")
            return
        }
        #expect(request.routingKeys.count == 2)
        #expect(request.routingKeys.first?.destinationPointCodes.map(\.pointCode.value) == [1, 2])
        #expect(request.routingKeys.first?.localRoutingKeyIdentifier == 5)
    }

    @Test("draft-ietf-sigtran-m3ua-06 Protocol Data 2 (tag 3): length indicator, then the MTP3 message")
    func draftProtocolData2() throws {
        let bytes = ByteBuffer(hex: "01000101 00000014 0003000a 3fc50203 04050000")
        #expect(M3UAVariant.detect(bytes) == .draft06)
        let message = try M3UAMessage.decode(bytes, variant: .draft06)
        #expect(message.encoded().hex == bytes.hex)
        guard case .payloadData(let data) = message else {
            Issue.record("not DATA")
            return
        }
        #expect(
            data.parameters == [
                .draft06ProtocolData2(lengthIndicator: 0x3F, mtp3Message: ByteBuffer(hex: "c502030405"))
            ])
        #expect(data.mtp3Message?.hex == "c502030405")
    }

    @Test("RFC 4666 §3.8.1 Invalid Stream Identifier (0x09) is built by the transport and answered like the others")
    func invalidStream() throws {
        let offending = ByteBuffer(hex: "01000301 00000008")
        let error = M3UADecodingError(.invalidStreamIdentifier(3), message: offending)
        #expect(error.errorCode.rawValue == 0x09)
        #expect(
            error.errorReply().encoded().hex
                == ByteBuffer(hex: "01000000 0000001c 000c0008 00000009 0007000c 01000301 00000008").hex)
    }

    @Test("RFC 4666 §3.2 tag, status and error code descriptions name the RFC terms")
    func names() {
        #expect(M3UAParameterTag.protocolData.description == "Protocol Data (0x0210)")
        #expect(M3UAParameterTag(0x0abc).description == "tag 0x0abc")
        #expect(M3UAStatus.asActive.description == "AS-ACTIVE")
        #expect(M3UAErrorCode(0x16).description == "Missing Parameter")
        #expect(M3UATrafficModeType(2).description == "Loadshare")
    }
}
