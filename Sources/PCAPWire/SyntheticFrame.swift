public import NIOCore

/// Builders for synthetic frames, for tests and benchmarks that need captures no one has published.
///
/// Every builder returns the frame's bytes starting at the link-layer header (or the IP header for the
/// `ipv4Packet`/`ipv6Packet` builders). Checksums: IPv4 header checksums are computed; UDP checksums are 0.
public enum SyntheticFrame {
    /// An IPv4 packet: header plus payload.
    public static func ipv4Packet(
        source: UInt32, destination: UInt32, protocolNumber: UInt8, payload: ByteBuffer,
        identification: UInt16 = 0, timeToLive: UInt8 = 64
    ) -> ByteBuffer {
        var out = ByteBuffer()
        IPv4Header(
            identification: identification, timeToLive: timeToLive, protocolNumber: protocolNumber, source: source,
            destination: destination
        ).encode(payloadLength: payload.readableBytes, into: &out)
        out.writeImmutableBuffer(payload)
        return out
    }

    /// An IPv6 packet: fixed header, optional extension headers (given as whole headers whose first byte, the
    /// Next Header, is overwritten to chain them), then the payload.
    public static func ipv6Packet(
        source: IPv6Address, destination: IPv6Address, nextHeader: UInt8, payload: ByteBuffer,
        extensionHeaders: [(type: UInt8, bytes: [UInt8])] = [], hopLimit: UInt8 = 64
    ) -> ByteBuffer {
        var chain = ByteBuffer()
        for (index, header) in extensionHeaders.enumerated() {
            var bytes = header.bytes
            if !bytes.isEmpty {
                bytes[0] = index + 1 < extensionHeaders.count ? extensionHeaders[index + 1].type : nextHeader
            }
            chain.writeBytes(bytes)
        }
        chain.writeImmutableBuffer(payload)
        var out = ByteBuffer()
        IPv6Header(
            nextHeader: extensionHeaders.first?.type ?? nextHeader, hopLimit: hopLimit, source: source,
            destination: destination
        ).encode(payloadLength: chain.readableBytes, into: &out)
        out.writeBuffer(&chain)
        return out
    }

    /// An IP packet for either family. Mixed families are written as IPv6 with the IPv4 address mapped
    /// (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2).
    public static func ipPacket(
        source: IPAddress, destination: IPAddress, protocolNumber: UInt8, payload: ByteBuffer
    ) -> ByteBuffer {
        switch (source, destination) {
        case (.v4(let source), .v4(let destination)):
            return ipv4Packet(source: source, destination: destination, protocolNumber: protocolNumber, payload: payload)
        default:
            return ipv6Packet(
                source: source.mappedToIPv6, destination: destination.mappedToIPv6, nextHeader: protocolNumber,
                payload: payload)
        }
    }

    /// Ethernet (optionally VLAN-tagged) carrying an IPv4 or IPv6 packet, chosen by the addresses.
    public static func ethernetIP(
        source: IPAddress, destination: IPAddress, protocolNumber: UInt8, payload: ByteBuffer,
        vlan: [EthernetHeader.VLANTag] = []
    ) -> ByteBuffer {
        let packet = ipPacket(source: source, destination: destination, protocolNumber: protocolNumber, payload: payload)
        let isIPv4 = packet.getInteger(at: packet.readerIndex, as: UInt8.self).map { $0 >> 4 == 4 } ?? false
        return ethernet(etherType: isIPv4 ? .ipv4 : .ipv6, payload: packet, vlan: vlan)
    }

    /// Splits `payload` into IPv4 fragments carrying at most `fragmentSize` payload bytes each (rounded down to
    /// a multiple of 8, at least 8), in order.
    public static func ipv4Fragments(
        source: UInt32, destination: UInt32, protocolNumber: UInt8, payload: ByteBuffer, identification: UInt16,
        fragmentSize: Int
    ) -> [ByteBuffer] {
        let step = max(8, fragmentSize / 8 * 8)
        var fragments: [ByteBuffer] = []
        var offset = 0
        repeat {
            let length = min(step, payload.readableBytes - offset)
            let more = offset + length < payload.readableBytes
            let piece = payload.getSlice(at: payload.readerIndex + offset, length: length) ?? ByteBuffer()
            var out = ByteBuffer()
            IPv4Header(
                identification: identification, flags: more ? 0b001 : 0, fragmentOffset: UInt16(clamping: offset / 8),
                protocolNumber: protocolNumber, source: source, destination: destination
            ).encode(payloadLength: length, into: &out)
            out.writeImmutableBuffer(piece)
            fragments.append(out)
            offset += length
        } while offset < payload.readableBytes
        return fragments
    }

