public import NIOCore

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
