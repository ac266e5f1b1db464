import Foundation
import NIOCore
import NIOPosix
import PushNotifier
import RerouteTestSupport
import RoutingCore
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

/// Devices of one account, woken by push when they have a token and no registration.
struct FixedPushTargets: PushTargetLookup {
    var targets: [PushTarget]

    func pushTargets(account: String) async throws -> [PushTarget] { targets }
}

/// The edge against real peers on loopback: baresip and sipp register through it and are called through it.
@Suite(
    "SIPEdge with baresip and sipp (issue 5 items 2–4, 7)", .serialized,
    .enabled(if: EdgePeer.sipp != nil, "sipp (Debian sip-tester) is not installed"))
struct SIPEdgeTests {
    static let account = "acct-1"
    static let users = ["alice": "s3cret", "bob": "b0bpass"]

    static func startEdge(
        pushGateway: (any PushGateway)? = nil, pushTargets: [PushTarget]? = nil, pushWait: TimeAmount = .seconds(15)
    ) async throws -> (SIPEdge, EdgeRecorder, Int) {
        let port = Int(LoopbackPorts.freeUDPPort())
        let recorder = EdgeRecorder()
        let configuration = SIPEdgeConfiguration(
            transport: SIPTransportConfiguration(host: "127.0.0.1", udpPort: port, tcpPort: port),
            // sipp 3.6 and baresip 1.0 answer MD5 challenges only (docs/registrar.md).
            registrar: SIPRegistrarConfiguration(
                realm: "reroute.test", algorithms: [.md5], minimumExpires: 0,
                keepalive: .init(lossDetection: .seconds(40))),
            calls: SIPCallServiceConfiguration(host: "127.0.0.1", sessionTimers: false, seed: 11),
            pushWait: pushWait, secret: (0..<32).map { UInt8($0) }, seed: 5)
        let edge = try await SIPEdge.start(
            configuration: configuration, credentials: EdgeCredentials(users: users, account: account),
            recorder: recorder, pushGateway: pushGateway, pushTargets: pushTargets.map(FixedPushTargets.init),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        return (edge, recorder, port)
    }

    static func call() -> (SIPForkingCall, SDPSessionDescription) {
        let identity = SIPCallingIdentity(
            callingNumber: "31201234567", originalCalledNumber: "31612345678", calledNumber: "31208000000",
            redirectionReason: .mobileSubscriberNotReachable)
        let offer = SDPOfferAnswer.offer(SDPLocalMedia(sessionID: 1, address: "127.0.0.1", port: 40000))
        return (identity.call(domain: "127.0.0.1", offer: offer.encoded), offer)
    }

    static func fork(_ edge: SIPEdge, log: EventLog) async throws -> SIPCallID {
        let (call, offer) = Self.call()
        return try await edge.forkCall(call, account: account, offer: offer) { log.record($0) }.get()
    }

    /// Waits (bounded) until `peer`'s sipp message trace contains `text`.
    static func trace(_ peer: EdgePeer, contains text: String, seconds: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if peer.file("messages.log").contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    static let wakeToken = PushToken(provider: "apns", param: "ABCD.com.example.reroute.voip", prid: "00fc13adff78512")

    @Test(
        "RFC 5626 §5.3: baresip registered over TCP is called down its connection and answers; a sipp device on UDP in the same fork gets CANCEL with Reason SIP;cause=200 (RFC 3326); then released",
        .enabled(if: EdgePeer.baresip != nil, "baresip is not installed"))
    func baresipOverTCPWithSippOverUDP() async throws {
        let (edge, recorder, port) = try await Self.startEdge()
        let phone = try BaresipDevice.start(user: "alice", password: "s3cret", edgePort: port, transport: "tcp")
        let sipp = try SIPpEdgeDevice.start(
            user: "bob", password: "b0bpass", edgePort: port,
            outOfCall: EdgeScenarios.ringing(cancelReason: "SIP;cause=200"), seconds: 20)
        let alice = try #require(await recorder.registered("alice"), "\(phone.text.suffix(2000))")
        #expect(alice.flow.source.transport == "TCP")
        #expect(alice.flow.connection != nil)
        let bob = try #require(await recorder.registered("bob"), "\(sipp.text.suffix(2000))")
        #expect(bob.flow.source.transport == "UDP")

        let log = EventLog()
        let call = try await Self.fork(edge, log: log)
        let answered = await log.wait { $0.isAnswered }
        #expect(answered != nil, "events \(log.all); baresip: \(phone.text.suffix(3000))")
        #expect(await Self.trace(sipp, contains: "Reason: SIP;cause=200"), "\(sipp.file("messages.log").suffix(3000))")
        // The ACK for the 487 closes the sipp branch (RFC 3261 §17.1.1.3).
        #expect(await Self.trace(sipp, contains: "ACK sip:"))
        edge.release(call, cause: .normalCallClearing)
        // baresip answers the BYE with 200 on the same connection (seen in a debug trace); SIPCallEvent has no event
        // for the end of a call we released and baresip 1.0 logs nothing for it, so this test cannot observe it.
        phone.kill()
        sipp.kill()
        try await edge.shutdown()
    }

    @Test("Issue 5 item 7 / RFC 3261 §8.2.1, §11.2, §21.5.2: a client's INVITE → 403 (ACK absorbed); OPTIONS → 200 with Allow; unknown method → 501; SUBSCRIBE → 405")
    func clientRequestsAnsweredOnce() async throws {
        let (edge, _, port) = try await Self.startEdge()
        let directory = try EdgePeer.temporaryDirectory("sipp-client")
        let file = directory.appendingPathComponent("client.xml")
        try EdgeScenarios.client.write(to: file, atomically: true, encoding: .utf8)
        let local = Int(LoopbackPorts.freeUDPPort())
        let sipp = try EdgePeer(
            EdgePeer.sipp!,
            [
                "127.0.0.1:\(port)", "-sf", file.path, "-t", "u1", "-i", "127.0.0.1", "-p", "\(local)", "-m", "1",
                "-nostdin", "-timeout", "15s", "-timeout_error", "-trace_msg", "-message_file",
                directory.appendingPathComponent("messages.log").path,
            ],
            seconds: 20, directory: directory)
        let status = await sipp.waitForExit(seconds: 20)
        #expect(status == 0, "sipp: \(sipp.text.suffix(1500)) \(sipp.file("messages.log").suffix(3000))")
        // Answered once: one 403, no second answer to the same INVITE from another owner.
        let trace = sipp.file("messages.log")
        #expect(trace.components(separatedBy: "SIP/2.0 403").count - 1 == 1)
        #expect(trace.components(separatedBy: "SIP/2.0 501").count - 1 == 1)
        #expect(trace.components(separatedBy: "SIP/2.0 200").count - 1 == 1)
        try await edge.shutdown()
    }

    @Test("Issue 5 item 3: nobody registered, a device woken by push registers while the call waits → it gets the INVITE (late forking) and answers")
    func pushWakeUpAndLateFork() async throws {
        let server = try await LocalHTTPServer(script: [.respond(status: 200, body: "{}")])
        let gateway = HTTPPushGateway(configuration: .init(url: "http://127.0.0.1:\(server.port)/push"))
        let (edge, recorder, port) = try await Self.startEdge(
            pushGateway: gateway,
            pushTargets: [PushTarget(deviceID: "dev-bob", aor: "bob", token: Self.wakeToken)])
        let log = EventLog()
        let call = try await Self.fork(edge, log: log)
        // The push gateway hears of the call first; only then does the device wake up and register.
        let deadline = Date().addingTimeInterval(10)
        while server.received.isEmpty, Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        let push = try #require(server.received.first, "no push; events \(log.all)")
        #expect(push.body.contains("\"pn_prid\":\"00fc13adff78512\""))
        #expect(push.body.contains("\"type\":\"incoming_call\""))
        #expect(push.body.contains("\"call_id\":\"\(call)\""))
        let sipp = try SIPpEdgeDevice.start(
            user: "bob", password: "b0bpass", edgePort: port,
            outOfCall: EdgeScenarios.answering(ringMilliseconds: 100), seconds: 15)
        #expect(await recorder.registered("bob") != nil, "\(sipp.text.suffix(2000))")
        #expect(await log.wait { $0.isAnswered } != nil, "events \(log.all); \(sipp.file("messages.log").suffix(3000))")
        #expect(!log.all.contains { $0.isFailed })
        edge.release(call)
        #expect(await Self.trace(sipp, contains: "BYE sip:"))
        #expect(await Self.trace(sipp, contains: "Reason: Q.850;cause=16"))
        sipp.kill()
        try await edge.shutdown()
        try await gateway.shutdown()
        try await server.close()
    }

    @Test("Issue 5 item 3: a woken device registering after another device answered gets no INVITE (a MESSAGE sent after its registration reaches it first)")
    func lateDeviceAfterAnswerGetsNoInvite() async throws {
        let server = try await LocalHTTPServer(script: [.respond(status: 200, body: "{}")])
        let gateway = HTTPPushGateway(configuration: .init(url: "http://127.0.0.1:\(server.port)/push"))
        let (edge, recorder, port) = try await Self.startEdge(
            pushGateway: gateway,
            pushTargets: [PushTarget(deviceID: "dev-bob", aor: "bob", token: Self.wakeToken)])
        let alice = try SIPpEdgeDevice.start(
            user: "alice", password: "s3cret", edgePort: port,
            outOfCall: EdgeScenarios.answering(ringMilliseconds: 0), seconds: 20)
        #expect(await recorder.registered("alice") != nil, "\(alice.text.suffix(2000))")
        let log = EventLog()
        let call = try await Self.fork(edge, log: log)
        #expect(await log.wait { $0.isAnswered } != nil, "events \(log.all)")
        let bob = try SIPpEdgeDevice.start(
            user: "bob", password: "b0bpass", edgePort: port, outOfCall: EdgeScenarios.message, seconds: 10)
        #expect(await recorder.registered("bob") != nil, "\(bob.text.suffix(2000))")
        // The registration was handed to the edge before the recorder saw it; a late INVITE would have left before
        // this MESSAGE on the same socket.
        let outcomes = await edge.sendMessage(
            account: Self.account, from: SIPAddress(uri: SIPURI(user: "voicemail", host: "reroute.test")),
            contentType: "text/plain", body: Array("marker".utf8))
        let bobOutcome = outcomes.first { $0.aor == "bob" }?.outcome
        #expect(bobOutcome == .delivered(.ok), "\(outcomes)")
        #expect(await Self.trace(bob, contains: "MESSAGE sip:"))
        #expect(!bob.file("messages.log").contains("INVITE sip:"), "\(bob.file("messages.log"))")
        edge.release(call)
        #expect(await Self.trace(alice, contains: "BYE sip:"))
        alice.kill()
        bob.kill()
        try await edge.shutdown()
        try await gateway.shutdown()
        try await server.close()
    }

    @Test("RFC 3428 §4, §7: MESSAGE to the registered sipp device → 200; the outcome names the device")
    func messageDelivered() async throws {
        let (edge, recorder, port) = try await Self.startEdge()
        let sipp = try SIPpEdgeDevice.start(
            user: "bob", password: "b0bpass", edgePort: port, outOfCall: EdgeScenarios.message, seconds: 10)
        #expect(await recorder.registered("bob") != nil, "\(sipp.text.suffix(2000))")
        let outcomes = await edge.sendMessage(
            account: Self.account, from: SIPAddress(uri: SIPURI(user: "voicemail", host: "reroute.test")),
            contentType: "text/plain;charset=utf-8", body: Array("Missed call from +31201234567".utf8))
        #expect(outcomes.count == 1)
        #expect(outcomes.first?.outcome == .delivered(.ok), "\(outcomes) \(sipp.file("messages.log").suffix(2000))")
        #expect(outcomes.first?.deviceID == "dev-bob")
        let trace = sipp.file("messages.log")
        #expect(trace.contains("Missed call from +31201234567"))
        #expect(trace.contains("Content-Type: text/plain;charset=utf-8"))
        sipp.kill()
        try await edge.shutdown()
    }

    @Test("Q.850 cause 20: no binding and nobody to wake → .failed(480, cause 20) at once")
    func nobodyToRing() async throws {
        let (edge, _, _) = try await Self.startEdge()
        let log = EventLog()
        _ = try await Self.fork(edge, log: log)
        #expect(await log.wait(seconds: 5) { $0.isFailed } == .failed(SIPEdge.subscriberAbsent))
        try await edge.shutdown()
    }

    @Test("RFC 8599 §5.1 / Q.850 cause 20: the only device's push token is refused (410) → .failed(cause 20) before pushWait ends")
    func pushRefused() async throws {
        let server = try await LocalHTTPServer(script: [.respond(status: 410, body: "{}")])
        let gateway = HTTPPushGateway(configuration: .init(url: "http://127.0.0.1:\(server.port)/push"))
        let (edge, _, _) = try await Self.startEdge(
            pushGateway: gateway,
            pushTargets: [PushTarget(deviceID: "dev-bob", aor: "bob", token: Self.wakeToken)], pushWait: .seconds(60))
        let log = EventLog()
        _ = try await Self.fork(edge, log: log)
        #expect(await log.wait(seconds: 10) { $0.isFailed } == .failed(SIPEdge.subscriberAbsent), "\(log.all)")
        #expect(server.received.count == 1)
        try await edge.shutdown()
        try await gateway.shutdown()
        try await server.close()
    }
}
