import NIOCore
import PCAPWire
import RerouteTestSupport
import Testing

@Suite("Fragment reassembly (RFC 791 §3.2, RFC 8200 §4.5)")
struct ReassemblyTests {
    static let payload = ByteBuffer(bytes: (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) })

    static func fragments(id: UInt16 = 42) -> [ByteBuffer] {
        SyntheticFrame.ipv4Fragments(
            source: 0x0A00_0001, destination: 0x0A00_0002, protocolNumber: 132, payload: payload, identification: id,
            fragmentSize: 300)
    }

    func frame(_ packet: ByteBuffer, vlan: [EthernetHeader.VLANTag] = []) -> CapturedFrame {
        CapturedFrame(
            number: 1, timestamp: .init(seconds: 0, nanoseconds: 0), linkType: .ethernet,
            data: SyntheticFrame.ethernet(etherType: packet.getInteger(at: 0, as: UInt8.self)! >> 4 == 6 ? .ipv6 : .ipv4, payload: packet, vlan: vlan))
    }

    @Test("in order, out of order and with duplicates: one datagram, only on the last missing piece")
    func ipv4Orders() throws {
        let pieces = Self.fragments()
        #expect(pieces.count == 4)
        for order in [[0, 1, 2, 3], [3, 1, 0, 2], [2, 2, 0, 3, 0, 1], [1, 3, 3, 2, 0]] {
            var dissector = PacketDissector()
            var results: [DissectedPacket?] = []
            for index in order { results.append(try dissector.dissect(frame(pieces[index], vlan: [.init(tci: 10)]))) }
            #expect(results.dropLast().allSatisfy { $0 == nil })
            let expected = IPDatagram(
                source: .v4(0x0A00_0001), destination: .v4(0x0A00_0002), protocolNumber: 132, payload: Self.payload)
            #expect(results.last == .ip(expected))
            #expect(dissector.reassembler.pendingCount == 0)
        }
    }

    @Test("overlapping fragments are tolerated")
    func overlap() {
        var reassembler = IPv4Reassembler()
        func piece(_ range: Range<Int>, more: Bool) -> IPFragment {
            IPFragment(
                source: .v4(1), destination: .v4(2), protocolNumber: 17, identification: 9, offset: range.lowerBound,
                moreFragments: more, payload: Self.payload.getSlice(at: range.lowerBound, length: range.count)!)
        }
        #expect(reassembler.feed(piece(0..<400, more: true)) == nil)
        #expect(reassembler.feed(piece(800..<1000, more: false)) == nil)
        #expect(reassembler.feed(piece(200..<600, more: true)) == nil)
        let done = reassembler.feed(piece(592..<808, more: true))
        #expect(done?.payload == Self.payload)
    }

    @Test("two interleaved datagrams keyed by identification")
    func interleaved() throws {
        let first = Self.fragments(id: 1)
        let second = Self.fragments(id: 2)
        var dissector = PacketDissector()
        var done = 0
        for index in 0..<4 {
            if try dissector.dissect(frame(first[index])) != nil { done += 1 }
            if try dissector.dissect(frame(second[3 - index])) != nil { done += 1 }
        }
        #expect(done == 2)
    }

    @Test("bounded memory: the oldest pending datagram is evicted; oversize and inconsistent fragments dropped")
    func bounds() {
        var reassembler = IPReassembler(maxPendingDatagrams: 3)
        func first(_ id: UInt32) -> IPFragment {
            IPFragment(source: .v4(1), destination: .v4(2), protocolNumber: 17, identification: id, offset: 0,
                moreFragments: true, payload: ByteBuffer(repeating: 1, count: 8))
        }
        func last(_ id: UInt32) -> IPFragment {
            IPFragment(source: .v4(1), destination: .v4(2), protocolNumber: 17, identification: id, offset: 8,
                moreFragments: false, payload: ByteBuffer(repeating: 2, count: 8))
        }
        for id: UInt32 in 1...4 { #expect(reassembler.feed(first(id)) == nil) }
        #expect(reassembler.pendingCount == 3)
        #expect(reassembler.evictedDatagrams == 1)
        #expect(reassembler.feed(last(1)) == nil)  // datagram 1 was evicted: this starts a new one
        #expect(reassembler.feed(last(4))?.payload.readableBytes == 16)
        var huge = last(7)
        huge.offset = 65_528
        #expect(reassembler.feed(huge) == nil)
        #expect(reassembler.discardedFragments == 1)
        // A second "last" fragment with another end contradicts the first one.
        #expect(reassembler.feed(last(2)) == nil)
        var other = last(2)
        other.offset = 16
        #expect(reassembler.feed(other) == nil)
        #expect(reassembler.discardedFragments == 2)
    }

    @Test("RFC 8200 §4.5 IPv6 fragments, out of order, with a destination options header after reassembly")
    func ipv6Fragments() throws {
        let source = IPv6Address("fe80::1")!
        let destination = IPv6Address("fe80::2")!
        var fragmentable = ByteBuffer(bytes: [17, 0, 1, 4, 0, 0, 0, 0])  // destination options → UDP
        let udp = SyntheticFrame.udp(sourcePort: 2905, destinationPort: 2905, payload: Self.payload)
        fragmentable.writeImmutableBuffer(udp)
        let pieces = SyntheticFrame.ipv6Fragments(
            source: source, destination: destination, nextHeader: 60, payload: fragmentable, identification: 0xABCDEF,
            fragmentSize: 256)
        #expect(pieces.count == 4)
        var dissector = PacketDissector()
        #expect(try dissector.dissect(frame(pieces[2])) == nil)
        #expect(try dissector.dissect(frame(pieces[0])) == nil)
        #expect(try dissector.dissect(frame(pieces[3])) == nil)
        #expect(try dissector.dissect(frame(pieces[0])) == nil)
        let result = try dissector.dissect(frame(pieces[1]))
        #expect(result == .ip(IPDatagram(source: .v6(source), destination: .v6(destination), protocolNumber: 17, payload: udp)))
        // RFC 6946: an atomic fragment (offset 0, M = 0) is a whole packet.
        let atomic = SyntheticFrame.ipv6Fragments(
            source: source, destination: destination, nextHeader: 17, payload: udp, identification: 1, fragmentSize: 4096)
        #expect(atomic.count == 1)
        guard case .datagram(let whole) = try IPPacket.decode(atomic[0]) else {
            Issue.record("fragment")
            return
        }
        #expect(whole.payload == udp)
    }
}
