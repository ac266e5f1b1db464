import ISUPWire
public import NIOCore
public import PCAPWire
import SCTPWire
public import SignallingCapture
import TelecomTypes

/// Hand-built captures of M3UA over SCTP (RFC 4666 §1.5, RFC 9260): bundling, DATA fragmentation,
/// retransmission, two interleaved associations, IPv6 with VLAN and an extension header, Linux cooked captures,
/// IPv4 fragments and SCTP over UDP.
///
/// Every frame list is described beside its builder: the tests assert exactly those records.
public enum SyntheticCaptures {
    public static let hostA = IPAddress.v4(0x0A01_0001)  // 10.1.0.1
    public static let hostB = IPAddress.v4(0x0A01_0002)  // 10.1.0.2
    public static let m3uaPort: UInt16 = 2905
    static let m3uaPPID: UInt32 = 3
    static let dataStream: UInt16 = 1

    /// Association A: 10.1.0.1:2905 → 10.1.0.2:2905; association B: 10.1.0.1:2906 → 10.1.0.2:2905.
    public static func composer(sourcePort: UInt16 = m3uaPort, initialTSN: UInt32 = 1000) -> SCTPFlowComposer {
        SCTPFlowComposer(
            source: hostA, destination: hostB, sourcePort: sourcePort, destinationPort: m3uaPort,
            verificationTag: 0xA1B2_0000 | UInt32(sourcePort), initialTSN: initialTSN)
    }

    static func user(_ m3ua: ByteBuffer, stream: UInt16 = dataStream, ppid: UInt32 = m3uaPPID)
        -> SCTPFlowComposer.UserMessage
    {
        SCTPFlowComposer.UserMessage(stream: stream, ppid: ppid, payload: m3ua)
    }

    static func data(_ message: ISUPMessage) -> SCTPFlowComposer.UserMessage {
        user(SyntheticSignalling.m3uaData(message))
    }

    /// `sctp-ipv4.pcap` (Ethernet/IPv4, µs, little-endian). CIC 101 call on association A unless said:
    ///
    /// | frame | content | records |
    /// |---|---|---|
    /// | 1 | IAM (all number kinds, redirection information) | IAM |
    /// | 2 | ACM and ANM bundled | ACM (index 0), ANM (index 1) |
    /// | 3–5 | REL (cause 99 with diagnostics) in 3 DATA fragments | frame 5: REL |
    /// | 6 | frame 1 again (retransmission, same TSN) | IAM |
    /// | 7 | association B: IAM CIC 202, fragment 1 of 2 | — |
    /// | 8 | association A: RLC, fragment 1 of 2 (same stream and SSN as B's) | — |
    /// | 9 | association B: fragment 2 of 2 | IAM CIC 202 |
    /// | 10 | association A: fragment 2 of 2 | RLC |
    /// | 11 | unknown ISUP message type (CIC 103) and IAM with an unknown parameter (CIC 104) bundled | 2 records |
    public static func sctpIPv4() -> SyntheticCapture {
        var a = composer()
        var b = composer(sourcePort: m3uaPort + 1, initialTSN: 5000)
        let call = SyntheticISUP.call(cic: 101)
        var frames = FrameSequence()
        let first = a.frames(for: [data(call[0])])
        frames.append(contentsOf: first)
        frames.append(contentsOf: a.frames(for: [data(call[1]), data(call[2])]))
        let rel = SyntheticSignalling.m3uaData(call[3])
        frames.append(contentsOf: a.frames(for: [user(rel)], fragmentSize: rel.readableBytes / 3 + 1))
        frames.append(contentsOf: first)
        let iamB = SyntheticSignalling.m3uaData(SyntheticISUP.iam(cic: 202, called: "0123456789", calling: "98765"))
        let rlc = SyntheticSignalling.m3uaData(call[4])
        // A's SSN on stream 1 is 4 after four messages; advance B's to 4 too (TSNs are not checked), so that only
        // the association tells the two fragmented messages apart.
        _ = b.dataChunks(for: Array(repeating: user(iamB), count: 4))
        let bFragments = b.frames(for: [user(iamB)], fragmentSize: iamB.readableBytes / 2 + 1)
        let aFragments = a.frames(for: [user(rlc)], fragmentSize: rlc.readableBytes / 2 + 1)
        frames.append(contentsOf: [bFragments[0], aFragments[0], bFragments[1], aFragments[1]])
        frames.append(
            contentsOf: a.frames(for: [
                data(SyntheticISUP.unknownMessage(cic: 103)), data(SyntheticISUP.iamWithUnknownParameter(cic: 104)),
            ]))
        return SyntheticCapture(
            name: "sctp-ipv4.pcap", frames: frames.frames, format: .pcap(resolution: .microseconds, byteOrder: .little))
    }

