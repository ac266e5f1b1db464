import NIOCore
import RerouteTestSupport
import SCTPWire
import Testing
import WireSupport

/// One chunk per type, built by hand from the RFC layouts (padding per RFC 9260 §3.2: the chunk length
/// excludes the chunk's trailing padding and the last parameter's padding).
@Suite("SCTP chunk vectors (RFC 9260 §3.3, RFC 3758, 4820, 4895, 5061, 6525, 8260)")
struct SCTPChunkVectorTests {
    static let header = "0b590b59 00000001 00000000"

    static let vectors: [(name: String, type: SCTPChunkType, hex: String)] = [
        ("DATA", .data, "00 03 0013 00000001 0002 0003 00000003 616263 00"),
        ("INIT", .initiation, "01 00 002c 11223344 0000ffff 000a 000b 00000001 000c0006 00050000 0005 0008 c0a80001 c0000004 80000004"),
        ("INIT ACK", .initiationAck, "02 00 001d 00000eb0 00001000 0011 0011 00003614 0007 0009 6162636465 000000"),
        ("SACK", .selectiveAck, "03 00 001c 00000010 0000ffff 0001 0002 0002 0003 0000000a 0000000b"),
        ("HEARTBEAT", .heartbeat, "04 00 000c 0001 0008 deadbeef"),
        ("HEARTBEAT ACK", .heartbeatAck, "05 00 000d 0001 0009 deadbeef01 000000"),
        ("ABORT", .abort, "06 01 0008 000c 0004"),
        ("SHUTDOWN", .shutdown, "07 00 0008 00000010"),
        ("SHUTDOWN ACK", .shutdownAck, "08 00 0004"),
        ("ERROR", .operationError, "09 00 000c 0001 0008 0005 0000"),
        ("COOKIE ECHO", .cookieEcho, "0a 00 0009 6162636465 000000"),
        ("COOKIE ACK", .cookieAck, "0b 00 0004"),
        ("ECNE", .ecnEcho, "0c 00 0008 00000020"),
        ("CWR", .congestionWindowReduced, "0d 00 0008 00000020"),
        ("SHUTDOWN COMPLETE", .shutdownComplete, "0e 01 0004"),
        ("AUTH", .authentication, "0f 00 001c 0001 0001 0102030405060708090a0b0c0d0e0f1011121314"),
        ("I-DATA", .iData, "40 03 0015 00000005 0001 0000 00000007 00000012 41 000000"),
        ("ASCONF-ACK", .addressConfigurationAck, "80 00 0010 00000001 c005 0008 00000002"),
        ("RE-CONFIG", .reconfiguration, "82 00 0016 000d 0012 00000001 00000000 00000005 0003 0000"),
        ("PAD", .padding, "84 00 0008 00000000"),
        ("FORWARD-TSN", .forwardTSN, "c0 00 000c 00000100 0001 0002"),
        ("ASCONF", .addressConfiguration, "c1 00 0020 00000001 0005 0008 c0a80001 c001 0010 00000002 0005 0008 c0a80002"),
        ("I-FORWARD-TSN", .iForwardTSN, "c2 00 0010 00000100 0001 0001 00000009"),
        ("unknown 0x3F", SCTPChunkType(0x3F), "3f 05 0006 abcd 0000"),
    ]

    static func packet(_ chunkHex: String) -> ByteBuffer {
        var buffer = ByteBuffer(hex: header + chunkHex)
        let checksum = CRC32c.sctpChecksum(ofPacket: buffer) ?? 0
        buffer.setInteger(checksum, at: 8)
        return buffer
    }

    @Test("Every chunk type decodes to its own case and re-encodes byte for byte", arguments: 0..<24)
    func everyType(index: Int) throws {
        let vector = Self.vectors[index]
        let bytes = Self.packet(vector.hex)
        let packet = try SCTPPacket.decode(bytes)
        #expect(packet.checksumIsValid)
        #expect(packet.malformedTail == nil)
        #expect(packet.chunks.count == 1)
        let chunk = try #require(packet.chunks.first)
        #expect(chunk.type == vector.type, "\(vector.name)")
        if case .malformed(_, let error) = chunk { Issue.record("\(vector.name) malformed: \(error)") }
        if vector.type.rawValue == 0x3F {
            #expect(chunk == .unknown(SCTPRawChunk(type: SCTPChunkType(0x3F), flags: 5, value: ByteBuffer(hex: "abcd"))))
        }
        var out = ByteBuffer()
        packet.encode(into: &out)
        #expect(out.hex == bytes.hex, "\(vector.name)")
    }

