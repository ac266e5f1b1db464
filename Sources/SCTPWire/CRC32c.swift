public import NIOCore

/// The CRC-32C (Castagnoli) checksum used by SCTP (RFC 9260 §6.8 and Appendix A, RFC 3309).
///
/// Reflected polynomial 0x82F63B78, initial value 0xFFFFFFFF, final XOR 0xFFFFFFFF. The check value of the
/// ASCII string "123456789" is 0xE3069283. The implementation is table driven, eight bytes per step
/// ("slicing by 8"), and never reads outside the buffer it is given.
public enum CRC32c {
    /// The eight 256-entry tables; table 0 is the classic byte-at-a-time table.
    static let tables: [[UInt32]] = {
        var tables: [[UInt32]] = Array(repeating: Array(repeating: 0, count: 256), count: 8)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
            }
            tables[0][index] = crc
        }
        for index in 0..<256 {
            var crc = tables[0][index]
            for slice in 1..<8 {
                crc = tables[0][Int(crc & 0xFF)] ^ (crc >> 8)
                tables[slice][index] = crc
            }
        }
        return tables
    }()

    /// The CRC-32C of `bytes`.
    @inlinable
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var state = State()
        state.update(Array(bytes))
        return state.value
    }

    /// The CRC-32C of the readable bytes of `buffer`.
    public static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        var state = State()
        state.update(buffer)
        return state.value
    }

    /// A running CRC-32C, for checksums over several pieces.
    public struct State: Sendable {
        @usableFromInline var crc: UInt32 = 0xFFFF_FFFF

        @inlinable
        public init() {}

        /// The checksum of everything fed so far.
        @inlinable
        public var value: UInt32 { crc ^ 0xFFFF_FFFF }

        /// Feeds the readable bytes of `buffer`.
        public mutating func update(_ buffer: ByteBuffer) {
            buffer.withUnsafeReadableBytes { self.update(raw: $0) }
        }

        /// Feeds `bytes`.
        public mutating func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { self.update(raw: $0) }
        }

        /// Feeds `count` zero bytes (the checksum field while it is being computed).
        public mutating func updateZeros(count: Int) {
            let table = CRC32c.tables[0]
            for _ in 0..<max(0, count) {
                crc = table[Int(crc & 0xFF)] ^ (crc >> 8)
            }
        }

        mutating func update(raw bytes: UnsafeRawBufferPointer) {
            let t = CRC32c.tables
            let t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3], t4 = t[4], t5 = t[5], t6 = t[6], t7 = t[7]
            var crc = self.crc
            var index = 0
            let count = bytes.count
            while count - index >= 8 {
                let low =
                    crc
                    ^ (UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16
                        | UInt32(bytes[index + 3]) << 24)
                crc =
                    t7[Int(low & 0xFF)] ^ t6[Int((low >> 8) & 0xFF)] ^ t5[Int((low >> 16) & 0xFF)]
                    ^ t4[Int(low >> 24)] ^ t3[Int(bytes[index + 4])] ^ t2[Int(bytes[index + 5])]
                    ^ t1[Int(bytes[index + 6])] ^ t0[Int(bytes[index + 7])]
                index += 8
            }
            while index < count {
                crc = t0[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
            self.crc = crc
        }
    }

    /// The SCTP checksum of a whole packet with its checksum field (bytes 8–11) counted as zero, as the
    /// value that field holds when read as a big-endian `UInt32`.
    ///
    /// RFC 9260 Appendix A: the CRC is computed over the packet with the checksum field set to zero and then
    /// placed in the field least significant byte first (the reflected CRC's natural byte order), so the
    /// big-endian reading of the field is the byte-swapped CRC. Returns `nil` for fewer than 12 bytes.
    public static func sctpChecksum(ofPacket packet: ByteBuffer) -> UInt32? {
        guard packet.readableBytes >= 12,
            let head = packet.getSlice(at: packet.readerIndex, length: 8),
            let tail = packet.getSlice(at: packet.readerIndex + 12, length: packet.readableBytes - 12)
        else { return nil }
        var state = State()
        state.update(head)
        state.updateZeros(count: 4)
        state.update(tail)
        return state.value.byteSwapped
    }
}
