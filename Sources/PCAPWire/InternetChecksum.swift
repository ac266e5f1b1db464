import NIOCore

/// The Internet checksum of RFC 1071: the one's complement of the one's complement sum of 16-bit words.
enum InternetChecksum {
    /// Adds `buffer`'s readable bytes to a running 32-bit sum (odd trailing byte padded with zero).
    static func add(_ buffer: ByteBuffer, to sum: inout UInt32) {
        buffer.withUnsafeReadableBytes { raw in
            var index = 0
            while index + 1 < raw.count {
                sum &+= UInt32(raw[index]) << 8 | UInt32(raw[index + 1])
                index += 2
            }
            if index < raw.count { sum &+= UInt32(raw[index]) << 8 }
            // Fold now and then so the 32-bit accumulator cannot overflow on long inputs.
            sum = (sum & 0xFFFF) &+ (sum >> 16)
        }
    }

    static func add(_ bytes: [UInt8], to sum: inout UInt32) {
        add(ByteBuffer(bytes: bytes), to: &sum)
    }

    /// Folds the carries and complements.
    static func finish(_ sum: UInt32) -> UInt16 {
        var folded = sum
        while folded > 0xFFFF { folded = (folded & 0xFFFF) &+ (folded >> 16) }
        return ~UInt16(truncatingIfNeeded: folded)
    }

    static func checksum(_ buffer: ByteBuffer) -> UInt16 {
        var sum: UInt32 = 0
        add(buffer, to: &sum)
        return finish(sum)
    }
}

extension InternetChecksum {
    /// Adds the pseudo-header of RFC 768 (IPv4) or RFC 8200 §8.1 (IPv6) to `sum`.
    static func addPseudoHeader(
        source: IPAddress, destination: IPAddress, protocolNumber: UInt8, length: Int, to sum: inout UInt32
    ) {
        add(source.bytes, to: &sum)
        add(destination.bytes, to: &sum)
        let length32 = UInt32(clamping: length)
        add([UInt8(length32 >> 24), UInt8(truncatingIfNeeded: length32 >> 16), UInt8(truncatingIfNeeded: length32 >> 8),
            UInt8(truncatingIfNeeded: length32), 0, 0, 0, protocolNumber], to: &sum)
    }
}
