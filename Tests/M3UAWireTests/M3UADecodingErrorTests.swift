import M3UAWire
import NIOCore
import RerouteTestSupport
import Testing

/// RFC 4666 §3.8.1: each malformed message maps to the Error Code the ERR reply carries, with the offending
/// message as Diagnostic Information.
@Suite("RFC 4666 §3.8.1 decoding errors")
struct M3UADecodingErrorTests {
    static func error(_ hex: String, variant: M3UAVariant = .rfc4666) -> M3UADecodingError? {
        do {
            let message = try M3UAMessage.decode(ByteBuffer(hex: hex), variant: variant)
            Issue.record("decoded \(message) from \(hex)")
            return nil
        } catch {
            return error
        }
    }

    @Test("RFC 4666 §3.8.1 Missing Parameter (0x16): DATA without Protocol Data, answered with ERR + diagnostic")
    func missingParameter() throws {
        let hex = "01000101 00000010 00060008 00000001"
        let error = try #require(Self.error(hex))
        #expect(error.errorCode == .missingParameter)
        #expect(error.errorCode.rawValue == 0x16)
        #expect(error.reason == .missingParameter(.protocolData))
        #expect(error.diagnosticInformation.hex == ByteBuffer(hex: hex).hex)
        #expect(!error.isInResponseToError)
        let reply = error.errorReply()
        #expect(reply.encoded().hex == ByteBuffer(hex: "01000000 00000024 000c0008 00000016 00070014" + hex).hex)
        guard case .error(let err) = try M3UAMessage.decode(reply.encoded()) else {
            Issue.record("reply is not ERR")
            return
        }
        #expect(err.errorCode == .missingParameter)
    }

    @Test("RFC 4666 §3.6.1 Missing Parameter (0x16) inside a Routing Key: no Destination Point Code")
    func missingNestedParameter() throws {
        let error = try #require(Self.error("01000901 00000014 0207000c 020a0008 00000001"))
        #expect(error.errorCode == .missingParameter)
        #expect(error.reason == .missingParameter(.destinationPointCode))
    }

    @Test("RFC 4666 §3.8.1 an ERR without Error Code is flagged so no ERR answers it")
    func errorWithoutCode() throws {
        let error = try #require(Self.error("01000000 00000008"))
        #expect(error.errorCode == .missingParameter)
        #expect(error.isInResponseToError)
    }

    @Test("RFC 4666 §3.8.1 the diagnostic is the first 40 bytes of a long offending message")
    func diagnosticTruncated() throws {
        let hex = "02000301 00000030" + String(repeating: "00040008 41424344 ", count: 5)
        let error = try #require(Self.error(hex))
        #expect(error.errorCode == .invalidVersion)
        #expect(error.diagnosticInformation.readableBytes == 40)
        #expect(error.diagnosticInformation.hex == String(ByteBuffer(hex: hex).hex.prefix(80)))
    }

    @Test("RFC 4666 §3.1.1 Invalid Version (0x01) from decode and from framing")
    func invalidVersion() throws {
        #expect(Self.error("02000301 00000008")?.errorCode == .invalidVersion)
        var stream = ByteBuffer(hex: "02000301 00000008")
        #expect(throws: M3UADecodingError.self) { try M3UAMessage.frame(from: &stream) }
        do {
            _ = try M3UAMessage.frame(from: &stream)
        } catch {
            #expect(error.errorCode.rawValue == 0x01)
        }
        #expect(stream.readerIndex == 0)
    }

    @Test("RFC 4666 §3.1.2 Unsupported Message Class (0x03): class 5 is reserved for other adaptation layers")
    func unsupportedClass() {
        #expect(Self.error("01000501 00000008")?.errorCode == .unsupportedMessageClass)
        #expect(Self.error("01008001 00000008")?.errorCode.rawValue == 0x03)
    }

    @Test("RFC 4666 §3.1.2 Unsupported Message Type (0x04): ASPSM type 7, Transfer type 0")
    func unsupportedType() {
        #expect(Self.error("01000307 00000008")?.errorCode == .unsupportedMessageType)
        #expect(Self.error("01000100 00000008")?.errorCode.rawValue == 0x04)
    }

