import Foundation
import MediaCodecs
import NIOCore
import NIOPosix
import RTPWire
import RerouteTestSupport
import SDPNegotiation
import SDPWire
import SIPCallService
import SIPEdge
import SIPForking
import TelecomTypes
import Testing

/// A forked call through the edge to a real baresip end to end: baresip registers with digest, auto-answers, and
/// sends a 1 kHz tone from a WAV file; the test plays the network side of the B2BUA with its own RTP socket in the
/// offer, sends a 700 Hz tone and reads baresip's `sndfile` dump of what it decoded.
@Suite(
    "SIPEdge call with media to baresip (issue 5)", .serialized,
    .enabled(if: EdgePeer.baresip != nil && TsharkRunner.path != nil, "baresip or tshark is not installed"))
struct BaresipMediaCallTests {
    /// The tone baresip sends (its `aufile` source) and the tone the test sends.
    static let phoneTone = 1000.0
    static let networkTone = 700.0

    /// An established call: the edge, baresip, its control connection, the test's RTP socket and what the
    /// answer negotiated.
    struct Established {
        var edge: SIPEdge
        var phone: BaresipMediaPhone
        var control: BaresipControl
        var socket: UDPPeer
        var call: SIPCallID
        var log: EventLog
        var offer: SDPSessionDescription
        var answer: [UInt8]
        var audio: SDPNegotiatedAudio

        func close() async throws {
            try? await socket.channel.close()
            await control.close()
            phone.peer.kill()
            try await edge.shutdown()
        }
    }

