import Foundation
import MediaSecurity
import MediaSessions
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RTPWire
import RerouteTestSupport
import SDPNegotiation
import SDPWire
import Testing

/// Collects the SIP responses reaching the test's UAC socket.
private final class SIPInbox: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let messages = NIOLockedValueBox<[String]>([])

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let text = String(buffer: unwrapInboundIn(data).data)
        messages.withLockedValue { $0.append(text) }
    }
}

/// baresip 1.0 (libre's own SRTP, not libsrtp) as the device: a real SDES-SRTP peer of an `RTPLegTransport`.
@Suite("SRTP with baresip as the device")
struct BaresipSRTPTests {
    static let baresip = "/usr/bin/baresip"

    /// A WAV file of digital silence (16-bit mono 8 kHz): baresip sends it as PCMA 0xD5 octets, which the leg
    /// must see after decryption.
    static func silenceWAV(seconds: Int) -> Data {
        let samples = 8000 * seconds
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
        var bytes = Array("RIFF".utf8) + le32(36 + 2 * samples) + Array("WAVEfmt ".utf8) + le32(16)
        bytes += [1, 0, 1, 0] + le32(8000) + le32(16000) + [2, 0, 16, 0] + Array("data".utf8) + le32(2 * samples)
        return Data(bytes + [UInt8](repeating: 0, count: 2 * samples))
    }