    /// Splits `payload` into IPv6 fragments (RFC 8200 §4.5) of at most `fragmentSize` bytes (multiple of 8).
    public static func ipv6Fragments(
        source: IPv6Address, destination: IPv6Address, nextHeader: UInt8, payload: ByteBuffer, identification: UInt32,
        fragmentSize: Int
    ) -> [ByteBuffer] {
        let step = max(8, fragmentSize / 8 * 8)
        var fragments: [ByteBuffer] = []
        var offset = 0
        repeat {
            let length = min(step, payload.readableBytes - offset)
            let more = offset + length < payload.readableBytes
            var body = ByteBuffer()
            IPv6FragmentHeader(
                nextHeader: nextHeader, fragmentOffset: UInt16(clamping: offset / 8), moreFragments: more,
                identification: identification
            ).encode(into: &body)
            body.writeImmutableBuffer(payload.getSlice(at: payload.readerIndex + offset, length: length) ?? ByteBuffer())
            var out = ByteBuffer()
            IPv6Header(nextHeader: IPv6FragmentHeader.protocolNumber, source: source, destination: destination)
                .encode(payloadLength: body.readableBytes, into: &out)
            out.writeBuffer(&body)
            fragments.append(out)
            offset += length
        } while offset < payload.readableBytes
        return fragments
    }

    /// An Ethernet II frame with optional VLAN tags (outer first; `.vlan` TPID unless given).
    public static func ethernet(
        etherType: EtherType, payload: ByteBuffer, vlan: [EthernetHeader.VLANTag] = []
    ) -> ByteBuffer {
        var out = ByteBuffer()
        EthernetHeader(vlanTags: vlan, etherType: etherType).encode(into: &out)
        out.writeImmutableBuffer(payload)
        return out
    }

    /// Ethernet (optionally VLAN-tagged) carrying an IPv4 packet.
    public static func ethernetIPv4(
        source: UInt32, destination: UInt32, protocolNumber: UInt8, payload: ByteBuffer,
        vlan: [EthernetHeader.VLANTag] = [], identification: UInt16 = 0
    ) -> ByteBuffer {
        ethernet(
            etherType: .ipv4,
            payload: ipv4Packet(
                source: source, destination: destination, protocolNumber: protocolNumber, payload: payload,
                identification: identification),
            vlan: vlan)
    }

    /// Ethernet (optionally VLAN-tagged) carrying an IPv6 packet.
    public static func ethernetIPv6(
        source: IPv6Address, destination: IPv6Address, nextHeader: UInt8, payload: ByteBuffer,
        vlan: [EthernetHeader.VLANTag] = []
    ) -> ByteBuffer {
        ethernet(
            etherType: .ipv6,
            payload: ipv6Packet(source: source, destination: destination, nextHeader: nextHeader, payload: payload),
            vlan: vlan)
    }

    /// A Linux cooked v1 frame (LINKTYPE_LINUX_SLL) around `payload`.
    public static func sll(protocolType: EtherType, payload: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        LinuxSLLHeader(protocolType: protocolType).encode(into: &out)
        out.writeImmutableBuffer(payload)
        return out
    }

    /// A Linux cooked v2 frame (LINKTYPE_LINUX_SLL2) around `payload`.
    public static func sll2(protocolType: EtherType, payload: ByteBuffer, interfaceIndex: UInt32 = 1) -> ByteBuffer {
        var out = ByteBuffer()
        LinuxSLL2Header(protocolType: protocolType, interfaceIndex: interfaceIndex).encode(into: &out)
        out.writeImmutableBuffer(payload)
        return out
    }

    /// A UDP datagram (checksum 0) around `payload`.
    public static func udp(sourcePort: UInt16, destinationPort: UInt16, payload: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        UDPDatagram(sourcePort: sourcePort, destinationPort: destinationPort, payload: payload).encode(into: &out)
        return out
    }
}