    // RFC 4666 §3.8.1: "The "Parameter Field Error" would be sent if a message is received with a parameter having
    // a wrong length field."
    @Test("RFC 4666 §3.8.1 Parameter Field Error (0x12): length past the end, below 4, or wrong")
    func parameterFieldError() throws {
        let overrun = try #require(Self.error("01000301 00000010 00110010 00000007"))
        #expect(overrun.errorCode.rawValue == 0x12)
        #expect(overrun.reason == .parameterFieldError(.aspIdentifier))
        #expect(Self.error("01000301 00000010 00110002 00000007")?.errorCode == .parameterFieldError)
        #expect(Self.error("01000301 00000010 00110006 00070000")?.errorCode == .parameterFieldError)
        #expect(Self.error("01000301 0000000a 0011")?.errorCode == .parameterFieldError)
        // A Protocol Data shorter than its 12-byte fixed part.
        #expect(Self.error("01000101 00000014 0210000c 00000001 00000002")?.errorCode == .parameterFieldError)
        // A Routing Context that is not a whole number of 32-bit values.
        #expect(Self.error("01000402 00000010 00060006 00010000")?.errorCode == .parameterFieldError)
    }

    @Test("RFC 4666 §3.8.1 Unexpected Parameter (0x13): Routing Context in ASPUP, or ASP Identifier twice")
    func unexpectedParameter() throws {
        let error = try #require(Self.error("01000301 00000010 00060008 00000001"))
        #expect(error.errorCode.rawValue == 0x13)
        #expect(error.reason == .unexpectedParameter(.routingContext))
        #expect(Self.error("01000301 00000018 00110008 00000001 00110008 00000002")?.errorCode == .unexpectedParameter)
    }

    @Test("RFC 4666 §3.8.1 Invalid Parameter Value (0x11): DUPU with a Mask other than 0")
    func invalidParameterValue() {
        #expect(
            Self.error("01000205 00000018 00120008 01000064 02040008 00020005")?.errorCode == .invalidParameterValue)
    }

    @Test("RFC 4666 §3.1.4 Protocol Error (0x07): Message Length differs from the bytes received")
    func lengthMismatch() {
        #expect(Self.error("01000301 0000000c")?.errorCode == .protocolError)
        #expect(Self.error("01000301 00000008 00000000")?.errorCode == .protocolError)
        #expect(Self.error("010003")?.errorCode == .protocolError)
    }

    @Test("RFC 4666 §3.2 an unknown parameter in a known message is kept in place and re-encoded")
    func unknownParameterKept() throws {
        let bytes = ByteBuffer(hex: "01000301 00000018 0abc0007 61626300 00110008 00000007")
        let message = try M3UAMessage.decode(bytes)
        guard case .aspUp(let up) = message else {
            Issue.record("not ASPUP")
            return
        }
        #expect(up.aspIdentifier == 7)
        #expect(up.unknownParameters.map(\.tag) == [M3UAParameterTag(0x0ABC)])
        #expect(up.parameters.first?.tag == M3UAParameterTag(0x0ABC))
        #expect(message.encoded().hex == bytes.hex)
    }

    @Test("RFC 4666 §3.2 padding is zero on output and the last parameter may omit it")
    func padding() throws {
        let nonZeroPad = try M3UAMessage.decode(ByteBuffer(hex: "01000305 00000010 00040007 627965ff"))
        #expect(nonZeroPad.encoded().hex == ByteBuffer(hex: "01000305 00000010 00040007 62796500").hex)
        let noPad = try M3UAMessage.decode(ByteBuffer(hex: "01000305 0000000f 00040007 627965"))
        #expect(noPad == nonZeroPad)
    }

    @Test("draft-ietf-sigtran-m3ua-06 DATA without Protocol Data 1 or 2 is Missing Parameter")
    func draftMissingProtocolData() {
        #expect(Self.error("01000101 00000010 00060008 00000001", variant: .draft06)?.errorCode == .missingParameter)
    }
}
