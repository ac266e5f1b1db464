import ISUPWire
import NIOCore
import PCAPWire
import SCTPWire
import SignallingCapture
import TelecomTypes

/// Hand-built captures of the other carriers: M3UA over TCP, M2PA, MTP2 and MTP3 links, BICC, and M3UA
/// management messages.
extension SyntheticCaptures {
    /// `m3ua-tcp.pcap`: M3UA over TCP port 2905 (RFC 4666 §1.5.2 allows any reliable transport), framed by the
    /// Message Length.
    ///
    /// | frame | TCP payload | records |
    /// |---|---|---|
    /// | 1 | IAM, ACM and ANM (CIC 801) in one segment | 3, indexes 0–2 |
    /// | 2 | REL and RLC | 2 |
    /// | 3 | BEAT, then the first 20 bytes of a DATA message | BEAT, then an error record |
    /// | 4 | ASPUP | ASPUP (the run goes on after an error) |
    public static func m3uaOverTCP() -> SyntheticCapture {
        let call = SyntheticISUP.call(cic: 801).map { SyntheticSignalling.m3uaData($0) }
        let management = SyntheticSignalling.m3uaManagement()
        let beat = management[3]
        let truncated = call[0].getSlice(at: call[0].readerIndex, length: 20) ?? ByteBuffer()
        let segments: [[ByteBuffer]] = [Array(call[0..<3]), Array(call[3..<5]), [beat, truncated], [management[0]]]
        var frames = FrameSequence()
        var sequence: UInt32 = 1
        for parts in segments {
            var payload = ByteBuffer()
            for part in parts { payload.writeImmutableBuffer(part) }
            let tcp = TCPSegment(
                sourcePort: 40_000, destinationPort: m3uaPort, sequenceNumber: sequence, acknowledgmentNumber: 1,
                flags: [.ack, .psh], payload: payload)
            sequence &+= UInt32(payload.readableBytes)
            var segment = ByteBuffer()
            tcp.encode(into: &segment)
            frames.append(
                SyntheticFrame.ethernetIP(
                    source: hostA, destination: hostB, protocolNumber: TCPSegment.protocolNumber, payload: segment))
        }
        var capture = SyntheticCapture(
            name: "m3ua-tcp.pcap", frames: frames.frames, format: .pcap(resolution: .microseconds, byteOrder: .little))
        capture.tsharkLimitation =
            "tshark 4.0 registers M3UA on SCTP only: it has no TCP dissector for it and no way to split a TCP stream "
            + "into M3UA messages"
        return capture
    }

    /// `m2pa.pcap`: M2PA (RFC 4165) on SCTP port 3565, PPID 5. Frame 1 a Link Status "Ready" (no record); frames
    /// 2–6 the call on CIC 901 as User Data, one per frame.
    public static func m2pa() -> SyntheticCapture {
        var forward = SCTPFlowComposer(
            source: hostA, destination: hostB, sourcePort: 3565, destinationPort: 3565, initialTSN: 1)
        var frames = FrameSequence()
        frames.append(contentsOf: forward.frames(for: [user(SyntheticSignalling.m2paLinkStatusReady(), ppid: 5)]))
        for (index, message) in SyntheticISUP.call(cic: 901).enumerated() {
            let bytes = SyntheticSignalling.m2paUserData(message, sequence: UInt32(index + 1))
            frames.append(contentsOf: forward.frames(for: [user(bytes, ppid: 5)]))
        }
        return SyntheticCapture(
            name: "m2pa.pcap", frames: frames.frames, format: .pcap(resolution: .microseconds, byteOrder: .little))
    }

    /// `mtp2.pcap` (LINKTYPE_MTP2, 140) or `mtp2-phdr.pcap` (LINKTYPE_MTP2_WITH_PHDR, 139: sent, annex A used,
    /// link number 2): frame 1 a FISU, frame 2 an LSSU (SIB; no records), frames 3–7 the call on CIC 1001 in MSUs.
    public static func mtp2(pseudoHeader: Bool) -> SyntheticCapture {
        var units = [SyntheticSignalling.mtp2FISU(sequence: 1), SyntheticSignalling.mtp2LSSU(sequence: 2)]
        for (index, message) in SyntheticISUP.call(cic: 1001).enumerated() {
            units.append(SyntheticSignalling.mtp2MSU(message, sequence: UInt8(index + 3)))
        }
        var frames = FrameSequence()
        for unit in units {
            guard pseudoHeader else {
                frames.append(unit, linkType: .mtp2)
                continue
            }
            var data = ByteBuffer(bytes: [0x01, 0x00, 0x00, 0x02])
            data.writeImmutableBuffer(unit)
            frames.append(data, linkType: .mtp2WithPHDR)
        }
        return SyntheticCapture(
            name: pseudoHeader ? "mtp2-phdr.pcap" : "mtp2.pcap", frames: frames.frames,
            format: .pcap(resolution: .microseconds, byteOrder: .little))
    }

