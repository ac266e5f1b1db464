import NIOCore
import PCAPWire
import RerouteTestSupport
import Testing

@Suite("pcapng (draft-ietf-opsawg-pcapng)")
struct PCAPNGTests {
    /// Section 1, little-endian: SHB; IDB 0 Ethernet (µs); IDB 1 Linux SLL with if_tsresol 0x94 (2^-20 s);
    /// EPB on interface 1; an unknown block 0x00000BAD; SPB (interface 0); EPB on interface 0.
    static let littleSection = """
        0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000
        01000000 14000000 0100 0000 00000400 14000000
        01000000 20000000 7100 0000 00000000 0900 0100 94000000 0000 0000 20000000
        06000000 24000000 01000000 00000000 00001800 03000000 03000000 aabbcc00 24000000
        ad0b0000 10000000 11223344 10000000
        03000000 18000000 05000000 0102030405000000 18000000
        06000000 24000000 00000000 00000000 41420f00 02000000 40000000 eeff0000 24000000
        """
    /// Section 2, big-endian: SHB; IDB 0 LINKTYPE_IPV4 with if_tsresol 9 (ns); EPB on interface 0.
    static let bigSection = """
        0a0d0d0a 0000001c 1a2b3c4d 0001 0000 ffffffffffffffff 0000001c
        00000001 00000020 00e4 0000 00000000 0009 0001 09000000 0000 0000 00000020
        00000006 00000024 00000000 00000000 3b9aca01 00000003 00000003 aabbcc00 00000024
        """

    @Test("§4.1–§4.4 two interfaces with their own link types, EPB + SPB, unknown block skipped")
    func twoInterfaces() throws {
        var reader = try CaptureReader(ByteBuffer(hex: Self.littleSection))
        #expect(reader.format == .pcapng(byteOrder: .little))
        let frames = try reader.readAll()
        #expect(frames.count == 3)
        #expect(frames.map(\.number) == [1, 2, 3])
        #expect(frames.map(\.interfaceID) == [1, 0, 0])
        #expect(frames.map(\.linkType) == [.linuxSLL, .ethernet, .ethernet])
        // if_tsresol 0x94: 2^-20 s units; 0x180000 units = 1.5 s.
        #expect(frames[0].timestamp == CaptureTimestamp(seconds: 1, nanoseconds: 500_000_000))
        #expect(bytes(frames[0].data) == [0xAA, 0xBB, 0xCC])
        // SPB: no timestamp; captured = min(original length, block data).
        #expect(frames[1].timestamp == CaptureTimestamp(seconds: 0, nanoseconds: 0))
        #expect(bytes(frames[1].data) == [1, 2, 3, 4, 5])
        #expect(frames[1].originalLength == 5)
        // Default resolution 10^-6: 1_000_001 units.
        #expect(frames[2].timestamp == CaptureTimestamp(seconds: 1, nanoseconds: 1_000))
        #expect(frames[2].originalLength == 64)
        #expect(bytes(frames[2].data) == [0xEE, 0xFF])
    }

    @Test("§4.1 several sections with different byte orders; interface IDs restart per section")
    func sections() throws {
        let frames = try readFrames(ByteBuffer(hex: Self.littleSection + Self.bigSection))
        #expect(frames.count == 4)
        #expect(frames[3].number == 4)
        #expect(frames[3].interfaceID == 0)
        #expect(frames[3].linkType == .ipv4)
        #expect(frames[3].timestamp == CaptureTimestamp(seconds: 1, nanoseconds: 1))
        var reader = try CaptureReader(ByteBuffer(hex: Self.bigSection))
        #expect(reader.format == .pcapng(byteOrder: .big))
        #expect(try reader.next()?.linkType == .ipv4)
    }

