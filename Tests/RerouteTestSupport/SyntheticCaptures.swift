public import NIOCore
public import PCAPWire

/// One hand-built signalling capture: its frames and the file format to write them in.
///
/// The frames are what a reader must give back (numbers from 1, timestamps already at the file's precision; a
/// pcapng Simple Packet Block has no timestamp, so its frame carries time 0).
public struct SyntheticCapture: Sendable, CustomStringConvertible {
    /// The file layout (draft-ietf-opsawg-pcap, draft-ietf-opsawg-pcapng).
    public enum FileFormat: Hashable, Sendable {
        /// Classic pcap with one link type.
        case pcap(resolution: PCAPTimestampResolution, byteOrder: Endianness)
        /// pcapng: one SHB, one IDB per interface, an EPB per frame except `simplePacketFrames` (SPB, interface 0).
        case pcapng(byteOrder: Endianness, interfaces: [PCAPNGWriter.Interface], simplePacketFrames: Set<Int>)
    }

    /// A file name, with the extension of its format.
    public var name: String
    public var frames: [CapturedFrame]
    public var format: FileFormat
    /// tshark options needed to dissect the capture as reroute does (decode-as rules, preferences).
    public var tsharkOptions: [String] = []
    /// Why tshark cannot check this capture, when it cannot.
    public var tsharkLimitation: String?

    public init(name: String, frames: [CapturedFrame], format: FileFormat) {
        self.name = name
        self.frames = frames
        self.format = format
    }

    public var description: String { name }

    /// The capture file's bytes.
    public var fileBytes: ByteBuffer {
        switch format {
        case .pcap(let resolution, let byteOrder):
            var writer = PCAPWriter(
                linkType: frames.first?.linkType ?? .ethernet, resolution: resolution, byteOrder: byteOrder)
            for frame in frames { writer.append(frame) }
            return writer.bytes
        case .pcapng(let byteOrder, let interfaces, let simple):
            var writer = PCAPNGWriter(byteOrder: byteOrder, interfaces: interfaces)
            for frame in frames {
                if simple.contains(frame.number) {
                    writer.appendSimplePacket(frame.data)
                } else {
                    writer.append(frame)
                }
            }
            return writer.bytes
        }
    }
}

/// Collects frames in capture order, numbering them and giving each a timestamp at the file's precision.
struct FrameSequence {
    /// 2024-05-31T16:08:37Z, the first frame's second.
    static let baseSeconds: Int64 = 1_717_171_717

    let nanosecondPrecision: Bool
    private(set) var frames: [CapturedFrame] = []

    init(nanosecondPrecision: Bool = false) {
        self.nanosecondPrecision = nanosecondPrecision
    }

    /// The timestamp of frame `number`: one second and a bit apart; with nanosecond precision the last three
    /// digits are not zero, so the decoder must print nine decimals.
    static func timestamp(frame number: Int, nanosecondPrecision: Bool) -> CaptureTimestamp {
        let micro = UInt32((number * 123_457) % 1_000_000)
        return CaptureTimestamp(
            seconds: baseSeconds + Int64(number), nanoseconds: micro * 1000 + (nanosecondPrecision ? 789 : 0))
    }

    mutating func append(
        _ data: ByteBuffer, linkType: LinkType = .ethernet, interfaceID: Int = 0, timestamped: Bool = true
    ) {
        let number = frames.count + 1
        let time =
            timestamped
            ? Self.timestamp(frame: number, nanosecondPrecision: nanosecondPrecision)
            : CaptureTimestamp(seconds: 0, nanoseconds: 0)
        frames.append(
            CapturedFrame(number: number, timestamp: time, linkType: linkType, interfaceID: interfaceID, data: data))
    }

    mutating func append(contentsOf data: [ByteBuffer], linkType: LinkType = .ethernet) {
        for frame in data { append(frame, linkType: linkType) }
    }
}
