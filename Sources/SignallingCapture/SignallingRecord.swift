public import NIOCore
public import PCAPWire


/// One signalling message found in a capture: an M3UA message, or an MTP3 message carried by M2PA or an
/// MTP2/MTP3 link, with the ISUP message inside it when there is one.
///
/// The summaries hold the fields that `reroute decode --json` prints; the raw bytes are kept so tests can
/// check that every message re-encodes byte for byte.
public struct SignallingRecord: Sendable {
    /// 1-based frame number in the capture (the frame that completed the message).
    public var frame: Int
    /// 0-based position of this message among the messages reported for its frame.
    public var index: Int
    public var time: CaptureTimestamp
    /// How the message reached us.
    public var carrier: Carrier
    /// The IP addresses and ports of sender and receiver, for IP transports.
    public var endpoints: SignallingEndpoints?
    public var m3ua: M3UASummary?
    public var mtp3: MTP3Summary?
    public var isup: ISUPSummary?
    /// The BICC message (ITU-T Q.1902.3, service indicator 13): ISUP's layouts with a 32-bit call instance code.
    public var bicc: ISUPSummary?
    /// Why (part of) this message could not be decoded, when it could not.
    public var error: String?
    /// The M3UA message bytes (header included), when M3UA carried it.
    public var m3uaBytes: ByteBuffer?
    /// The ISUP (or BICC) bytes from the CIC on, when the message carries ISUP (or BICC).
    public var isupBytes: ByteBuffer?

    public init(frame: Int, index: Int, time: CaptureTimestamp, carrier: Carrier) {
        self.frame = frame
        self.index = index
        self.time = time
        self.carrier = carrier
    }

    /// The transport that carried a message.
    public enum Carrier: Hashable, Sendable {
        /// An SCTP user message (RFC 9260), possibly encapsulated in UDP (RFC 6951).
        case sctp(stream: UInt16, ppid: UInt32, udpEncapsulated: Bool)
        /// A TCP segment on the M3UA port, framed by the M3UA length field.
        case tcp
        /// A signal unit captured on an MTP2 link (DLT 139/140).
        case mtp2Link
        /// An MTP3 message captured as such (DLT 141).
        case mtp3Link
        /// The frame itself could not be dissected down to a transport.
        case undecodable
    }
}

/// Sender and receiver of a message carried over IP.
public struct SignallingEndpoints: Hashable, Sendable {
    public var sourceAddress: IPAddress
    public var sourcePort: UInt16
    public var destinationAddress: IPAddress
    public var destinationPort: UInt16

    public init(sourceAddress: IPAddress, sourcePort: UInt16, destinationAddress: IPAddress, destinationPort: UInt16) {
        self.sourceAddress = sourceAddress
        self.sourcePort = sourcePort
        self.destinationAddress = destinationAddress
        self.destinationPort = destinationPort
    }

    /// `address:port` of the sender, an IPv6 address in brackets (RFC 5952 §6).
    public var source: String { Self.render(sourceAddress, sourcePort) }
    /// `address:port` of the receiver.
    public var destination: String { Self.render(destinationAddress, destinationPort) }

    static func render(_ address: IPAddress, _ port: UInt16) -> String {
        switch address {
        case .v4: "\(address):\(port)"
        case .v6: "[\(address)]:\(port)"
        }
    }
}

extension SignallingRecord {
    /// `address:port` of the sender, where known.
    public var source: String? { endpoints?.source }
    /// `address:port` of the receiver, where known.
    public var destination: String? { endpoints?.destination }
}

/// The M3UA fields that the decode tool reports (RFC 4666 §3.1, §3.3.1).
public struct M3UASummary: Hashable, Sendable {
    public var messageClass: UInt8
    public var messageType: UInt8
    public var name: String
    public var routingContext: UInt32?
    public var opc: UInt32?
    public var dpc: UInt32?
    public var si: UInt8?
    public var ni: UInt8?
    public var mp: UInt8?
    public var sls: UInt8?

    public init(messageClass: UInt8, messageType: UInt8, name: String) {
        self.messageClass = messageClass
        self.messageType = messageType
        self.name = name
    }
}

/// The MTP3 fields that the decode tool reports (ITU-T Q.704 §2.2, §14.2).
public struct MTP3Summary: Hashable, Sendable {
    public var opc: UInt32
    public var dpc: UInt32
    public var si: UInt8
    public var ni: UInt8
    public var sls: UInt8

    public init(opc: UInt32, dpc: UInt32, si: UInt8, ni: UInt8, sls: UInt8) {
        self.opc = opc
        self.dpc = dpc
        self.si = si
        self.ni = ni
        self.sls = sls
    }
}

/// The ISUP (ITU-T Q.763) or BICC (ITU-T Q.1902.3) fields that the decode tool reports.
public struct ISUPSummary: Hashable, Sendable {
    public var messageType: UInt8
    public var name: String
    public var cic: UInt32
    public var called: String?
    public var calling: String?
    public var originalCalled: String?
    public var redirecting: String?
    public var redirectionReason: UInt8?
    public var cause: UInt8?

    public init(messageType: UInt8, name: String, cic: UInt32) {
        self.messageType = messageType
        self.name = name
        self.cic = cic
    }
}
