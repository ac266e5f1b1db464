import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SIGTRANTransport

/// The test waited longer than its bound for an event or a future.
struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Waits for `future` at most `timeout`; never hangs a test.
func wait<T: Sendable>(
    _ future: EventLoopFuture<T>, _ what: String, timeout: TimeAmount = .seconds(10)
) async throws -> T {
    let promise = future.eventLoop.makePromise(of: T.self)
    let timer = future.eventLoop.scheduleTask(in: timeout) { promise.fail(TimedOut(what: what)) }
    future.whenComplete { result in
        timer.cancel()
        promise.completeWith(result)
    }
    return try await promise.futureResult.get()
}

/// Records one association's events and lets a test wait until they satisfy a condition.
final class EventRecorder: Sendable {
    private struct Waiter {
        /// Checked against every event list (fine for the few events of a functional test).
        var condition: (@Sendable ([SIGTRANTransportEvent]) -> Bool)?
        /// Or: at least this many messages (O(1) per event, for thousands of messages).
        var messages: Int?
        var promise: EventLoopPromise<Void>

        func isSatisfied(_ state: State) -> Bool {
            if let messages { return state.messageCount >= messages }
            return condition?(state.events) ?? true
        }
    }

    private struct State {
        var events: [SIGTRANTransportEvent] = []
        var messageCount = 0
        var waiters: [Waiter] = []
    }

    private let state = NIOLockedValueBox(State())
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    var handler: SIGTRANEventHandler {
        { [self] _, event in record(event) }
    }

    var events: [SIGTRANTransportEvent] { state.withLockedValue { $0.events } }

    /// The messages received, as (payload, stream, ppid).
    var messages: [(ByteBuffer, UInt16, UInt32)] {
        events.compactMap { event in
            if case .message(let buffer, let stream, let ppid) = event { return (buffer, stream, ppid) }
            return nil
        }
    }

    func record(_ event: SIGTRANTransportEvent) {
        let ready = state.withLockedValue { state -> [EventLoopPromise<Void>] in
            state.events.append(event)
            if case .message = event { state.messageCount += 1 }
            guard !state.waiters.isEmpty else { return [] }
            let snapshot = state
            let ready = state.waiters.filter { $0.isSatisfied(snapshot) }.map(\.promise)
            state.waiters.removeAll { $0.isSatisfied(snapshot) }
            return ready
        }
        ready.forEach { $0.succeed() }
    }

    func wait(
        for what: String, timeout: TimeAmount = .seconds(10),
        until condition: @escaping @Sendable ([SIGTRANTransportEvent]) -> Bool
    ) async throws {
        try await wait(Waiter(condition: condition, messages: nil, promise: eventLoop.makePromise()), what, timeout)
    }

    func waitForMessages(_ count: Int, timeout: TimeAmount = .seconds(20)) async throws {
        try await wait(Waiter(condition: nil, messages: count, promise: eventLoop.makePromise()), "\(count) messages", timeout)
    }

    private func wait(_ waiter: Waiter, _ what: String, _ timeout: TimeAmount) async throws {
        let already = state.withLockedValue { state in
            if waiter.isSatisfied(state) { return true }
            state.waiters.append(waiter)
            return false
        }
        if already { waiter.promise.succeed() }
        try await SIGTRANTransportTests.wait(waiter.promise.futureResult, what, timeout: timeout)
    }

    func waitForDown() async throws -> SIGTRANAssociationDownReason {
        try await wait(for: "associationDown") { $0.contains { if case .associationDown = $0 { true } else { false } } }
        for case .associationDown(let reason) in events { return reason }
        throw TimedOut(what: "associationDown")
    }
}

/// Collects the associations a listener accepts, one recorder each.
final class AcceptRecorder: Sendable {
    private let accepted = NIOLockedValueBox<[(any SIGTRANAssociation, EventRecorder)]>([])
    private let arrivals: EventRecorder

    init(eventLoop: any EventLoop) {
        arrivals = EventRecorder(eventLoop: eventLoop)
    }

    var onAccept: SIGTRANAcceptHandler {
        { [self] association in
            let recorder = EventRecorder(eventLoop: association.eventLoop)
            accepted.withLockedValue { $0.append((association, recorder)) }
            arrivals.record(.associationRestarted)  // a marker: one per accepted association
            return recorder.handler
        }
    }

    /// Waits for the `index`-th accepted association (0-based).
    func association(_ index: Int) async throws -> (any SIGTRANAssociation, EventRecorder) {
        try await arrivals.wait(for: "accepted association #\(index)") { $0.count > index }
        return accepted.withLockedValue { $0[index] }
    }
}
