import NIOCore
import PCAPWire
import RerouteTestSupport
import SignallingCapture
import Testing

/// `SignallingDecoder` on the hand-built captures of `SyntheticCaptures`: the records each capture must give
/// (their tables are in `Tests/RerouteTestSupport/SyntheticCaptures*.swift`).
@Suite("SignallingDecoder on hand-built captures")
struct SyntheticCaptureDecodingTests {
    /// `frame.index name cic` for each record: the shape of a capture's output at a glance.
    static func rows(_ records: [SignallingRecord]) -> [String] {
        records.map { record in
            let cic = record.userPart.map { " \($0.cic)" } ?? ""
            return "\(record.frame).\(record.index) \(record.messageName)\(cic)\(record.error == nil ? "" : " error")"
        }
    }

    static func records(_ capture: SyntheticCapture) throws -> [SignallingRecord] {
        try CaptureCorpus.records(of: capture.fileBytes)
    }

    /// The rows of the basic call (IAM, ACM, ANM, REL, RLC), one per frame from `firstFrame`.
    static func callRows(cic: UInt32, firstFrame: Int = 1, prefix: String = "") -> [String] {
        ["IAM", "ACM", "ANM", "REL", "RLC"].enumerated().map { "\(firstFrame + $0).0 \(prefix)\($1) \(cic)" }
    }

    @Test("Every capture reads back frame for frame (pcap and pcapng writers and reader agree)", arguments: SyntheticCaptures.all())
    func framesReadBack(capture: SyntheticCapture) throws {
        let frames = try CaptureCorpus.frames(of: capture.fileBytes)
        #expect(frames == capture.frames)
        // Every capture reports signalling, and nothing it reports is an error except where built in.
        let records = try Self.records(capture)
        #expect(!records.isEmpty)
        #expect(records.filter { $0.error != nil }.count == (capture.name == "m3ua-tcp.pcap" ? 1 : 0))
    }

