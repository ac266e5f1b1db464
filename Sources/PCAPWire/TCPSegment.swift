public import NIOCore
import WireSupport

/// A TCP segment header and its payload (RFC 9293 §3.1). No stream reassembly.
///
/// ```
///  0                   1                   2                   3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Source Port          |       Destination Port        |
/// |                        Sequence Number                        |
/// |                    Acknowledgment Number                      |
/// +-------+-------+-+-+-+-+-+-+-+-+-------------------------------+
/// |  Data |       |C|E|U|A|P|R|S|F|                               |
/// | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
/// +-------+-------+-+-+-+-+-+-+-+-+-------------------------------+
/// |           Checksum            |         Urgent Pointer        |
/// |                     Options (kept raw)                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct TCPSegment: Hashable, Sendable {
    /// The control bits (RFC 9293 §3.1, RFC 3168 for CWR/ECE).
    public struct Flags: OptionSet, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let fin = Flags(rawValue: 0x01)
        public static let syn = Flags(rawValue: 0x02)
        public static let rst = Flags(rawValue: 0x04)
        public static let psh = Flags(rawValue: 0x08)
        public static let ack = Flags(rawValue: 0x10)
        public static let urg = Flags(rawValue: 0x20)
        public static let ece = Flags(rawValue: 0x40)
        public static let cwr = Flags(rawValue: 0x80)
    }

    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var sequenceNumber: UInt32
    public var acknowledgmentNumber: UInt32
    /// The 4 reserved bits between Data Offset and the flags.
    public var reserved: UInt8
    public var flags: Flags
    public var window: UInt16
    public var checksum: UInt16
    public var urgentPointer: UInt16
    /// Options and padding, kept raw (a multiple of 4 bytes when decoded).
    public var options: ByteBuffer
    public var payload: ByteBuffer

    public static let minimumHeaderLength = 20
    public static let protocolNumber: UInt8 = 6

    public init(
        sourcePort: UInt16, destinationPort: UInt16, sequenceNumber: UInt32 = 0, acknowledgmentNumber: UInt32 = 0,
        reserved: UInt8 = 0, flags: Flags = [], window: UInt16 = 65_535, checksum: UInt16 = 0,
        urgentPointer: UInt16 = 0, options: ByteBuffer = ByteBuffer(), payload: ByteBuffer = ByteBuffer()
    ) {
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.sequenceNumber = sequenceNumber
        self.acknowledgmentNumber = acknowledgmentNumber
        self.reserved = reserved
        self.flags = flags
        self.window = window
        self.checksum = checksum
        self.urgentPointer = urgentPointer
        self.options = options
        self.payload = payload
    }

    /// Decodes a segment from the IP payload; the options are skipped by the Data Offset.
    public static func decode(_ payload: ByteBuffer) throws(PacketDecodingError) -> TCPSegment {
        var buffer = payload
        guard
            let (source, destination, sequence, acknowledgment, offsetReserved, flags, window, checksum, urgent) =
                buffer.readMultipleIntegers(
                    as: (UInt16, UInt16, UInt32, UInt32, UInt8, UInt8, UInt16, UInt16, UInt16).self)
        else {
            throw PacketDecodingError(.tcp, .truncated(needed: minimumHeaderLength, available: payload.readableBytes))
        }
        // RFC 9293 §3.1: Data Offset is "the number of 32-bit words in the TCP header".
        let headerLength = Int(offsetReserved >> 4) * 4
        guard headerLength >= minimumHeaderLength else { throw PacketDecodingError(.tcp, .invalidHeaderLength(headerLength)) }
        guard let options = buffer.readSlice(length: headerLength - minimumHeaderLength) else {
            throw PacketDecodingError(.tcp, .truncated(needed: headerLength, available: payload.readableBytes))
        }
        return TCPSegment(
            sourcePort: source, destinationPort: destination, sequenceNumber: sequence,
            acknowledgmentNumber: acknowledgment, reserved: offsetReserved & 0x0F, flags: Flags(rawValue: flags),
            window: window, checksum: checksum, urgentPointer: urgent, options: options, payload: buffer)
    }

    /// Writes the segment with the stored checksum; options are padded to 4 bytes (at most 40 are meaningful).
    public func encode(into buffer: inout ByteBuffer) {
        let headerLength = Self.minimumHeaderLength + options.readableBytes + ByteBuffer.paddingToFour(options.readableBytes)
        buffer.writeMultipleIntegers(
            sourcePort, destinationPort, sequenceNumber, acknowledgmentNumber,
            UInt8(truncatingIfNeeded: headerLength / 4) << 4 | (reserved & 0x0F), flags.rawValue, window, checksum,
            urgentPointer)
        buffer.writeImmutableBuffer(options)
        buffer.writePaddingToFour(after: options.readableBytes)
        buffer.writeImmutableBuffer(payload)
    }
}
