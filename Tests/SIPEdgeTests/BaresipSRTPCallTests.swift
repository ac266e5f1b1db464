import Foundation
import GatewayRuntime
import Interworking
import MediaBridge
import MediaBridgeService
import MediaCodecs
import MediaSecurity
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RTPWire
import RerouteTestSupport
import RoutingClient
import SDPNegotiation
import SDPWire
import SIPCallService
import SIPEdge
import SIPForking
import SIPRegistrar
import SIPTransactions
import SIPTransport
import SIPWire
import TelecomTypes
import Testing

/// A forwarded call forked through the edge (`SIPEdgeForking`, the gateway's own glue) to two devices of one account:
/// baresip registered over TLS with `mediaenc=srtp-mand` (SDES SRTP, libre's own SRTP, not libsrtp) — or a Python TLS
/// device that answers with an unusable key — and baresip over UDP. The call's timeslot is a CESoPSN pseudowire to a
/// CE of the test sending 700 Hz; the devices send 1 kHz. The media bridge's leg is bound plain and settled by
/// `SignallingGateway.settleForkedLeg`, as in the gateway (docs/media.md "SRTP").
@Suite(
    "SRTP to TLS devices in a forked call: baresip over TLS and UDP (issue 6 item 3)", .serialized,
    .enabled(
        if: EdgePeer.baresip != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")
            && FileManager.default.fileExists(atPath: "/usr/lib/baresip/modules/srtp.so"),
        "baresip with srtp.so, or openssl, is not installed"))
struct BaresipSRTPCallTests {
    static let timeslots = Array(1...15) + Array(17...31)
    static let frames = 8
    static let packetsPerSecond = 8000 / frames
    static let cic = 5
    static let phoneTone = 1000.0
    static let networkTone = 700.0

    /// Recorded events of the fork (interworking side and media side).
    final class ForkLog: Sendable {
        let events = NIOLockedValueBox<[ForwardedCallControl.Event]>([])
        let media = NIOLockedValueBox<[SubscriberMediaEvent]>([])

