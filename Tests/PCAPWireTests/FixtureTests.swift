import NIOCore
import PCAPWire
import RerouteTestSupport
import Testing

/// Every capture in `pcap-fixtures/`, with the counts TShark 4.0.17 reports:
/// frames (`tshark -r F | wc -l`), IP frames (`-Y 'ip or ipv6'`), UDP (`-Y 'udp and not icmp'`) and TCP.
let fixtureCounts: [String: (frames: Int, ip: Int, udp: Int, tcp: Int)] = [
    "DTMFsipinfo.pcap": (32, 32, 32, 0),
    "MagicJack_pwr_up.pcap": (49, 46, 35, 11),
    "SIP_CALL_RTP_G711": (4269, 4105, 3583, 522),
    "aaa.pcap": (691, 647, 590, 57),
    "bicc.pcap": (1, 1, 0, 0),
    "dtmf_2833_0.pcap": (10, 10, 10, 0),
    "dtmf_2833_1.pcap": (10, 10, 10, 0),
    "dtmf_2833_2.pcap": (10, 10, 10, 0),
    "dtmf_2833_3.pcap": (10, 10, 10, 0),
    "dtmf_2833_4.pcap": (10, 10, 10, 0),
    "dtmf_2833_5.pcap": (10, 10, 10, 0),
    "dtmf_2833_6.pcap": (10, 10, 10, 0),
    "dtmf_2833_7.pcap": (10, 10, 10, 0),
    "dtmf_2833_8.pcap": (10, 10, 10, 0),
    "dtmf_2833_9.pcap": (10, 10, 10, 0),
    "dtmf_2833_pound.pcap": (10, 10, 10, 0),
    "dtmf_2833_star.pcap": (10, 10, 10, 0),
    "end-to-end-20260724T085858Z.pcap": (23, 23, 0, 0),
    "g711a.pcap": (236, 236, 236, 0),
    "isup.cap": (6, 6, 0, 0),
    "isup.pcap": (6, 6, 0, 0),
    "m3ua_isup.cap": (810, 810, 0, 0),
    "sctp-test.cap": (74, 74, 0, 0),
    "sip-rtp-g711.pcap": (852, 852, 852, 0),
    "sip-rtp-g729a.pcap": (433, 433, 433, 0),
    "sip-rtp-opus-hybrid.pcap": (7, 7, 7, 0),
    "sip-rtp-opus.pcap": (433, 433, 433, 0),
]

@Suite("Real captures")
struct FixtureTests {
    @Test("every fixture is listed here")
    func allFixturesCovered() throws {
        #expect(try Fixtures.allCaptureNames().sorted() == fixtureCounts.keys.sorted())
    }

    @Test("each fixture reads to the end with TShark's frame count and dissects to its IP/UDP/TCP counts",
          arguments: fixtureCounts.keys.sorted())
    func fixture(name: String) throws {
        let expected = try #require(fixtureCounts[name])
        let frames = try readFrames(Fixtures.load(name))
        #expect(frames.count == expected.frames)
        #expect(frames.last?.number == expected.frames)
        var dissector = PacketDissector()
        var ip = 0
        var udp = 0
        var tcp = 0
        for frame in frames {
            guard case .ip(let datagram)? = try dissector.dissect(frame) else { continue }
            ip += 1
            switch datagram.protocolNumber {
            case UDPDatagram.protocolNumber:
                _ = try UDPDatagram.decode(datagram.payload)
                udp += 1
            case TCPSegment.protocolNumber:
                _ = try TCPSegment.decode(datagram.payload)
                tcp += 1
            default:
                break
            }
        }
        #expect(ip == expected.ip)
        #expect(udp == expected.udp)
        #expect(tcp == expected.tcp)
    }

    @Test("m3ua_isup.cap frame 1: Ethernet/IPv4/SCTP, 78 bytes at 1186172287.119127")
    func m3uaFirstFrame() throws {
        var reader = try CaptureReader(Fixtures.load("m3ua_isup.cap"))
        let frame = try #require(try reader.next())
        #expect(frame.timestamp == CaptureTimestamp(seconds: 1_186_172_287, nanoseconds: 119_127_000))
        #expect(frame.data.readableBytes == 78)
        var dissector = PacketDissector()
        guard case .ip(let datagram)? = try dissector.dissect(frame) else {
            Issue.record("not IP")
            return
        }
        #expect(datagram.protocolNumber == 132)
    }

    @Test("isup.cap frame 1: 10.28.6.42 → 10.28.6.44, SCTP, IPv4 total length 132")
    func isupFirstFrame() throws {
        var reader = try CaptureReader(Fixtures.load("isup.cap"))
        let frame = try #require(try reader.next())
        guard case .ipv4(let packet) = try LinkLayer.decode(frame.data, linkType: frame.linkType) else {
            Issue.record("not IPv4")
            return
        }
        let (header, payload) = try IPv4Header.decode(packet)
        #expect(IPAddress.v4(header.source).description == "10.28.6.42")
        #expect(IPAddress.v4(header.destination).description == "10.28.6.44")
        #expect(header.protocolNumber == 132)
        #expect(payload.readableBytes == 132 - 20)
        // Re-encoding with the received checksum gives the received bytes.
        var out = ByteBuffer()
        header.encode(payloadLength: payload.readableBytes, into: &out, checksum: header.headerChecksum)
        #expect(out == packet.getSlice(at: packet.readerIndex, length: 20))
        // And the computed checksum is the one on the wire (this capture's checksums are valid).
        var recomputed = ByteBuffer()
        header.encode(payloadLength: payload.readableBytes, into: &recomputed)
        #expect(recomputed == out)
    }
}
