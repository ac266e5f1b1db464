/// Keeps apart, within the test process, the tests whose audio runs on real time in this process (a 1 ms CESoPSN
/// pseudowire and its CE: a starved event loop skips periods and the audio slips) and the tests that load the 2-core
/// machine with other processes (gateway and routing-server processes with their PostgreSQL clusters, schemathesis,
/// baresip, the demo). Heavy tests run together; a real-time test runs when none of them does, and waiting real-time
/// tests go first (FIFO), so neither side starves. Other tests are not held.
public actor MachineLoadGate {
    public static let shared = MachineLoadGate()

    private var heavyRunning = 0
    private var realTimeRunning = false
    private var waiting: [(exclusive: Bool, continuation: CheckedContinuation<Void, Never>)] = []

    /// Runs `body` among the heavy tests.
    public static func heavy<T>(_ body: () async throws -> T) async throws -> T {
        try await shared.run(exclusive: false, body)
    }

    /// Runs `body` with no heavy test running.
    public static func realTime<T>(_ body: () async throws -> T) async throws -> T {
        try await shared.run(exclusive: true, body)
    }

    private nonisolated func run<T>(exclusive: Bool, _ body: () async throws -> T) async throws -> T {
        await acquire(exclusive: exclusive)
        do {
            let result = try await body()
            await release(exclusive: exclusive)
            return result
        } catch {
            await release(exclusive: exclusive)
            throw error
        }
    }

    private func acquire(exclusive: Bool) async {
        if waiting.isEmpty, canEnter(exclusive) {
            enter(exclusive)
            return
        }
        await withCheckedContinuation { waiting.append((exclusive, $0)) }
    }

    private func release(exclusive: Bool) {
        if exclusive { realTimeRunning = false } else { heavyRunning -= 1 }
        while let first = waiting.first, canEnter(first.exclusive) {
            waiting.removeFirst()
            enter(first.exclusive)
            first.continuation.resume()
        }
    }

    private func canEnter(_ exclusive: Bool) -> Bool {
        exclusive ? !realTimeRunning && heavyRunning == 0 : !realTimeRunning
    }

    private func enter(_ exclusive: Bool) {
        if exclusive { realTimeRunning = true } else { heavyRunning += 1 }
    }
}
