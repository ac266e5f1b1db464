import NIOCore
import PCAPWire
import RTPWire
import RerouteTestSupport
import Testing

/// `SIP_CALL_RTP_G711` (pcap-fixtures/SOURCES.md): a real call with G.711A RTP and RTCP SR/RR/SDES. The expected
/// figures are tshark 4.0's reading of the same file (`-Y rtp`, `-Y rtcp`, fields rtp.ssrc, rtcp.pt).
@Suite("RTP/RTCP from a real capture")
struct FixtureTests {
    static let rtpPorts: Set<UInt16> = [8000, 40376]
    static let rtcpPorts: Set<UInt16> = [8001, 40377, 4801, 40379]

    @Test("RFC 3550 §5.1: every RTP packet of the 8000 ↔ 40376 call decodes as PCMA (tshark: 891 + 548 packets)")
    func rtpStreams() throws {
        let datagrams = try udpDatagrams(inFixture: "SIP_CALL_RTP_G711").filter {
            Self.rtpPorts.contains($0.sourcePort) && Self.rtpPorts.contains($0.destinationPort)
        }
        var perSSRC: [UInt32: Int] = [:]
        for datagram in datagrams {
            #expect(RTPMultiplexing.classify(datagram.payload) == .rtp)
            let packet = try RTPPacket.decode(datagram.payload)
            #expect(packet.header.payloadType == .pcma)
            #expect(packet.encoded == datagram.payload)
            perSSRC[packet.header.ssrc, default: 0] += 1
        }
        #expect(perSSRC == [0x58F3_3DEA: 891, 0xD2BD_4E3E: 548])
    }

    /// Four of the 28 datagrams on the RTCP ports (frames 529, 531, 2644, 2646) carry SR + RR + SDES (116 octets)
    /// followed by two null octets the length fields do not cover. §A.2 refuses them: "the length fields of the
    /// individual RTCP packets must add up to the overall length of the compound RTCP packet as received".
    /// tshark is lenient: it shows 529 and 2644 as RTCP (ignoring the tail) and the other two as plain UDP, so its
    /// 26 SR / 14 RR / 14 SDES are our 24 / 12 / 12 plus the two it accepts.
    @Test(
        "RFC 3550 §A.2: 24 compound RTCP packets decode and re-encode; 4 with two octets past their lengths are refused"
    )
    func rtcpCompounds() throws {
        let datagrams = try udpDatagrams(inFixture: "SIP_CALL_RTP_G711").filter {
            Self.rtcpPorts.contains($0.sourcePort) && Self.rtcpPorts.contains($0.destinationPort)
        }
        #expect(datagrams.count == 28)
        var types: [RTCPPacketType: Int] = [:]
        var cnames: Set<String> = []
        var refused: [RTPDecodingError] = []
        for datagram in datagrams {
            #expect(RTPMultiplexing.classify(datagram.payload) == .rtcp)
            let compound: RTCPCompoundPacket
            do {
                compound = try RTCPCompoundPacket.decode(datagram.payload)
            } catch {
                refused.append(error)
                #expect(datagram.payload.readableBytes == 118)
                continue
            }
            #expect(compound.encoded == datagram.payload)
            for packet in compound.packets {
                types[packet.packetType, default: 0] += 1
                if case .sourceDescription(let sdes) = packet {
                    for chunk in sdes.chunks {
                        for item in chunk.items where item.type == .cname { cnames.insert(item.text) }
                    }
                }
            }
        }
        #expect(types == [.senderReport: 24, .receiverReport: 12, .sourceDescription: 12])
        #expect(refused.map(\.reason) == Array(repeating: .truncated(needed: 4, available: 2), count: 4))
        #expect(cnames == ["ACLTP ChannelHandle 30"])
    }
}
