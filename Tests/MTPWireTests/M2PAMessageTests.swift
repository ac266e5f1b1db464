import MTPWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing
import WireSupport

@Suite("M2PA (RFC 4165)")
struct M2PAMessageTests {
    /// The six M2PA messages of pcap-fixtures/isup.pcap (DATA chunk user data, PPID 5), extracted with
    /// `tshark -T json -x`, with the BSN/FSN, OPC/DPC and ISUP message type tshark shows.
    static let fixture: [(hex: String, bsn: UInt32, fsn: UInt32, opc: UInt32, dpc: UInt32, isupType: UInt8)] = [
        (
            "01000b010000003500000033000000473f85203c99f30f0001112000e400020a08839009480210210f0a0703139469183091006100",
            51, 71, 3684, 15392, 1
        ),
        ("01000b010000001e00000059000000443f85640e08ff0f0006023400e8ab", 89, 68, 15392, 3684, 6),
        ("01000b01000000220000005d0000004d3f85640e08ff0f002c01011102163400a127", 93, 77, 15392, 3684, 44),
        ("01000b010000001c00000006000000003f85640e08ff0f000900145a", 6, 0, 15392, 3684, 9),
        ("01000b01000000200000004c000000613f85640e08ff0f000c020002849097ca", 76, 97, 15392, 3684, 12),
        ("01000b010000001c000000610000004d3f85203c99f30f001000693a", 97, 77, 3684, 15392, 16),
    ]

    @Test("RFC 4165 §2: isup.pcap's six User Data messages give tshark's OPC/DPC/SI and round-trip", arguments: 0..<6)
    func fixtureMessages(index: Int) throws {
        let vector = Self.fixture[index]
        let bytes = ByteBuffer(hex: vector.hex)
        let message = try M2PAMessage.decode(bytes)
        #expect(message.messageClass == 11 && message.messageType == 1 && message.version == 1)
        #expect(message.backwardSequenceNumber == vector.bsn && message.forwardSequenceNumber == vector.fsn)
        guard case .userData(let userData) = message.body else { Issue.record("not User Data"); return }
        // RFC 4165 §2.3.1 (and Wireshark): priority in the top two bits; this capture sends 0x3F.
        #expect(userData.priorityOctet == 0x3F && userData.priority == 0)
        let mtp3 = userData.message
        #expect(mtp3.serviceInformationOctet.serviceIndicator == .isup)
        #expect(mtp3.serviceInformationOctet.networkIndicator == .national)
        #expect(mtp3.routingLabel.originatingPointCode == PointCode(vector.opc))
        #expect(mtp3.routingLabel.destinationPointCode == PointCode(vector.dpc))
        #expect(mtp3.routingLabel.signallingLinkSelection == 15)
        // ISUP: CIC 15 (2 octets, LSB first), then the message type.
        #expect(mtp3.payload.getBytes(at: mtp3.payload.readerIndex, length: 3) == [15, 0, vector.isupType])
        var out = ByteBuffer()
        message.encode(into: &out)
        #expect(out == bytes)
    }

    @Test("RFC 4165 §2.3.2: Link Status states, with and without filler")
    func linkStatus() throws {
        let alignment = ByteBuffer(hex: "01000b02 00000014 00ffffff 00ffffff 00000001")
        let message = try M2PAMessage.decode(alignment)
        #expect(message.body == .linkStatus(M2PALinkStatus(state: .alignment)))
        #expect(message.backwardSequenceNumber == 0xFF_FFFF && message.messageType == 2)
        let proving = ByteBuffer(hex: "01000b02 00000018 00000000 00000000 00000002 abcdabcd")
        let provingMessage = try M2PAMessage.decode(proving)
        #expect(provingMessage.body == .linkStatus(M2PALinkStatus(state: .provingNormal, filler: ByteBuffer(hex: "abcdabcd"))))
        for bytes in [alignment, proving] {
            var out = ByteBuffer()
            try M2PAMessage.decode(bytes).encode(into: &out)
            #expect(out == bytes)
        }
        #expect(M2PALinkStatus.State.processorRecovered.rawValue == 6 && M2PALinkStatus.State.outOfService.rawValue == 9)
    }

    @Test("RFC 4165: empty User Data (acknowledgement) and unknown class/type kept raw")
    func emptyAndUnknown() throws {
        let empty = ByteBuffer(hex: "01000b01 00000010 00000001 00000002")
        #expect(try M2PAMessage.decode(empty).body == .emptyUserData)
        let unknown = ByteBuffer(hex: "01000a07 00000013 00000001 00000002 616263")
        let message = try M2PAMessage.decode(unknown)
        #expect(message.body == .unknown(messageClass: 10, messageType: 7, data: ByteBuffer(string: "abc")))
        for bytes in [empty, unknown] {
            var out = ByteBuffer()
            try M2PAMessage.decode(bytes).encode(into: &out)
            #expect(out == bytes)
        }
    }

    @Test("RFC 4165 §2.1: bad version, bad length, short Link Status and short MTP3 are typed errors")
    func errors() {
        let cases: [(String, MTPDecodingError.Kind)] = [
            ("02000b01 00000010 00000001 00000002", .unsupportedVersion(2)),
            ("01000b01 00000011 00000001 00000002", .messageLengthInvalid(field: 17, available: 16)),
            ("01000b01 0000000c 00000001 00000002", .messageLengthInvalid(field: 12, available: 16)),
            ("01000b02 00000012 00000001 00000002 0001", .linkStatusTooShort(available: 2)),
            ("01000b01 00000013 00000001 00000002 3f8520", .truncated(what: "routing label", needed: 4, available: 1)),
            ("01000b01 0000000f 00000001 000000", .truncated(what: "M2PA header", needed: 16, available: 15)),
        ]
        for (hex, kind) in cases {
            do {
                _ = try M2PAMessage.decode(ByteBuffer(hex: hex))
                Issue.record("\(hex) decoded")
            } catch {
                #expect(error.kind == kind, "\(hex)")
            }
        }
    }

    @Test("Mutation loop: M2PA decoding never crashes; what decodes re-encodes to the same value")
    func mutationLoop() throws {
        var seeds = Self.fixture.map { ByteBuffer(hex: $0.hex).readableBytesArray }
        seeds.append(ByteBuffer(hex: "01000b0200000018000000000000000000000002abcdabcd").readableBytesArray)
        seeds.append(ByteBuffer(hex: "01000b01000000100000000100000002").readableBytesArray)
        var rng = SeededGenerator(seed: 4165)
        var decoded = 0
        for round in 0..<20_000 {
            let bytes = Mutator.mutate(seeds[round % seeds.count], using: &rng)
            guard let message = try? M2PAMessage.decode(ByteBuffer(bytes: bytes)) else { continue }
            decoded += 1
            var out = ByteBuffer()
            message.encode(into: &out)
            #expect(try M2PAMessage.decode(out) == message, "\(bytes)")
        }
        #expect(decoded > 1_000)
    }
}
