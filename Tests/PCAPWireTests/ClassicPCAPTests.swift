import NIOCore
import PCAPWire
import RerouteTestSupport
import Testing

@Suite("Classic pcap (draft-ietf-opsawg-pcap)")
struct ClassicPCAPTests {
    /// §4 file header little-endian, magic A1B2C3D4 (microseconds), LinkType 1; §5 one record:
    /// 1600000000 s + 123456 µs, captured 4, original 60.
    static let littleEndianMicro = ByteBuffer(
        hex: """
            d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000
            00105e5f 40e20100 04000000 3c000000 deadbeef
            """)

    /// The same record, big-endian, magic A1B23C4D (nanoseconds), 123456789 ns, LinkType 101 (raw).
    static let bigEndianNano = ByteBuffer(
        hex: """
            a1b23c4d 0002 0004 00000000 00000000 0000ffff 00000065
            5f5e1000 075bcd15 00000004 0000003c deadbeef
            """)

    @Test("§4 magic A1B2C3D4 little-endian: microsecond timestamps")
    func littleEndianMicroseconds() throws {
        var reader = try CaptureReader(Self.littleEndianMicro)
        #expect(reader.format == .pcap(byteOrder: .little, resolution: .microseconds))
        let frame = try #require(try reader.next())
        #expect(frame.number == 1)
        #expect(frame.timestamp == CaptureTimestamp(seconds: 1_600_000_000, nanoseconds: 123_456_000))
        #expect(frame.timestamp.epochSeconds == 1_600_000_000.123456)
        #expect(frame.linkType == .ethernet)
        #expect(frame.interfaceID == 0)
        #expect(frame.originalLength == 60)
        #expect(bytes(frame.data) == [0xDE, 0xAD, 0xBE, 0xEF])
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    @Test("§4 magic A1B23C4D big-endian: nanosecond timestamps")
    func bigEndianNanoseconds() throws {
        var reader = try CaptureReader(Self.bigEndianNano)
        #expect(reader.format == .pcap(byteOrder: .big, resolution: .nanoseconds))
        let frame = try #require(try reader.next())
        #expect(frame.timestamp == CaptureTimestamp(seconds: 1_600_000_000, nanoseconds: 123_456_789))
        #expect(frame.linkType == .raw)
        #expect(frame.originalLength == 60)
        #expect(try reader.next() == nil)
    }

    @Test("§4 writer: both byte orders and resolutions produce the hand-written bytes")
    func writerMatchesHandWrittenHeaders() {
        let frame = CapturedFrame(
            number: 1, timestamp: CaptureTimestamp(seconds: 1_600_000_000, nanoseconds: 123_456_789),
            linkType: .ethernet, originalLength: 60, data: ByteBuffer(hex: "deadbeef"))
        var little = PCAPWriter(linkType: .ethernet, resolution: .microseconds, byteOrder: .little, snapLength: 65535)
        little.append(frame)
        #expect(little.bytes.hex == Self.littleEndianMicro.hex)
        var big = PCAPWriter(linkType: .raw, resolution: .nanoseconds, byteOrder: .big, snapLength: 65535)
        big.append(frame)
        #expect(big.bytes.hex == Self.bigEndianNano.hex)
    }

    @Test(
        "§4 round trip: read → write → read keeps every frame",
        arguments: [
            (Endianness.little, PCAPTimestampResolution.microseconds), (.big, .microseconds), (.little, .nanoseconds),
            (.big, .nanoseconds),
        ])
    func roundTrip(byteOrder: Endianness, resolution: PCAPTimestampResolution) throws {
        let original = try readFrames(Fixtures.load("m3ua_isup.cap"))
        var writer = PCAPWriter(linkType: .ethernet, resolution: resolution, byteOrder: byteOrder)
        for frame in original { writer.append(frame) }
        var reader = try CaptureReader(writer.bytes)
        #expect(reader.format == .pcap(byteOrder: byteOrder, resolution: resolution))
        let again = try reader.readAll()
        #expect(again.map(FrameFacts.init) == original.map(FrameFacts.init))
        #expect(again.map(\.number) == Array(1...810))
    }

    @Test("§5 isup.cap: big-endian microsecond file, first frame as tshark shows it")
    func isupCapFirstFrame() throws {
        var reader = try CaptureReader(Fixtures.load("isup.cap"))
        #expect(reader.format == .pcap(byteOrder: .big, resolution: .microseconds))
        let frame = try #require(try reader.next())
        // tshark: frame.time_epoch 1089032999.862196000, frame.len 146.
        #expect(frame.timestamp == CaptureTimestamp(seconds: 1_089_032_999, nanoseconds: 862_196_000))
        #expect(frame.originalLength == 146)
        #expect(frame.data.readableBytes == 146)
        #expect(bytes(frame.data.getSlice(at: frame.data.readerIndex, length: 14)!) == bytes(ByteBuffer(hex: "00a080005e460001af0c06960800")))
    }

    @Test("§5 a microsecond field of 10^6 or more carries into the seconds")
    func microsecondCarry() throws {
        let file = ByteBuffer(
            hex: """
                d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000
                0a000000 40420f00 00000000 00000000
                """)
        let frames = try readFrames(file)
        #expect(frames.first?.timestamp == CaptureTimestamp(seconds: 11, nanoseconds: 0))
        #expect(frames.first?.data.readableBytes == 0)
    }
}
