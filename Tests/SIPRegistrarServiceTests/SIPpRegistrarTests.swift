import Foundation
import NIOCore
import NIOPosix
import RerouteTestSupport
import SIPRegistrar
import SIPRegistrarService
import SIPTransport
import Testing

/// The registrar against sipp, a SIP test tool nobody here wrote (Debian sip-tester), on loopback.
@Suite("Registrar with sipp", .serialized)
struct SIPpRegistrarTests {
    static let sipp = PeerProcess.find("sipp")

    static func startRegistrar(
        lossDetection: TimeAmount, algorithms: [DigestAlgorithm] = [.sha256, .md5],
        users: [String: String] = ["alice": "s3cret"]
    ) async throws -> (SIPRegistrarService, RecordingDeviceStateRecorder, Int) {
        let recorder = RecordingDeviceStateRecorder()
        var table: [String: SIPDigestCredentials] = [:]
        for (user, password) in users {
            table[user] = SIPDigestCredentials(
                username: user, password: password, realm: "reroute.test", accountID: "acct-\(user)",
                deviceID: "dev-\(user)")
        }
        let port = Int(LoopbackPorts.freeUDPPort())
        let service = try await SIPRegistrarService.start(
            configuration: SIPRegistrarConfiguration(
                realm: "reroute.test", algorithms: algorithms, minimumExpires: 0,
                keepalive: .init(lossDetection: lossDetection)),
            transport: SIPTransportConfiguration(host: "127.0.0.1", udpPort: port, tcpPort: port),
            secret: (0..<32).map { UInt8($0) }, seed: 7, credentials: StaticCredentialStore(users: table),
            recorder: recorder, eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        return (service, recorder, port)
    }

    static func runSipp(_ scenario: String, port: Int, user: String = "alice", password: String = "s3cret",
        seconds: Int = 40) throws -> (PeerProcess, URL)
    {
        let directory = try PeerProcess.temporaryDirectory("sipp-reg")
        let file = directory.appendingPathComponent("scenario.xml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        let local = Int(LoopbackPorts.freeUDPPort())
        let peer = try PeerProcess(
            sipp!,
            ["127.0.0.1:\(port)", "-sf", file.path, "-t", "u1", "-i", "127.0.0.1", "-p", "\(local)", "-m", "1",
                "-s", user, "-au", user, "-ap", password, "-nostdin", "-timeout", "\(seconds)s", "-timeout_error",
                "-trace_err"],
            seconds: seconds + 5, directory: directory)
        return (peer, directory)
    }

    @Test(
        "RFC 3261 §10.2 / RFC 7616: sipp registers with MD5 digest, refreshes, unregisters",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"))
    func lifecycle() async throws {
        // sipp 3.6 answers only MD5 challenges (its [authentication] has no SHA-256).
        let (service, recorder, port) = try await Self.startRegistrar(lossDetection: .seconds(30), algorithms: [.md5])
        let (sipp, directory) = try Self.runSipp(SIPpScenarios.lifecycle, port: port)
        defer { try? FileManager.default.removeItem(at: directory) }
        let registered = await recorder.wait(for: 15) { $0.isRegistered }
        #expect(registered != nil)
        #expect(registered?.1.binding.accountID == "acct-alice")
        #expect(await recorder.wait(for: 15) { $0.isRefreshed } != nil)
        #expect(await recorder.wait(for: 15) { $0.isUnregistered } != nil)
        let status = await sipp.waitForExit(seconds: 20)
        #expect(status == 0, "sipp: \(sipp.text.suffix(2000))")
        #expect(await service.availableBindings(account: "acct-alice").isEmpty)
        #expect(await recorder.changes.contains { $0.1.isLost } == false)
        try await service.shutdown()
    }

    @Test(
        "RFC 5626 §4.4 / issue 5: a sipp client that stops answering OPTIONS is lost within the configured time",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"))
    func silentClientLost() async throws {
        let loss = 4.0
        let (service, recorder, port) = try await Self.startRegistrar(lossDetection: .seconds(4), algorithms: [.md5])
        let (sipp, directory) = try Self.runSipp(SIPpScenarios.silent, port: port)
        defer { try? FileManager.default.removeItem(at: directory) }
        let registered = try #require(await recorder.wait(for: 15) { $0.isRegistered })
        #expect(await service.availableBindings(account: "acct-alice").count == 1)
        let lost = try #require(await recorder.wait(for: loss + 10) { $0.isLost })
        // The REGISTER was its last sign of life: lost no later than the configured time after it (plus the
        // scheduling slack of a loaded 2-core machine).
        #expect(lost.0.timeIntervalSince(registered.0) <= loss + 1.5)
        #expect(await service.availableBindings(account: "acct-alice").isEmpty)
        sipp.signalPeer(SIGKILL)
        _ = await sipp.waitForExit(seconds: 5)
        try await service.shutdown()
    }
}