    /// The basic call on CIC `cic` as five frames, one message each: IAM and REL from A to B, ACM, ANM and RLC back.
    static func callFrames(cic: UInt32 = 301, wrap: (SCTPFlowComposer, [SCTPChunk]) -> ByteBuffer) -> [ByteBuffer] {
        var forward = composer()
        var backward = forward.reversed
        return SyntheticISUP.call(cic: cic).enumerated().map { index, message in
            if index == 0 || index == 3 {
                return wrap(forward, forward.dataChunks(for: [data(message)]))
            }
            return wrap(backward, backward.dataChunks(for: [data(message)]))
        }
    }

    /// Ethernet/IPv4 framing of `callFrames`, as `SCTPFlowComposer.frame` writes it.
    static func ethernetCallFrames(cic: UInt32 = 301) -> [ByteBuffer] {
        callFrames(cic: cic) { composer, chunks in composer.frame(chunks) }
    }

    /// `vlan-ipv6.pcap`: Ethernet, 802.1Q VLAN 100, IPv6 with a Destination Options header (RFC 8200 §4.6, one
    /// PadN option) before SCTP; the basic call on CIC 401, one message per frame.
    public static func vlanIPv6() -> SyntheticCapture {
        let a = IPv6Address(groups: [0x2001, 0xDB8, 0, 0, 0, 0, 0, 0xA])
        let b = IPv6Address(groups: [0x2001, 0xDB8, 0, 0, 0, 0, 0, 0xB])
        let destinationOptions: (type: UInt8, bytes: [UInt8]) = (60, [0, 0, 1, 4, 0, 0, 0, 0])
        var frames = FrameSequence()
        frames.append(
            contentsOf: callFrames(cic: 401) { composer, chunks in
                let forward = composer.source == hostA
                let packet = SyntheticFrame.ipv6Packet(
                    source: forward ? a : b, destination: forward ? b : a, nextHeader: 132,
                    payload: composer.packet(chunks), extensionHeaders: [destinationOptions])
                return SyntheticFrame.ethernet(
                    etherType: .ipv6, payload: packet, vlan: [EthernetHeader.VLANTag(tci: 0x2064)])
            })
        return SyntheticCapture(
            name: "vlan-ipv6.pcap", frames: frames.frames, format: .pcap(resolution: .microseconds, byteOrder: .little))
    }

    /// `sll.pcap` (LINKTYPE_LINUX_SLL) or `sll2.pcap` (LINKTYPE_LINUX_SLL2): IPv4/SCTP, the call on CIC 501.
    public static func linuxCooked(version: Int) -> SyntheticCapture {
        var frames = FrameSequence()
        let linkType: LinkType = version == 2 ? .linuxSLL2 : .linuxSLL
        frames.append(
            contentsOf: callFrames(cic: 500 + UInt32(version)) { composer, chunks in
                let packet = SyntheticFrame.ipPacket(
                    source: composer.source, destination: composer.destination, protocolNumber: 132,
                    payload: composer.packet(chunks))
                return version == 2
                    ? SyntheticFrame.sll2(protocolType: .ipv4, payload: packet)
                    : SyntheticFrame.sll(protocolType: .ipv4, payload: packet)
            }, linkType: linkType)
        return SyntheticCapture(
            name: version == 2 ? "sll2.pcap" : "sll.pcap", frames: frames.frames,
            format: .pcap(resolution: .microseconds, byteOrder: .little))
    }

    /// The number of IAMs bundled into the one SCTP packet of `ipv4Fragments()`.
    public static let fragmentedBundleSize = 40

