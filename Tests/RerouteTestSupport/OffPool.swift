public import Foundation

/// Runs blocking work (waiting for a child process, a future's `wait()`) on a thread of its own and suspends the
/// calling task until it is done.
///
/// Swift's cooperative pool has one thread per core — two on the CI machine. A test that blocks one of them for the
/// minutes a peer runs (schemathesis, libss7, sipp) halves what every other test in flight gets: their deadline-bound
/// waits and `Task.sleep`s fire late and timing assertions fail. Blocking work in a test goes through here.
public enum OffPool {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}

extension ExternalTool {
    /// `run(_:_:in:)` from an async test, without holding a cooperative thread while the program runs.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: URL? = nil
    ) async throws -> Result {
        try await OffPool.run { try runBlocking(executable, arguments, in: directory) }
    }
}