    @Test(
        "RFC 4568 §7 + RFC 3711 §3.3 with baresip: our SAVP offer is answered with its key; its SRTP decrypts to the silence it sends, and its RTCP reports our SRTP as received"
    )
    func baresipCall() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.baresip), "baresip is in scripts/setup.sh")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "baresip-srtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sipPort = LoopbackPorts.freeUDPPort()
        try Self.silenceWAV(seconds: 30).write(to: directory.appendingPathComponent("silence.wav"))
        // Modules before account.so: the account line names codecs and mediaenc those modules register.
        try """
        module_path /usr/lib/baresip/modules
        sip_listen 127.0.0.1:\(sipPort)
        audio_player aubridge,x
        audio_source aufile,\(directory.path)/silence.wav
        rtcp_mux yes
        module g711.so
        module srtp.so
        module aufile.so
        module aubridge.so
        module account.so

        """.write(to: directory.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        try "<sip:bob@127.0.0.1>;regint=0;answermode=auto;mediaenc=srtp-mand;audio_codecs=PCMA\n"
            .write(to: directory.appendingPathComponent("accounts"), atomically: true, encoding: .utf8)
        let logURL = directory.appendingPathComponent("baresip.log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let process = Process()
        // Bounded by baresip's own -t (quit after 60 s) in case the test dies; killed at the end of the test (on
        // SIGTERM it would wait for its BYE to be answered).
        process.executableURL = URL(fileURLWithPath: Self.baresip)
        process.arguments = ["-t", "60", "-f", directory.path]
        process.standardOutput = try FileHandle(forWritingTo: logURL)
        process.standardError = process.standardOutput
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        func baresipLog() -> String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }
        var stage = "start"
        defer { if stage != "done" { Issue.record("stopped at \(stage); baresip:\n\(baresipLog())") } }

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let log = EventLog()
        let base = LoopbackPorts.freeUDPPort() & 0xFFF0
        let leg = try await RTPLegTransport.bind(
            host: "127.0.0.1", range: RTPPortRange(lower: base, upper: base + 15),
            configuration: legConfiguration(ssrc: 0xA11CE), signalled: nil, awaitingKeys: true, group: group,
            onEvent: log.handler)
        var random = SeededGenerator(seed: 0xBA2E)
        let local = SDPLocalMedia(
            sessionID: 1, address: "127.0.0.1", port: UInt16(try #require(leg.localAddress?.port)), codecs: [.pcma]
        ).securing(true, using: &random)
        let offer = SDPOfferAnswer.offer(local)

        let inbox = SIPInbox()
        let sip = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(inbox) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let uacPort = try #require(sip.localAddress?.port)
        let baresipAddress = try SocketAddress(ipAddress: "127.0.0.1", port: Int(sipPort))
        let body = offer.text
        let invite =
            "INVITE sip:bob@127.0.0.1:\(sipPort) SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:\(uacPort);branch=z9hG4bKsrtp1;rport\r\n"
            + "Max-Forwards: 70\r\nFrom: <sip:reroute@127.0.0.1>;tag=r1\r\nTo: <sip:bob@127.0.0.1>\r\n"
            + "Call-ID: srtp-baresip@127.0.0.1\r\nCSeq: 1 INVITE\r\nContact: <sip:reroute@127.0.0.1:\(uacPort)>\r\n"
            + "Content-Type: application/sdp\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        // RFC 3261 §17.1.1.2: Timer A retransmits the INVITE (baresip may still be starting); 15 s deadline.
        let deadline = ContinuousClock.now + .seconds(15)
        var nextSend = ContinuousClock.now
        var ok: String?
        while ok == nil, ContinuousClock.now < deadline {
            if ContinuousClock.now >= nextSend, inbox.messages.withLockedValue({ $0.isEmpty }) {
                try await sip.writeAndFlush(
                    AddressedEnvelope(remoteAddress: baresipAddress, data: ByteBuffer(string: invite)))
                nextSend = ContinuousClock.now + .milliseconds(500)
            }
            ok = inbox.messages.withLockedValue { $0.first { $0.hasPrefix("SIP/2.0 200") } }
            if let final = inbox.messages.withLockedValue({
                $0.first { !$0.hasPrefix("SIP/2.0 1") && !$0.hasPrefix("SIP/2.0 200") }
            }) {
                Issue.record("baresip refused: \(final)\n\(baresipLog())")
                return
            }
            if ok == nil { try await Task.sleep(for: .milliseconds(20)) }  // polling step under the deadline
        }
        let response = try #require(ok, "no 200 from baresip\n\(baresipLog())")
        let parts = response.components(separatedBy: "\r\n\r\n")
        let answer = try SDPSessionDescription(parsing: Array(parts[1].utf8))
        let settled = try SDPOfferAnswer.evaluate(answer: answer, offer: offer)
        let theirs = try #require(settled.crypto)
        let ours = try #require(settled.localCrypto)
        #expect(settled.rtcpMux)  // RFC 5761 §5.1.1: SRTCP arrives on the RTP port
        #expect(offer.media[0].cryptos.contains(ours))
        try await leg.secure(with: SRTPContext(local: ours, remote: theirs))

        // ACK the 2xx (RFC 3261 §13.2.2.4) to the Contact, with the To tag.
        let headers = parts[0].components(separatedBy: "\r\n")
        let toLine = try #require(headers.first { $0.lowercased().hasPrefix("to:") })
        let contact = try #require(headers.first { $0.lowercased().hasPrefix("contact:") })
        let target = String(contact[contact.index(after: contact.firstIndex(of: "<")!)..<contact.firstIndex(of: ">")!])
        let ack =
            "ACK \(target) SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:\(uacPort);branch=z9hG4bKsrtp2;rport\r\n"
            + "Max-Forwards: 70\r\nFrom: <sip:reroute@127.0.0.1>;tag=r1\r\n\(toLine)\r\n"
            + "Call-ID: srtp-baresip@127.0.0.1\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n"
        try await sip.writeAndFlush(AddressedEnvelope(remoteAddress: baresipAddress, data: ByteBuffer(string: ack)))

        stage = "latch"
        // baresip's SRTP latches the leg and decrypts to PCMA silence.
        let latched = try await log.next(within: .seconds(10)) { if case .latched = $0 { true } else { false } }
        guard case .latched = latched else { return }
        let silence = ByteBuffer(bytes: [UInt8](repeating: 0xD5, count: 160))
        stage = "media"
        let media = try await log.next(within: .seconds(10)) {
            if case .media(let packet, _) = $0, packet.payload == silence { true } else { false }
        }
        guard case .media(let packet, _) = media else { return }
        #expect(packet.header.payloadType == .pcma)

        // Our SRTP towards baresip: its RTCP (SRTCP over rtcp-mux) reports our SSRC, which it only learns from
        // packets that passed its SRTP check.
        stage = "report"
        for _ in 0..<50 { leg.send(payloadType: .pcma, payload: silence, samples: 160) }
        let report = try await log.next(within: .seconds(15)) { event in
            guard case .rtcp(let compound) = event else { return false }
            return compound.packets.contains { packet in
                switch packet {
                case .senderReport(let sr): sr.reports.contains { $0.ssrc == 0xA11CE }
                case .receiverReport(let rr): rr.reports.contains { $0.ssrc == 0xA11CE }
                default: false
                }
            }
        }
        guard case .rtcp = report else { return }
        let counters = try #require(try await leg.securityCounters())
        #expect(counters.authenticationFailures == 0 && counters.replays == 0, "\(counters)")
        #expect(counters.unprotectedRTP > 0 && counters.unprotectedRTCP > 0)
        stage = "done"
        try await leg.close()
        try await sip.close()
        try await group.shutdownGracefully()
    }
}
