public import NIOCore
import WireSupport

/// An MTP2 signal unit as captured (ITU-T Q.703 §2.2; pcap link type DLT_MTP2 / 140), without flags and
/// usually without the FCS.
///
/// ```
///  octet 1          octet 2          octet 3
/// +-+-------------+-+-------------+---+-----------+------------------------+-----------+
/// |B|     BSN     |F|     FSN     |sp.|    LI     |  SF (LSSU) / SIO + SIF | FCS (opt.)|
/// |I|   7 bits    |I|   7 bits    | 2 |  6 bits   |        (MSU)           |  16 bits  |
/// |B|             |B|             |   |           |                        |           |
/// +-+-------------+-+-------------+---+-----------+------------------------+-----------+
///  8 7 ...      1  8 7 ...      1  8 7 6 ...    1   (bit 1 = least significant, sent first)
/// ```
///
/// Q.703 §2.3.3: LI 0 is a FISU, 1 or 2 an LSSU, 3…63 an MSU; LI 63 means "63 or more octets". A trailing
/// 2-octet FCS is recognised when LI < 63 and exactly two octets more than LI follow; with LI 63 the content
/// length cannot tell, so the frame is taken to have no FCS.
public struct MTP2Frame: Hashable, Sendable {
    /// What the signal unit carries.
    public enum SignalUnit: Hashable, Sendable {
        /// Fill-in signal unit (LI 0).
        case fillIn
        /// Link status signal unit (LI 1 or 2): the status field.
        case linkStatus(MTP2LinkStatus)
        /// Message signal unit (LI ≥ 3).
        case message(MTP3Message)
    }

    public var backwardSequenceNumber: UInt8
    public var backwardIndicatorBit: Bool
    public var forwardSequenceNumber: UInt8
    public var forwardIndicatorBit: Bool
    /// The two spare bits above the LI, kept as received.
    public var spare: UInt8
    public var signalUnit: SignalUnit
    /// The FCS octets as found (read big-endian), when the capture includes them.
    public var frameCheckSequence: UInt16?

    public init(
        backwardSequenceNumber: UInt8, backwardIndicatorBit: Bool, forwardSequenceNumber: UInt8,
        forwardIndicatorBit: Bool, spare: UInt8 = 0, signalUnit: SignalUnit, frameCheckSequence: UInt16? = nil
    ) {
        self.backwardSequenceNumber = backwardSequenceNumber & 0x7F
        self.backwardIndicatorBit = backwardIndicatorBit
        self.forwardSequenceNumber = forwardSequenceNumber & 0x7F
        self.forwardIndicatorBit = forwardIndicatorBit
        self.spare = spare & 0x03
        self.signalUnit = signalUnit
        self.frameCheckSequence = frameCheckSequence
    }

    /// The MTP3 message of an MSU.
    public var msu: MTP3Message? {
        if case .message(let message) = signalUnit { message } else { nil }
    }

    /// Decodes all readable bytes of `bytes` as one signal unit.
    public static func decode(_ bytes: ByteBuffer, pointCodeFormat: PointCodeFormat = .itu)
        throws(MTPDecodingError) -> MTP2Frame
    {
        var buffer = bytes
        guard let (bsnOctet, fsnOctet, liOctet) = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt8).self) else {
            throw MTPDecodingError(.truncated(what: "MTP2 header", needed: 3, available: bytes.readableBytes))
        }
        let lengthIndicator = Int(liOctet & 0x3F)
        var contentLength = buffer.readableBytes
        var fcs: UInt16?
        if lengthIndicator < 63 {
            if contentLength == lengthIndicator + 2 {
                contentLength = lengthIndicator
                fcs = buffer.getInteger(at: buffer.readerIndex + lengthIndicator, as: UInt16.self)
            } else if contentLength != lengthIndicator {
                throw MTPDecodingError(
                    .lengthIndicatorMismatch(lengthIndicator: lengthIndicator, contentLength: contentLength))
            }
        } else if contentLength < 63 {
            throw MTPDecodingError(
                .lengthIndicatorMismatch(lengthIndicator: lengthIndicator, contentLength: contentLength))
        }
        let content = buffer.readSlice(length: contentLength) ?? ByteBuffer()
        let unit: SignalUnit
        switch lengthIndicator {
        case 0: unit = .fillIn
        case 1, 2: unit = .linkStatus(MTP2LinkStatus(statusField: content.readableBytesArray))
        default: unit = .message(try MTP3Message.decode(content, pointCodeFormat: pointCodeFormat))
        }
        return MTP2Frame(
            backwardSequenceNumber: bsnOctet & 0x7F, backwardIndicatorBit: bsnOctet & 0x80 != 0,
            forwardSequenceNumber: fsnOctet & 0x7F, forwardIndicatorBit: fsnOctet & 0x80 != 0, spare: liOctet >> 6,
            signalUnit: unit, frameCheckSequence: fcs)
    }

    /// Writes the signal unit with the LI computed from the content (capped at 63, Q.703 §2.3.3) and the FCS
    /// when one is set; returns the bytes written.
    @discardableResult
    public func encode(into buffer: inout ByteBuffer) -> Int {
        let start = buffer.writerIndex
        buffer.writeMultipleIntegers(
            (backwardSequenceNumber & 0x7F) | (backwardIndicatorBit ? 0x80 : 0),
            (forwardSequenceNumber & 0x7F) | (forwardIndicatorBit ? 0x80 : 0), UInt8(0))
        let contentStart = buffer.writerIndex
        switch signalUnit {
        case .fillIn: break
        case .linkStatus(let status): buffer.writeBytes(status.statusField)
        case .message(let message): message.encode(into: &buffer)
        }
        let lengthIndicator = UInt8(min(buffer.writerIndex - contentStart, 63))
        buffer.setInteger((spare & 0x03) << 6 | lengthIndicator, at: contentStart - 1)
        if let frameCheckSequence { buffer.writeInteger(frameCheckSequence) }
        return buffer.writerIndex - start
    }
}

/// The status field of an LSSU (ITU-T Q.703 §11.1.3): one or two octets; bits CBA of the first give the
/// status indication.
public struct MTP2LinkStatus: Hashable, Sendable, CustomStringConvertible {
    /// The status field octets, kept as received (1 or 2 octets).
    public var statusField: [UInt8]

    public init(statusField: [UInt8]) {
        self.statusField = statusField
    }

    public init(indication: Indication) {
        self.statusField = [indication.rawValue]
    }

    /// The status indication in bits CBA (Q.703 §11.1.3), an open set.
    public struct Indication: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// SIO: out of alignment ("O").
        public static let outOfAlignment = Indication(rawValue: 0)
        /// SIN: normal alignment ("N").
        public static let normalAlignment = Indication(rawValue: 1)
        /// SIE: emergency alignment ("E").
        public static let emergencyAlignment = Indication(rawValue: 2)
        /// SIOS: out of service ("OS").
        public static let outOfService = Indication(rawValue: 3)
        /// SIPO: processor outage ("PO").
        public static let processorOutage = Indication(rawValue: 4)
        /// SIB: busy ("B").
        public static let busy = Indication(rawValue: 5)
    }

    public var indication: Indication { Indication(rawValue: (statusField.first ?? 0) & 0x07) }

    public var description: String {
        switch indication.rawValue {
        case 0: "SIO"
        case 1: "SIN"
        case 2: "SIE"
        case 3: "SIOS"
        case 4: "SIPO"
        case 5: "SIB"
        default: "SI?\(indication.rawValue)"
        }
    }
}
