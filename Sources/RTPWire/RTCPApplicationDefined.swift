import NIOCore

/// Application-defined, RTCP packet type 204 (RFC 3550 §6.7).
///
/// ```
/// |V=2|P| subtype |   PT=APP=204  |             length            |
/// |                           SSRC/CSRC                           |
/// |                          name (ASCII)                         |
/// |                   application-dependent data                ...
/// ```
public struct RTCPApplicationDefined: Hashable, Sendable {
    public static let packetType = RTCPPacketType.applicationDefined

    /// 5-bit subtype carried in the count field.
    public var subtype: UInt8
    public var source: UInt32
    /// Four ASCII octets.
    public var name: UInt32
    /// Application data, a multiple of 4 octets.
    public var data: [UInt8]

    public init(subtype: UInt8, source: UInt32, name: UInt32, data: [UInt8]) {
        precondition(subtype < 32 && data.count % 4 == 0, "subtype has 5 bits; data is 32-bit words")
        self.subtype = subtype
        self.source = source
        self.name = name
        self.data = data
    }

    var count: UInt8 { subtype }

    func encodeBody(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(source, name)
        buffer.writeBytes(data)
    }

    static func decode(count: UInt8, body: ByteBuffer, packet: ByteBuffer) throws(RTPDecodingError) -> Self {
        var body = body
        guard let (source, name) = body.readMultipleIntegers(as: (UInt32, UInt32).self) else {
            throw RTPDecodingError(.malformedBody("APP shorter than SSRC and name"), bytes: packet)
        }
        guard body.readableBytes % 4 == 0 else {
            throw RTPDecodingError(.malformedBody("APP data is not 32-bit words"), bytes: packet)
        }
        return RTCPApplicationDefined(
            subtype: count, source: source, name: name, data: body.readableBytesView.map { $0 })
    }
}
