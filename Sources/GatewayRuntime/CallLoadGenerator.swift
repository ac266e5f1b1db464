import ISUPProtocol
public import NIOCore
import TelecomTypes

/// Places calls through a gateway, `parallel` at a time, each answered call released after `hold`, until `total`
/// calls have completed (IAM → ACM → ANM → REL → RLC): the MSC side of the loopback tests and the benchmark.
///
/// Feed it the gateway's events (`handle(_:)`, on the gateway's event loop); `finished` succeeds with the figures.
public final class CallLoadGenerator: @unchecked Sendable {
    public struct Figures: Sendable, CustomStringConvertible {
        public var completed: Int
        public var retried: Int
        public var failures: [String]
        public var seconds: Double
        /// IAM sent → ACM received, in milliseconds, sorted.
        public var setupLatencies: [Double]

        public var callsPerSecond: Double { seconds > 0 ? Double(completed) / seconds : 0 }

        public func percentile(_ p: Double) -> Double {
            guard !setupLatencies.isEmpty else { return 0 }
            let index = min(setupLatencies.count - 1, Int((p / 100 * Double(setupLatencies.count)).rounded(.up)) - 1)
            return setupLatencies[max(0, index)]
        }

        public var description: String {
            let rate = (callsPerSecond * 10).rounded() / 10
            let p50 = (percentile(50) * 100).rounded() / 100
            let p99 = (percentile(99) * 100).rounded() / 100
            return "\(completed) calls completed in \((seconds * 100).rounded() / 100) s (\(rate) calls/s), "
                + "IAM→ACM p50 \(p50) ms p99 \(p99) ms, \(retried) reattempts, \(failures.count) failures"
        }
    }

    public let total: Int
    public let parallel: Int
    public let hold: TimeAmount
    public let finished: EventLoopFuture<Figures>
    public weak var gateway: SignallingGateway?

    private let promise: EventLoopPromise<Figures>
    private var started = 0
    private var completed = 0
    private var retried = 0
    private var failures: [String] = []
    private var answered: Set<UInt32> = []
    private var placedAt: [UInt32: NIODeadline] = [:]
    private var latencies: [Double] = []
    private var firstCall: NIODeadline?
    private var done = false

    public init(total: Int, parallel: Int, hold: TimeAmount = .zero, eventLoop: any EventLoop) {
        self.total = total
        self.parallel = max(1, parallel)
        self.hold = hold
        promise = eventLoop.makePromise(of: Figures.self)
        finished = promise.futureResult
    }

    /// A gateway event (called on the gateway's event loop).
    public func handle(_ event: GatewayEvent) {
        guard !done else { return }
        switch event {
        case .linkUp:
            firstCall = firstCall ?? .now()
            for _ in 0..<parallel { placeNext() }
        case .callProgress(let cic, .addressComplete):
            if let sent = placedAt.removeValue(forKey: cic.value) {
                latencies.append(Double((NIODeadline.now() - sent).nanoseconds) / 1e6)
            }
        case .callProgress(let cic, .answered), .callProgress(let cic, .connected):
            placedAt[cic.value] = nil
            answered.insert(cic.value)
            if hold == .zero {
                gateway?.release(cic: cic)
            } else {
                gateway?.eventLoop.scheduleTask(in: hold) { self.gateway?.release(cic: cic) }
            }
        case .callReleased(let cic, let cause):
            placedAt[cic.value] = nil
            if answered.remove(cic.value) != nil {
                completed += 1
                if completed == total { finish() } else { placeNext() }
            } else if cause == .temporaryFailure {
                // Q.764 §2.9.3: a peer refuses calls (cause 41) until its GRS was acknowledged; an MSC reattempts.
                retried += 1
                started -= 1
                placeNext()
            } else {
                failures.append("CIC \(cic) released before answer, cause \(cause.rawValue)")
                finish()
            }
        case .linkDown:
            failures.append("link went down after \(completed) calls")
            finish()
        case .incomingCall, .callProgress:
            break
        }
    }

    /// Ends the run now (a timeout, for instance) with what has been measured.
    public func abandon(reason: String) {
        guard !done else { return }
        failures.append(reason)
        finish()
    }

    private func finish() {
        guard !done else { return }
        done = true
        let elapsed = firstCall.map { Double((NIODeadline.now() - $0).nanoseconds) / 1e9 } ?? 0
        promise.succeed(
            Figures(
                completed: completed, retried: retried, failures: failures, seconds: elapsed,
                setupLatencies: latencies.sorted()))
    }

    private func placeNext() {
        guard let gateway, started < total, !done else { return }
        started += 1
        let number = started
        gateway.placeCall(called: "4670\(1_000_000 + number % 9_000_000)", calling: "4687000000").whenSuccess { cic in
            guard let cic else {
                // No circuit free yet (GRS still pending, or all busy): try again shortly.
                self.started -= 1
                gateway.eventLoop.scheduleTask(in: .milliseconds(2)) { self.placeNext() }
                return
            }
            self.placedAt[cic.value] = self.placedAt[cic.value] ?? .now()
        }
    }
}
