import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SDPNegotiation
import SDPWire
import SIPCallService
import SIPEdge
import SIPForking
import SIPRegistrar
import SIPRegistrarService
import SIPTransport
import SIPWire

/// `sip-bench fork PORT CALLS CONCURRENCY`: Reroute's SIP edge (registrar + forking call side on one UDP port) with two
/// devices of one account (`ua1`, `ua2`, password `s3cret`, realm `bench.test`), which sipp plays; once both are
/// registered it places CALLS forked calls, at most CONCURRENCY at once, each INVITEd to both devices in parallel: the
/// first 200 wins (ACK), the other branch is CANCELled, and the call is released at once (BYE). Prints the rate.
enum ForkBenchmark {
    struct Devices: SIPCredentialStore {
        func digestCredentials(username: String) async throws -> SIPDigestCredentials? {
            guard username == "ua1" || username == "ua2" else { return nil }
            return SIPDigestCredentials(
                username: username, password: "s3cret", realm: "bench.test", accountID: "acct",
                deviceID: "dev-\(username)")
        }
    }

    static func run(port: Int, calls: Int, concurrency: Int) async throws {
        let edge = try await SIPEdge.start(
            configuration: SIPEdgeConfiguration(
                transport: SIPTransportConfiguration(host: "127.0.0.1", udpPort: port, tcpPort: nil),
                registrar: SIPRegistrarConfiguration(
                    realm: "bench.test", algorithms: [.md5], minimumExpires: 0,
                    rateLimit: .init(ratePerSecond: 1_000_000, burst: 1_000_000)),
                calls: SIPCallServiceConfiguration(host: "127.0.0.1", ringTimeout: .seconds(30)),
                secret: (0..<32).map { _ in UInt8.random(in: 0...255) }),
            credentials: Devices(), recorder: DiscardingRecorder(),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        print("sip-bench: SIP edge on 127.0.0.1:\(port) (UDP); waiting for ua1 and ua2")
        let waitEnd = Date().addingTimeInterval(30)
        while await edge.registrar.availableBindings(account: "acct").count < 2 {
            guard Date() < waitEnd else {
                print("sip-bench: the two devices did not register")
                try await edge.shutdown()
                exit(1)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let offerBytes = SDPOfferAnswer.offer(
            SDPLocalMedia(sessionID: 1, address: "127.0.0.1", port: 40000)).encoded
        let offer = try SDPSessionDescription(parsing: offerBytes)
        let call = SIPForkingCall(
            from: SIPAddress(uri: SIPURI(user: "+442079460000", host: "bench.test")),
            to: SIPAddress(uri: SIPURI(user: "+447700900123", host: "bench.test")), offer: offerBytes)
        let failures = NIOLockedValueBox(0)
        let lastAnswer = NIOLockedValueBox(Date())
        let stuck = NIOLockedValueBox(0)
        let start = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<calls {
                if index >= concurrency { try await group.next() }
                group.addTask {
                    // 1: answered, 0: failed, -1: no final event within 40 s (the ring timeout is 30 s).
                    let outcome = AsyncStream<Int>.makeStream()
                    let id = try await edge.forkCall(call, account: "acct", offer: offer) { event in
                        switch event {
                        case .answered: outcome.continuation.yield(1)
                        case .failed, .released, .answerRejected: outcome.continuation.yield(0)
                        default: break
                        }
                    }.get()
                    let deadline = Task {
                        try await Task.sleep(for: .seconds(40))
                        outcome.continuation.yield(-1)
                    }
                    var result = -1
                    for await value in outcome.stream {
                        result = value
                        break
                    }
                    deadline.cancel()
                    switch result {
                    case 1:
                        lastAnswer.withLockedValue { $0 = max($0, Date()) }
                        edge.release(id)
                    case 0:
                        failures.withLockedValue { $0 += 1 }
                    default:
                        stuck.withLockedValue { $0 += 1 }
                        edge.abandon(id)
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = Date().timeIntervalSince(start)
        let failed = failures.withLockedValue { $0 }
        // A call no device answered waits for the ring timeout (30 s): the rate is taken up to the last answer.
        let answering = lastAnswer.withLockedValue { $0 }.timeIntervalSince(start)
        print(String(
            format: "sip-bench: %d forked calls (2 devices each), %d failed, %d without a final event in 40 s; %d "
                + "answered in %.2f s → %.0f calls/s (all ended after %.2f s)", calls, failed,
            stuck.withLockedValue { $0 }, calls - failed - stuck.withLockedValue { $0 }, answering,
            Double(calls - failed - stuck.withLockedValue { $0 }) / answering, seconds))
        // Let the last BYEs and CANCELs finish before the sockets close.
        try await Task.sleep(for: .seconds(2))
        try await edge.shutdown()
    }
}