        func wait(seconds: Double = 20, _ predicate: (ForwardedCallControl.Event) -> Bool) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if events.withLockedValue({ $0.contains(where: predicate) }) { return true }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return false
        }
    }

    /// A self-signed certificate for 127.0.0.1 (the edge's TLS listener).
    static func certificate(in directory: URL) throws -> (certificate: String, key: String) {
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let result = try ExternalTool.runBlocking("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", key, "-out", certificate,
        ])
        try #require(result.status == 0, "openssl req: \(result.output)")
        return (certificate, key)
    }

    static func bestToneSNR(_ samples: [Int16], frequency: Double) -> Double {
        guard samples.count >= 800 else { return -.infinity }
        return stride(from: 0, through: samples.count - 800, by: 80).map {
            SignalAnalysis.toneSNR(samples[$0..<$0 + 800], frequency: frequency)
        }.max() ?? -.infinity
    }

    /// The audio lines of the SDP baresip received in the INVITE (its trace).
    static func offeredAudio(_ phone: BaresipMediaPhone) async -> [String]? {
        await phone.traced(seconds: 15) { $0.startLine.hasPrefix("INVITE ") }?.body
    }

    @Test(
        "RFC 4568 §8.3, §7.1.3 and RFC 3711: in one fork the TLS device is offered RTP/SAVP with SDES keys and the UDP device RTP/AVP without; when the TLS device answers, the bridge leg runs SRTP both ways (libsrtp counts authenticated packets each way, none rejected, no clear A-law tone on the wire), its 1 kHz is heard on the timeslot and our 700 Hz in what baresip decrypted; when the UDP device answers, the leg stays plain RTP and the same audio flows",
        .timeLimit(.minutes(3)), arguments: ["tls", "udp"])
    func forkedCallToTLSAndUDPDevices(answering: String) async throws {
        try await MachineLoadGate.realTime {
            try await Self.run(answering: answering)
        }
    }

    static func run(answering: String) async throws {
        let directory = try EdgePeer.temporaryDirectory("srtp-call")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = try certificate(in: directory)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let port = Int(LoopbackPorts.freeUDPPort())
        let tlsPort = Int(LoopbackPorts.freeTCPPort())
        let configuration = SIPEdgeConfiguration(
            transport: SIPTransportConfiguration(
                host: "127.0.0.1", udpPort: port, tcpPort: port, tlsPort: tlsPort,
                tls: SIPTLSSettings(certificateChainPath: keys.certificate, privateKeyPath: keys.key)),
            registrar: SIPRegistrarConfiguration(
                realm: "reroute.test", algorithms: [.md5], minimumExpires: 0,
                keepalive: .init(lossDetection: .seconds(40))),
            calls: SIPCallServiceConfiguration(host: "127.0.0.1", sessionTimers: false, seed: 17),
            pushWait: .seconds(5), secret: (0..<32).map { UInt8($0) }, seed: 9)
        let recorder = EdgeRecorder()
        let edge = try await SIPEdge.start(
            configuration: configuration,
            credentials: EdgeCredentials(users: SIPEdgeTests.users, account: SIPEdgeTests.account),
            recorder: recorder, pushGateway: nil, pushTargets: nil, eventLoop: group.next())
        let pwPort = Int(LoopbackPorts.freeUDPPort())
        let cePort = Int(LoopbackPorts.freeUDPPort())
        let base = LoopbackPorts.freeUDPPort() & 0xFFF0
        let wire = NIOLockedValueBox<[MediaWireRecord]>([])
        let media = try await MediaBridgeService.start(
            configuration: .init(
                pseudowires: [
                    PseudowireConfiguration(
                        name: "e1", localPort: pwPort, remotePort: cePort, timeslots: Self.timeslots,
                        framesPerPacket: Self.frames)
                ],
                rtpPorts: RTPPortRange(lower: base, upper: base + 15),
                wireTap: { record in wire.withLockedValue { $0.append(record) } }),
            group: group)
        let ce = try await PseudowireToneCE.start(
            group: group, port: cePort, remote: try SocketAddress(ipAddress: "127.0.0.1", port: pwPort),
            timeslots: Self.timeslots, framesPerPacket: Self.frames,
            signal: TestSignals.tone(Self.networkTone, seconds: 1, amplitude: 4000), duration: .seconds(40))
        let secure = try BaresipMediaPhone.start(
            user: "alice", password: "s3cret", edgePort: tlsPort, source: TestSignals.tone(Self.phoneTone, seconds: 30),
            transport: "tls", caFile: keys.certificate, mediaenc: "srtp-mand", autoAnswer: answering == "tls")
        let plain = try BaresipMediaPhone.start(
            user: "bob", password: "b0bpass", edgePort: port, source: TestSignals.tone(Self.phoneTone, seconds: 30),
            autoAnswer: answering == "udp")
        var failure: (any Error)?
        do {
            try await call(
                edge: edge, media: media, ce: ce, secure: secure, plain: plain, recorder: recorder, wire: wire,
                answering: answering)
        } catch {
            failure = error
        }
        secure.peer.kill()
        plain.peer.kill()
        await ce.stop()
        try? await media.shutdown()
        try? await edge.shutdown()
        try? await group.shutdownGracefully()
        if let failure { throw failure }
    }

    static func call(
        edge: SIPEdge, media: MediaBridgeService, ce: PseudowireToneCE, secure: BaresipMediaPhone,
        plain: BaresipMediaPhone, recorder: EdgeRecorder, wire: NIOLockedValueBox<[MediaWireRecord]>,
        answering: String
    ) async throws {
        let alice = try #require(
            await recorder.registered("alice"), "alice (TLS): \(secure.peer.text.suffix(3000))")
        #expect(alice.flow.source.transport == "TLS")
        _ = try #require(await recorder.registered("bob"), "bob: \(plain.peer.text.suffix(3000))")

        // The gateway's steps (SignallingGateway+Media): attach, one leg bound plain, the SDP offer names it.
        try await media.attach(cic: Self.cic)
        let local = try await media.addLeg(
            cic: Self.cic, leg: SignallingGateway.forkedMediaLeg, codec: .pcma(), remote: nil)
        let offer = SDPOfferAnswer.offer(
            SDPLocalMedia(sessionID: 3, address: "127.0.0.1", port: UInt16(local.port ?? 0), codecs: [.pcma, .pcmu]))
        let forking = SIPEdgeForking(edge: edge, domain: "127.0.0.1", offer: { _ in offer.encoded })
        let identity = SIPCallingIdentity(
            callingNumber: "31201234567", originalCalledNumber: "31612345678", calledNumber: "31208000000",
            redirectionReason: .mobileSubscriberNotReachable)
        let log = ForkLog()
        let settled = NIOLockedValueBox<[String]>([])
        let cic = Self.cic
        let handle = try await forking.fork(
            SubscriberCallRequest(
                callRef: "srtp-1", accountID: SIPEdgeTests.account, contacts: [], identity: identity),
            events: { event in log.events.withLockedValue { $0.append(event) } },
            media: { event in
                log.media.withLockedValue { $0.append(event) }
                let audio: SDPNegotiatedAudio
                switch event {
                case .answered(let negotiated): audio = negotiated
                case .earlyMedia(let negotiated): audio = negotiated
                case .session, .sessionModified, .sessionModificationFailed, .offerReceived: return
                }
                do {
                    let line = try SignallingGateway.settleForkedLeg(media, cic: cic, audio: audio)
                    settled.withLockedValue { $0.append(line) }
                } catch {
                    settled.withLockedValue { $0.append("error \(error)") }
                }
                if case .answered = event {
                    Task { try? await media.answered(cic: cic, leg: SignallingGateway.forkedMediaLeg) }
                }
            })

        // RFC 4568 §8.3: keys only to the device on TLS.
        let secureSDP = try #require(await offeredAudio(secure), "no INVITE at alice: \(secure.peer.text.suffix(3000))")
        let plainSDP = try #require(await offeredAudio(plain), "no INVITE at bob: \(plain.peer.text.suffix(3000))")
        #expect(secureSDP.contains { $0.hasPrefix("m=audio \(local.port ?? 0) RTP/SAVP ") }, "\(secureSDP)")
        #expect(secureSDP.filter { $0.hasPrefix("a=crypto:") }.count == 2, "\(secureSDP)")
        #expect(plainSDP.contains { $0.hasPrefix("m=audio \(local.port ?? 0) RTP/AVP ") }, "\(plainSDP)")
        #expect(!plainSDP.contains { $0.hasPrefix("a=crypto") }, "\(plainSDP)")

        let answered = await log.wait { $0 == .deviceAnswered }
        try #require(answered, "no answer: \(log.events.withLockedValue { $0 }) \(settled.withLockedValue { $0 })")
        let answeredAt = ce.receivedCount
        let audio = try #require(
            log.media.withLockedValue { events in
                events.lazy.compactMap { event -> SDPNegotiatedAudio? in
                    if case .answered(let audio) = event { return audio }
                    return nil
                }.first
            })
        #expect((audio.crypto != nil) == (answering == "tls"), "\(audio)")
        let settledLines = settled.withLockedValue { $0 }
        #expect(settledLines.allSatisfy { !$0.hasPrefix("error") }, "\(settledLines)")
        let answerer = answering == "tls" ? secure : plain

        // 3 s of the call: the device's RTP (or SRTP) reaches the timeslot, ours reaches the device.
        guard await ce.waitForReceived(answeredAt + Self.packetsPerSecond * 3, within: .seconds(20)) else {
            throw UDPPeer.Timeout()
        }
        let counters = try await media.securityCounters(cic: Self.cic, leg: SignallingGateway.forkedMediaLeg)
        if answering == "tls" {
            // RFC 3711 §3.3: authenticated SRTP both ways (≥ 2 s of 20 ms packets), nothing refused.
            let counters = try #require(counters, "the leg is not keyed")
            #expect(counters.unprotectedRTP >= 100 && counters.protectedRTP >= 100, "\(counters)")
            #expect(counters.dropped == 0, "\(counters)")
        } else {
            #expect(counters == nil, "the plain answer left keys on the leg: \(String(describing: counters))")
        }
        let heard = Array(ce.heard(timeslot: Self.cic)[answeredAt...].joined())
        let phoneSNR = Self.bestToneSNR(heard, frequency: Self.phoneTone)
        #expect(phoneSNR > 20, "1 kHz from baresip on the timeslot: SNR \(phoneSNR) dB over \(heard.count) samples")

        // On the wire: RTP-classified datagrams of the leg, their payload as clear A-law. SRTP hides the tone (and
        // carries the 10-octet tag of AES_CM_128_HMAC_SHA1_80 / 4 of _32); plain RTP shows it.
        let records = wire.withLockedValue { $0 }.filter { RTPMultiplexing.classify($0.bytes) == .rtp }
        let received = records.filter { !$0.sent }.compactMap { try? RTPPacket.decode($0.bytes) }
        let sent = records.filter(\.sent).compactMap { try? RTPPacket.decode($0.bytes) }
        #expect(received.count >= 100 && sent.count >= 100, "\(received.count) in, \(sent.count) out")
        let clearIn = received.flatMap { G711Codec.decode(Array($0.payload.readableBytesView), law: .aLaw) }
        let clearOut = sent.flatMap { G711Codec.decode(Array($0.payload.readableBytesView), law: .aLaw) }
        let wireIn = Self.bestToneSNR(clearIn, frequency: Self.phoneTone)
        let wireOut = Self.bestToneSNR(clearOut, frequency: Self.networkTone)
        if answering == "tls" {
            #expect(wireIn < 10 && wireOut < 10, "tone visible on the wire: in \(wireIn) dB, out \(wireOut) dB")
            #expect(received.allSatisfy { [164, 170].contains($0.payload.readableBytes) }, "payload sizes")
        } else {
            #expect(wireIn > 20, "plain RTP from bob carries the clear tone: \(wireIn) dB")
        }
        print(
            "SRTP call (\(answering) answers): counters \(String(describing: counters)); timeslot 1 kHz SNR \(phoneSNR) dB; wire SNR in \(wireIn) dB out \(wireOut) dB; \(received.count) in / \(sent.count) out"
        )

        // Our BYE; what baresip decoded (after its SRTP) holds the 700 Hz of the timeslot.
        forking.release(handle, cause: .normalCallClearing)
        _ = await answerer.traced { $0.isOKToBYE }
        let decoded = try #require(
            await answerer.decodedAudio(minimum: 8000), "no sndfile dump in \(answerer.directory.path)")
        let networkSNR = Self.bestToneSNR(decoded, frequency: Self.networkTone)
        #expect(networkSNR > 20, "700 Hz in what baresip decoded: SNR \(networkSNR) dB over \(decoded.count) samples")
        print("baresip (\(answering)) decoded 700 Hz at SNR \(networkSNR) dB over \(decoded.count) samples")
    }

    /// A SIP device over TLS written with Python's `ssl`: registers with digest (MD5), answers the INVITE it gets
    /// with 180 and a 200 whose SDP keeps RTP/SAVP but carries only `a=crypto:9 AES_CM_128_HMAC_SHA1_80` — a tag we
    /// never offered (RFC 4568 §7.1.3 refuses it) — then answers a BYE with 200 and prints every request it gets.
    static let refusingDevice = #"""
        import hashlib, re, socket, ssl, sys, uuid
        port, cafile, user, password = sys.argv[1:5]
        context = ssl.create_default_context(cafile=cafile)
        sock = context.wrap_socket(socket.create_connection(("127.0.0.1", int(port)), timeout=30),
                                   server_hostname="127.0.0.1")
        local = "127.0.0.1:%d" % sock.getsockname()[1]
        buffer = b""
        def read():
            global buffer
            while b"\r\n\r\n" not in buffer.lstrip(b"\r\n"):
                data = sock.recv(65536)
                if not data:
                    sys.exit(0)
                buffer += data
            buffer = buffer.lstrip(b"\r\n")
            head, _, rest = buffer.partition(b"\r\n\r\n")
            length = int((re.findall(rb"(?im)^(?:Content-Length|l)\s*:\s*(\d+)", head) or [b"0"])[0])
            while len(rest) < length:
                rest += sock.recv(65536)
            buffer = rest[length:]
            return head.decode(), rest[:length].decode()
        def register(cseq, authorization=None):
            lines = ["REGISTER sip:reroute.test SIP/2.0",
                     "Via: SIP/2.0/TLS %s;branch=z9hG4bK-%s;rport" % (local, uuid.uuid4().hex),
                     "Max-Forwards: 70", "From: <sip:%s@reroute.test>;tag=py" % user,
                     "To: <sip:%s@reroute.test>" % user, "Call-ID: refusing@test", "CSeq: %d REGISTER" % cseq,
                     "Contact: <sip:%s@%s;transport=tls>" % (user, local), "Expires: 600"]
            if authorization:
                lines.append("Authorization: " + authorization)
            sock.sendall(("\r\n".join(lines + ["Content-Length: 0", "", ""])).encode())
            return read()
        head, _ = register(1)
        params = dict(re.findall(r'(\w+)="?([^",]*)"?', re.findall(r"(?im)^WWW-Authenticate:\s*Digest (.*)$", head)[0]))
        h = lambda text: hashlib.md5(text.encode()).hexdigest()
        ha1, ha2 = h("%s:%s:%s" % (user, params["realm"], password)), h("REGISTER:sip:reroute.test")
        cnonce = uuid.uuid4().hex[:16]
        digest = h("%s:%s:00000001:%s:auth:%s" % (ha1, params["nonce"], cnonce, ha2))
        head, _ = register(2, 'Digest username="%s", realm="%s", nonce="%s", uri="sip:reroute.test", '
                              'response="%s", algorithm=MD5, qop=auth, nc=00000001, cnonce="%s"'
                              % (user, params["realm"], params["nonce"], digest, cnonce))
        print("REGISTERED", head.splitlines()[0], flush=True)
        def reply(request, status, body="", contact=True):
            keep = [l for l in request.splitlines()[1:] if re.match(r"(?i)^(via|from|call-id|cseq)\s*:", l)]
            to = [l for l in request.splitlines() if re.match(r"(?i)^to\s*:", l)][0]
            if ";tag=" not in to:
                to += ";tag=refuser"
            lines = ["SIP/2.0 " + status] + keep + [to]
            if contact:
                lines.append("Contact: <sip:%s@%s;transport=tls>" % (user, local))
            if body:
                lines.append("Content-Type: application/sdp")
            sock.sendall(("\r\n".join(lines + ["Content-Length: %d" % len(body), "", ""]) + body).encode())
        while True:
            head, body = read()
            first = head.splitlines()[0]
            reason = [l for l in head.splitlines() if l.lower().startswith("reason:")]
            print("REQUEST", first, "|", reason[0] if reason else "", "|", " ".join(
                l for l in body.splitlines() if l.startswith(("m=", "a=crypto"))), flush=True)
            if first.startswith("INVITE "):
                port_line = [l for l in body.splitlines() if l.startswith("m=audio")][0]
                sdp = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                       "m=audio 20000 RTP/SAVP 8\r\na=rtpmap:8 PCMA/8000\r\n"
                       "a=crypto:9 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\r\n")
                reply(head, "180 Ringing")
                reply(head, "200 OK", sdp)
            elif first.startswith("BYE "):
                reply(head, "200 OK", contact=False)
        """#

    @Test(
        "RFC 4568 §7.1.3 with RFC 3261 §13.2.2.4: a TLS device's 2xx whose answer has no a=crypto line of an offered tag is ACKed and its dialog ended by BYE (Reason SIP;cause=488); the answer never reaches the bridge (no keys, no answer event), and baresip on UDP in the same fork still rings, answers, and its RTP reaches the timeslot",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 is not installed"),
        .timeLimit(.minutes(2)))
    func unusableSecureAnswerEndsOnlyThatBranch() async throws {
        try await MachineLoadGate.realTime {
            try await Self.refusedBranch()
        }
    }

    static func refusedBranch() async throws {
        let directory = try EdgePeer.temporaryDirectory("srtp-refused")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keys = try certificate(in: directory)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let port = Int(LoopbackPorts.freeUDPPort())
        let tlsPort = Int(LoopbackPorts.freeTCPPort())
        let edge = try await SIPEdge.start(
            configuration: SIPEdgeConfiguration(
                transport: SIPTransportConfiguration(
                    host: "127.0.0.1", udpPort: port, tcpPort: port, tlsPort: tlsPort,
                    tls: SIPTLSSettings(certificateChainPath: keys.certificate, privateKeyPath: keys.key)),
                registrar: SIPRegistrarConfiguration(
                    realm: "reroute.test", algorithms: [.md5], minimumExpires: 0,
                    keepalive: .init(lossDetection: .seconds(40))),
                calls: SIPCallServiceConfiguration(host: "127.0.0.1", sessionTimers: false, seed: 19),
                pushWait: .seconds(5), secret: (0..<32).map { UInt8($0) }, seed: 9),
            credentials: EdgeCredentials(users: SIPEdgeTests.users, account: SIPEdgeTests.account),
            recorder: EdgeRecorder(), pushGateway: nil, pushTargets: nil, eventLoop: group.next())
        let pwPort = Int(LoopbackPorts.freeUDPPort())
        let cePort = Int(LoopbackPorts.freeUDPPort())
        let base = LoopbackPorts.freeUDPPort() & 0xFFF0
        let media = try await MediaBridgeService.start(
            configuration: .init(
                pseudowires: [
                    PseudowireConfiguration(
                        name: "e1", localPort: pwPort, remotePort: cePort, timeslots: Self.timeslots,
                        framesPerPacket: Self.frames)
                ],
                rtpPorts: RTPPortRange(lower: base, upper: base + 15)),
            group: group)
        let ce = try await PseudowireToneCE.start(
            group: group, port: cePort, remote: try SocketAddress(ipAddress: "127.0.0.1", port: pwPort),
            timeslots: Self.timeslots, framesPerPacket: Self.frames,
            signal: TestSignals.tone(Self.networkTone, seconds: 1, amplitude: 4000), duration: .seconds(40))
        let device = try EdgePeer(
            "/usr/bin/python3", ["-u", "-c", Self.refusingDevice, String(tlsPort), keys.certificate, "alice", "s3cret"],
            seconds: 60, directory: directory)
        let plain = try BaresipMediaPhone.start(
            user: "bob", password: "b0bpass", edgePort: port, source: TestSignals.tone(Self.phoneTone, seconds: 30),
            autoAnswer: false)
        var failure: (any Error)?
        do {
            try await refusedBranch(edge: edge, media: media, ce: ce, device: device, plain: plain)
        } catch {
            failure = error
        }
        device.kill()
        plain.peer.kill()
        await ce.stop()
        try? await media.shutdown()
        try? await edge.shutdown()
        try? await group.shutdownGracefully()
        if let failure { throw failure }
    }

    /// Waits (bounded) until the Python device printed a line containing `text`.
    static func printed(_ device: EdgePeer, _ text: String, seconds: Double = 15) async -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let line = device.text.completeLines.first(where: { $0.contains(text) }) { return String(line) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    static func refusedBranch(
        edge: SIPEdge, media: MediaBridgeService, ce: PseudowireToneCE, device: EdgePeer, plain: BaresipMediaPhone
    ) async throws {
        try #require(await printed(device, "REGISTERED SIP/2.0 200") != nil, "device: \(device.text)")
        let control = try await BaresipControl.connect(port: plain.controlPort)
        defer { Task { await control.close() } }
        // bob registered (his first REGISTER's 200 in his trace).
        let registered = await plain.traced { $0.startLine.hasPrefix("SIP/2.0 200") && $0.cseqMethod == "REGISTER" }
        try #require(registered != nil, "bob: \(plain.peer.text.suffix(3000))")
        try await media.attach(cic: Self.cic)
        let local = try await media.addLeg(
            cic: Self.cic, leg: SignallingGateway.forkedMediaLeg, codec: .pcma(), remote: nil)
        let offer = SDPOfferAnswer.offer(
            SDPLocalMedia(sessionID: 4, address: "127.0.0.1", port: UInt16(local.port ?? 0), codecs: [.pcma, .pcmu]))
        let forking = SIPEdgeForking(edge: edge, domain: "127.0.0.1", offer: { _ in offer.encoded })
        let identity = SIPCallingIdentity(
            callingNumber: "31201234567", originalCalledNumber: "31612345678", calledNumber: "31208000000",
            redirectionReason: .mobileSubscriberNotReachable)
        let log = ForkLog()
        let cic = Self.cic
        let handle = try await forking.fork(
            SubscriberCallRequest(callRef: "srtp-2", accountID: SIPEdgeTests.account, contacts: [], identity: identity),
            events: { event in log.events.withLockedValue { $0.append(event) } },
            media: { event in
                log.media.withLockedValue { $0.append(event) }
                guard case .answered(let audio) = event else { return }
                _ = try? SignallingGateway.settleForkedLeg(media, cic: cic, audio: audio)
                Task { try? await media.answered(cic: cic, leg: SignallingGateway.forkedMediaLeg) }
            })

        let invite = try #require(await printed(device, "REQUEST INVITE"), "device: \(device.text)")
        #expect(invite.contains("RTP/SAVP") && invite.contains("a=crypto:1 ") && invite.contains("a=crypto:2 "))
        let ack = await printed(device, "REQUEST ACK")
        #expect(ack != nil, "no ACK for the refused 2xx: \(device.text)")
        let bye = try #require(await printed(device, "REQUEST BYE"), "no BYE: \(device.text)")
        #expect(bye.contains("Reason: \(SIPForkingLeg.sessionRefusedReason)"), "\(bye)")
        #expect(!log.events.withLockedValue { $0 }.contains(.deviceAnswered), "\(log.events.withLockedValue { $0 })")
        #expect(log.media.withLockedValue { $0 }.isEmpty, "\(log.media.withLockedValue { $0 })")
        #expect(try await media.securityCounters(cic: Self.cic, leg: SignallingGateway.forkedMediaLeg) == nil)

        // bob still rings; he answers, his RTP/AVP answer wins and his RTP reaches the timeslot.
        #expect(await control.wait(forEvent: "CALL_INCOMING"), "\(control.eventTypes)")
        let bobInvite = await plain.traced { $0.startLine.hasPrefix("INVITE ") }
        #expect(bobInvite?.body.contains { $0.hasPrefix("m=audio \(local.port ?? 0) RTP/AVP ") } == true)
        try await control.send(command: "accept", token: "accept-1")
        let answered = await log.wait { $0 == .deviceAnswered }
        try #require(answered, "bob's answer did not win: \(log.events.withLockedValue { $0 })")
        let answeredAt = ce.receivedCount
        guard await ce.waitForReceived(answeredAt + Self.packetsPerSecond * 2, within: .seconds(20)) else {
            throw UDPPeer.Timeout()
        }
        let heard = Array(ce.heard(timeslot: Self.cic)[answeredAt...].joined())
        let snr = Self.bestToneSNR(heard, frequency: Self.phoneTone)
        #expect(snr > 20, "bob's 1 kHz on the timeslot: SNR \(snr) dB")
        print("refused TLS answer: \(bye); bob's tone SNR \(snr) dB")
        forking.release(handle, cause: .normalCallClearing)
        _ = await plain.traced { $0.isOKToBYE }
    }
}
