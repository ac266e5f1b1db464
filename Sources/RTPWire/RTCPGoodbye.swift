import NIOCore
import WireSupport

/// Goodbye, RTCP packet type 203 (RFC 3550 §6.6).
///
/// ```
/// |V=2|P|    SC   |   PT=BYE=203  |             length            |
/// |                           SSRC/CSRC                           |
/// |                              ...                              |
/// |     length    |               reason for leaving            ... (opt)
/// ```
public struct RTCPGoodbye: Hashable, Sendable {
    public static let packetType = RTCPPacketType.goodbye

    /// At most 31 sources (SC has 5 bits).
    public var sources: [UInt32]
    /// Optional reason text octets (at most 255).
    public var reason: [UInt8]?

    public init(sources: [UInt32], reason: [UInt8]? = nil) {
        precondition(sources.count <= 31 && (reason?.count ?? 0) <= 255, "SC has 5 bits; reason ≤ 255 octets")
        self.sources = sources
        self.reason = reason
    }

    var count: UInt8 { UInt8(sources.count) }

    func encodeBody(into buffer: inout ByteBuffer) {
        for source in sources { buffer.writeInteger(source) }
        if let reason {
            buffer.writeInteger(UInt8(reason.count))
            buffer.writeBytes(reason)
            buffer.writePaddingToFour(after: 1 + reason.count)
        }
    }

    static func decode(count: UInt8, body: ByteBuffer, packet: ByteBuffer) throws(RTPDecodingError) -> Self {
        var body = body
        guard body.readableBytes >= 4 * Int(count) else {
            throw RTPDecodingError(.malformedBody("BYE shorter than its \(count) sources"), bytes: packet)
        }
        let sources = (0..<Int(count)).map { _ in body.readInteger(as: UInt32.self)! }
        var reason: [UInt8]?
        if let length = body.readInteger(as: UInt8.self) {
            guard let text = body.readBytes(length: Int(length)),
                body.readableBytes == ByteBuffer.paddingToFour(1 + Int(length))
            else { throw RTPDecodingError(.malformedBody("BYE reason length disagrees with packet"), bytes: packet) }
            reason = text
        }
        return RTCPGoodbye(sources: sources, reason: reason)
    }
}