    /// Starts the edge and baresip (registered), places a call with an offer for the test's socket and waits for
    /// the answer. Everything started is torn down if a step fails.
    static func establish() async throws -> Established {
        let (edge, recorder, port) = try await SIPEdgeTests.startEdge()
        let socket: UDPPeer
        let phone: BaresipMediaPhone
        do {
            socket = try await UDPPeer.bind(group: MultiThreadedEventLoopGroup.singleton)
            phone = try BaresipMediaPhone.start(
                user: "alice", password: "s3cret", edgePort: port,
                source: TestSignals.tone(phoneTone, seconds: 20))
        } catch {
            try await edge.shutdown()
            throw error
        }
        do {
            let control = try await BaresipControl.connect(port: phone.controlPort)
            _ = try #require(await recorder.registered("alice"), "\(phone.peer.text.suffix(3000))")
            let offer = SDPOfferAnswer.offer(
                SDPLocalMedia(
                    sessionID: 7, address: "127.0.0.1", port: UInt16(socket.port),
                    codecs: [.pcma, .pcmu, .telephoneEvent]))
            let identity = SIPCallingIdentity(
                callingNumber: "31201234567", originalCalledNumber: "31612345678", calledNumber: "31208000000",
                redirectionReason: .mobileSubscriberNotReachable)
            let log = EventLog()
            let call = try await edge.forkCall(
                identity.call(domain: "127.0.0.1", offer: offer.encoded), account: SIPEdgeTests.account, offer: offer
            ) { log.record($0) }.get()
            let answered = try #require(
                await log.wait(seconds: 15) { $0.isAnswered }, "events \(log.all); \(phone.peer.text.suffix(4000))")
            guard case .answered(_, let sdp, let negotiated) = answered else { throw CancellationError() }
            let audio = try #require(negotiated, "answer without usable audio: \(String(decoding: sdp, as: UTF8.self))")
            return Established(
                edge: edge, phone: phone, control: control, socket: socket, call: call, log: log, offer: offer,
                answer: sdp, audio: audio)
        } catch {
            try? await socket.channel.close()
            phone.peer.kill()
            try await edge.shutdown()
            throw error
        }
    }

    /// The best `toneSNR` over 100 ms windows (10 ms steps).
    static func bestToneSNR(_ samples: [Int16], frequency: Double) -> Double {
        guard samples.count >= 800 else { return -.infinity }
        return stride(from: 0, through: samples.count - 800, by: 80).map {
            SignalAnalysis.toneSNR(samples[$0..<$0 + 800], frequency: frequency)
        }.max() ?? -.infinity
    }

    /// The RTP data packets among `datagrams`: RFC 5761 §4 / RFC 7983 §7 set RTCP (and anything else) on the port
    /// aside.
    static func rtpDatagrams(_ datagrams: [ByteBuffer]) -> [ByteBuffer] {
        datagrams.filter { RTPMultiplexing.classify($0) == .rtp }
    }

    @Test(
        "RFC 3264 §6, RFC 3550 §5.1, RFC 3261 §15.1.1: baresip answers the forked call with a payload type from the offer; its 1 kHz tone reaches the network side's socket in sequence, the network's 700 Hz reaches baresip; our BYE is answered 200 and baresip closes the call"
    )
    func mediaBothWaysAndOurBye() async throws {
        try await MachineLoadGate.heavy {
            let call = try await Self.establish()
            do {
                try await Self.mediaBothWaysAndOurBye(call)
            } catch {
                try await call.close()
                throw error
            }
            try await call.close()
        }
    }

    static func mediaBothWaysAndOurBye(_ call: Established) async throws {
        let phone = call.phone
        // RFC 3264 §6: one m-line per offered one; §6.1: formats only from the offer, the chosen one first.
        let answer = try SDPSessionDescription(parsing: call.answer)
        let offered = try #require(call.offer.media.first)
        let audioLine = try #require(answer.media.first, "\(String(decoding: call.answer, as: UTF8.self))")
        #expect(answer.media.count == call.offer.media.count)
        #expect(audioLine.media == "audio" && audioLine.port != 0)
        #expect(Set(audioLine.formats).isSubset(of: Set(offered.formats)), "\(audioLine.formats)")
        #expect([0, 8].contains(call.audio.payloadType), "\(call.audio)")
        #expect(audioLine.formats.first == String(call.audio.payloadType))
        // Loopback only: the answer's media address must be baresip's 127.0.0.1.
        try #require(call.audio.remoteAddress == "127.0.0.1", "\(String(decoding: call.answer, as: UTF8.self))")
        let law: G711Law = call.audio.payloadType == RTPPayloadType.pcma.rawValue ? .aLaw : .muLaw
        #expect(await call.control.wait(forEvent: "CALL_ESTABLISHED"), "\(call.control.eventTypes)")

        // The network side: 700 Hz to the answer's address, 6 s at most.
        let target = try SocketAddress(ipAddress: call.audio.remoteAddress, port: Int(call.audio.remotePort))
        let sender = RTPToneSender(
            peer: call.socket, samples: TestSignals.tone(Self.networkTone, seconds: 6), law: law,
            payloadType: RTPPayloadType(call.audio.payloadType), to: target)
        // 100 packets = 2 s of baresip's 20 ms packets.
        try? await call.socket.wait(within: .seconds(10)) { Self.rtpDatagrams($0).count >= 100 }
        let datagrams = Self.rtpDatagrams(call.socket.datagrams)
        #expect(datagrams.count >= 100, "\(datagrams.count) RTP packets from baresip; \(phone.peer.text.suffix(3000))")
        // Let the network side's tone play 2 s too before hanging up (bounded by the 6 s of samples).
        let deadline = Date().addingTimeInterval(5)
        while sender.sent < 100, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        sender.stop()
        let sentPackets = sender.sent
        #expect(sentPackets >= 100)

        // RFC 3550 §5.1: baresip's packets are valid RTP (RFC 3550 §A.1 checks), carry the negotiated payload type
        // from one SSRC, and the tone.
        let packets = try datagrams.map { try RTPPacket.decode($0) }
        let negotiated = RTPPayloadType(call.audio.payloadType)
        let audio = zip(datagrams, packets).filter { $0.1.header.payloadType == negotiated }
        let audioPackets = audio.map(\.1)
        #expect(audioPackets.count == packets.count, "payload types \(Set(packets.map(\.header.payloadType)))")
        #expect(Set(audioPackets.map(\.header.ssrc)).count == 1)
        let heard = audioPackets.flatMap { G711Codec.decode(Array($0.payload.readableBytesView), law: law) }
        let phoneSNR = Self.bestToneSNR(heard, frequency: Self.phoneTone)
        #expect(phoneSNR > 20, "1 kHz tone SNR \(phoneSNR) dB over \(heard.count) samples")
        // Every datagram came from the address the answer names (symmetric RTP, loopback).
        let sources = call.socket.sources
        #expect(
            sources.allSatisfy { $0.ipAddress == "127.0.0.1" && $0.port == Int(call.audio.remotePort) },
            "\(Set(sources.map { "\($0)" }))")

        // tshark's RTP stream analysis of what baresip sent: no loss, no sequence errors.
        let capture = TsharkRunner.capture(
            audio.map(\.0), port: UInt16(call.socket.port), sourcePort: call.audio.remotePort,
            spacingMilliseconds: 20)
        let lines = try await OffPool.run {
            try TsharkRunner.fields(
                capture, arguments: ["-q", "-d", "udp.port==\(call.socket.port),rtp", "-z", "rtp,streams"])
        }
        let ssrc = try #require(audioPackets.first?.header.ssrc)
        let report = lines.joined(separator: "\n")
        let stream = try #require(lines.first { $0.contains(String(format: "0x%08X", ssrc)) }, "\(report)")
        #expect(stream.contains(" \(audioPackets.count) ") && stream.contains(" 0 (0.0%)"), "\(stream)")
        #expect(!stream.trimmingCharacters(in: .whitespaces).hasSuffix("X"), "tshark marks a problem: \(report)")

        // RFC 3261 §15.1.1: our BYE; baresip answers 200 and closes the call.
        call.edge.release(call.call, cause: .normalCallClearing)
        let bye = await phone.traced { !$0.sent && $0.isBYE }
        #expect(bye?.header("Reason") == "Q.850;cause=16", "\(phone.peer.text.suffix(3000))")
        let ok = await phone.traced { $0.sent && $0.isOKToBYE }
        #expect(ok != nil, "no 200 to the BYE in baresip's trace: \(phone.peer.text.suffix(3000))")
        #expect(ok?.header("Call-ID") == bye?.header("Call-ID"))
        #expect(await call.control.wait(forEvent: "CALL_CLOSED"), "\(call.control.eventTypes)")
        // baresip's own count of what it received, printed at the end of the call, agrees with what was sent.
        let statistics = await phone.rtpStatistics()
        #expect((statistics?.received ?? 0) >= 100, "\(String(describing: statistics)); sent \(sentPackets)")
        #expect(!call.log.all.contains { $0.isFailed }, "\(call.log.all)")

        // What baresip decoded (its sndfile dump, complete once the call closed) holds the 700 Hz tone.
        let decoded = try #require(
            await phone.decodedAudio(minimum: 8000), "no sndfile dump in \(phone.directory.path)")
        let networkSNR = Self.bestToneSNR(decoded, frequency: Self.networkTone)
        #expect(networkSNR > 20, "700 Hz tone SNR \(networkSNR) dB over \(decoded.count) samples baresip decoded")
    }

    @Test(
        "RFC 3261 §15.1.1: baresip hangs up the forked call (ctrl_tcp hangup) → our side gets its BYE, answers 200 and reports the release with Q.850 cause 16"
    )
    func baresipHangsUp() async throws {
        try await MachineLoadGate.heavy {
            let call = try await Self.establish()
            do {
                #expect(await call.control.wait(forEvent: "CALL_ESTABLISHED"), "\(call.control.eventTypes)")
                try await call.control.send(command: "hangup", token: "hangup-1")
                let response = await call.control.response(token: "hangup-1")
                #expect((response?["ok"] as? Bool) == true, "\(String(describing: response))")
                let released = await call.log.wait(seconds: 10) { $0.isEnd }
                #expect(released == .released(cause: .normalCallClearing), "events \(call.log.all)")
                // baresip sent the BYE and got our 200 for it.
                let bye = await call.phone.traced { $0.sent && $0.isBYE }
                #expect(bye != nil, "\(call.phone.peer.text.suffix(3000))")
                let ok = await call.phone.traced { !$0.sent && $0.isOKToBYE }
                #expect(ok != nil, "no 200 to baresip's BYE in its trace: \(call.phone.peer.text.suffix(3000))")
                #expect(ok?.header("CSeq") == bye?.header("CSeq"))
                #expect(await call.control.wait(forEvent: "CALL_CLOSED"), "\(call.control.eventTypes)")
            } catch {
                try await call.close()
                throw error
            }
            try await call.close()
        }
    }
}