    /// `mtp3.pcap` (LINKTYPE_MTP3, 141): the call on CIC 1101, one MTP3 message per frame.
    public static func mtp3Link() -> SyntheticCapture {
        var frames = FrameSequence()
        for message in SyntheticISUP.call(cic: 1101) {
            frames.append(SyntheticSignalling.mtp3(message), linkType: .mtp3)
        }
        return SyntheticCapture(
            name: "mtp3.pcap", frames: frames.frames, format: .pcap(resolution: .microseconds, byteOrder: .little))
    }

    /// The BICC call instance code used by `bicc()`: above 2^31, so only a 32-bit unsigned reading gets it right.
    public static let biccCIC: UInt32 = 3_000_000_123

    /// `bicc-m3ua.pcap`: BICC (ITU-T Q.1902.3, SI 13) over M3UA DATA: the call on CIC `biccCIC`, one message per
    /// frame.
    public static func bicc() -> SyntheticCapture {
        var forward = composer()
        var frames = FrameSequence()
        for message in SyntheticISUP.call(cic: biccCIC, variant: .bicc) {
            frames.append(contentsOf: forward.frames(for: [data(message)]))
        }
        return SyntheticCapture(
            name: "bicc-m3ua.pcap", frames: frames.frames, format: .pcap(resolution: .microseconds, byteOrder: .little))
    }

    /// `m3ua-management.pcap`: ASPUP, ASPAC (RC 77), NTFY (AS-ACTIVE), BEAT, DAUD, DUNA and ERR, one per frame on
    /// stream 0.
    public static func m3uaManagement() -> SyntheticCapture {
        var forward = composer()
        var frames = FrameSequence()
        for message in SyntheticSignalling.m3uaManagement() {
            frames.append(contentsOf: forward.frames(for: [user(message, stream: 0)]))
        }
        return SyntheticCapture(
            name: "m3ua-management.pcap", frames: frames.frames,
            format: .pcap(resolution: .microseconds, byteOrder: .little))
    }

    /// Every hand-built capture.
    public static func all() -> [SyntheticCapture] {
        [
            sctpIPv4(), vlanIPv6(), linuxCooked(version: 1), linuxCooked(version: 2), ipv4Fragments(), sctpOverUDP(),
            m3uaOverTCP(), m2pa(), mtp2(pseudoHeader: false), mtp2(pseudoHeader: true), mtp3Link(), bicc(),
            m3uaManagement(),
            callFile(resolution: .microseconds, byteOrder: .big),
            callFile(resolution: .nanoseconds, byteOrder: .little),
            callFile(resolution: .nanoseconds, byteOrder: .big),
            twoInterfacePCAPNG(), twoInterfacePCAPNG(byteOrder: .big), edgeNumbers(),
        ]
    }
}

extension SyntheticCaptures {
    /// `isup-edge-numbers.pcap`: IAMs with numbers at the edges of Q.763 §3.9/§3.10, one per frame — CIC 1201 a
    /// called number that is ST alone; 1202 spare codes 10, 13 and 14 (printed `A`, `D`, `E`); 1203 twenty
    /// signals then ST — and an ACM (CIC 1204) with the PPID byte-swapped (0x03000000), an ANM (CIC 1205) with
    /// PPID 0 on port 2905.
    public static func edgeNumbers() -> SyntheticCapture {
        var a = composer()
        var frames = FrameSequence()
        let iams = [
            SyntheticISUP.iam(cic: 1201, called: AddressSignals(codes: [15]), calling: nil),
            SyntheticISUP.iam(cic: 1202, called: AddressSignals(codes: [1, 10, 13, 14, 2]), calling: "0"),
            SyntheticISUP.iam(
                cic: 1203, called: AddressSignals(codes: Array(repeating: 7, count: 20) + [15]), calling: "12"),
        ]
        for message in iams { frames.append(contentsOf: a.frames(for: [data(message)])) }
        let acm = SyntheticSignalling.m3uaData(SyntheticISUP.acm(cic: 1204))
        frames.append(contentsOf: a.frames(for: [user(acm, ppid: 0x0300_0000)]))
        let anm = SyntheticSignalling.m3uaData(SyntheticISUP.anm(cic: 1205))
        frames.append(contentsOf: a.frames(for: [user(anm, ppid: 0)]))
        return SyntheticCapture(
            name: "isup-edge-numbers.pcap", frames: frames.frames,
            format: .pcap(resolution: .microseconds, byteOrder: .little))
    }

    /// `isup-empty-calling.pcap`: one IAM (CIC 1301) whose calling party number has its two indicator octets and
    /// no address signal. Not in `all()`: reroute prints `"calling":""` where tshark has no `isup.calling` field
    /// (see `SyntheticCaptureConformanceTests.emptyCallingNumber`).
    public static func emptyCallingNumber() -> SyntheticCapture {
        var a = composer()
        var frames = FrameSequence()
        let iam = SyntheticISUP.iam(cic: 1301, called: "123", calling: AddressSignals(codes: []))
        frames.append(contentsOf: a.frames(for: [data(iam)]))
        return SyntheticCapture(
            name: "isup-empty-calling.pcap", frames: frames.frames,
            format: .pcap(resolution: .microseconds, byteOrder: .little))
    }
}
