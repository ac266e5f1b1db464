public import NIOCore

/// A compound RTCP packet: the RTCP packets of one datagram (RFC 3550 §6.1).
public struct RTCPCompoundPacket: Hashable, Sendable {
    public var packets: [RTCPPacket]
    /// Padding octets on the last packet (count octet included); 0 when its P bit is clear.
    public var paddingLength: UInt8

    public init(packets: [RTCPPacket], paddingLength: UInt8 = 0) {
        self.packets = packets
        self.paddingLength = paddingLength
    }

    /// Decodes one datagram with the RFC 3550 §A.2 validity checks: version 2 in every packet, the padding bit only
    /// on the last one, the lengths adding up to the datagram, and (unless `allowReducedSize`, RFC 5506 §3.4.2)
    /// the first packet an SR or RR.
    public static func decode(
        _ bytes: ByteBuffer, allowReducedSize: Bool = false
    ) throws(RTPDecodingError) -> RTCPCompoundPacket {
        var buffer = bytes
        var packets: [RTCPPacket] = []
        var paddingLength: UInt8 = 0
        guard buffer.readableBytes >= 4 else {
            throw RTPDecodingError(.truncated(needed: 4, available: buffer.readableBytes), bytes: bytes)
        }
        while buffer.readableBytes > 0 {
            guard let (first, type, words) = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt16).self) else {
                throw RTPDecodingError(.truncated(needed: 4, available: buffer.readableBytes), bytes: bytes)
            }
            guard first >> 6 == 2 else { throw RTPDecodingError(.unsupportedVersion(first >> 6), bytes: bytes) }
            if packets.isEmpty && !allowReducedSize
                && type != RTCPPacketType.senderReport.rawValue && type != RTCPPacketType.receiverReport.rawValue
            {
                throw RTPDecodingError(.compoundMustStartWithReport(packetType: type), bytes: bytes)
            }
            let length = Int(words) * 4
            guard var body = buffer.readSlice(length: length) else {
                throw RTPDecodingError(
                    .invalidLength(declared: length + 4, available: buffer.readableBytes + 4),
                    bytes: bytes)
            }
            if first & 0x20 != 0 {
                // §A.2: "The padding bit (P) should be zero for the first packet of a compound RTCP packet because
                // padding should only be applied, if it is needed, to the last packet."
                guard buffer.readableBytes == 0 else { throw RTPDecodingError(.paddingNotInLastPacket, bytes: bytes) }
                let count = body.getInteger(at: body.writerIndex - 1, as: UInt8.self) ?? 0
                guard count > 0, Int(count) <= body.readableBytes else {
                    throw RTPDecodingError(
                        .invalidPadding(count: Int(count), available: body.readableBytes),
                        bytes: bytes)
                }
                paddingLength = count
                body = body.getSlice(at: body.readerIndex, length: body.readableBytes - Int(count))!
            }
            packets.append(
                try RTCPPacket.decode(
                    packetType: RTCPPacketType(type), count: first & 0x1F, body: body, packet: bytes))
        }
        return RTCPCompoundPacket(packets: packets, paddingLength: paddingLength)
    }

    public func encode(into buffer: inout ByteBuffer) {
        for (index, packet) in packets.enumerated() {
            packet.encode(into: &buffer, paddingLength: index == packets.count - 1 ? paddingLength : 0)
        }
    }

    public var encoded: ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }
}
