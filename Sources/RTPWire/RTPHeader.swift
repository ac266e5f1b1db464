public import NIOCore

/// The RTP fixed header, CSRC list and optional extension (RFC 3550 §5.1, §5.3.1).
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// |                           timestamp                           |
/// |           synchronization source (SSRC) identifier            |
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// ```
/// The padding bit is not stored here: `RTPPacket` owns padding because it trails the payload.
public struct RTPHeader: Hashable, Sendable {
    public static let version: UInt8 = 2
    public static let fixedLength = 12

    public var marker: Bool
    public var payloadType: RTPPayloadType
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    /// At most 15 contributing sources (the CC field has 4 bits).
    public var csrcs: [UInt32]
    public var headerExtension: RTPHeaderExtension?

    public init(
        marker: Bool = false, payloadType: RTPPayloadType, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32,
        csrcs: [UInt32] = [], headerExtension: RTPHeaderExtension? = nil
    ) {
        precondition(csrcs.count <= 15, "CC has 4 bits")
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = csrcs
        self.headerExtension = headerExtension
    }

    /// The encoded length: 12 octets, 4 per CSRC, 4 + body for an extension.
    public var encodedLength: Int {
        Self.fixedLength + 4 * csrcs.count + (headerExtension.map { 4 + $0.data.count } ?? 0)
    }

    /// Writes the header with the P bit as given.
    public func encode(into buffer: inout ByteBuffer, padding: Bool = false) {
        var first = Self.version << 6 | UInt8(csrcs.count)
        if padding { first |= 0x20 }
        if headerExtension != nil { first |= 0x10 }
        let second = (marker ? 0x80 : 0) | payloadType.rawValue
        buffer.writeMultipleIntegers(first, second, sequenceNumber, timestamp, ssrc)
        for csrc in csrcs { buffer.writeInteger(csrc) }
        if let headerExtension {
            buffer.writeMultipleIntegers(headerExtension.profile, UInt16(headerExtension.data.count / 4))
            buffer.writeBytes(headerExtension.data)
        }
    }

    /// Reads a header from `buffer` (the whole datagram, `packet` used for error context); returns it and
    /// whether the P bit was set.
    package static func decode(
        from buffer: inout ByteBuffer, packet: ByteBuffer
    ) throws(RTPDecodingError) -> (header: RTPHeader, padding: Bool) {
        guard
            let (first, second, sequence, timestamp, ssrc) = buffer.readMultipleIntegers(
                as: (UInt8, UInt8, UInt16, UInt32, UInt32).self)
        else {
            throw RTPDecodingError(.truncated(needed: fixedLength, available: packet.readableBytes), bytes: packet)
        }
        // RFC 3550 §A.1: "RTP version field must equal 2."
        guard first >> 6 == version else { throw RTPDecodingError(.unsupportedVersion(first >> 6), bytes: packet) }
        let count = Int(first & 0x0F)
        guard buffer.readableBytes >= 4 * count else {
            throw RTPDecodingError(
                .truncated(needed: fixedLength + 4 * count, available: packet.readableBytes), bytes: packet)
        }
        var csrcs: [UInt32] = []
        csrcs.reserveCapacity(count)
        for _ in 0..<count { csrcs.append(buffer.readInteger()!) }
        var headerExtension: RTPHeaderExtension?
        if first & 0x10 != 0 {
            guard let (profile, words) = buffer.readMultipleIntegers(as: (UInt16, UInt16).self),
                let data = buffer.readBytes(length: Int(words) * 4)
            else {
                throw RTPDecodingError(
                    .truncated(needed: packet.readableBytes + 1, available: packet.readableBytes),
                    bytes: packet)
            }
            headerExtension = RTPHeaderExtension(profile: profile, data: data)
        }
        let header = RTPHeader(
            marker: second & 0x80 != 0, payloadType: RTPPayloadType(second & 0x7F), sequenceNumber: sequence,
            timestamp: timestamp, ssrc: ssrc, csrcs: csrcs, headerExtension: headerExtension)
        return (header, first & 0x20 != 0)
    }
}
