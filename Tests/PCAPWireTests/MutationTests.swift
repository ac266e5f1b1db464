import NIOCore
import PCAPWire
import RerouteTestSupport
import Testing

@Suite("Mutation loops: never crash, never hang; what decodes re-encodes")
struct MutationTests {
    @Test("mutated capture files: the reader ends or throws, and whatever reads writes back the same")
    func captureFiles() throws {
        var rng = SeededGenerator(seed: 0x9CA9)
        var pcapng = PCAPNGWriter(interfaces: [.init(linkType: .ethernet), .init(linkType: .linuxSLL2, resolution: .binary(20))])
        for frame in try readFrames(Fixtures.load("isup.cap")) {
            var frame = frame
            frame.interfaceID = frame.number % 2
            pcapng.append(frame)
        }
        pcapng.appendSimplePacket(ByteBuffer(hex: "01020304"))
        let seeds = [bytes(try Fixtures.load("isup.cap")), bytes(pcapng.bytes), bytes(try Fixtures.load("bicc.pcap"))]
        var framesRead = 0
        for round in 0..<6_000 {
            let mutated = Mutator.mutate(seeds[round % seeds.count], using: &rng)
            guard var reader = try? CaptureReader(buffer(mutated)) else { continue }
            var frames: [CapturedFrame] = []
            var steps = 0
            while let frame = try? reader.next() {
                frames.append(frame)
                steps += 1
                if steps > mutated.count { Issue.record("reader does not make progress"); break }
            }
            framesRead += frames.count
            // Round trip what was read through the pcapng writer with nanosecond resolution.
            let links = Dictionary(frames.map { ($0.interfaceID, $0.linkType) }, uniquingKeysWith: { first, _ in first })
            guard let maxID = links.keys.max(), maxID < 64 else { continue }
            var writer = PCAPNGWriter(interfaces: (0...maxID).map { .init(linkType: links[$0] ?? .ethernet, resolution: .nanoseconds) })
            // Nanosecond units in 64 bits reach year 2554; mutated timestamps beyond that saturate, so skip them.
            let representable = frames.filter { (0..<18_000_000_000).contains($0.timestamp.seconds) }
            for frame in representable { writer.append(frame) }
            let again = try readFrames(writer.bytes)
            #expect(again.map(FrameFacts.init) == representable.map(FrameFacts.init))
        }
        #expect(framesRead > 10_000)
    }

    @Test("mutated frames: the dissector and the header codecs throw or decode, and decoded headers re-encode")
    func frames() throws {
        var rng = SeededGenerator(seed: 0x1D05)
        var seeds: [CapturedFrame] = []
        // Short frames keep the loop fast in debug builds: PPPoE, SCTP, UDP and TCP from real captures.
        seeds += try readFrames(Fixtures.load("DTMFsipinfo.pcap")).filter { $0.data.readableBytes < 700 }.prefix(2)
        seeds += try readFrames(Fixtures.load("m3ua_isup.cap")).prefix(6)
        seeds += try readFrames(Fixtures.load("MagicJack_pwr_up.pcap")).filter { $0.data.readableBytes < 200 }.prefix(10)
        let v6 = SyntheticFrame.ethernetIPv6(
            source: IPv6Address("2001:db8::1")!, destination: IPv6Address("2001:db8::2")!, nextHeader: 17,
            payload: SyntheticFrame.udp(sourcePort: 1, destinationPort: 2, payload: ByteBuffer(string: "x")),
            vlan: [.init(tpid: .serviceVLAN, tci: 1), .init(tci: 2)])
        seeds.append(CapturedFrame(number: 1, timestamp: .init(seconds: 0, nanoseconds: 0), linkType: .ethernet, data: v6))
        for piece in ReassemblyTests.fragments() {
            seeds.append(CapturedFrame(number: 1, timestamp: .init(seconds: 0, nanoseconds: 0), linkType: .linuxSLL,
                data: SyntheticFrame.sll(protocolType: .ipv4, payload: piece)))
        }
        var dissector = PacketDissector(reassembler: IPReassembler(maxPendingDatagrams: 8))
        var decoded = 0
        for round in 0..<25_000 {
            var frame = seeds[round % seeds.count]
            frame.data = buffer(Mutator.mutate(bytes(frame.data), using: &rng))
            if let (ethernet, rest) = try? EthernetHeader.decode(frame.data), frame.linkType == .ethernet {
                var out = ByteBuffer()
                ethernet.encode(into: &out)
                out.writeImmutableBuffer(rest)
                #expect(out == frame.data)
                // LinkLayer's allocation-free path agrees with the full header decoder.
                if ethernet.etherType == .ipv4 { #expect(try LinkLayer.decode(frame.data, linkType: .ethernet) == .ipv4(rest)) }
            }
            guard case .ip(let datagram)? = (try? dissector.dissect(frame)) ?? nil else { continue }
            decoded += 1
            if let udp = try? UDPDatagram.decode(datagram.payload) {
                var out = ByteBuffer()
                udp.encode(into: &out)
                #expect(try UDPDatagram.decode(out) == udp)
            }
            if let tcp = try? TCPSegment.decode(datagram.payload) {
                var out = ByteBuffer()
                tcp.encode(into: &out)
                #expect(try TCPSegment.decode(out) == tcp)
            }
            if case .ipv4(let packet)? = try? LinkLayer.decode(frame.data, linkType: frame.linkType),
                let (header, payload) = try? IPv4Header.decode(packet)
            {
                var out = ByteBuffer()
                header.encode(payloadLength: payload.readableBytes, into: &out, checksum: header.headerChecksum)
                out.writeImmutableBuffer(payload)
                let (again, againPayload) = try IPv4Header.decode(out)
                #expect(again == header && againPayload == payload)
            }
        }
        #expect(decoded > 5_000)
        #expect(dissector.reassembler.pendingCount <= 8)
    }

    @Test("mutated IPv6 packets: the extension-header walk ends and the fixed header re-encodes")
    func ipv6() throws {
        var rng = SeededGenerator(seed: 0x6666)
        let seed = bytes(SyntheticFrame.ipv6Packet(
            source: IPv6Address("2001:db8::1")!, destination: IPv6Address("2001:db8::2")!, nextHeader: 6,
            payload: ByteBuffer(hex: "1f90c35000000001000000025012ffff00000000"),
            extensionHeaders: [(0, [0, 0, 1, 4, 0, 0, 0, 0]), (44, [0, 0, 0, 0, 0, 0, 0, 1]), (51, [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])]))
        for _ in 0..<10_000 {
            let mutated = buffer(Mutator.mutate(seed, using: &rng))
            _ = try? IPPacket.decode(mutated)
            if let (header, payload) = try? IPv6Header.decode(mutated) {
                var out = ByteBuffer()
                header.encode(payloadLength: payload.readableBytes, into: &out)
                out.writeImmutableBuffer(payload)
                let (again, againPayload) = try IPv6Header.decode(out)
                #expect(again == header && againPayload == payload)
            }
        }
    }
}
