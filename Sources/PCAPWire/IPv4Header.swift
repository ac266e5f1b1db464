public import NIOCore
import WireSupport

/// An IPv4 header (RFC 791 §3.1).
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Version|  IHL  |Type of Service|          Total Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Identification        |Flags|      Fragment Offset    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Time to Live |    Protocol   |         Header Checksum       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Source Address                          |
/// |                    Destination Address                        |
/// |                    Options                    |    Padding    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// Total Length is not stored: decoding uses it to cut Ethernet padding from the payload, encoding computes it.
/// The checksum is kept as received and not verified (captures from offloading NICs often carry zero).
public struct IPv4Header: Hashable, Sendable {
    public var typeOfService: UInt8
    public var identification: UInt16
    /// The 3 flag bits: reserved, DF (0b010), MF (0b001).
    public var flags: UInt8
    /// Fragment Offset in units of 8 octets.
    public var fragmentOffset: UInt16
    public var timeToLive: UInt8
    public var protocolNumber: UInt8
    public var headerChecksum: UInt16
    public var source: UInt32
    public var destination: UInt32
    /// Options and padding, a multiple of 4 bytes when decoded.
    public var options: ByteBuffer

    public static let minimumLength = 20

    public init(
        typeOfService: UInt8 = 0, identification: UInt16 = 0, flags: UInt8 = 0, fragmentOffset: UInt16 = 0,
        timeToLive: UInt8 = 64, protocolNumber: UInt8, headerChecksum: UInt16 = 0, source: UInt32,
        destination: UInt32, options: ByteBuffer = ByteBuffer()
    ) {
        self.typeOfService = typeOfService
        self.identification = identification
        self.flags = flags
        self.fragmentOffset = fragmentOffset
        self.timeToLive = timeToLive
        self.protocolNumber = protocolNumber
        self.headerChecksum = headerChecksum
        self.source = source
        self.destination = destination
        self.options = options
    }

    public var moreFragments: Bool { flags & 0b001 != 0 }
    public var dontFragment: Bool { flags & 0b010 != 0 }
    /// The fragment's position in the original datagram, in bytes.
    public var fragmentByteOffset: Int { Int(fragmentOffset) * 8 }
    /// Whether this header belongs to a fragment rather than a whole datagram (RFC 791 §2.3).
    public var isFragment: Bool { moreFragments || fragmentOffset != 0 }
    /// Header length in bytes: 20 plus the options padded to 4.
    public var headerLength: Int { Self.minimumLength + options.readableBytes + ByteBuffer.paddingToFour(options.readableBytes) }

    /// Decodes the header and returns the payload, cut to Total Length.
    ///
    /// A Total Length of 0 (seen in captures of TCP segmentation offload) takes every byte after the header.
    public static func decode(_ packet: ByteBuffer) throws(PacketDecodingError) -> (IPv4Header, ByteBuffer) {
        var buffer = packet
        guard
            let (versionIHL, tos, totalLength, id, flagsOffset, ttl, proto, checksum, source, destination) =
                buffer.readMultipleIntegers(
                    as: (UInt8, UInt8, UInt16, UInt16, UInt16, UInt8, UInt8, UInt16, UInt32, UInt32).self)
        else {
            throw PacketDecodingError(.ipv4, .truncated(needed: minimumLength, available: packet.readableBytes))
        }
        guard versionIHL >> 4 == 4 else { throw PacketDecodingError(.ipv4, .invalidVersion(versionIHL >> 4)) }
        let headerLength = Int(versionIHL & 0x0F) * 4
        guard headerLength >= minimumLength else { throw PacketDecodingError(.ipv4, .invalidHeaderLength(headerLength)) }
        guard let options = buffer.readSlice(length: headerLength - minimumLength) else {
            throw PacketDecodingError(.ipv4, .truncated(needed: headerLength, available: packet.readableBytes))
        }
        var total = Int(totalLength)
        if total == 0 { total = packet.readableBytes }
        // RFC 791: "Total Length is the length of the datagram, measured in octets, including internet header".
        guard total >= headerLength else { throw PacketDecodingError(.ipv4, .invalidLengthField(total)) }
        guard let payload = buffer.readSlice(length: total - headerLength) else {
            throw PacketDecodingError(.ipv4, .truncated(needed: total, available: packet.readableBytes))
        }
        let header = IPv4Header(
            typeOfService: tos, identification: id, flags: UInt8(flagsOffset >> 13), fragmentOffset: flagsOffset & 0x1FFF,
            timeToLive: ttl, protocolNumber: proto, headerChecksum: checksum, source: source, destination: destination,
            options: options)
        return (header, payload)
    }

    /// Writes the header for a payload of `payloadLength` bytes. The checksum is computed unless `checksum` is
    /// given; Total Length is clamped to 65535. Options beyond the 40 bytes IHL can count are not representable.
    public func encode(payloadLength: Int, into buffer: inout ByteBuffer, checksum: UInt16? = nil) {
        let length = headerLength
        var header = ByteBuffer()
        header.reserveCapacity(length)
        header.writeMultipleIntegers(
            UInt8(0x40 | (length / 4) & 0x0F), typeOfService, UInt16(clamping: length + payloadLength), identification,
            UInt16(flags & 0x07) << 13 | (fragmentOffset & 0x1FFF), timeToLive, protocolNumber, UInt16(0), source,
            destination)
        header.writeImmutableBuffer(options)
        header.writePaddingToFour(after: options.readableBytes)
        header.setInteger(checksum ?? InternetChecksum.checksum(header), at: 10)
        buffer.writeBuffer(&header)
    }
}