    @Test("RFC 9260 §3.2: several chunks bundled in one packet round-trip")
    func bundleOfAll() throws {
        let bytes = Self.packet(Self.vectors.map(\.hex).joined())
        let packet = try SCTPPacket.decode(bytes)
        #expect(packet.chunks.map(\.type) == Self.vectors.map(\.type))
        #expect(packet.errors.isEmpty)
        var out = ByteBuffer()
        packet.encode(into: &out)
        #expect(out.hex == bytes.hex)
    }

    @Test("RFC 9260 §3.3.1 DATA fields and U/B/E/I flags")
    func dataFields() throws {
        guard case .data(let data) = try SCTPPacket.decode(Self.packet(Self.vectors[0].hex)).chunks.first else {
            Issue.record("not DATA")
            return
        }
        #expect(data.tsn == 1 && data.streamIdentifier == 2 && data.streamSequenceNumber == 3)
        #expect(data.payloadProtocolIdentifier == 3 && data.userData == ByteBuffer(string: "abc"))
        #expect(data.isBeginning && data.isEnding && !data.isUnordered && !data.isImmediate)
    }

    @Test("RFC 9260 §3.3.2 INIT fixed fields and typed parameter accessors")
    func initFields() throws {
        guard case .initiation(let chunk) = try SCTPPacket.decode(Self.packet(Self.vectors[1].hex)).chunks.first
        else {
            Issue.record("not INIT")
            return
        }
        #expect(chunk.initiateTag == 0x1122_3344 && chunk.advertisedReceiverWindowCredit == 0xFFFF)
        #expect(chunk.numberOfOutboundStreams == 10 && chunk.numberOfInboundStreams == 11 && chunk.initialTSN == 1)
        #expect(chunk.supportedAddressTypes == [5])
        #expect(chunk.ipv4Addresses == [[192, 168, 0, 1]])
        #expect(chunk.isForwardTSNSupported && chunk.isECNCapable)
        #expect(chunk.parameters.count == 4)
    }

    @Test("RFC 9260 §3.3.4 SACK gap blocks and duplicate TSNs")
    func sackFields() throws {
        guard case .selectiveAck(let sack) = try SCTPPacket.decode(Self.packet(Self.vectors[3].hex)).chunks.first
        else {
            Issue.record("not SACK")
            return
        }
        #expect(sack.cumulativeTSNAck == 16 && sack.advertisedReceiverWindowCredit == 0xFFFF)
        #expect(sack.gapAckBlocks == [.init(start: 2, end: 3)])
        #expect(sack.duplicateTSNs == [10, 11])
    }

    @Test("RFC 8260 §2.1 I-DATA: MID, PPID on the first fragment, FSN 0")
    func iDataFields() throws {
        guard case .iData(let chunk) = try SCTPPacket.decode(Self.packet(Self.vectors[16].hex)).chunks.first else {
            Issue.record("not I-DATA")
            return
        }
        #expect(chunk.messageIdentifier == 7 && chunk.payloadProtocolIdentifier == 18)
        #expect(chunk.fragmentSequenceNumber == 0 && chunk.userData == ByteBuffer(string: "A"))
    }

    @Test("RFC 9260 §3.3.7/§3.3.10 ABORT T bit and ERROR causes; RFC 5061 ASCONF address parameter")
    func causesAndAsconf() throws {
        let abort = try SCTPPacket.decode(Self.packet(Self.vectors[6].hex)).chunks.first
        guard case .abort(let abortChunk) = abort else { Issue.record("not ABORT"); return }
        #expect(abortChunk.isTagReflected)
        #expect(abortChunk.errorCauses.map(\.tag) == [SCTPErrorCauseCode.userInitiatedAbort.rawValue])
        guard case .operationError(let error) = try SCTPPacket.decode(Self.packet(Self.vectors[9].hex)).chunks.first
        else { Issue.record("not ERROR"); return }
        #expect(error.causeCodes == [.invalidStreamIdentifier])
        guard
            case .addressConfiguration(let asconf) = try SCTPPacket.decode(Self.packet(Self.vectors[21].hex)).chunks
                .first
        else { Issue.record("not ASCONF"); return }
        #expect(asconf.serialNumber == 1)
        #expect(asconf.addressParameter?.tag == SCTPParameterType.ipv4Address.rawValue)
        #expect(asconf.parameters.last?.tag == SCTPParameterType.addIPAddress.rawValue)
    }
}
