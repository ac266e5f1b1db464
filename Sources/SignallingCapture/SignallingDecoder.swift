import NIOCore
public import PCAPWire
import SCTPWire

/// Finds and decodes every SS7 signalling message in captured frames: M3UA over SCTP (PPID 3, also byte-swapped,
/// or the M3UA port), over SCTP in UDP (RFC 6951) and over TCP; M2PA (RFC 4165); MTP2 and MTP3 link captures.
///
/// Pure: frames in, records out. It keeps the state that decoding a capture needs (IP fragments, SCTP
/// fragments), bounded in size. Nothing here stops on bad input: a frame that cannot be decoded becomes a
/// record carrying the error.
public struct SignallingDecoder {
    /// Where to look for signalling when the payload protocol identifier does not say.
    public struct Options: Sendable {
        /// SCTP or TCP ports on which M3UA is assumed (IANA: 2905).
        public var m3uaPorts: Set<UInt16> = [2905]
        /// SCTP ports on which M2PA is assumed (IANA: 3565).
        public var m2paPorts: Set<UInt16> = [3565]
        /// UDP ports that carry SCTP (RFC 6951 §5.1: 9899 by default).
        public var sctpOverUDPPorts: Set<UInt16> = [9899]

        public init() {}
    }

    public var options: Options
    var dissector = PacketDissector()
    var reassembler = SCTPReassembler()

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Every signalling message completed by `frame`, in order.
    public mutating func decode(_ frame: CapturedFrame) -> [SignallingRecord] {
        var context = FrameContext(frame: frame)
        let packet: DissectedPacket?
        do {
            packet = try dissector.dissect(frame)
        } catch {
            context.report(carrier: .undecodable, error: "frame: \(error)")
            return context.records
        }
        switch packet {
        case .none, .other:
            break
        case .mtp2(let bytes):
            decodeMTP2(bytes, context: &context)
        case .mtp3(let bytes):
            decodeMTP3Link(bytes, context: &context)
        case .ip(let datagram):
            decodeIP(datagram, context: &context)
        }
        return context.records
    }
}

/// The records being built for one frame; numbers them in order.
struct FrameContext {
    let frame: CapturedFrame
    var records: [SignallingRecord] = []

    init(frame: CapturedFrame) { self.frame = frame }

    /// A new record for this frame, numbered after the ones before it.
    func makeRecord(carrier: SignallingRecord.Carrier, endpoints: SignallingEndpoints? = nil) -> SignallingRecord {
        var record = SignallingRecord(
            frame: frame.number, index: records.count, time: frame.timestamp, carrier: carrier)
        record.endpoints = endpoints
        return record
    }

    mutating func append(_ record: SignallingRecord) {
        var record = record
        record.index = records.count
        records.append(record)
    }

    mutating func report(carrier: SignallingRecord.Carrier, error: String) {
        var record = makeRecord(carrier: carrier)
        record.error = error
        records.append(record)
    }
}
