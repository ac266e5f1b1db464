public import NIOCore
public import PCAPWire
public import SCTPWire

/// Builds the frames of one direction of an SCTP association carrying user messages: TSNs and per-stream SSNs
/// counted up, messages bundled into one packet or split into DATA fragments (B/E bits, RFC 9260 §6.9), the
/// CRC32c computed, and the packet wrapped in IP and Ethernet.
///
/// The writing side of `SignallingDecoder`: tests and benchmarks use it to make captures nobody has published,
/// and `reroute replay` will use it to write what the gateway sends.
public struct SCTPFlowComposer: Sendable {
    /// One user message to send.
    public struct UserMessage: Sendable {
        public var stream: UInt16
        public var ppid: UInt32
        public var payload: ByteBuffer

        public init(stream: UInt16, ppid: UInt32, payload: ByteBuffer) {
            self.stream = stream
            self.ppid = ppid
            self.payload = payload
        }
    }

    public var source: IPAddress
    public var destination: IPAddress
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var verificationTag: UInt32
    /// 802.1Q tags on the Ethernet frames.
    public var vlan: [EthernetHeader.VLANTag] = []
    /// UDP port to encapsulate SCTP in (RFC 6951), or `nil` for plain SCTP over IP.
    public var udpEncapsulationPort: UInt16?
    public private(set) var nextTSN: UInt32
    private var nextSSN: [UInt16: UInt16] = [:]

    public init(
        source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16,
        verificationTag: UInt32 = 0x1234_5678, initialTSN: UInt32 = 1
    ) {
        self.source = source
        self.destination = destination
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.verificationTag = verificationTag
        self.nextTSN = initialTSN
    }

    /// The DATA chunks for `messages`, each split into fragments of at most `fragmentSize` bytes when given.
    public mutating func dataChunks(for messages: [UserMessage], fragmentSize: Int? = nil) -> [SCTPChunk] {
        var chunks: [SCTPChunk] = []
        for message in messages {
            let ssn = nextSSN[message.stream, default: 0]
            nextSSN[message.stream] = ssn &+ 1
            var rest = message.payload
            let size = max(1, fragmentSize ?? max(rest.readableBytes, 1))
            var first = true
            repeat {
                let piece = rest.readSlice(length: min(size, rest.readableBytes)) ?? ByteBuffer()
                var chunk = SCTPDataChunk(
                    flags: 0, tsn: nextTSN, streamIdentifier: message.stream, streamSequenceNumber: ssn,
                    payloadProtocolIdentifier: message.ppid, userData: piece)
                chunk.isBeginning = first
                chunk.isEnding = rest.readableBytes == 0
                chunks.append(.data(chunk))
                nextTSN &+= 1
                first = false
            } while rest.readableBytes > 0
        }
        return chunks
    }

    /// One SCTP packet (common header, chunks, CRC32c) carrying `chunks`.
    public func packet(_ chunks: [SCTPChunk]) -> ByteBuffer {
        let packet = SCTPPacket(
            commonHeader: SCTPCommonHeader(
                sourcePort: sourcePort, destinationPort: destinationPort, verificationTag: verificationTag),
            chunks: chunks)
        var out = ByteBuffer()
        _ = packet.encode(into: &out)
        return out
    }

    /// The Ethernet frame carrying one SCTP packet with `chunks`.
    public func frame(_ chunks: [SCTPChunk]) -> ByteBuffer {
        let sctp = packet(chunks)
        if let port = udpEncapsulationPort {
            let udp = SyntheticFrame.udp(sourcePort: port, destinationPort: port, payload: sctp)
            return SyntheticFrame.ethernetIP(
                source: source, destination: destination, protocolNumber: UDPDatagram.protocolNumber, payload: udp,
                vlan: vlan)
        }
        return SyntheticFrame.ethernetIP(
            source: source, destination: destination, protocolNumber: 132, payload: sctp, vlan: vlan)
    }

    /// Frames carrying `messages`: all bundled in one packet, or — with `fragmentSize` — one packet per fragment.
    public mutating func frames(for messages: [UserMessage], fragmentSize: Int? = nil) -> [ByteBuffer] {
        let chunks = dataChunks(for: messages, fragmentSize: fragmentSize)
        if fragmentSize == nil { return [frame(chunks)] }
        return chunks.map { frame([$0]) }
    }

    /// The composer for the other direction of the same association.
    public var reversed: SCTPFlowComposer {
        var other = SCTPFlowComposer(
            source: destination, destination: source, sourcePort: destinationPort, destinationPort: sourcePort,
            verificationTag: verificationTag ^ 0xFFFF_FFFF)
        other.vlan = vlan
        other.udpEncapsulationPort = udpEncapsulationPort
        return other
    }
}
