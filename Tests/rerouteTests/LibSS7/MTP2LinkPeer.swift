import MTPWire
import NIOCore

/// The far end of one MTP2 signalling link (ITU-T Q.703), as much of it as a lossless socket needs: initial
/// alignment, acknowledgement of MSUs by BSN, and the FSN of what it sends. Pure: signal units in, signal units
/// and events out.
///
/// ```
///            SIO / SIN / SIE: answer SIN                      FISU: answer FISU
///  out of service ─────────────────────────▶ aligning ───────────────────────────▶ in service
///        ▲                                        (an MSU also proves the peer in service)   │
///        └──────────────────────── SIOS, or SIO (the peer realigns) ───────────────────────────┘
/// ```
/// Q.703 §7: the proving period (T4) is the peer's to run — this end declares itself aligned at once, because a
/// socket pair has no errors for proving to count. For the same reason it never sends a negative acknowledgement
/// and never has to retransmit (Q.703 §5.2): it keeps FIB and BIB at their reset value 1 (Q.703 §5.2.1), and a
/// BIB from the peer that differs (a retransmission request) is reported, not served.
struct MTP2LinkPeer {
    enum Output: Equatable {
        /// A signal unit for the peer, FCS octets included.
        case transmit(ByteBuffer)
        /// The link is in service: MSUs flow both ways from now on.
        case inService
        /// The peer took the link out of service or started realigning.
        case outOfService
        /// An MSU accepted in sequence.
        case deliver(MTP3Message)
        /// Something this lossless emulation does not serve (a retransmission request, an MSU out of
        /// sequence, an undecodable unit): the test reports it.
        case problem(String)
    }

    private enum State {
        case outOfService
        case aligning
        case inService
    }

    private var state = State.outOfService
    /// FSN of the last MSU this end sent (Q.703 §5.2.1: 127 after reset).
    private var lastSentFSN: UInt8 = 127
    /// FSN of the last MSU accepted from the peer: the BSN of everything this end sends.
    private var lastAcceptedFSN: UInt8 = 127
    /// An MSU was accepted and no signal unit has carried its FSN back as BSN yet.
    private var acknowledgementDue = false

    var isInService: Bool { state == .inService }

    /// One signal unit from the peer, with its two FCS octets (Q.703 §2.2).
    mutating func receive(_ bytes: ByteBuffer) -> [Output] {
        guard bytes.readableBytes >= 5 else { return [.problem("signal unit of \(bytes.readableBytes) octets")] }
        let frame: MTP2Frame
        do {
            // The transport always carries the FCS; without it, LI 63 could not say where the SIF ends.
            frame = try MTP2Frame.decode(bytes.getSlice(at: bytes.readerIndex, length: bytes.readableBytes - 2)!)
        } catch {
            return [.problem("undecodable signal unit: \(error)")]
        }
        var outputs: [Output] = []
        if state == .inService, !frame.backwardIndicatorBit {
            outputs.append(.problem("retransmission request (BIB 0, BSN \(frame.backwardSequenceNumber))"))
        }
        switch frame.signalUnit {
        case .linkStatus(let status):
            outputs += receiveLinkStatus(status.indication)
        case .fillIn:
            if state == .aligning {
                state = .inService
                outputs += [.transmit(fillIn()), .inService]
            }
        case .message(let message):
            if state != .inService {
                state = .inService
                outputs.append(.inService)
            }
            outputs += receiveMessage(message, forwardSequenceNumber: frame.forwardSequenceNumber)
        }
        return outputs
    }

    /// An MTP3 message for the peer: an MSU with the next FSN (Q.703 §5.2.1), or nothing while not in service.
    mutating func send(_ message: MTP3Message) -> ByteBuffer? {
        guard state == .inService else { return nil }
        lastSentFSN = (lastSentFSN + 1) & 0x7F
        return encode(.message(message))
    }

    private mutating func receiveLinkStatus(_ indication: MTP2LinkStatus.Indication) -> [Output] {
        switch indication {
        case .outOfAlignment, .normalAlignment, .emergencyAlignment:
            // Q.703 §7.2: SIO starts (or restarts) alignment; answer with "normal" and let the peer prove.
            let wasInService = state == .inService
            if state != .aligning { reset() }
            state = .aligning
            let answer = encode(.linkStatus(MTP2LinkStatus(indication: .normalAlignment)))
            return (wasInService ? [.outOfService] : []) + [.transmit(answer)]
        case .outOfService:
            let wasInService = state == .inService
            state = .outOfService
            return wasInService ? [.outOfService] : []
        default:
            return [.problem("link status \(MTP2LinkStatus(indication: indication)) not served")]
        }
    }

    private mutating func receiveMessage(_ message: MTP3Message, forwardSequenceNumber fsn: UInt8) -> [Output] {
        let expected = (lastAcceptedFSN + 1) & 0x7F
        guard fsn == expected else {
            // Q.703 §5.2.2: a repeated FSN is discarded; anything else is out of sequence.
            return fsn == lastAcceptedFSN ? [] : [.problem("MSU FSN \(fsn) out of sequence, expected \(expected)")]
        }
        lastAcceptedFSN = fsn
        acknowledgementDue = true
        return [.deliver(message)]
    }

    /// A FISU carrying the BSN of the last accepted MSU (Q.703 §5.2.2, positive acknowledgement), unless an MSU
    /// sent since already carried it. Called once what `receive` delivered has been answered, so the FISU
    /// repeats the FSN of the last MSU sent: libss7 asks for retransmission on a FISU with any other FSN.
    mutating func acknowledgement() -> ByteBuffer? {
        guard acknowledgementDue, state == .inService else { return nil }
        return fillIn()
    }

    private mutating func reset() {
        lastSentFSN = 127
        lastAcceptedFSN = 127
    }

    private mutating func fillIn() -> ByteBuffer { encode(.fillIn) }

    private mutating func encode(_ unit: MTP2Frame.SignalUnit) -> ByteBuffer {
        acknowledgementDue = false
        let frame = MTP2Frame(
            backwardSequenceNumber: lastAcceptedFSN, backwardIndicatorBit: true, forwardSequenceNumber: lastSentFSN,
            forwardIndicatorBit: true, signalUnit: unit, frameCheckSequence: 0)
        var buffer = ByteBuffer()
        frame.encode(into: &buffer)
        return buffer
    }
}
