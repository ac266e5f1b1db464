public import NIOCore

/// The IPv6 Fragment header (RFC 8200 §4.5).
///
/// ```
/// +---------------+---------------+-------------------------+-+-+-+
/// |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
/// +---------------+---------------+-------------------------+-+-+-+
/// |                         Identification                        |
/// +---------------------------------------------------------------+
/// ```
public struct IPv6FragmentHeader: Hashable, Sendable {
    public var nextHeader: UInt8
    /// In units of 8 octets.
    public var fragmentOffset: UInt16
    public var moreFragments: Bool
    public var identification: UInt32

    public init(nextHeader: UInt8, fragmentOffset: UInt16, moreFragments: Bool, identification: UInt32) {
        self.nextHeader = nextHeader
        self.fragmentOffset = fragmentOffset
        self.moreFragments = moreFragments
        self.identification = identification
    }

    public static let protocolNumber: UInt8 = 44
    public static let length = 8

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(
            nextHeader, UInt8(0), (fragmentOffset & 0x1FFF) << 3 | (moreFragments ? 1 : 0), identification)
    }
}

/// Walks the IPv6 extension header chain (RFC 8200 §4) to the upper-layer protocol.
public enum IPv6ExtensionHeaders {
    /// Where the walk stopped.
    public struct Chain: Hashable, Sendable {
        /// The upper-layer protocol: 6, 17, 132 …; 50 (ESP, opaque: its contents are encrypted); 59 (No Next
        /// Header); or, for a fragment, the Next Header of the Fragment header.
        public var protocolNumber: UInt8
        /// The bytes after the last header walked; for a fragment, the fragment's data.
        public var payload: ByteBuffer
        /// The Fragment header, when the packet is a fragment (offset ≠ 0 or M set).
        public var fragment: IPv6FragmentHeader?
        /// The protocol numbers of the extension headers walked, in order.
        public var skipped: [UInt8]
    }

    /// Headers with the generic "Next Header, Hdr Ext Len in 8-octet units not counting the first 8" format
    /// (RFC 8200 §4.3, §4.4, §4.6; RFC 6275 Mobility 135; RFC 7401 HIP 139; RFC 5533 Shim6 140).
    static let generic: Set<UInt8> = [0, 43, 60, 135, 139, 140]
    static let authentication: UInt8 = 51

    /// Skips extension headers starting with `nextHeader`. Each header consumes at least 8 bytes, so the walk
    /// ends.
    public static func walk(nextHeader: UInt8, payload: ByteBuffer) throws(PacketDecodingError) -> Chain {
        var buffer = payload
        var next = nextHeader
        var skipped: [UInt8] = []
        while true {
            let length: Int
            if generic.contains(next) {
                guard let hdrExtLen = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) else {
                    throw PacketDecodingError(.ipv6Extension, .truncated(needed: 8, available: buffer.readableBytes))
                }
                length = (Int(hdrExtLen) + 1) * 8
            } else if next == authentication {
                // RFC 4302 §2.2: Payload Len is the AH length in 32-bit words minus 2.
                guard let payloadLen = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt8.self) else {
                    throw PacketDecodingError(.ipv6Extension, .truncated(needed: 8, available: buffer.readableBytes))
                }
                length = (Int(payloadLen) + 2) * 4
            } else if next == IPv6FragmentHeader.protocolNumber {
                guard let (inner, _, offsetFlags, id) = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt16, UInt32).self)
                else {
                    throw PacketDecodingError(.ipv6Extension, .truncated(needed: 8, available: buffer.readableBytes))
                }
                skipped.append(next)
                let fragment = IPv6FragmentHeader(
                    nextHeader: inner, fragmentOffset: offsetFlags >> 3, moreFragments: offsetFlags & 1 == 1,
                    identification: id)
                next = inner
                // RFC 6946: an "atomic fragment" (offset 0, M = 0) is processed as a whole packet.
                if fragment.fragmentOffset == 0, !fragment.moreFragments { continue }
                return Chain(protocolNumber: inner, payload: buffer, fragment: fragment, skipped: skipped)
            } else {
                return Chain(protocolNumber: next, payload: buffer, fragment: nil, skipped: skipped)
            }
            guard let nextValue = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
                buffer.readableBytes >= length
            else {
                throw PacketDecodingError(.ipv6Extension, .truncated(needed: length, available: buffer.readableBytes))
            }
            buffer.moveReaderIndex(forwardBy: length)
            skipped.append(next)
            next = nextValue
        }
    }
}
