import Foundation
import MediaSecurity
import MediaSessions
import MediaTransport
import NIOCore
import NIOPosix
import RTPWire
import RerouteTestSupport
import SDPNegotiation
import SDPWire
import Testing

@Suite("SRTP legs on loopback UDP (RFC 3711 with symmetric RTP)")
struct SRTPLegTransportTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("MediaSecurityTests/srtp_reference.py").path

    static func range() -> RTPPortRange {
        let base = LoopbackPorts.freeUDPPort() & 0xFFF0
        return RTPPortRange(lower: base, upper: base + 15)
    }

    @Test("RFC 3711 §3.3 + RFC 4961: two SRTP legs latch, exchange media and SRTCP, and forged packets never latch")
    func twoLegsAndAForger() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var random = SeededGenerator(seed: 0x5127)
        let aliceKey = SDESKey.generate(suite: .aesCM128HMACSHA1_80, using: &random)
        let bobKey = SDESKey.generate(suite: .aesCM128HMACSHA1_80, using: &random)
        let malloryKey = SDESKey.generate(suite: .aesCM128HMACSHA1_80, using: &random)
        let range = Self.range()
        let aliceLog = EventLog()
        let bobLog = EventLog()
        let malloryLog = EventLog()
        let alice = try await RTPLegTransport.bind(
            host: "127.0.0.1", range: range, configuration: legConfiguration(ssrc: 0xA11CE), signalled: nil,
            security: SRTPContext(sending: aliceKey, receiving: bobKey), group: group, onEvent: aliceLog.handler)
        // Mallory knows the address and Bob's SSRC but not Bob's key.
        let mallory = try await RTPLegTransport.bind(
            host: "127.0.0.1", range: range, offset: 3, configuration: legConfiguration(ssrc: 0xB0B),
            signalled: alice.localAddress, security: SRTPContext(sending: malloryKey, receiving: aliceKey),
            group: group, onEvent: malloryLog.handler)
        let silence = ByteBuffer(bytes: [UInt8](repeating: 0xD5, count: 160))
        for _ in 0..<4 { mallory.send(payloadType: .pcma, payload: silence, samples: 160) }
        for _ in 0..<4 {
            let event = try await aliceLog.next {
                if case .rejected = $0 { true } else if case .latched = $0 { true } else { false }
            }
            guard case .rejected(.authenticationFailed) = event else {
                Issue.record("expected an authentication failure, got \(event)")
                return
            }
        }
        // Each forged RTP packet is counted (and the forger's SRTCP too, when its report timer fired meanwhile).
        #expect(try await alice.securityCounters()?.authenticationFailures ?? 0 >= 4)
        try await mallory.close()
        let bob = try await RTPLegTransport.bind(
            host: "127.0.0.1", range: range, offset: 6, configuration: legConfiguration(ssrc: 0xB0B),
            signalled: alice.localAddress, security: SRTPContext(sending: bobKey, receiving: aliceKey), group: group,
            onEvent: bobLog.handler)
        for _ in 0..<3 { bob.send(payloadType: .pcma, payload: silence, samples: 160) }
        // The first latch is to Bob: the forged packets counted for nothing (RFC 3711 §3.3 step 5).
        let latched = try await aliceLog.next { if case .latched = $0 { true } else { false } }
        guard case .latched(let address) = latched else { return }
        #expect(address == bob.localAddress)
        let media = try await aliceLog.next { if case .media = $0 { true } else { false } }
        guard case .media(let packet, _) = media else { return }
        #expect(packet.header.ssrc == 0xB0B && packet.payload == silence)
        alice.send(payloadType: .pcma, payload: silence, samples: 160)
        let back = try await bobLog.next { if case .media = $0 { true } else { false } }
        guard case .media(let reply, _) = back else { return }
        #expect(reply.header.ssrc == 0xA11CE && reply.payload == silence)
        // SRTCP over rtcp-mux: Bob's SR arrives decrypted and authenticated.
        let rtcp = try await aliceLog.next {
            if case .rtcp(let compound) = $0, case .senderReport? = compound.packets.first { true } else { false }
        }
        guard case .rtcp(let compound) = rtcp, case .senderReport(let sr) = compound.packets[0] else { return }
        #expect(sr.ssrc == 0xB0B)
        let counters = try #require(try await alice.securityCounters())
        #expect(counters.unprotectedRTP >= 3 && counters.unprotectedRTCP >= 1)
        // Mallory's 4 RTP packets, and its RTCP (SR, the BYE at close) too.
        #expect(counters.authenticationFailures >= 4)
        try await alice.close()
        try await bob.close()
        try await group.shutdownGracefully()
    }

    @Test("RFC 3711 §3.3 step 5: a leg awaiting its SRTP keys accepts nothing (no latch) and sends nothing in clear")
    func awaitingKeys() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var random = SeededGenerator(seed: 0xAA)
        let aliceKey = SDESKey.generate(suite: .aesCM128HMACSHA1_32, using: &random)
        let bobKey = SDESKey.generate(suite: .aesCM128HMACSHA1_32, using: &random)
        let range = Self.range()
        let aliceLog = EventLog()
        let bobLog = EventLog()
        let alice = try await RTPLegTransport.bind(
            host: "127.0.0.1", range: range, configuration: legConfiguration(ssrc: 0xA11CE), signalled: nil,
            awaitingKeys: true, group: group, onEvent: aliceLog.handler)
        // A plain RTP sender (no SRTP) at Alice's address: every packet is refused, none latches.
        let plain = try await RTPLegTransport.bind(
            host: "127.0.0.1", range: range, offset: 3, configuration: legConfiguration(ssrc: 0xB0B),
            signalled: alice.localAddress, group: group, onEvent: { _ in })
        let silence = ByteBuffer(bytes: [UInt8](repeating: 0xD5, count: 160))
        for _ in 0..<3 { plain.send(payloadType: .pcma, payload: silence, samples: 160) }
        for _ in 0..<3 {
            let event = try await aliceLog.next {
                if case .rejected = $0 { true } else if case .latched = $0 { true } else { false }
            }
            guard case .rejected(.noKeys) = event else {
                Issue.record("expected noKeys, got \(event)")
                return
            }
        }
        try await plain.close()
        // Keys installed: Bob's SRTP latches and flows.
        try await alice.secure(with: SRTPContext(sending: aliceKey, receiving: bobKey))
        let bob = try await RTPLegTransport.bind(
            host: "127.0.0.1", range: range, offset: 6, configuration: legConfiguration(ssrc: 0xB0B),
            signalled: alice.localAddress, security: SRTPContext(sending: bobKey, receiving: aliceKey), group: group,
            onEvent: bobLog.handler)
        for _ in 0..<3 { bob.send(payloadType: .pcma, payload: silence, samples: 160) }
        let latched = try await aliceLog.next { if case .latched = $0 { true } else { false } }
        guard case .latched(let address) = latched else { return }
        #expect(address == bob.localAddress)
        alice.send(payloadType: .pcma, payload: silence, samples: 160)
        let media = try await bobLog.next { if case .media = $0 { true } else { false } }
        guard case .media(let packet, _) = media else { return }
        #expect(packet.header.ssrc == 0xA11CE)
        try await alice.close()
        try await bob.close()
        try await group.shutdownGracefully()
    }

    @Test(
        "RFC 3711 §3.3/§3.3.1 with an independent peer: the Python RFC 3711 phone's SRTP (across the sequence wrap) latches the leg, and its replies verify there",
        arguments: [SDESCryptoSuite.aesCM128HMACSHA1_80, .aesCM128HMACSHA1_32])
    func pythonPeer(suite: SDESCryptoSuite) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var random = SeededGenerator(seed: 0x9E7)
        let ours = SDESKey.generate(suite: suite, using: &random)
        let theirs = SDESKey.generate(suite: suite, using: &random)
        let log = EventLog()
        let leg = try await RTPLegTransport.bind(
            host: "127.0.0.1", range: Self.range(), configuration: legConfiguration(ssrc: 0xA11CE), signalled: nil,
            security: SRTPContext(sending: ours, receiving: theirs), group: group, onEvent: log.handler)
        func inline(_ key: SDESKey) -> String { String(key.crypto(tag: 1).keyParameters[0].dropFirst(7)) }
        let port = try #require(leg.localAddress?.port)
        async let peer = ExternalTool.run(
            "/usr/bin/python3", [Self.script, "udp-peer", suite.name, inline(theirs), inline(ours), String(port), "5"])
        let latched = try await log.next { if case .latched = $0 { true } else { false } }
        guard case .latched = latched else { return }
        let payload = ByteBuffer(bytes: [UInt8](repeating: 0x55, count: 160))
        for _ in 0..<5 { leg.send(payloadType: .pcma, payload: payload, samples: 160) }
        let result = try await peer
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        let rtp = lines.filter { $0.hasPrefix("rtp ") }
        #expect(rtp.count == 5, "\(result.output)")
        #expect(!lines.contains { $0.hasPrefix("drop") || $0 == "timeout" }, "\(result.output)")
        for line in rtp {
            let packet = try RTPPacket.decode(ByteBuffer(bytes: SRTPTestHex.bytes(String(line.dropFirst(4)))))
            #expect(packet.header.ssrc == 0xA11CE && packet.payload == payload)
        }
        let counters = try #require(try await leg.securityCounters())
        #expect(counters.unprotectedRTP == 5 && counters.dropped == 0)
        try await leg.close()
        try await group.shutdownGracefully()
    }
}

enum SRTPTestHex {
    static func bytes(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            out.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return out
    }
}