    @Test("RFC 9260 §6.9/§6.10: bundles numbered by index, fragments at the completing frame, retransmissions again, associations apart")
    func sctpIPv4() throws {
        let records = try Self.records(SyntheticCaptures.sctpIPv4())
        #expect(
            Self.rows(records) == [
                "1.0 IAM 101", "2.0 ACM 101", "2.1 ANM 101", "5.0 REL 101", "6.0 IAM 101", "9.0 IAM 202",
                "10.0 RLC 101", "11.0 type 0xE0 103", "11.1 IAM 104",
            ])
        let iam = try #require(records.first?.isup)
        // Q.763 §3.9: codes 11 and 12 print as * and #, ST (15) is left out; odd and even counts both decode.
        #expect(iam.called == "12345*6#")
        #expect(iam.calling == "0212345678")
        #expect(iam.originalCalled == "0611223")
        #expect(iam.redirecting == "0699#877")
        #expect(iam.redirectionReason == 2)
        #expect(iam.cause == nil)
        #expect(records[3].isup?.cause == 99)
        // The retransmission (frame 6) is the same message reported again.
        #expect(records[4].isup == records[0].isup)
        #expect(records[4].m3uaBytes == records[0].m3uaBytes)
        // Interleaved fragments with the same stream and SSN are kept apart by association.
        #expect(records[5].source == "10.1.0.1:2906")
        #expect(records[5].isup?.called == "0123456789")
        #expect(records[6].source == "10.1.0.1:2905")
        for record in records {
            #expect(record.carrier == .sctp(stream: 1, ppid: 3, udpEncapsulated: false))
            #expect(record.destination == "10.1.0.2:2905")
            let m3ua = try #require(record.m3ua)
            #expect(m3ua.name == "DATA")
            #expect(m3ua.routingContext == 77)
            #expect([m3ua.opc, m3ua.dpc] == [1001, 2002])
            #expect([m3ua.si, m3ua.ni, m3ua.mp, m3ua.sls] == [5, 2, 0, 3])
            #expect(record.mtp3 == nil)
            #expect(record.error == nil)
        }
        // Q.764 §2.9.5: an unknown message type and an unknown parameter are kept, not errors.
        #expect(records[7].isup?.messageType == 0xE0)
        #expect(records[8].isup?.called == "4420")
    }

    @Test("IEEE 802.1Q VLAN, IPv6 with a Destination Options header (RFC 8200 §4.6)")
    func vlanIPv6() throws {
        let records = try Self.records(SyntheticCaptures.vlanIPv6())
        #expect(Self.rows(records) == Self.callRows(cic: 401))
        #expect(records.first?.source == "[2001:db8::a]:2905")
        #expect(records.dropFirst().first?.source == "[2001:db8::b]:2905")
        #expect(records.first?.isup?.called == "12345*6#")
    }

    @Test("Linux cooked captures v1 and v2 (LINKTYPE_LINUX_SLL 113, LINKTYPE_LINUX_SLL2 276)", arguments: [1, 2])
    func linuxCooked(version: Int) throws {
        let records = try Self.records(SyntheticCaptures.linuxCooked(version: version))
        #expect(Self.rows(records) == Self.callRows(cic: 500 + UInt32(version)))
    }

    @Test("RFC 791 §3.2: an SCTP packet bigger than the MTU, in IPv4 fragments, reported at the last fragment")
    func ipv4Fragments() throws {
        let capture = SyntheticCaptures.ipv4Fragments()
        #expect(capture.frames.count == 5)
        #expect(capture.frames.dropFirst().dropLast().allSatisfy { $0.data.readableBytes <= 1514 })
        let records = try Self.records(capture)
        let bundle = (0..<SyntheticCaptures.fragmentedBundleSize).map { "4.\($0) IAM \(601 + $0)" }
        #expect(Self.rows(records) == ["1.0 ACM 600"] + bundle + ["5.0 ANM 600"])
    }

    @Test("RFC 6951: SCTP over UDP port 9899")
    func sctpOverUDP() throws {
        let records = try Self.records(SyntheticCaptures.sctpOverUDP())
        #expect(Self.rows(records) == Self.callRows(cic: 701))
        #expect(records.allSatisfy { $0.carrier == .sctp(stream: 1, ppid: 3, udpEncapsulated: true) })
    }

    @Test("RFC 4666 §3.1.4: M3UA over TCP framed by the length; an incomplete message is an error record, the run goes on")
    func m3uaOverTCP() throws {
        let records = try Self.records(SyntheticCaptures.m3uaOverTCP())
        #expect(
            Self.rows(records) == [
                "1.0 IAM 801", "1.1 ACM 801", "1.2 ANM 801", "2.0 REL 801", "2.1 RLC 801", "3.0 BEAT", "3.1 ? error",
                "4.0 ASPUP",
            ])
        #expect(records.allSatisfy { $0.carrier == .tcp && $0.source == "10.1.0.1:40000" })
        #expect(records[6].error?.contains("incomplete") == true)
    }

    @Test("RFC 4165 §2.3: M2PA User Data reported with the MTP3 routing label; Link Status is not a record")
    func m2pa() throws {
        let records = try Self.records(SyntheticCaptures.m2pa())
        #expect(Self.rows(records) == Self.callRows(cic: 901, firstFrame: 2))
        for record in records {
            #expect(record.carrier == .sctp(stream: 1, ppid: 5, udpEncapsulated: false))
            #expect(record.m3ua == nil)
            #expect(record.mtp3 == MTP3Summary(opc: 1001, dpc: 2002, si: 5, ni: 2, sls: 3))
        }
    }

    @Test("Q.703 §2.2: MTP2 links (DLT 140, DLT 139 with pseudo-header): only message signal units are records", arguments: [false, true])
    func mtp2(pseudoHeader: Bool) throws {
        let records = try Self.records(SyntheticCaptures.mtp2(pseudoHeader: pseudoHeader))
        #expect(Self.rows(records) == Self.callRows(cic: 1001, firstFrame: 3))
        #expect(records.allSatisfy { $0.carrier == .mtp2Link && $0.source == nil && $0.mtp3?.opc == 1001 })
    }

    @Test("Q.704 §2.2: MTP3 link (DLT 141)")
    func mtp3Link() throws {
        let records = try Self.records(SyntheticCaptures.mtp3Link())
        #expect(Self.rows(records) == Self.callRows(cic: 1101))
        #expect(records.allSatisfy { $0.carrier == .mtp3Link && $0.mtp3?.dpc == 2002 && $0.isup != nil })
    }

    @Test("Q.1902.3 §2.2: BICC (SI 13) has a 32-bit call instance code, reported apart from ISUP")
    func bicc() throws {
        let records = try Self.records(SyntheticCaptures.bicc())
        #expect(Self.rows(records) == Self.callRows(cic: SyntheticCaptures.biccCIC, prefix: "BICC "))
        #expect(records.allSatisfy { $0.isup == nil && $0.m3ua?.si == 13 })
        #expect(records.first?.bicc?.called == "12345*6#")
        #expect(records[3].bicc?.cause == 99)
    }

    @Test("RFC 4666 §3.4–§3.8: management messages named, with class, type and routing context")
    func m3uaManagement() throws {
        let records = try Self.records(SyntheticCaptures.m3uaManagement())
        let expected = SyntheticSignalling.m3uaManagementClassesAndTypes
        #expect(records.count == expected.count)
        for (record, (messageClass, messageType, name)) in zip(records, expected) {
            #expect(record.m3ua?.messageClass == messageClass)
            #expect(record.m3ua?.messageType == messageType)
            #expect(record.m3ua?.name == name)
            #expect(record.carrier == .sctp(stream: 0, ppid: 3, udpEncapsulated: false))
        }
        #expect(records.map { $0.m3ua?.routingContext } == [nil, 77, 77, nil, 77, 77, 78])
    }

    @Test(
        "pcap µs/ns in both byte orders and pcapng with two interfaces, EPB and SPB: the same call, times as stored",
        arguments: [
            SyntheticCaptures.callFile(resolution: .microseconds, byteOrder: .big),
            SyntheticCaptures.callFile(resolution: .nanoseconds, byteOrder: .little),
            SyntheticCaptures.callFile(resolution: .nanoseconds, byteOrder: .big),
            SyntheticCaptures.twoInterfacePCAPNG(), SyntheticCaptures.twoInterfacePCAPNG(byteOrder: .big),
        ])
    func fileLayouts(capture: SyntheticCapture) throws {
        let records = try Self.records(capture)
        #expect(Self.rows(records) == Self.callRows(cic: 301))
        #expect(records.map(\.time) == capture.frames.map(\.timestamp))
        if case .pcapng = capture.format {
            // The Simple Packet Block (frame 3) has no timestamp; the Linux SLL interface keeps nanoseconds.
            #expect(records[2].time == CaptureTimestamp(seconds: 0, nanoseconds: 0))
            #expect(records[1].time.nanoseconds % 1000 == 789)
        }
    }

    @Test("Q.763 §3.9: ST alone, spare codes, 20 signals; RFC 4666 §1.5: byte-swapped PPID and PPID 0 on port 2905")
    func edgeNumbers() throws {
        let records = try Self.records(SyntheticCaptures.edgeNumbers())
        #expect(Self.rows(records) == ["1.0 IAM 1201", "2.0 IAM 1202", "3.0 IAM 1203", "4.0 ACM 1204", "5.0 ANM 1205"])
        #expect(records.map { $0.isup?.called } == ["", "1ADE2", String(repeating: "7", count: 20), nil, nil])
        #expect(records[3].carrier == .sctp(stream: 1, ppid: 0x0300_0000, udpEncapsulated: false))
        #expect(records[4].carrier == .sctp(stream: 1, ppid: 0, udpEncapsulated: false))
        // A calling party number with no signals at all decodes (how it prints is for docs/decode.md to say).
        let empty = try Self.records(SyntheticCaptures.emptyCallingNumber())
        #expect(empty.count == 1 && empty.first?.error == nil && empty.first?.isup?.called == "123")
    }

    @Test("draft-ietf-sigtran-m3ua-06 DATA (isup.cap) is reported with the MTP3 routing label it carries")
    func draft06() throws {
        let records = try CaptureCorpus.fixture("isup.cap").records
        #expect(records.count == 6)
        let first = try #require(records.first)
        #expect(first.m3ua?.name == "DATA")
        #expect(first.m3ua?.opc == nil)
        #expect(first.mtp3 == MTP3Summary(opc: 11522, dpc: 12163, si: 5, ni: 3, sls: 5))
        #expect(first.isup?.cic == 213)
        #expect(first.isup?.called == "4891")
        #expect(records.map { $0.isup?.name } == ["IAM", "CFN", "ACM", "ANM", "REL", "RLC"])
    }
}
