import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import RerouteTestSupport
import RoutingAdapters
import RoutingCore
import RoutingService
import RoutingStore
import SIPRegistrar
import SIPRegistrarService
import SIPTransport
import Testing

/// One private PostgreSQL cluster for this test process, stopped at exit.
enum RegistrarTestCluster {
    private static let shared: Result<PrivatePostgresCluster, any Error> = {
        let result = Result { try PrivatePostgresCluster.start() }
        if case .success = result { atexit { RegistrarTestCluster.stopAtExit() } }
        return result
    }()

    static func stopAtExit() {
        if case .success(let cluster) = shared { cluster.stop() }
    }

    static func freshDatabase(_ name: String) throws -> String {
        let cluster = try shared.get()
        try cluster.createDatabase("\(name)\(getpid())")
        return cluster.url(database: "\(name)\(getpid())")
    }
}

/// Forwards to two recorders: the routing server adapter, and the in-memory one the test waits on.
struct TeeRecorder: DeviceStateRecorder {
    let first: any DeviceStateRecorder
    let second: any DeviceStateRecorder

    func record(_ change: SIPDeviceStateChange, at time: Date) async {
        await first.record(change, at: time)
        await second.record(change, at: time)
    }
}

@Suite("Registrar with the real routing server on PostgreSQL")
struct RoutingServiceRegistrarTests {
    @Test(
        "Mission availability: login → baresip REGISTER with the login's SIP credentials → available → SIGKILL → not",
        .enabled(if: Baresip.executable != nil, "baresip is not installed"))
    func loginRegisterLose() async throws {
        let url = try DatabaseURL(try RegistrarTestCluster.freshDatabase("registrar"))
        var logger = Logger(label: "test.registrar")
        logger.logLevel = .warning
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let database = RoutingDatabase(client: client, logger: logger)
            try await database.migrate()
            var configuration = RoutingConfiguration()
            configuration.sipDomain = "reroute.test"
            let routing = RoutingService(
                database: database, configuration: configuration, sms: InMemorySMSSink(),
                calls: InMemoryOutboundCallSink(), provisioning: NoProvisioningPlatform())
            _ = try await routing.createAccount(number: "+447700900123", password: "correct horse", source: "test")
            let login = try await routing.login(
                number: "+447700900123", password: "correct horse",
                device: DeviceRegistration(id: "phone-1", name: "Pixel", vendor: "Google", os: "Android"),
                source: "test")
            #expect(try await routing.me(token: login.token).devices.first?.available == false)

            let adapter = RoutingServiceSIPAdapter(service: routing)
            let recorder = RecordingDeviceStateRecorder()
            let port = Int(LoopbackPorts.freeUDPPort())
            let registrar = try await SIPRegistrarService.start(
                configuration: SIPRegistrarConfiguration(
                    realm: login.sip.domain, algorithms: [.md5], minimumExpires: 0,
                    keepalive: .init(lossDetection: .seconds(4))),
                transport: SIPTransportConfiguration(host: "127.0.0.1", udpPort: port, tcpPort: port),
                secret: (0..<32).map { UInt8($0 * 3) }, seed: 11, credentials: adapter,
                recorder: TeeRecorder(first: adapter, second: recorder),
                eventLoop: MultiThreadedEventLoopGroup.singleton.next())
            let phone = try Baresip.start(
                user: login.sip.username, password: login.sip.password, registrarPort: port, transport: "tcp")
            let registered = try #require(await recorder.wait(for: 15) { $0.isRegistered }, "\(phone.process.text)")
            #expect(registered.1.binding.accountID == login.accountID.description)
            #expect(await registrar.availableBindings(account: login.accountID.description).count == 1)
            let available = try await routing.me(token: login.token).devices.first
            #expect(available?.available == true)
            #expect(available?.connectionState == .connected)

            phone.process.signalPeer(SIGKILL)
            #expect(await recorder.wait(for: 10) { $0.isLost } != nil)
            let gone = try await routing.me(token: login.token).devices.first
            #expect(gone?.available == false)
            #expect(gone?.connectionState == .disconnected)
            let history = try await routing.deviceHistory(token: login.token, deviceID: "phone-1").map(\.kind)
            #expect(Array(history.suffix(2)) == [.registration, .connectionLoss])
            await phone.stop()
            try await registrar.shutdown()
        }
    }
}
