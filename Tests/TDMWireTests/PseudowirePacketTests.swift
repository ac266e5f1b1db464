import NIOCore
import RTPWire
import RerouteTestSupport
import TDMWire
import Testing
import WireSupport

@Suite("CESoPSN / SAToP packets (RFC 5086, RFC 4553)")
struct PseudowirePacketTests {
    @Test("RFC 5086 §5.2: L, R, M, FRG, LEN and sequence number at their bit positions")
    func controlWordBits() throws {
        let word = PseudowireControlWord(
            localFailure: true, remoteFailure: false, modifier: 0b10, fragmentation: 0, length: 0,
            sequenceNumber: 0x1234)
        var buffer = ByteBuffer()
        word.encode(into: &buffer)
        #expect(buffer.hex == "0a001234")
        let other = PseudowireControlWord(remoteFailure: true, fragmentation: 0b11, length: 36, sequenceNumber: 1)
        buffer.clear()
        other.encode(into: &buffer)
        // 0000 0 1 00 | 11 100100 | 0x0001
        #expect(buffer.hex == "04e40001")
    }

    @Test("RFC 4385 §3: a first nibble other than 0000 is refused")
    func firstNibble() {
        let error = try? #require(throws: TDMDecodingError.self) {
            try PseudowirePacket.decode(ByteBuffer(hex: "40000001 d5d5"))
        }
        #expect(error?.reason == .controlWordNotZeroNibble(4))
    }

    @Test("RFC 4553 §5.1: LEN below 64 strips PSN padding; LEN beyond the packet is refused")
    func lengthField() throws {
        // LEN 6 = control word + 2 payload octets; two more octets of Ethernet-style padding follow.
        let packet = try PseudowirePacket.decode(ByteBuffer(hex: "00060007 aabb 0000"))
        #expect(packet.payload.readableBytesArray == [0xAA, 0xBB])
        #expect(PseudowireControlWord.lengthField(payloadLength: 2) == 6)
        #expect(PseudowireControlWord.lengthField(payloadLength: 256) == 0)
        guard
            case .lengthMismatch? =
                (try? #require(throws: TDMDecodingError.self) {
                    try PseudowirePacket.decode(ByteBuffer(hex: "00100007 aabb"))
                })?.reason
        else {
            Issue.record("expected lengthMismatch")
            return
        }
    }

    @Test("RFC 4553 §4 / RFC 5086 §4: over UDP the optional RTP header precedes the control word")
    func rtpPlacement() throws {
        let header = RTPHeader(payloadType: RTPPayloadType(98), sequenceNumber: 9, timestamp: 8000, ssrc: 0xCAFE)
        let packet = PseudowirePacket(
            controlWord: PseudowireControlWord(sequenceNumber: 9), rtpHeader: header,
            payload: ByteBuffer(bytes: [UInt8](repeating: 0xD5, count: 64)))
        let udp = packet.encoded(rtp: .beforeControlWord)
        #expect(udp.getInteger(at: 0, as: UInt8.self) == 0x80)
        #expect(udp.getInteger(at: 12, as: UInt32.self) == 0x0000_0009)
        #expect(try PseudowirePacket.decode(udp, rtp: .beforeControlWord) == packet)
        let mpls = packet.encoded(rtp: .afterControlWord)
        #expect(mpls.getInteger(at: 4, as: UInt8.self) == 0x80)
        #expect(try PseudowirePacket.decode(mpls, rtp: .afterControlWord) == packet)
    }

    @Test("RFC 5086 §5.1: basic-mode payload is frame after frame of the N timeslots")
    func cesopsnPayloadOrder() throws {
        var frames = (0..<4).map { E1Frame(index: $0) }
        for f in 0..<4 { for slot in [1, 2, 3] { frames[f][slot] = UInt8(f * 16 + slot) } }
        let payload = CESoPSNPayload(timeslots: [1, 2, 3], e1Frames: frames)
        #expect(payload.encoded.readableBytesArray == [1, 2, 3, 17, 18, 19, 33, 34, 35, 49, 50, 51])
        #expect(payload.latencyMicroseconds == 500)
        let decoded = try CESoPSNPayload.decode(payload.encoded, timeslots: [1, 2, 3])
        #expect(decoded == payload)
        var blank = (0..<4).map { E1Frame(index: $0) }
        decoded.apply(to: &blank)
        #expect(blank == frames)
        #expect(throws: TDMDecodingError.self) {
            try CESoPSNPayload.decode(ByteBuffer(bytes: [1, 2]), timeslots: [1, 2, 3])
        }
    }

    @Test("RFC 5086 §5.2: 10 000 mutated packets: typed error or a value that round-trips")
    func mutationLoop() {
        var rng = SeededGenerator(seed: 5086)
        let seeds = ["0a001234", "00060007 aabb 0000", "04e40001 " + String(repeating: "d5", count: 32)]
        for round in 0..<10_000 {
            var bytes = ByteBuffer(hex: seeds[round % seeds.count]).readableBytesArray
            for _ in 0..<Int.random(in: 1...3, using: &rng) { bytes = Mutator.mutate(bytes, using: &rng) }
            for placement in [PseudowirePacket.RTPPlacement.none, .beforeControlWord] {
                guard let packet = try? PseudowirePacket.decode(ByteBuffer(bytes: bytes), rtp: placement) else {
                    continue
                }
                #expect((try? PseudowirePacket.decode(packet.encoded(rtp: placement), rtp: placement)) == packet)
            }
        }
    }
}
