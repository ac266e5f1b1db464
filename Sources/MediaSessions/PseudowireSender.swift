public import NIOCore
public import TDMWire

/// The PSN-bound side of a CESoPSN or SAToP pseudowire: payloads in, packets with control words out
/// (RFC 5086 §5.2, RFC 4553 §5.1).
///
/// The sequence number starts at an injected value and increments by one per packet, wrapping (RFC 4553 §5.1:
/// "The sequence number ... is incremented by one for each packet"). L is set while the local attachment circuit
/// has failed (the payload is then omitted, as RFC 5086 §5.2 allows for CESoPSN); R mirrors the local CE-bound
/// jitter buffer's loss-of-packets state; M = 0b10 reports RDI on the attachment circuit (CESoPSN only).
public struct PseudowireSender: Hashable, Sendable {
    public enum Service: Hashable, Sendable {
        /// RFC 4553: the unstructured bit stream.
        case satop
        /// RFC 5086 basic mode: N timeslots × F frames.
        case cesopsn(timeslots: [Int], framesPerPacket: Int)
    }

    public let service: Service
    public private(set) var nextSequence: UInt16
    public var localFailure = false
    public var remoteFailure = false
    public var remoteDefectIndication = false

    public init(service: Service, initialSequence: UInt16) {
        self.service = service
        self.nextSequence = initialSequence
    }

    /// Builds the next packet around `payload`.
    public mutating func makePacket(payload: ByteBuffer) -> PseudowirePacket {
        let carried = localFailure && isCESoPSN ? ByteBuffer() : payload
        var modifier: UInt8 = 0
        if isCESoPSN && !localFailure && remoteDefectIndication { modifier = PseudowireControlWord.modifierRDI }
        let word = PseudowireControlWord(
            localFailure: localFailure, remoteFailure: remoteFailure, modifier: modifier,
            length: PseudowireControlWord.lengthField(payloadLength: carried.readableBytes),
            sequenceNumber: nextSequence)
        nextSequence &+= 1
        return PseudowirePacket(controlWord: word, payload: carried)
    }

    /// CESoPSN: one packet from `framesPerPacket` E1 frames (their configured timeslots).
    public mutating func makePacket(frames: [E1Frame]) -> PseudowirePacket {
        switch service {
        case .cesopsn(let timeslots, _):
            return makePacket(payload: CESoPSNPayload(timeslots: timeslots, e1Frames: frames).encoded)
        case .satop:
            return makePacket(payload: E1Bitstream.encode(frames))
        }
    }

    private var isCESoPSN: Bool {
        if case .cesopsn = service { return true }
        return false
    }
}
