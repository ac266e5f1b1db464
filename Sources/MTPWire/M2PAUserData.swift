public import NIOCore

/// The data of an M2PA User Data message (RFC 4165 §2.3.1): a priority octet, then the MTP3 message
/// (SIO and SIF) — the MSU without MTP2's BSN/FSN/LI.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |PRI|   spare   |                                               |
/// +-+-+-+-+-+-+-+-+             MTP3 message (SIO, SIF)           |
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// RFC 4165 §2.3.1 puts the priority in the two most significant bits of the octet and leaves the other six
/// spare (priority is used only by national variants such as TTC); Wireshark's RFC 4165 dissector agrees (mask
/// 0xC0 for priority, 0x3F spare). The octet is kept whole because real traffic fills the spare bits (the
/// isup.pcap fixture sends 0x3F, the MTP2 LI value 63, there).
public struct M2PAUserData: Hashable, Sendable {
    /// The priority octet as received.
    public var priorityOctet: UInt8
    public var message: MTP3Message

    public init(priorityOctet: UInt8 = 0, message: MTP3Message) {
        self.priorityOctet = priorityOctet
        self.message = message
    }

    /// The message priority, bits 8–7 of the priority octet.
    public var priority: UInt8 { priorityOctet >> 6 }

    static func decode(_ data: ByteBuffer, pointCodeFormat: PointCodeFormat) throws(MTPDecodingError)
        -> M2PAUserData
    {
        var data = data
        guard let octet = data.readInteger(as: UInt8.self) else {
            throw MTPDecodingError(.truncated(what: "M2PA priority", needed: 1, available: 0))
        }
        return M2PAUserData(
            priorityOctet: octet, message: try MTP3Message.decode(data, pointCodeFormat: pointCodeFormat))
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(priorityOctet)
        message.encode(into: &buffer)
    }
}

/// The data of an M2PA Link Status message (RFC 4165 §2.3.2): a 32-bit state and optional filler.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                             State                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                      filler (optional)                        \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct M2PALinkStatus: Hashable, Sendable {
    /// Link states (RFC 4165 §2.3.2), an open set.
    public struct State: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        public static let alignment = State(rawValue: 1)
        public static let provingNormal = State(rawValue: 2)
        public static let provingEmergency = State(rawValue: 3)
        public static let ready = State(rawValue: 4)
        public static let processorOutage = State(rawValue: 5)
        public static let processorRecovered = State(rawValue: 6)
        public static let busy = State(rawValue: 7)
        public static let busyEnded = State(rawValue: 8)
        public static let outOfService = State(rawValue: 9)

        public var description: String {
            switch rawValue {
            case 1: "Alignment"
            case 2: "Proving Normal"
            case 3: "Proving Emergency"
            case 4: "Ready"
            case 5: "Processor Outage"
            case 6: "Processor Recovered"
            case 7: "Busy"
            case 8: "Busy Ended"
            case 9: "Out of Service"
            default: "State \(rawValue)"
            }
        }
    }

    public var state: State
    /// Filler after the state (RFC 4165 §2.3.2, used while proving), kept as received.
    public var filler: ByteBuffer

    public init(state: State, filler: ByteBuffer = ByteBuffer()) {
        self.state = state
        self.filler = filler
    }

    static func decode(_ data: ByteBuffer) throws(MTPDecodingError) -> M2PALinkStatus {
        var data = data
        guard let state = data.readInteger(as: UInt32.self) else {
            throw MTPDecodingError(.linkStatusTooShort(available: data.readableBytes))
        }
        return M2PALinkStatus(
            state: State(rawValue: state), filler: data.readSlice(length: data.readableBytes) ?? ByteBuffer())
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(state.rawValue)
        buffer.writeImmutableBuffer(filler)
    }
}
