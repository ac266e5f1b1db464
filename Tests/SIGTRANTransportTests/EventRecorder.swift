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
        var condition: @Sendable ([SIGTRANTransportEvent]) -> Bool
        var promise: EventLoopPromise<Void>
    }

    private let state = NIOLockedValueBox<(events: [SIGTRANTransportEvent], waiters: [Waiter])>(([], []))
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
            let events = state.events
            let ready = state.waiters.filter { $0.condition(events) }.map(\.promise)
            state.waiters.removeAll { $0.condition(events) }
            return ready
        }
        ready.forEach { $0.succeed() }
    }

    func wait(
        for what: String, timeout: TimeAmount = .seconds(10),
        until condition: @escaping @Sendable ([SIGTRANTransportEvent]) -> Bool
    ) async throws {
        let promise = eventLoop.makePromise(of: Void.self)
        let already = state.withLockedValue { state in
            if condition(state.events) { return true }
            state.waiters.append(Waiter(condition: condition, promise: promise))
            return false
        }
        if already { promise.succeed() }
        try await SIGTRANTransportTests.wait(promise.futureResult, what, timeout: timeout)
    }

    func waitForMessages(_ count: Int, timeout: TimeAmount = .seconds(20)) async throws {
        try await wait(for: "\(count) messages", timeout: timeout) { events in
            events.count { if case .message = $0 { return true } else { return false } } >= count
        }
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
