import NIOCore
import RTPWire
import RerouteTestSupport
import Testing
import WireSupport

@Suite("RTCP compound packets (RFC 3550 §6)")
struct RTCPPacketTests {
    static let block = RTCPReportBlock(
        ssrc: 0x0102_0304, fractionLost: 0x40, cumulativeLost: -3, extendedHighestSequence: 0x0001_0010,
        jitter: 77, lastSenderReport: 0xAABB_CCDD, delaySinceLastSenderReport: 0x0001_8000)

    @Test("RFC 3550 §6.4.1: SR sender info and report block at their offsets; length in words minus one")
    func senderReportBytes() throws {
        let sr = RTCPSenderReport(
            ssrc: 0x1111_1111, ntpTimestamp: NTPTimestamp(seconds: 0xE000_0000, fraction: 0x8000_0000),
            rtpTimestamp: 160, packetCount: 10, octetCount: 1600, reports: [Self.block])
        let bytes = RTCPCompoundPacket(packets: [.senderReport(sr)]).encoded
        #expect(
            bytes.hex
                == "81c8000c" + "11111111" + "e0000000" + "80000000" + "000000a0" + "0000000a" + "00000640"
                + "01020304" + "40fffffd" + "00010010" + "0000004d" + "aabbccdd" + "00018000")
        let decoded = try RTCPCompoundPacket.decode(bytes)
        #expect(decoded.packets == [.senderReport(sr)])
        // §6.4.1: cumulative loss is a signed 24-bit field.
        #expect(Self.block.cumulativeLost == -3)
    }

    @Test("RFC 3550 §6.4.2/§6.5/§6.6/§6.7: RR + SDES + BYE + APP compound round-trips")
    func compoundRoundTrip() throws {
        let compound = RTCPCompoundPacket(packets: [
            .receiverReport(RTCPReceiverReport(ssrc: 7, reports: [Self.block])),
            .sourceDescription(
                RTCPSourceDescription(chunks: [
                    .init(
                        source: 7,
                        items: [.init(type: .cname, text: "reroute@127.0.0.1"), .init(type: .tool, text: "r")]),
                    .init(source: 8, items: []),
                ])),
            .goodbye(RTCPGoodbye(sources: [7], reason: Array("call ended".utf8))),
            .applicationDefined(RTCPApplicationDefined(subtype: 3, source: 7, name: 0x5452_4F55, data: [1, 2, 3, 4])),
        ])
        let bytes = compound.encoded
        #expect(bytes.readableBytes % 4 == 0)
        let decoded = try RTCPCompoundPacket.decode(bytes)
        #expect(decoded == compound)
        #expect(decoded.encoded == bytes)
    }

    @Test("RFC 3550 §6.5: SDES chunk items end with a null octet and pad to 32 bits")
    func sdesPadding() {
        // CNAME "ab": 4 + (2 + 2) = 8 octets of chunk, then 4 null octets (at least one null is required).
        let sdes = RTCPSourceDescription(chunks: [.init(source: 1, items: [.init(type: .cname, text: "ab")])])
        var buffer = ByteBuffer()
        RTCPCompoundPacket(packets: [.receiverReport(.init(ssrc: 1)), .sourceDescription(sdes)]).encode(into: &buffer)
        #expect(buffer.hex == "80c90001" + "00000001" + "81ca0003" + "00000001" + "01026162" + "00000000")
    }

    @Test("style rule 3: an unknown RTCP type (205, RTPFB) is kept raw and re-encoded byte for byte")
    func unknownKeptRaw() throws {
        let bytes = ByteBuffer(hex: "80c90001 00000001 81cd0002 00000001 00000002")
        let decoded = try RTCPCompoundPacket.decode(bytes)
        #expect(
            decoded.packets[1]
                == .raw(RTCPRawPacket(packetType: RTCPPacketType(205), count: 1, body: [0, 0, 0, 1, 0, 0, 0, 2])))
        #expect(decoded.encoded == bytes)
    }

    @Test("RFC 3550 §A.2: first packet must be SR or RR unless reduced-size RTCP (RFC 5506) is allowed")
    func firstMustBeReport() throws {
        let bytes = ByteBuffer(hex: "81cb0001 00000001")  // BYE alone
        let error = try? #require(throws: RTPDecodingError.self) { try RTCPCompoundPacket.decode(bytes) }
        #expect(error?.reason == .compoundMustStartWithReport(packetType: 203))
        #expect(try RTCPCompoundPacket.decode(bytes, allowReducedSize: true).packets == [.goodbye(.init(sources: [1]))])
    }

    @Test("RFC 3550 §A.2: padding only on the last packet; the lengths must add up to the datagram")
    func paddingAndLengths() throws {
        let padded = ByteBuffer(hex: "a0c90002 00000001 00000004")
        let decoded = try RTCPCompoundPacket.decode(padded)
        #expect(decoded.paddingLength == 4)
        #expect(decoded.encoded == padded)
        let early = ByteBuffer(hex: "a0c90002 00000001 00000004 80c90001 00000002")
        #expect(
            (try? #require(throws: RTPDecodingError.self) { try RTCPCompoundPacket.decode(early) })?.reason
                == .paddingNotInLastPacket)
        let long = ByteBuffer(hex: "80c90005 00000001")
        guard
            case .invalidLength? =
                (try? #require(throws: RTPDecodingError.self) {
                    try RTCPCompoundPacket.decode(long)
                })?.reason
        else {
            Issue.record("length beyond datagram must be invalidLength")
            return
        }
    }

    @Test("RFC 3550 §6.4.1: a report count larger than the body is malformed, not a crash")
    func countBeyondBody() {
        let bytes = ByteBuffer(hex: "82c90001 00000001")
        #expect(throws: RTPDecodingError.self) { try RTCPCompoundPacket.decode(bytes) }
    }
}
