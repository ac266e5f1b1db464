import NIOCore
import RerouteTestSupport
import SCTPWire
import Testing

@Suite("CRC32c (RFC 9260 Appendix A, RFC 3309)")
struct CRC32cTests {
    @Test("CRC-32C check value of \"123456789\" is 0xE3069283")
    func checkValue() {
        #expect(CRC32c.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32c.checksum(ByteBuffer(string: "123456789")) == 0xE306_9283)
    }

    @Test("RFC 3720 Appendix B.4 CRC32c examples (32 bytes of 0x00, 0xFF, incrementing, decrementing)")
    func iscsiVectors() {
        #expect(CRC32c.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32c.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32c.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32c.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
    }

    @Test("Slicing-by-8 agrees with the bytewise definition at every length and alignment")
    func slicingMatchesBitwise() {
        func bitwise(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            }
            return ~crc
        }
        var rng = SeededGenerator(seed: 3309)
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(CRC32c.checksum(bytes) == bitwise(bytes), "length \(length)")
            var buffer = ByteBuffer(bytes: [0x55] + bytes)
            buffer.moveReaderIndex(forwardBy: 1)
            #expect(CRC32c.checksum(buffer) == bitwise(bytes), "unaligned length \(length)")
        }
    }

    @Test("RFC 9260 §6.8: the SCTP checksum is computed with the field zeroed and stored low byte first")
    func sctpChecksumPlacement() {
        // Frame 4 of sctp-test.cap, COOKIE ACK; Wireshark shows checksum 0xceec2d79 (valid).
        let packet = ByteBuffer(hex: "0007000743232544ceec2d790b000004")
        #expect(CRC32c.sctpChecksum(ofPacket: packet) == 0xCEEC_2D79)
        #expect(CRC32c.sctpChecksum(ofPacket: ByteBuffer(hex: "0007000743232544ceec2d")) == nil)
    }
}
