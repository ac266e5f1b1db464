import NIOCore
import RTPWire
import RerouteTestSupport
import Testing
import WireSupport

@Suite("RTP packet (RFC 3550 §5.1)")
struct RTPPacketTests {
    @Test("RFC 3550 §5.1: fixed header fields decode from their bit positions")
    func fixedHeader() throws {
        // V=2 P=0 X=0 CC=0 | M=1 PT=8 | seq 0x1234 | ts 0x00000a00 | SSRC 0xdeadbeef | 4 payload octets
        let packet = try RTPPacket.decode(ByteBuffer(hex: "80 88 1234 00000a00 deadbeef d5d5d5d5"))
        #expect(packet.header.marker)
        #expect(packet.header.payloadType == .pcma)
        #expect(packet.header.sequenceNumber == 0x1234)
        #expect(packet.header.timestamp == 0xA00)
        #expect(packet.header.ssrc == 0xDEAD_BEEF)
        #expect(packet.header.csrcs.isEmpty)
        #expect(packet.payload.readableBytesArray == [0xD5, 0xD5, 0xD5, 0xD5])
        #expect(packet.paddingLength == 0)
    }

    @Test("RFC 3550 §5.1/§5.3.1: CSRC list, header extension and padding round-trip byte for byte")
    func fullHeaderRoundTrip() throws {
        // V=2 P=1 X=1 CC=2, PT 0, two CSRCs, extension profile 0xBEDE with one word, payload 3, padding 5.
        let hex = "b2 00 0001 00000000 11111111 22222222 33333333 bede0001 10aa0000 010203 0000000005"
        let bytes = ByteBuffer(hex: hex)
        let packet = try RTPPacket.decode(bytes)
        #expect(packet.header.csrcs == [0x2222_2222, 0x3333_3333])
        #expect(packet.header.headerExtension == RTPHeaderExtension(profile: 0xBEDE, data: [0x10, 0xAA, 0, 0]))
        #expect(packet.payload.readableBytesArray == [1, 2, 3])
        #expect(packet.paddingLength == 5)
        #expect(packet.encoded == bytes)
    }

    @Test("RFC 3550 §A.1: version other than 2 is refused")
    func badVersion() {
        #expect(throws: RTPDecodingError.self) { try RTPPacket.decode(ByteBuffer(hex: "40 00 0001 00000000 00000001")) }
        let error = try? #require(throws: RTPDecodingError.self) {
            try RTPPacket.decode(ByteBuffer(hex: "40 00 0001 00000000 00000001"))
        }
        #expect(error?.reason == .unsupportedVersion(1))
    }

    @Test("RFC 3550 §A.1: padding count 0 or longer than the payload is refused")
    func badPadding() {
        for hex in ["a0 00 0001 00000000 00000001 aabb00", "a0 00 0001 00000000 00000001 aabb09"] {
            let error = try? #require(throws: RTPDecodingError.self) { try RTPPacket.decode(ByteBuffer(hex: hex)) }
            guard case .invalidPadding? = error?.reason else {
                Issue.record("expected invalidPadding for \(hex), got \(String(describing: error))")
                continue
            }
        }
    }

    @Test("RFC 3550 §5.1: a CSRC count or extension longer than the datagram is truncation, not a crash")
    func truncatedLists() {
        let cases = ["8f 00 0001 00000000 00000001 11111111", "90 00 0001 00000000 00000001 bede0004 00", "80 00 00"]
        for hex in cases {
            let error = try? #require(throws: RTPDecodingError.self) { try RTPPacket.decode(ByteBuffer(hex: hex)) }
            guard case .truncated? = error?.reason else {
                Issue.record("expected truncated for \(hex), got \(String(describing: error))")
                continue
            }
        }
    }

    @Test("RFC 5761 §4: second octet 192–223 is RTCP on a muxed port; RFC 7983 §7: STUN and DTLS by first octet")
    func multiplexing() {
        #expect(RTPMultiplexing.classify(ByteBuffer(hex: "80c8 0006")) == .rtcp)  // SR
        #expect(RTPMultiplexing.classify(ByteBuffer(hex: "81c9 0007")) == .rtcp)  // RR
        #expect(RTPMultiplexing.classify(ByteBuffer(hex: "8008 0001")) == .rtp)  // PCMA
        #expect(RTPMultiplexing.classify(ByteBuffer(hex: "80e5 0001")) == .rtp)  // PT 101 with marker = 229
        // PT 72 with the marker bit set is 200: indistinguishable from SR, hence §4 forbids PT 64–95 with mux.
        #expect(RTPMultiplexing.classify(ByteBuffer(hex: "80c8")) == .rtcp)
        #expect(RTPMultiplexing.classify(ByteBuffer(hex: "0001 0000")) == .stun)
        #expect(RTPMultiplexing.classify(ByteBuffer(hex: "16fe fd00")) == .dtls)
        #expect(RTPMultiplexing.classify(ByteBuffer(hex: "ff00")) == .unknown)
        #expect(RTPMultiplexing.classify(ByteBuffer()) == .unknown)
    }
}
