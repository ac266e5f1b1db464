public import NIOCore

/// An IP packet: a whole datagram or a fragment of one.
public enum IPPacket: Hashable, Sendable {
    case datagram(IPDatagram)
    case fragment(IPFragment)

    /// Decodes an IPv4 or IPv6 packet, choosing by the version nibble.
    public static func decode(_ packet: ByteBuffer) throws(PacketDecodingError) -> IPPacket {
        guard let first = packet.getInteger(at: packet.readerIndex, as: UInt8.self) else {
            throw PacketDecodingError(.ipv4, .truncated(needed: 1, available: 0))
        }
        return first >> 4 == 6 ? try decodeIPv6(packet) : try decodeIPv4(packet)
    }

    /// Decodes an IPv4 packet (RFC 791).
    public static func decodeIPv4(_ packet: ByteBuffer) throws(PacketDecodingError) -> IPPacket {
        let (header, payload) = try IPv4Header.decode(packet)
        let source = IPAddress.v4(header.source)
        let destination = IPAddress.v4(header.destination)
        guard header.isFragment else {
            return .datagram(
                IPDatagram(source: source, destination: destination, protocolNumber: header.protocolNumber, payload: payload))
        }
        return .fragment(
            IPFragment(
                source: source, destination: destination, protocolNumber: header.protocolNumber,
                identification: UInt32(header.identification), offset: header.fragmentByteOffset,
                moreFragments: header.moreFragments, payload: payload))
    }

    /// Decodes an IPv6 packet (RFC 8200), skipping extension headers up to the upper layer or a fragment.
    public static func decodeIPv6(_ packet: ByteBuffer) throws(PacketDecodingError) -> IPPacket {
        let (header, payload) = try IPv6Header.decode(packet)
        let chain = try IPv6ExtensionHeaders.walk(nextHeader: header.nextHeader, payload: payload)
        let source = IPAddress.v6(header.source)
        let destination = IPAddress.v6(header.destination)
        guard let fragment = chain.fragment else {
            return .datagram(
                IPDatagram(source: source, destination: destination, protocolNumber: chain.protocolNumber, payload: chain.payload))
        }
        return .fragment(
            IPFragment(
                source: source, destination: destination, protocolNumber: fragment.nextHeader,
                identification: fragment.identification, offset: Int(fragment.fragmentOffset) * 8,
                moreFragments: fragment.moreFragments, payload: chain.payload))
    }
}
