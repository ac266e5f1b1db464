import NIOCore
import PCAPWire
import SCTPWire

/// IP, UDP, TCP and SCTP: finding the user messages that carry signalling.
extension SignallingDecoder {
    /// SCTP payload protocol identifiers (IANA "SCTP Payload Protocol Identifiers").
    enum PPID {
        static let m2pa: UInt32 = 5
        static let m3ua: UInt32 = 3
        /// Some peers write the PPID in host byte order on little-endian machines.
        static func matches(_ ppid: UInt32, _ wanted: UInt32) -> Bool {
            ppid == wanted || ppid == wanted.byteSwapped
        }
    }

    static let sctpProtocolNumber: UInt8 = 132

    mutating func decodeIP(_ datagram: IPDatagram, context: inout FrameContext) {
        switch datagram.protocolNumber {
        case Self.sctpProtocolNumber:
            decodeSCTP(datagram.payload, datagram: datagram, udpEncapsulated: false, context: &context)
        case UDPDatagram.protocolNumber:
            guard let udp = try? UDPDatagram.decode(datagram.payload) else { return }
            guard options.sctpOverUDPPorts.contains(udp.sourcePort)
                || options.sctpOverUDPPorts.contains(udp.destinationPort)
            else { return }
            decodeSCTP(udp.payload, datagram: datagram, udpEncapsulated: true, context: &context)
        case TCPSegment.protocolNumber:
            guard let tcp = try? TCPSegment.decode(datagram.payload), tcp.payload.readableBytes > 0,
                options.m3uaPorts.contains(tcp.sourcePort) || options.m3uaPorts.contains(tcp.destinationPort)
            else { return }
            let record = context.makeRecord(
                carrier: .tcp,
                endpoints: SignallingEndpoints(
                    sourceAddress: datagram.source, sourcePort: tcp.sourcePort,
                    destinationAddress: datagram.destination, destinationPort: tcp.destinationPort))
            decodeM3UAStream(tcp.payload, template: record, context: &context)
        default:
            return
        }
    }

    /// One SCTP packet: every DATA and I-DATA chunk goes through reassembly; completed messages are decoded.
    mutating func decodeSCTP(
        _ bytes: ByteBuffer, datagram: IPDatagram, udpEncapsulated: Bool, context: inout FrameContext
    ) {
        let packet: SCTPPacket
        do {
            packet = try SCTPPacket.decode(bytes)
        } catch {
            context.report(carrier: .undecodable, error: "SCTP: \(error)")
            return
        }
        let header = packet.commonHeader
        let flow = SCTPEndpointPair(
            sourceAddress: datagram.source.bytes, sourcePort: header.sourcePort,
            destinationAddress: datagram.destination.bytes, destinationPort: header.destinationPort)
        let endpoints = SignallingEndpoints(
            sourceAddress: datagram.source, sourcePort: header.sourcePort,
            destinationAddress: datagram.destination, destinationPort: header.destinationPort)
        let ports = (header.sourcePort, header.destinationPort)
        for message in reassembler.receive(packet: packet, flow: flow) {
            let carrier = SignallingRecord.Carrier.sctp(
                stream: message.stream, ppid: message.ppid, udpEncapsulated: udpEncapsulated)
            let record = context.makeRecord(carrier: carrier, endpoints: endpoints)
            switch classify(ppid: message.ppid, ports: ports) {
            case .m3ua: decodeM3UA(message.payload, template: record, context: &context)
            case .m2pa: decodeM2PA(message.payload, template: record, context: &context)
            case .none: continue
            }
        }
        if let tail = packet.malformedTail, packet.chunks.contains(where: { $0.carriesUserData }) {
            var record = context.makeRecord(carrier: .undecodable, endpoints: endpoints)
            record.error = "SCTP: \(tail.error)"
            context.append(record)
        }
    }

    enum UserPart { case m3ua, m2pa }

    /// The PPID decides; when it says nothing we know, the well-known ports do (RFC 4666 §1.5.2, RFC 4165 §1.7).
    func classify(ppid: UInt32, ports: (UInt16, UInt16)) -> UserPart? {
        if PPID.matches(ppid, PPID.m3ua) { return .m3ua }
        if PPID.matches(ppid, PPID.m2pa) { return .m2pa }
        if options.m3uaPorts.contains(ports.0) || options.m3uaPorts.contains(ports.1) { return .m3ua }
        if options.m2paPorts.contains(ports.0) || options.m2paPorts.contains(ports.1) { return .m2pa }
        return nil
    }
}

extension SCTPChunk {
    /// DATA and I-DATA carry user messages; a malformed tail after one of those is worth reporting.
    var carriesUserData: Bool {
        switch self {
        case .data, .iData: true
        default: false
        }
    }
}
