import NIOCore

/// One RTCP packet inside a compound packet (RFC 3550 §6.1, §6.4–§6.7); unknown types are kept raw.
///
/// Common header of every RTCP packet:
/// ```
///  0                   1                   2                   3
/// |V=2|P|    RC   |      PT       |             length            |
/// ```
/// `length` is the packet's length in 32-bit words minus one, header and padding included.
public enum RTCPPacket: Hashable, Sendable {
    case senderReport(RTCPSenderReport)
    case receiverReport(RTCPReceiverReport)
    case sourceDescription(RTCPSourceDescription)
    case goodbye(RTCPGoodbye)
    case applicationDefined(RTCPApplicationDefined)
    /// A packet type this codec does not parse (RTPFB/PSFB, XR, ...), re-encoded byte for byte.
    case raw(RTCPRawPacket)

    public var packetType: RTCPPacketType {
        switch self {
        case .senderReport: .senderReport
        case .receiverReport: .receiverReport
        case .sourceDescription: .sourceDescription
        case .goodbye: .goodbye
        case .applicationDefined: .applicationDefined
        case .raw(let raw): raw.packetType
        }
    }

    var count: UInt8 {
        switch self {
        case .senderReport(let packet): packet.count
        case .receiverReport(let packet): packet.count
        case .sourceDescription(let packet): packet.count
        case .goodbye(let packet): packet.count
        case .applicationDefined(let packet): packet.count
        case .raw(let packet): packet.count
        }
    }

    func encodeBody(into buffer: inout ByteBuffer) {
        switch self {
        case .senderReport(let packet): packet.encodeBody(into: &buffer)
        case .receiverReport(let packet): packet.encodeBody(into: &buffer)
        case .sourceDescription(let packet): packet.encodeBody(into: &buffer)
        case .goodbye(let packet): packet.encodeBody(into: &buffer)
        case .applicationDefined(let packet): packet.encodeBody(into: &buffer)
        case .raw(let packet): buffer.writeBytes(packet.body)
        }
    }

    /// Writes header and body; `paddingLength` > 0 sets the P bit and appends that many padding octets.
    func encode(into buffer: inout ByteBuffer, paddingLength: UInt8 = 0) {
        let start = buffer.writerIndex
        let first: UInt8 = 0x80 | (paddingLength > 0 ? 0x20 : 0) | (count & 0x1F)
        buffer.writeMultipleIntegers(first, packetType.rawValue, UInt16(0))
        encodeBody(into: &buffer)
        if paddingLength > 0 {
            buffer.writeRepeatingByte(0, count: Int(paddingLength) - 1)
            buffer.writeInteger(paddingLength)
        }
        let words = (buffer.writerIndex - start) / 4 - 1
        buffer.setInteger(UInt16(truncatingIfNeeded: words), at: start + 2)
    }

    static func decode(
        packetType: RTCPPacketType, count: UInt8, body: ByteBuffer, packet: ByteBuffer
    ) throws(RTPDecodingError) -> RTCPPacket {
        switch packetType {
        case .senderReport: return .senderReport(try .decode(count: count, body: body, packet: packet))
        case .receiverReport: return .receiverReport(try .decode(count: count, body: body, packet: packet))
        case .sourceDescription: return .sourceDescription(try .decode(count: count, body: body, packet: packet))
        case .goodbye: return .goodbye(try .decode(count: count, body: body, packet: packet))
        case .applicationDefined: return .applicationDefined(try .decode(count: count, body: body, packet: packet))
        default:
            return .raw(RTCPRawPacket(packetType: packetType, count: count, body: body.readableBytesView.map { $0 }))
        }
    }
}

/// An RTCP packet of a type this codec does not parse (style rule 3: never drop what you do not understand).
public struct RTCPRawPacket: Hashable, Sendable {
    public var packetType: RTCPPacketType
    /// The 5-bit count/format field.
    public var count: UInt8
    /// Everything after the 4-octet header (padding excluded).
    public var body: [UInt8]

    public init(packetType: RTCPPacketType, count: UInt8, body: [UInt8]) {
        self.packetType = packetType
        self.count = count & 0x1F
        self.body = body
    }
}
