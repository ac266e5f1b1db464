public import NIOCore

/// The CESoPSN / SAToP control word (RFC 5086 §5.2, RFC 4553 §5.1), 4 octets.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// |0 0 0 0|L|R| M |FRG|   LEN     |       Sequence number         |   CESoPSN
/// |0 0 0 0|L|R|RSV|FRG|   LEN     |       Sequence number         |   SAToP
/// ```
public struct PseudowireControlWord: Hashable, Sendable {
    public static let length = 4

    /// L: local attachment-circuit failure; the payload is invalid and may be omitted (RFC 5086 §5.2).
    public var localFailure: Bool
    /// R: remote failure — the sender's packet receive side is in loss-of-packets state (RFC 5086 §5.2).
    public var remoteFailure: Bool
    /// M (CESoPSN, 2 bits): 0b00 no defect, 0b10 RDI of the attachment circuit (with L = 0); RSV in SAToP.
    public var modifier: UInt8
    /// FRG (2 bits): fragmentation; 0b00 for unfragmented payloads (the only kind E1 services send).
    public var fragmentation: UInt8
    /// LEN (6 bits): packet length (control word + payload, RTP excluded) if below 64 octets, else 0.
    public var length: UInt8
    public var sequenceNumber: UInt16

    public init(
        localFailure: Bool = false, remoteFailure: Bool = false, modifier: UInt8 = 0, fragmentation: UInt8 = 0,
        length: UInt8 = 0, sequenceNumber: UInt16
    ) {
        precondition(modifier < 4 && fragmentation < 4 && length < 64, "M/FRG have 2 bits, LEN 6")
        self.localFailure = localFailure
        self.remoteFailure = remoteFailure
        self.modifier = modifier
        self.fragmentation = fragmentation
        self.length = length
        self.sequenceNumber = sequenceNumber
    }

    /// M = 0b10 with L = 0: the attachment circuit reports RDI (RFC 5086 §5.2).
    public static let modifierRDI: UInt8 = 0b10

    /// RFC 4553 §5.1: LEN "MUST be set to zero" unless the packet is shorter than 64 octets.
    public static func lengthField(payloadLength: Int) -> UInt8 {
        let total = length + payloadLength
        return total < 64 ? UInt8(total) : 0
    }

    public func encode(into buffer: inout ByteBuffer) {
        let first: UInt8 = (localFailure ? 0x08 : 0) | (remoteFailure ? 0x04 : 0) | (modifier & 0x03)
        let second: UInt8 = (fragmentation & 0x03) << 6 | (length & 0x3F)
        buffer.writeMultipleIntegers(first, second, sequenceNumber)
    }

    static func read(from buffer: inout ByteBuffer, packet: ByteBuffer) throws(TDMDecodingError) -> Self {
        guard let (first, second, sequence) = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt16).self) else {
            throw TDMDecodingError(.truncated(needed: length, available: packet.readableBytes), bytes: packet)
        }
        // RFC 4385 §3: "the first nibble ... MUST be 0000" (keeps the PW distinct from IP in MPLS).
        guard first >> 4 == 0 else { throw TDMDecodingError(.controlWordNotZeroNibble(first >> 4), bytes: packet) }
        return PseudowireControlWord(
            localFailure: first & 0x08 != 0, remoteFailure: first & 0x04 != 0, modifier: first & 0x03,
            fragmentation: second >> 6, length: second & 0x3F, sequenceNumber: sequence)
    }
}
