public import NIOCore

/// One direction of one SCTP association, as the reassembler keys it: source and destination transport
/// addresses in the order the packet travelled.
///
/// Addresses are opaque bytes (4 for IPv4, 16 for IPv6, or whatever the caller uses) so this module stays
/// independent of any IP decoder. A multi-homed association whose paths use different addresses can be mapped
/// onto one pair by the caller, e.g. by using the primary addresses or the verification tag as the address.
public struct SCTPEndpointPair: Hashable, Sendable, CustomStringConvertible {
    public var sourceAddress: [UInt8]
    public var sourcePort: UInt16
    public var destinationAddress: [UInt8]
    public var destinationPort: UInt16

    public init(sourceAddress: [UInt8], sourcePort: UInt16, destinationAddress: [UInt8], destinationPort: UInt16) {
        self.sourceAddress = sourceAddress
        self.sourcePort = sourcePort
        self.destinationAddress = destinationAddress
        self.destinationPort = destinationPort
    }

    /// The opposite direction of the same association.
    public var reversed: SCTPEndpointPair {
        SCTPEndpointPair(
            sourceAddress: destinationAddress, sourcePort: destinationPort, destinationAddress: sourceAddress,
            destinationPort: sourcePort)
    }

    public var description: String {
        "\(Self.render(sourceAddress)):\(sourcePort) → \(Self.render(destinationAddress)):\(destinationPort)"
    }

    private static func render(_ address: [UInt8]) -> String {
        if address.count == 4 { return address.map(String.init).joined(separator: ".") }
        return address.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

/// A complete user message delivered by `SCTPReassembler` (RFC 9260 §6.9, RFC 8260 §2.1).
public struct SCTPUserMessage: Hashable, Sendable {
    /// How the message is numbered in its stream.
    public enum Sequence: Hashable, Sendable {
        /// DATA: the Stream Sequence Number (meaningless when `unordered`).
        case ssn(UInt16)
        /// I-DATA: the Message Identifier.
        case mid(UInt32)
    }

    public var flow: SCTPEndpointPair
    public var stream: UInt16
    public var sequence: Sequence
    public var ppid: UInt32
    public var unordered: Bool
    public var payload: ByteBuffer
    public var firstTSN: UInt32
    public var lastTSN: UInt32
    /// How many chunks carried the message (1 when unfragmented).
    public var fragmentCount: Int

    public init(
        flow: SCTPEndpointPair, stream: UInt16, sequence: Sequence, ppid: UInt32, unordered: Bool,
        payload: ByteBuffer, firstTSN: UInt32, lastTSN: UInt32, fragmentCount: Int
    ) {
        self.flow = flow
        self.stream = stream
        self.sequence = sequence
        self.ppid = ppid
        self.unordered = unordered
        self.payload = payload
        self.firstTSN = firstTSN
        self.lastTSN = lastTSN
        self.fragmentCount = fragmentCount
    }
}
