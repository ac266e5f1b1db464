import NIOCore
import PCAPWire
import RerouteTestSupport
import Testing

@Suite("Link layer")
struct LinkLayerTests {
    static let ip = SyntheticFrame.ipv4Packet(
        source: 0x0A00_0001, destination: 0x0A00_0002, protocolNumber: 17,
        payload: SyntheticFrame.udp(sourcePort: 5060, destinationPort: 5060, payload: ByteBuffer(string: "OPTIONS")))

    @Test("IEEE 802.1Q single tag, 802.1ad QinQ (0x88A8 + 0x8100) and legacy 0x9100 outer tag")
    func vlanTags() throws {
        for tags in [
            [EthernetHeader.VLANTag(tci: 0x2064)],
            [.init(tpid: .serviceVLAN, tci: 0x0100), .init(tci: 0x0200)],
            [.init(tpid: .legacyQinQ, tci: 0x0005), .init(tci: 0x0FFF)],
        ] {
            let frame = SyntheticFrame.ethernet(etherType: .ipv4, payload: Self.ip, vlan: tags)
            #expect(try LinkLayer.decode(frame, linkType: .ethernet) == .ipv4(Self.ip))
            let (header, _) = try EthernetHeader.decode(frame)
            #expect(header.vlanTags == tags)
            #expect(header.etherType == .ipv4)
        }
        #expect(EthernetHeader.VLANTag(tci: 0x2064).vlanID == 100)
        #expect(EthernetHeader.VLANTag(tci: 0x2064).priority == 1)
    }

    @Test("Ethernet: a VLAN tag cut short is a truncation error, ARP is kept raw")
    func ethernetEdges() throws {
        let cut = ByteBuffer(hex: "020000000002 020000000001 8100 00")
        #expect(throws: PacketDecodingError.self) { try LinkLayer.decode(cut, linkType: .ethernet) }
        let arp = ByteBuffer(hex: "ffffffffffff 020000000001 0806 0001 0800 0604 0001")
        guard case .other(let other) = try LinkLayer.decode(arp, linkType: .ethernet) else {
            Issue.record("ARP decoded as IP")
            return
        }
        #expect(other.protocolNumber == 0x0806)
        #expect(other.payload.readableBytes == 8)
        #expect(other.description == "EN10MB EtherType 0x0806")
    }

    @Test("LINKTYPE_LINUX_SLL (16-byte) and LINKTYPE_LINUX_SLL2 (20-byte) headers")
    func cookedCaptures() throws {
        let v1 = SyntheticFrame.sll(protocolType: .ipv4, payload: Self.ip)
        #expect(v1.readableBytes == 16 + Self.ip.readableBytes)
        #expect(try LinkLayer.decode(v1, linkType: .linuxSLL) == .ipv4(Self.ip))
        let v2 = SyntheticFrame.sll2(protocolType: .ipv4, payload: Self.ip, interfaceIndex: 7)
        #expect(v2.readableBytes == 20 + Self.ip.readableBytes)
        #expect(try LinkLayer.decode(v2, linkType: .linuxSLL2) == .ipv4(Self.ip))
        let (header, _) = try LinuxSLL2Header.decode(v2)
        #expect(header.interfaceIndex == 7)
        // A real SLL header as tcpdump -i any writes it: outgoing (4), ARPHRD_ETHER, 6-byte address, IPv4.
        let real = ByteBuffer(hex: "0004 0001 0006 000c29d3a6b4 0000 0800") 
        var withIP = real
        withIP.writeImmutableBuffer(Self.ip)
        #expect(try LinkLayer.decode(withIP, linkType: .linuxSLL) == .ipv4(Self.ip))
        #expect(throws: PacketDecodingError.self) { try LinkLayer.decode(real.getSlice(at: 0, length: 15)!, linkType: .linuxSLL) }
    }

    @Test("LINKTYPE_RAW picks the version from the first nibble; LINKTYPE_IPV4/IPV6")
    func rawIP() throws {
        #expect(try LinkLayer.decode(Self.ip, linkType: .raw) == .ipv4(Self.ip))
        let v6 = SyntheticFrame.ipv6Packet(
            source: IPv6Address("2001:db8::1")!, destination: IPv6Address("2001:db8::2")!, nextHeader: 17,
            payload: ByteBuffer(hex: "0000"))
        #expect(try LinkLayer.decode(v6, linkType: .raw) == .ipv6(v6))
        #expect(try LinkLayer.decode(v6, linkType: .ipv6) == .ipv6(v6))
        #expect(throws: PacketDecodingError.self) { try LinkLayer.decode(ByteBuffer(hex: "50"), linkType: .raw) }
        #expect(throws: PacketDecodingError.self) { try LinkLayer.decode(ByteBuffer(), linkType: .raw) }
    }

