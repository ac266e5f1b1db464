public import NIOCore

/// Removes link-layer headers from a captured frame according to its link type.
public enum LinkLayer {
    /// PPP protocol numbers (RFC 1661 §2, RFC 1332, RFC 5072).
    static let pppIPv4: UInt16 = 0x0021
    static let pppIPv6: UInt16 = 0x0057

    /// Decodes the link-layer headers of `frame` and returns what they carry.
    public static func decode(_ frame: ByteBuffer, linkType: LinkType) throws(PacketDecodingError) -> LinkPayload {
        switch linkType {
        case .ethernet:
            let (etherType, payload) = try EthernetHeader.skip(frame)
            return try etherPayload(etherType, payload, linkType: linkType)
        case .linuxSLL:
            // The protocol type is the last field of the 16-byte header.
            guard let proto = frame.getInteger(at: frame.readerIndex + 14, as: UInt16.self),
                let payload = frame.getSlice(at: frame.readerIndex + 16, length: frame.readableBytes - 16)
            else {
                throw PacketDecodingError(.linuxSLL, .truncated(needed: LinuxSLLHeader.length, available: frame.readableBytes))
            }
            return try etherPayload(EtherType(proto), payload, linkType: linkType)
        case .linuxSLL2:
            // The protocol type is the first field of the 20-byte header.
            guard let proto = frame.getInteger(at: frame.readerIndex, as: UInt16.self),
                let payload = frame.getSlice(at: frame.readerIndex + 20, length: frame.readableBytes - 20)
            else {
                throw PacketDecodingError(.linuxSLL2, .truncated(needed: LinuxSLL2Header.length, available: frame.readableBytes))
            }
            return try etherPayload(EtherType(proto), payload, linkType: linkType)
        case .raw:
            // LINKTYPE_RAW: "the packet begins with an IPv4 or IPv6 header, with the version field of the header
            // indicating whether it's an IPv4 or IPv6 header".
            switch frame.getInteger(at: frame.readerIndex, as: UInt8.self).map({ $0 >> 4 }) {
            case 4: return .ipv4(frame)
            case 6: return .ipv6(frame)
            case let version?: throw PacketDecodingError(.ipv4, .invalidVersion(version))
            case nil: throw PacketDecodingError(.ipv4, .truncated(needed: 1, available: 0))
            }
        case .ipv4:
            return .ipv4(frame)
        case .ipv6:
            return .ipv6(frame)
        case .null, .loop:
            return try loopback(frame, linkType: linkType)
        case .ppp:
            var buffer = frame
            // RFC 1662 §3.1: the HDLC-like framing may keep the All-Stations address 0xFF and UI control 0x03.
            if buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) == 0xFF03 { buffer.moveReaderIndex(forwardBy: 2) }
            guard let proto = buffer.readInteger(as: UInt16.self) else {
                throw PacketDecodingError(.ppp, .truncated(needed: 2, available: buffer.readableBytes))
            }
            return pppPayload(proto, buffer, linkType: linkType)
        case .mtp2WithPHDR:
            // The 4-byte pseudo-header (sent, annex_a_used, link_number) precedes the MTP2 header.
            guard let mtp2 = frame.getSlice(at: frame.readerIndex + 4, length: frame.readableBytes - 4) else {
                throw PacketDecodingError(.mtp2, .truncated(needed: 4, available: frame.readableBytes))
            }
            return .mtp2(mtp2)
        case .mtp2:
            return .mtp2(frame)
        case .mtp3:
            return .mtp3(frame)
        default:
            return .other(UnhandledLinkPayload(linkType: linkType, protocolNumber: nil, payload: frame))
        }
    }

    static func etherPayload(
        _ type: EtherType, _ payload: ByteBuffer, linkType: LinkType
    ) throws(PacketDecodingError) -> LinkPayload {
        switch type {
        case .ipv4: return .ipv4(payload)
        case .ipv6: return .ipv6(payload)
        case .pppoeSession: return try pppoeSession(payload, linkType: linkType)
        default:
            return .other(UnhandledLinkPayload(linkType: linkType, protocolNumber: UInt32(type.rawValue), payload: payload))
        }
    }

    /// PPPoE session stage (RFC 2516 §4): VER=1, TYPE=1 (4 bits each), CODE=0, SESSION_ID, LENGTH, then the PPP
    /// protocol field and the PPP payload. LENGTH counts the PPP protocol field and payload.
    static func pppoeSession(_ payload: ByteBuffer, linkType: LinkType) throws(PacketDecodingError) -> LinkPayload {
        var buffer = payload
        guard let (_, _, _, length, proto) = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt16, UInt16, UInt16).self)
        else {
            throw PacketDecodingError(.pppoe, .truncated(needed: 8, available: payload.readableBytes))
        }
        guard length >= 2 else { throw PacketDecodingError(.pppoe, .invalidLengthField(Int(length))) }
        let inner = Int(length) - 2
        guard let body = buffer.getSlice(at: buffer.readerIndex, length: inner) else {
            throw PacketDecodingError(.pppoe, .truncated(needed: inner, available: buffer.readableBytes))
        }
        return pppPayload(proto, body, linkType: linkType)
    }

    static func pppPayload(_ proto: UInt16, _ payload: ByteBuffer, linkType: LinkType) -> LinkPayload {
        switch proto {
        case pppIPv4: .ipv4(payload)
        case pppIPv6: .ipv6(payload)
        default: .other(UnhandledLinkPayload(linkType: .ppp, protocolNumber: UInt32(proto), payload: payload))
        }
    }

    /// BSD loopback: a 4-byte address family, in the capturing host's byte order for LINKTYPE_NULL and in
    /// network byte order for LINKTYPE_LOOP. AF_INET is 2 everywhere; AF_INET6 is 24, 28 or 30 on the BSDs
    /// and macOS and 10 on Linux.
    static func loopback(_ frame: ByteBuffer, linkType: LinkType) throws(PacketDecodingError) -> LinkPayload {
        var buffer = frame
        guard var family = buffer.readInteger(endianness: .big, as: UInt32.self) else {
            throw PacketDecodingError(.loopback, .truncated(needed: 4, available: frame.readableBytes))
        }
        // Families are small numbers, so a value with high bytes set was written little-endian.
        if family > 0xFFFF { family = family.byteSwapped }
        switch family {
        case 2: return .ipv4(buffer)
        case 10, 24, 28, 30: return .ipv6(buffer)
        default: return .other(UnhandledLinkPayload(linkType: linkType, protocolNumber: family, payload: buffer))
        }
    }
}