    @Test("§4.4 SPB captured length is cut at the interface SnapLen")
    func simplePacketSnapLength() throws {
        var writer = PCAPNGWriter(interfaces: [.init(linkType: .raw, snapLength: 3)])
        writer.appendSimplePacket(ByteBuffer(hex: "0102030405"), originalLength: 5)
        let frame = try #require(try readFrames(writer.bytes).first)
        #expect(bytes(frame.data) == [1, 2, 3])
        #expect(frame.originalLength == 5)
    }

    @Test("Appendix A Obsolete Packet Block is read like an EPB")
    func obsoletePacketBlock() throws {
        let file = ByteBuffer(
            hex: """
                0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000
                01000000 14000000 8d00 0000 00000000 14000000
                02000000 24000000 0000 0000 00000000 01000000 02000000 02000000 0102 0000 24000000
                """)
        let frame = try #require(try readFrames(file).first)
        #expect(frame.linkType == .mtp3)
        #expect(frame.timestamp == CaptureTimestamp(seconds: 0, nanoseconds: 1_000))
        #expect(bytes(frame.data) == [1, 2])
    }

    @Test(
        "§4.2 if_tsresol: writer and reader agree for powers of 10 and of 2",
        arguments: [
            PCAPNGTimestampResolution.decimal(0), .decimal(3), .microseconds, .nanoseconds, .decimal(12), .binary(10),
            .binary(30), .binary(40),
        ])
    func resolutionRoundTrip(resolution: PCAPNGTimestampResolution) throws {
        // 64-bit units hold about 1.8e7 s at 10^-12 and 2^-40 s resolution: keep the seconds small enough.
        let seconds: Int64 = resolution == .decimal(12) || resolution == .binary(40) ? 10_000_000 : 1_700_000_000
        let timestamp = CaptureTimestamp(seconds: seconds, nanoseconds: 987_654_321)
        var writer = PCAPNGWriter(byteOrder: .big, interfaces: [.init(linkType: .ethernet, resolution: resolution)])
        writer.append(CapturedFrame(number: 1, timestamp: timestamp, linkType: .ethernet, data: ByteBuffer(hex: "00")))
        let read = try #require(try readFrames(writer.bytes).first).timestamp
        #expect(read.seconds == timestamp.seconds)
        switch resolution {
        case .decimal(let n) where n <= 9:
            let unit = UInt32(pow(10, Double(9 - Int(n))))
            #expect(read.nanoseconds == timestamp.nanoseconds / unit * unit)
        case .binary(let n) where n < 30:
            // 2^-n units are coarser than a nanosecond: the error is below one unit.
            #expect(abs(Double(read.nanoseconds) - Double(timestamp.nanoseconds)) <= 1e9 / Double(1 << n))
        default:
            #expect(read.nanoseconds == timestamp.nanoseconds)
        }
    }

    @Test("§4.3 round trip: classic fixture → pcapng with two interfaces → same frames")
    func roundTripTwoInterfaces() throws {
        let original = try readFrames(Fixtures.load("sip-rtp-g711.pcap"))
        var writer = PCAPNGWriter(
            byteOrder: .big,
            interfaces: [.init(linkType: .ethernet, resolution: .nanoseconds), .init(linkType: .linuxSLL2)])
        var expected: [FrameFacts] = []
        for (index, var frame) in original.enumerated() {
            if index % 3 == 0 {
                // Re-wrap every third frame as SLL2 on interface 1.
                let (_, payload) = try EthernetHeader.decode(frame.data)
                frame.data = SyntheticFrame.sll2(protocolType: .ipv4, payload: payload)
                frame.linkType = .linuxSLL2
                frame.interfaceID = 1
                frame.originalLength = frame.data.readableBytes
            }
            writer.append(frame)
            expected.append(FrameFacts(frame))
        }
        let again = try readFrames(writer.bytes)
        #expect(again.map(FrameFacts.init) == expected)
        // And back to pcapng once more, byte for byte.
        var second = PCAPNGWriter(byteOrder: .big, interfaces: writer.interfaces)
        for frame in again { second.append(frame) }
        #expect(second.bytes == writer.bytes)
    }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    for _ in 0..<Int(exponent) { result *= base }
    return result
}
