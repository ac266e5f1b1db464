import Foundation
import NIOCore
import NIOPosix
import SIPRegistrar
import SIPRegistrarService
import SIPTransport

/// Benchmark peer (not a test): Reroute's registrar on UDP with `USERS` static users (`user0` … `userN-1`, password
/// `s3cret`, realm `bench.test`, MD5 digest with qop=auth as sipp answers it), the per-source rate limit raised out
/// of the way (the load comes from one sipp). `scripts/benchmark-sip.sh` drives it and Kamailio with the same sipp
/// load. Usage: sip-bench PORT USERS — runs until SIGTERM; `sip-bench fork PORT CALLS CONCURRENCY` measures forked
/// calls (Fork.swift, `scripts/benchmark-forking.sh`).
struct StaticUsers: SIPCredentialStore {
    let count: Int

    func digestCredentials(username: String) async throws -> SIPDigestCredentials? {
        guard username.hasPrefix("user"), let index = Int(username.dropFirst(4)), index >= 0, index < count else {
            return nil
        }
        return SIPDigestCredentials(
            username: username, password: "s3cret", realm: "bench.test", accountID: "acct-\(index)",
            deviceID: "dev-\(index)")
    }
}

struct DiscardingRecorder: DeviceStateRecorder {
    func record(_ change: SIPDeviceStateChange, at time: Date) async {}
}

let arguments = CommandLine.arguments
if arguments.count == 5, arguments[1] == "fork", let port = Int(arguments[2]), let calls = Int(arguments[3]),
    let concurrency = Int(arguments[4])
{
    try await ForkBenchmark.run(port: port, calls: calls, concurrency: concurrency)
    exit(0)
}
guard arguments.count == 3, let port = Int(arguments[1]), let users = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: sip-bench PORT USERS\n".utf8))
    exit(2)
}
let registrar = try await SIPRegistrarService.start(
    configuration: SIPRegistrarConfiguration(
        realm: "bench.test", algorithms: [.md5], minimumExpires: 0,
        rateLimit: .init(ratePerSecond: 1_000_000, burst: 1_000_000), maximumBindingsPerAOR: 16),
    transport: SIPTransportConfiguration(host: "127.0.0.1", udpPort: port, tcpPort: nil),
    secret: (0..<32).map { _ in UInt8.random(in: 0...255) }, seed: UInt64.random(in: 0...UInt64.max),
    credentials: StaticUsers(count: users), recorder: DiscardingRecorder(),
    eventLoop: MultiThreadedEventLoopGroup.singleton.next())
print("sip-bench: registrar on 127.0.0.1:\(port) (UDP), \(users) users")
signal(SIGTERM, SIG_IGN)
let stop = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
    stop.setEventHandler { done.resume() }
    stop.resume()
}
try await registrar.shutdown()
