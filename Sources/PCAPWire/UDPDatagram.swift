public import NIOCore

/// A UDP datagram (RFC 768).
///
/// ```
///  0      7 8     15 16    23 24    31
/// +--------+--------+--------+--------+
/// |     Source      |   Destination   |
/// |      Port       |      Port       |
/// +--------+--------+--------+--------+
/// |     Length      |    Checksum     |
/// +--------+--------+--------+--------+
/// |          data octets ...
/// ```
public struct UDPDatagram: Hashable, Sendable {
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// As received; 0 means "not computed" over IPv4. Not verified.
    public var checksum: UInt16
    public var payload: ByteBuffer

    public static let headerLength = 8
    public static let protocolNumber: UInt8 = 17

    public init(sourcePort: UInt16, destinationPort: UInt16, checksum: UInt16 = 0, payload: ByteBuffer) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.checksum = checksum
        self.payload = payload
    }

    /// Decodes a datagram from the IP payload; the payload is cut to the Length field.
    public static func decode(_ payload: ByteBuffer) throws(PacketDecodingError) -> UDPDatagram {
        var buffer = payload
        guard let (source, destination, length, checksum) = buffer.readMultipleIntegers(as: (UInt16, UInt16, UInt16, UInt16).self)
        else {
            throw PacketDecodingError(.udp, .truncated(needed: headerLength, available: payload.readableBytes))
        }
        // RFC 768: "Length is the length in octets of this user datagram including this header and the data.
        // (This means the minimum value of the length is eight.)"
        guard Int(length) >= headerLength else { throw PacketDecodingError(.udp, .invalidLengthField(Int(length))) }
        guard let data = buffer.readSlice(length: Int(length) - headerLength) else {
            throw PacketDecodingError(.udp, .truncated(needed: Int(length), available: payload.readableBytes))
        }
        return UDPDatagram(sourcePort: source, destinationPort: destination, checksum: checksum, payload: data)
    }

    /// Writes the datagram. With `addresses`, the checksum is computed over the RFC 768 / RFC 8200 §8.1
    /// pseudo-header; otherwise the stored `checksum` is written (0 = none, allowed over IPv4 only).
    public func encode(into buffer: inout ByteBuffer, addresses: (source: IPAddress, destination: IPAddress)? = nil) {
        let length = Self.headerLength + payload.readableBytes
        var value = checksum
        if let addresses {
            var sum: UInt32 = 0
            InternetChecksum.addPseudoHeader(
                source: addresses.source, destination: addresses.destination, protocolNumber: Self.protocolNumber,
                length: length, to: &sum)
            InternetChecksum.add([UInt8(sourcePort >> 8), UInt8(truncatingIfNeeded: sourcePort),
                UInt8(destinationPort >> 8), UInt8(truncatingIfNeeded: destinationPort),
                UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)], to: &sum)
            InternetChecksum.add(payload, to: &sum)
            value = InternetChecksum.finish(sum)
            // RFC 768: "If the computed checksum is zero, it is transmitted as all ones".
            if value == 0 { value = 0xFFFF }
        }
        buffer.writeMultipleIntegers(sourcePort, destinationPort, UInt16(clamping: length), value)
        buffer.writeImmutableBuffer(payload)
    }
}
