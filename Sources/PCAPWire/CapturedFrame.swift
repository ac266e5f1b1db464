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
