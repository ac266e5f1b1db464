import NIOCore
import PCAPWire
import RerouteTestSupport
import Testing

@Suite("UDP (RFC 768) and TCP (RFC 9293)")
struct TransportTests {
    @Test("RFC 768: Length trims trailing bytes; below 8 or past the end is an error")
    func udp() throws {
        let datagram = try UDPDatagram.decode(ByteBuffer(hex: "13c4 13c4 000a 1234 4142 ffff"))
        #expect(datagram.sourcePort == 5060 && datagram.destinationPort == 5060 && datagram.checksum == 0x1234)
        #expect(bytes(datagram.payload) == [0x41, 0x42])
        #expect(throws: PacketDecodingError.self) { try UDPDatagram.decode(ByteBuffer(hex: "13c4 13c4 0007 0000")) }
        #expect(throws: PacketDecodingError.self) { try UDPDatagram.decode(ByteBuffer(hex: "13c4 13c4 0010 0000 00")) }
        #expect(throws: PacketDecodingError.self) { try UDPDatagram.decode(ByteBuffer(hex: "13c4 13c4 00")) }
    }

    @Test("RFC 768 checksum over the IPv4 pseudo-header verifies; RFC 8200 §8.1 for IPv6")
    func udpChecksum() throws {
        let udp = UDPDatagram(sourcePort: 1234, destinationPort: 5678, payload: ByteBuffer(string: "hello"))
        for (source, destination) in [
            (IPAddress("192.0.2.1")!, IPAddress("198.51.100.7")!), (IPAddress("2001:db8::1")!, IPAddress("2001:db8::2")!),
        ] {
            var out = ByteBuffer()
            udp.encode(into: &out, addresses: (source, destination))
            // Summing pseudo-header + datagram (with its checksum) gives 0xFFFF.
            var words = source.bytes + destination.bytes + [0, 0, 0, UInt8(out.readableBytes), 0, 0, 0, 17] + bytes(out)
            if words.count % 2 == 1 { words.append(0) }
            var sum: UInt32 = 0
            for index in stride(from: 0, to: words.count, by: 2) { sum += UInt32(words[index]) << 8 | UInt32(words[index + 1]) }
            while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
            #expect(sum == 0xFFFF)
            #expect(try UDPDatagram.decode(out).payload == udp.payload)
        }
    }

    @Test("RFC 9293 §3.1: data offset skips options; flags, seq and ack decoded")
    func tcp() throws {
        // SYN+ACK with MSS option (data offset 6), then 3 payload bytes.
        let bytes = ByteBuffer(hex: "1f90 c350 00000001 00000002 6012 ffff abcd 0000 020405b4 414243")
        let segment = try TCPSegment.decode(bytes)
        #expect(segment.sourcePort == 8080 && segment.destinationPort == 50000)
        #expect(segment.sequenceNumber == 1 && segment.acknowledgmentNumber == 2)
        #expect(segment.flags == [.syn, .ack])
        #expect(segment.options == ByteBuffer(hex: "020405b4"))
        #expect(segment.payload == ByteBuffer(string: "ABC"))
        var out = ByteBuffer()
        segment.encode(into: &out)
        #expect(out == bytes)
        #expect(throws: PacketDecodingError.self) { try TCPSegment.decode(ByteBuffer(hex: "1f90 c350 00000001 00000002 4012 ffff abcd 0000")) }
        #expect(throws: PacketDecodingError.self) { try TCPSegment.decode(ByteBuffer(hex: "1f90 c350 00000001 00000002 8012 ffff abcd 0000")) }
    }
}
