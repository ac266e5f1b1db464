public import NIOCore

/// The fixed IPv6 header (RFC 8200 §3).
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Version| Traffic Class |           Flow Label                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Payload Length        |  Next Header  |   Hop Limit   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 Source Address (128 bits)                     |
/// |               Destination Address (128 bits)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// Payload Length is not stored: decoding uses it to cut link padding, encoding computes it.
public struct IPv6Header: Hashable, Sendable {
    public var trafficClass: UInt8
    /// 20 bits.
    public var flowLabel: UInt32
    public var nextHeader: UInt8
    public var hopLimit: UInt8
    public var source: IPv6Address
    public var destination: IPv6Address

    public static let length = 40

    public init(
        trafficClass: UInt8 = 0, flowLabel: UInt32 = 0, nextHeader: UInt8, hopLimit: UInt8 = 64,
        source: IPv6Address, destination: IPv6Address
    ) {
        self.trafficClass = trafficClass
        self.flowLabel = flowLabel
        self.nextHeader = nextHeader
        self.hopLimit = hopLimit
        self.source = source
        self.destination = destination
    }

    /// Decodes the fixed header and returns the bytes after it (extension headers included), cut to Payload
    /// Length. A Payload Length of 0 (a jumbogram, RFC 2675, or segmentation offload) takes every byte.
    public static func decode(_ packet: ByteBuffer) throws(PacketDecodingError) -> (IPv6Header, ByteBuffer) {
        var buffer = packet
        guard
            let (word, payloadLength, next, hops, sourceHigh, sourceLow, destinationHigh, destinationLow) =
                buffer.readMultipleIntegers(as: (UInt32, UInt16, UInt8, UInt8, UInt64, UInt64, UInt64, UInt64).self)
        else {
            throw PacketDecodingError(.ipv6, .truncated(needed: length, available: packet.readableBytes))
        }
        guard word >> 28 == 6 else { throw PacketDecodingError(.ipv6, .invalidVersion(UInt8(word >> 28))) }
        let payloadBytes = payloadLength == 0 ? buffer.readableBytes : Int(payloadLength)
        guard let payload = buffer.readSlice(length: payloadBytes) else {
            throw PacketDecodingError(.ipv6, .truncated(needed: length + payloadBytes, available: packet.readableBytes))
        }
        let header = IPv6Header(
            trafficClass: UInt8(truncatingIfNeeded: word >> 20), flowLabel: word & 0xF_FFFF, nextHeader: next,
            hopLimit: hops, source: IPv6Address(high: sourceHigh, low: sourceLow),
            destination: IPv6Address(high: destinationHigh, low: destinationLow))
        return (header, payload)
    }

    /// Writes the header for `payloadLength` bytes of extension headers and payload (clamped to 65535).
    public func encode(payloadLength: Int, into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(
            UInt32(6) << 28 | UInt32(trafficClass) << 20 | (flowLabel & 0xF_FFFF), UInt16(clamping: payloadLength),
            nextHeader, hopLimit, source.high, source.low, destination.high, destination.low)
    }
}
