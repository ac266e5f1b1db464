public import NIOCore

/// Writes a classic pcap file (draft-ietf-opsawg-pcap §4, §5) into a `ByteBuffer`.
///
/// The file holds one link type; `append` writes each frame's bytes whatever its `linkType`.
public struct PCAPWriter: Sendable {
    public let linkType: LinkType
    public let resolution: PCAPTimestampResolution
    public let byteOrder: Endianness
    /// The file written so far: the 24-byte header, then one record per appended frame.
    public private(set) var bytes: ByteBuffer

    public init(
        linkType: LinkType, resolution: PCAPTimestampResolution = .microseconds, byteOrder: Endianness = .little,
        snapLength: UInt32 = 262_144
    ) {
        self.linkType = linkType
        self.resolution = resolution
        self.byteOrder = byteOrder
        var header = ByteBuffer()
        header.reserveCapacity(ClassicPCAPFile.fileHeaderLength)
        header.writeInteger(resolution.magic, endianness: byteOrder)
        header.writeInteger(UInt16(2), endianness: byteOrder)  // Major Version
        header.writeInteger(UInt16(4), endianness: byteOrder)  // Minor Version
        header.writeInteger(UInt32(0), endianness: byteOrder)  // Reserved1 (thiszone)
        header.writeInteger(UInt32(0), endianness: byteOrder)  // Reserved2 (sigfigs)
        header.writeInteger(snapLength, endianness: byteOrder)
        header.writeInteger(UInt32(linkType.rawValue), endianness: byteOrder)
        self.bytes = header
    }

    /// Appends one record. Seconds outside 0...UInt32.max are clamped; sub-microsecond digits are dropped in a
    /// microsecond file.
    public mutating func append(_ frame: CapturedFrame) {
        let fraction: UInt32 =
            switch resolution {
            case .microseconds: frame.timestamp.nanoseconds / 1000
            case .nanoseconds: frame.timestamp.nanoseconds
            }
        let captured = frame.data.readableBytes
        bytes.writeInteger(UInt32(clamping: frame.timestamp.seconds), endianness: byteOrder)
        bytes.writeInteger(fraction, endianness: byteOrder)
        bytes.writeInteger(UInt32(clamping: captured), endianness: byteOrder)
        bytes.writeInteger(UInt32(clamping: max(frame.originalLength, 0)), endianness: byteOrder)
        bytes.writeImmutableBuffer(frame.data)
    }
}