    @Test("LINKTYPE_NULL: 4-byte family in host byte order; LINKTYPE_LOOP in network order")
    func loopback() throws {
        var little = ByteBuffer(hex: "02000000")
        little.writeImmutableBuffer(Self.ip)
        #expect(try LinkLayer.decode(little, linkType: .null) == .ipv4(Self.ip))
        var big = ByteBuffer(hex: "00000002")
        big.writeImmutableBuffer(Self.ip)
        #expect(try LinkLayer.decode(big, linkType: .loop) == .ipv4(Self.ip))
        for family in ["1e000000", "0000001c", "18000000", "0a000000"] {
            #expect(try LinkLayer.decode(ByteBuffer(hex: family), linkType: .null) == .ipv6(ByteBuffer()))
        }
        guard case .other(let other) = try LinkLayer.decode(ByteBuffer(hex: "07000000"), linkType: .null) else {
            Issue.record("family 7 decoded")
            return
        }
        #expect(other.protocolNumber == 7)
    }

    @Test("LINKTYPE_MTP2_WITH_PHDR strips the 4-byte pseudo-header; MTP2 and MTP3 pass through")
    func mtp() throws {
        // Pseudo-header: sent 1, annex_a_used 0, link_number 3; then BSN/BIB, FSN/FIB, LI, SIO 0x85.
        let frame = ByteBuffer(hex: "01 00 0300 ff ff 10 85 0102")
        #expect(try LinkLayer.decode(frame, linkType: .mtp2WithPHDR) == .mtp2(ByteBuffer(hex: "ff ff 10 85 0102")))
        #expect(try LinkLayer.decode(frame, linkType: .mtp2) == .mtp2(frame))
        #expect(try LinkLayer.decode(frame, linkType: .mtp3) == .mtp3(frame))
        #expect(throws: PacketDecodingError.self) { try LinkLayer.decode(ByteBuffer(hex: "0100"), linkType: .mtp2WithPHDR) }
        var dissector = PacketDissector()
        let captured = CapturedFrame(number: 1, timestamp: .init(seconds: 0, nanoseconds: 0), linkType: .mtp3, data: frame)
        #expect(try dissector.dissect(captured) == .mtp3(frame))
    }

    @Test("RFC 2516 PPPoE session, PPP protocol 0x0021: DTMFsipinfo.pcap frame 1")
    func pppoe() throws {
        var reader = try CaptureReader(Fixtures.load("DTMFsipinfo.pcap"))
        let frame = try #require(try reader.next())
        // tshark: 178.45.73.241:5060 → 213.192.59.75:5060, frame 1093 bytes, UDP length 1051.
        #expect(frame.data.readableBytes == 1093)
        var dissector = PacketDissector()
        guard case .ip(let datagram)? = try dissector.dissect(frame) else {
            Issue.record("not IP")
            return
        }
        #expect(datagram.source.description == "178.45.73.241")
        #expect(datagram.destination.description == "213.192.59.75")
        let udp = try UDPDatagram.decode(datagram.payload)
        #expect(udp.sourcePort == 5060 && udp.destinationPort == 5060)
        #expect(udp.payload.readableBytes == 1051 - 8)
        #expect(udp.payload.getString(at: udp.payload.readerIndex, length: 6) == "INVITE")
    }

    @Test("LINKTYPE_PPP with and without the FF 03 address/control bytes; unknown link types kept raw")
    func ppp() throws {
        var withHDLC = ByteBuffer(hex: "ff03 0021")
        withHDLC.writeImmutableBuffer(Self.ip)
        #expect(try LinkLayer.decode(withHDLC, linkType: .ppp) == .ipv4(Self.ip))
        #expect(try LinkLayer.decode(ByteBuffer(hex: "0057"), linkType: .ppp) == .ipv6(ByteBuffer()))
        let lcp = try LinkLayer.decode(ByteBuffer(hex: "c021 01"), linkType: .ppp)
        #expect(lcp == .other(UnhandledLinkPayload(linkType: .ppp, protocolNumber: 0xC021, payload: ByteBuffer(hex: "01"))))
        let unknown = try LinkLayer.decode(ByteBuffer(hex: "0102"), linkType: LinkType(147))
        #expect(unknown == .other(UnhandledLinkPayload(linkType: LinkType(147), protocolNumber: nil, payload: ByteBuffer(hex: "0102"))))
    }
}

@Suite("Synthetic frame builders")
struct SyntheticFrameTests {
    @Test("ethernetIP picks the family from the addresses; mixed families become IPv4-mapped IPv6")
    func ethernetIP() throws {
        let payload = ByteBuffer(string: "m3ua")
        var dissector = PacketDissector()
        for (source, destination) in [
            (IPAddress("10.0.0.1")!, IPAddress("10.0.0.2")!), (IPAddress("2001:db8::1")!, IPAddress("2001:db8::2")!),
            (IPAddress("10.0.0.1")!, IPAddress("2001:db8::2")!),
        ] {
            let data = SyntheticFrame.ethernetIP(
                source: source, destination: destination, protocolNumber: 132, payload: payload,
                vlan: [.init(tpid: .serviceVLAN, tci: 7), .init(tci: 8)])
            let frame = CapturedFrame(number: 1, timestamp: .init(seconds: 0, nanoseconds: 0), linkType: .ethernet, data: data)
            guard case .ip(let datagram)? = try dissector.dissect(frame) else {
                Issue.record("not IP")
                continue
            }
            #expect(datagram.payload == payload && datagram.protocolNumber == 132)
            if case .v4 = source, case .v6 = destination {
                #expect(datagram.source.description == "::ffff:10.0.0.1")
            } else {
                #expect(datagram.source == source && datagram.destination == destination)
            }
        }
    }
}
