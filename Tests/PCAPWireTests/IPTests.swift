import NIOCore
import PCAPWire
import RerouteTestSupport
import Testing

@Suite("IPv4 and IPv6")
struct IPTests {
    static let a = IPv6Address("2001:db8::1")!
    static let b = IPv6Address("2001:db8::2")!

    @Test("RFC 791 §3.1: IHL with options; Total Length trims Ethernet padding")
    func ipv4OptionsAndPadding() throws {
        // IHL 6 (one 4-byte option: Router Alert, RFC 2113), Total Length 28 = 24 + 4 payload, then 6 pad bytes.
        let packet = ByteBuffer(hex: "4600001c 1234 4000 4011 0000 0a000001 0a000002 94040000 cafebabe 000000000000")
        let (header, payload) = try IPv4Header.decode(packet)
        #expect(header.headerLength == 24)
        #expect(bytes(header.options) == [0x94, 0x04, 0, 0])
        #expect(header.dontFragment && !header.moreFragments && !header.isFragment)
        #expect(header.identification == 0x1234 && header.timeToLive == 64 && header.protocolNumber == 17)
        #expect(bytes(payload) == [0xCA, 0xFE, 0xBA, 0xBE])
    }

    @Test("RFC 791 §3.1: version, IHL < 5, Total Length below IHL or past the end are errors")
    func ipv4Errors() {
        let cases = [
            "65000014 0000 0000 4011 0000 0a000001 0a000002",  // version 6
            "44000014 0000 0000 4011 0000 0a000001 0a000002",  // IHL 4
            "45000010 0000 0000 4011 0000 0a000001 0a000002",  // Total Length 16 < 20
            "45000030 0000 0000 4011 0000 0a000001 0a000002",  // Total Length 48 > 20 available
            "46000018 0000 0000 4011 0000 0a000001 0a000002",  // IHL 6, no option bytes
            "45000014 0000",
        ]
        for hex in cases {
            #expect(throws: PacketDecodingError.self) { try IPv4Header.decode(ByteBuffer(hex: hex)) }
        }
    }

    @Test("RFC 1071 header checksum computed by the encoder verifies to zero")
    func ipv4Checksum() throws {
        let packet = SyntheticFrame.ipv4Packet(
            source: 0xC000_0201, destination: 0xC633_6407, protocolNumber: 6, payload: ByteBuffer(hex: "00"))
        var sum: UInt32 = 0
        for index in stride(from: 0, to: 20, by: 2) {
            sum += UInt32(packet.getInteger(at: index, as: UInt16.self)!)
        }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        #expect(sum == 0xFFFF)
    }

    @Test("RFC 8200 §4: hop-by-hop, routing, destination options and AH are skipped to UDP")
    func ipv6ExtensionHeaders() throws {
        let udp = SyntheticFrame.udp(sourcePort: 1, destinationPort: 2, payload: ByteBuffer(hex: "aa"))
        let packet = SyntheticFrame.ipv6Packet(
            source: Self.a, destination: Self.b, nextHeader: 17, payload: udp,
            extensionHeaders: [
                (0, [0, 0, 5, 2, 0, 0, 1, 0]),  // hop-by-hop: Router Alert + PadN
                (43, [0, 2, 0, 1] + [UInt8](repeating: 0, count: 20)),  // routing, Hdr Ext Len 2 → 24 bytes
                (51, [0, 4] + [UInt8](repeating: 0x55, count: 22)),  // AH, Payload Len 4 → (4+2)*4 = 24 bytes
                (60, [0, 0, 1, 4, 0, 0, 0, 0]),  // destination options: PadN
            ])
        guard case .datagram(let datagram) = try IPPacket.decode(packet) else {
            Issue.record("fragment?")
            return
        }
        #expect(datagram.protocolNumber == 17)
        #expect(datagram.payload == udp)
        let (header, rest) = try IPv6Header.decode(packet)
        let chain = try IPv6ExtensionHeaders.walk(nextHeader: header.nextHeader, payload: rest)
        #expect(chain.skipped == [0, 43, 51, 60])
    }

    @Test("RFC 4303: ESP is opaque; RFC 8200 §4.7: No Next Header")
    func ipv6Opaque() throws {
        let esp = SyntheticFrame.ipv6Packet(
            source: Self.a, destination: Self.b, nextHeader: 50, payload: ByteBuffer(hex: "00001234 00000001 deadbeef"),
            extensionHeaders: [(60, [0, 0, 1, 4, 0, 0, 0, 0])])
        guard case .datagram(let datagram) = try IPPacket.decode(esp) else {
            Issue.record("fragment?")
            return
        }
        #expect(datagram.protocolNumber == 50)
        #expect(datagram.payload.readableBytes == 12)
        let truncatedChain = SyntheticFrame.ipv6Packet(
            source: Self.a, destination: Self.b, nextHeader: 17, payload: ByteBuffer(),
            extensionHeaders: [(60, [0, 3, 1, 4, 0, 0, 0, 0])])  // claims 32 bytes, has 8
        #expect(throws: PacketDecodingError.self) { try IPPacket.decode(truncatedChain) }
    }

    @Test("RFC 8200 §3: Payload Length trims padding; version must be 6")
    func ipv6Header() throws {
        var packet = SyntheticFrame.ipv6Packet(source: Self.a, destination: Self.b, nextHeader: 59, payload: ByteBuffer(hex: "0102"))
        packet.writeBytes([0, 0, 0, 0])
        let (header, payload) = try IPv6Header.decode(packet)
        #expect(bytes(payload) == [1, 2])
        #expect(header.source == Self.a && header.hopLimit == 64)
        #expect(throws: PacketDecodingError.self) { try IPv6Header.decode(Self.ipv4Sample) }
    }

    static let ipv4Sample = SyntheticFrame.ipv4Packet(
        source: 1, destination: 2, protocolNumber: 17, payload: ByteBuffer(repeating: 0, count: 40))

    @Test(
        "RFC 5952 §4 text form of IPv6 addresses",
        arguments: [
            ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
            ("2001:DB8::AB:CD", "2001:db8::ab:cd"),
            ("0:0:0:0:0:0:0:0", "::"),
            ("::1", "::1"),
            ("fe80::", "fe80::"),
            ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
            ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
        ])
    func ipv6Text(input: String, canonical: String) throws {
        let address = try #require(IPAddress(input))
        #expect(address.description == canonical)
        #expect(IPAddress(canonical) == address)
    }

    @Test("IPv4 dotted quad; malformed text is rejected")
    func addressText() {
        #expect(IPAddress("10.0.0.1") == .v4(0x0A00_0001))
        #expect(IPAddress.v4(0xFFFF_FFFF).description == "255.255.255.255")
        for bad in ["10.0.0", "10.0.0.256", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":::", "", "g::1"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
    }
}
