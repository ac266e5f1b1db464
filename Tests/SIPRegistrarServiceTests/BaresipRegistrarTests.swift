import Foundation
import NIOCore
import RerouteTestSupport
import SIPRegistrar
import SIPRegistrarService
import SIPTransactions
import Testing

/// A headless baresip 1.0 (Debian) with one account registering through the registrar on loopback.
struct Baresip {
    static let executable = PeerProcess.find("baresip")

    let process: PeerProcess
    let directory: URL

    /// `transport` is `udp` or `tcp`; baresip answers OPTIONS with 200 (RFC 3261 §11.2). libre 1.0 fails a 401 whose
    /// first challenge is SHA-256 ("Function not implemented"), so its registrar offers MD5 only.
    static func start(user: String, password: String, registrarPort: Int, transport: String, seconds: Int = 60)
        throws -> Baresip
    {
        let directory = try PeerProcess.temporaryDirectory("baresip")
        // sip_listen binds UDP and TCP on the port (and TLS on port + 1).
        let port = Int(LoopbackPorts.freeTCPPort())
        let config = """
            module_path /usr/lib/baresip/modules
            sip_listen 127.0.0.1:\(port)
            module account.so
            module g711.so
            audio_player aubridge,nil
            audio_source aubridge,nil

            """
        try config.write(to: directory.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let account = "<sip:\(user)@reroute.test;transport=\(transport)>;auth_pass=\(password);"
            + "outbound=\"sip:127.0.0.1:\(registrarPort);transport=\(transport)\";regint=300\n"
        try account.write(to: directory.appendingPathComponent("accounts"), atomically: true, encoding: .utf8)
        let process = try PeerProcess(executable!, ["-f", directory.path], seconds: seconds, directory: directory)
        return Baresip(process: process, directory: directory)
    }

    func stop() async {
        process.signalPeer(SIGKILL)
        _ = await process.waitForExit(seconds: 5)
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite("Registrar with baresip", .serialized)
struct BaresipRegistrarTests {
    @Test(
        "RFC 7616 / RFC 3261 §11: baresip registers over UDP with digest; stopped (SIGSTOP), it is lost in time",
        .enabled(if: Baresip.executable != nil, "baresip is not installed"))
    func udpStopped() async throws {
        let loss = 4.0
        let (service, recorder, port) = try await SIPpRegistrarTests.startRegistrar(
            lossDetection: .seconds(4), algorithms: [.md5])
        let phone = try Baresip.start(user: "alice", password: "s3cret", registrarPort: port, transport: "udp")
        let registered = try #require(await recorder.wait(for: 15) { $0.isRegistered }, "\(phone.process.text)")
        #expect(registered.1.binding.flow.source.transport == "UDP")
        // It answers the OPTIONS probes while it runs: still registered after two loss periods.
        #expect(await recorder.wait(for: 2 * loss) { $0.isLost } == nil)
        #expect(await service.availableBindings(aor: "alice").count == 1)
        let stoppedAt = Date()
        phone.process.signalPeer(SIGSTOP)
        let lost = try #require(await recorder.wait(for: loss + 10) { $0.isLost })
        #expect(lost.0.timeIntervalSince(stoppedAt) <= loss + 1.5)
        #expect(await service.availableBindings(aor: "alice").isEmpty)
        phone.process.signalPeer(SIGCONT)
        await phone.stop()
        try await service.shutdown()
    }

    @Test(
        "RFC 5626 §4.4.1: baresip registers over TCP with digest; killed (SIGKILL), its flow closes and it is lost",
        .enabled(if: Baresip.executable != nil, "baresip is not installed"))
    func tcpKilled() async throws {
        let loss = 4.0
        let (service, recorder, port) = try await SIPpRegistrarTests.startRegistrar(
            lossDetection: .seconds(4), algorithms: [.md5])
        let phone = try Baresip.start(user: "alice", password: "s3cret", registrarPort: port, transport: "tcp")
        let registered = try #require(await recorder.wait(for: 15) { $0.isRegistered }, "\(phone.process.text)")
        #expect(registered.1.binding.flow.source.transport == "TCP")
        #expect(registered.1.binding.flow.connection != nil)
        let killedAt = Date()
        phone.process.signalPeer(SIGKILL)
        let lost = try #require(await recorder.wait(for: loss + 10) { $0.isLost })
        #expect(lost.0.timeIntervalSince(killedAt) <= loss + 1.5)
        await phone.stop()
        try await service.shutdown()
    }

    @Test(
        "RFC 7235 §3.1: baresip with a wrong password never gets a binding",
        .enabled(if: Baresip.executable != nil, "baresip is not installed"))
    func wrongPassword() async throws {
        let (service, recorder, port) = try await SIPpRegistrarTests.startRegistrar(
            lossDetection: .seconds(4), algorithms: [.md5])
        let phone = try Baresip.start(user: "alice", password: "wrong", registrarPort: port, transport: "udp")
        #expect(await recorder.wait(for: 4) { $0.isRegistered } == nil)
        #expect(await service.availableBindings(aor: "alice").isEmpty)
        await phone.stop()
        try await service.shutdown()
    }
}