    /// `ipv4-fragments.pcap`: frame 1 an ACM; frames 2–4 the three IPv4 fragments (1480-byte payloads, a 1500-byte MTU) of one
    /// SCTP packet bundling `fragmentedBundleSize` IAMs (CIC 601…640), all reported at frame 4 with indexes
    /// 0…39; frame 5 an ANM.
    public static func ipv4Fragments() -> SyntheticCapture {
        var a = composer()
        var frames = FrameSequence()
        frames.append(a.frames(for: [data(SyntheticISUP.acm(cic: 600))])[0])
        let bundle = (0..<fragmentedBundleSize).map { data(SyntheticISUP.iam(cic: 601 + UInt32($0), redirected: true)) }
        let sctp = a.packet(a.dataChunks(for: bundle))
        guard case .v4(let source) = hostA, case .v4(let destination) = hostB else { preconditionFailure() }
        for fragment in SyntheticFrame.ipv4Fragments(
            source: source, destination: destination, protocolNumber: 132, payload: sctp, identification: 0x4242,
            fragmentSize: 1480)
        {
            frames.append(SyntheticFrame.ethernet(etherType: .ipv4, payload: fragment))
        }
        frames.append(a.frames(for: [data(SyntheticISUP.anm(cic: 600))])[0])
        return SyntheticCapture(
            name: "ipv4-fragments.pcap", frames: frames.frames,
            format: .pcap(resolution: .microseconds, byteOrder: .little))
    }

    /// `sctp-udp.pcap`: SCTP encapsulated in UDP port 9899 (RFC 6951), the call on CIC 701.
    public static func sctpOverUDP() -> SyntheticCapture {
        var frames = FrameSequence()
        frames.append(
            contentsOf: callFrames(cic: 701) { composer, chunks in
                var composer = composer
                composer.udpEncapsulationPort = 9899
                return composer.frame(chunks)
            })
        return SyntheticCapture(
            name: "sctp-udp.pcap", frames: frames.frames, format: .pcap(resolution: .microseconds, byteOrder: .little))
    }

    /// The basic call on CIC 301 (Ethernet/IPv4) in other file layouts: classic pcap with microseconds or
    /// nanoseconds in either byte order.
    public static func callFile(resolution: PCAPTimestampResolution, byteOrder: Endianness) -> SyntheticCapture {
        var frames = FrameSequence(nanosecondPrecision: resolution == .nanoseconds)
        frames.append(contentsOf: ethernetCallFrames())
        let name = "call-\(resolution == .nanoseconds ? "ns" : "us")-\(byteOrder == .big ? "be" : "le").pcap"
        return SyntheticCapture(
            name: name, frames: frames.frames, format: .pcap(resolution: resolution, byteOrder: byteOrder))
    }

    /// `two-interfaces.pcapng`: the call on CIC 301 over two interfaces — 0 Ethernet (µs), 1 Linux SLL (ns) —
    /// frames 1, 3, 5 on interface 0 and 2, 4 on interface 1; frame 3 is a Simple Packet Block (no timestamp).
    public static func twoInterfacePCAPNG(byteOrder: Endianness = .little) -> SyntheticCapture {
        let ethernet = ethernetCallFrames()
        let cooked = callFrames(cic: 301) { composer, chunks in
            SyntheticFrame.sll(
                protocolType: .ipv4,
                payload: SyntheticFrame.ipPacket(
                    source: composer.source, destination: composer.destination, protocolNumber: 132,
                    payload: composer.packet(chunks)))
        }
        var frames = FrameSequence(nanosecondPrecision: true)
        for index in 0..<5 {
            if index % 2 == 1 {
                frames.append(cooked[index], linkType: .linuxSLL, interfaceID: 1)
            } else {
                frames.append(ethernet[index], linkType: .ethernet, interfaceID: 0, timestamped: index != 2)
            }
        }
        // Interface 0 writes microseconds: cut its frames' timestamps to what the file can hold.
        let stored = frames.frames.map { frame -> CapturedFrame in
            var frame = frame
            if frame.interfaceID == 0 { frame.timestamp.nanoseconds -= frame.timestamp.nanoseconds % 1000 }
            return frame
        }
        let interfaces = [
            PCAPNGWriter.Interface(linkType: .ethernet, resolution: .microseconds),
            PCAPNGWriter.Interface(linkType: .linuxSLL, resolution: .nanoseconds),
        ]
        return SyntheticCapture(
            name: "two-interfaces\(byteOrder == .big ? "-be" : "").pcapng", frames: stored,
            format: .pcapng(byteOrder: byteOrder, interfaces: interfaces, simplePacketFrames: [3]))
    }
}
