public import NIOCore

/// One packet record read from a capture file.
public struct CapturedFrame: Hashable, Sendable {
    /// 1-based position of the frame in the file, as Wireshark numbers it.
    public var number: Int
    public var timestamp: CaptureTimestamp
    public var linkType: LinkType
    /// The pcapng interface the frame was captured on; 0 for classic pcap.
    public var interfaceID: Int
    /// The length of the packet on the wire; `data` may be shorter when the capture was cut at the snapshot length.
    public var originalLength: Int
    /// The captured bytes, starting at the link-layer header.
    public var data: ByteBuffer

    public init(
        number: Int, timestamp: CaptureTimestamp, linkType: LinkType, interfaceID: Int = 0,
        originalLength: Int? = nil, data: ByteBuffer
    ) {
        self.number = number
        self.timestamp = timestamp
        self.linkType = linkType
        self.interfaceID = interfaceID
        self.originalLength = originalLength ?? data.readableBytes
        self.data = data
    }
}

/// The container format of a capture file.
public enum CaptureFormat: Hashable, Sendable {
    /// Classic libpcap format (draft-ietf-opsawg-pcap) with its byte order and timestamp resolution.
    case pcap(byteOrder: Endianness, resolution: PCAPTimestampResolution)
    /// pcapng (draft-ietf-opsawg-pcapng); `byteOrder` is that of the first section.
    case pcapng(byteOrder: Endianness)
}

/// The fraction-of-second unit of a classic pcap file, chosen by its magic number.
public enum PCAPTimestampResolution: Hashable, Sendable {
    /// Magic 0xA1B2C3D4.
    case microseconds
    /// Magic 0xA1B23C4D.
    case nanoseconds

    var magic: UInt32 {
        switch self {
        case .microseconds: 0xA1B2_C3D4
        case .nanoseconds: 0xA1B2_3C4D
        }
    }
}
