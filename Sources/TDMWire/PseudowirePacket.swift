public import NIOCore
public import RTPWire

/// A CESoPSN (RFC 5086) or SAToP (RFC 4553) packet: control word, optional RTP header, payload.
///
/// Over UDP the RTP header, when used, comes first: RFC 4553 §4 "it MUST immediately follow the SAToP control
/// word in all cases except UDP demultiplexing, where it MUST precede it" (RFC 5086 §4 says the same). Over
/// MPLS the control word comes first. `RTPPlacement` says which.
public struct PseudowirePacket: Hashable, Sendable {
    /// Where the optional RTP header sits.
    public enum RTPPlacement: Hashable, Sendable {
        /// No RTP header (the usual case; timing from the PW's own clock or adaptive recovery).
        case none
        /// RTP header before the control word (UDP demultiplexing, RFC 4553 Figure 1b).
        case beforeControlWord
        /// RTP header after the control word (MPLS, RFC 4553 Figure 1a).
        case afterControlWord
    }

    public var controlWord: PseudowireControlWord
    public var rtpHeader: RTPHeader?
    /// Octets of the TDM bit stream (SAToP) or N timeslots × F frames (CESoPSN basic mode).
    public var payload: ByteBuffer

    public init(controlWord: PseudowireControlWord, rtpHeader: RTPHeader? = nil, payload: ByteBuffer) {
        self.controlWord = controlWord
        self.rtpHeader = rtpHeader
        self.payload = payload
    }

    /// Decodes one packet. A non-zero LEN must match control word + payload (RFC 4553 §5.1); a longer UDP
    /// payload with LEN non-zero means padding was added by the PSN and the rest is cut off.
    public static func decode(
        _ bytes: ByteBuffer, rtp: RTPPlacement = .none
    ) throws(TDMDecodingError) -> PseudowirePacket {
        var buffer = bytes
        var header: RTPHeader?
        if rtp == .beforeControlWord { header = try readRTP(from: &buffer, packet: bytes) }
        let word = try PseudowireControlWord.read(from: &buffer, packet: bytes)
        if rtp == .afterControlWord { header = try readRTP(from: &buffer, packet: bytes) }
        var payloadLength = buffer.readableBytes
        if word.length != 0 {
            let declared = Int(word.length) - PseudowireControlWord.length
            // RFC 4553 §5.1: LEN lets the receiver strip the Ethernet padding of short packets.
            guard declared >= 0, declared <= payloadLength else {
                throw TDMDecodingError(
                    .lengthMismatch(declared: Int(word.length), actual: payloadLength + PseudowireControlWord.length),
                    bytes: bytes)
            }
            payloadLength = declared
        }
        return PseudowirePacket(controlWord: word, rtpHeader: header, payload: buffer.readSlice(length: payloadLength)!)
    }

    private static func readRTP(from buffer: inout ByteBuffer, packet: ByteBuffer) throws(TDMDecodingError) -> RTPHeader
    {
        do throws(RTPDecodingError) {
            return try RTPHeader.decode(from: &buffer, packet: packet).header
        } catch {
            throw TDMDecodingError(.rtpHeader("\(error.reason)"), bytes: packet)
        }
    }

    /// Encodes with the RTP header (if any) where `rtp` says; `.none` with a header present puts it first.
    public func encode(into buffer: inout ByteBuffer, rtp: RTPPlacement = .beforeControlWord) {
        if rtp != .afterControlWord { rtpHeader?.encode(into: &buffer) }
        controlWord.encode(into: &buffer)
        if rtp == .afterControlWord { rtpHeader?.encode(into: &buffer) }
        buffer.writeImmutableBuffer(payload)
    }

    public func encoded(rtp: RTPPlacement = .beforeControlWord) -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer, rtp: rtp)
        return buffer
    }
}
