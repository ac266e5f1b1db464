public import NIOCore
import SIPTransactions

/// How a device's liveness is probed (RFC 5626 §4.4 keepalives; RFC 3261 §11 OPTIONS).
public enum KeepaliveProbeKind: Hashable, Sendable {
    /// A double-CRLF ping on the device's stream flow; the device answers with a single CRLF (RFC 5626 §4.4.1). On
    /// WebSocket flows the shell sends a WebSocket Ping instead, answered by a Pong (RFC 6455 §5.5.2, RFC 7118 §6).
    case crlfPing
    /// An OPTIONS request to the binding's reachable address; any response proves the device is there.
    case options
}

/// One armed keepalive timer; a firing whose generation is stale (cancelled, re-armed) is ignored.
public struct KeepaliveTimer: Hashable, Sendable {
    public var binding: SIPBindingID
    public var generation: UInt64
}

/// Notices when a registered device goes silent, within a bounded time.
///
/// ```
///            watch ─▶ Waiting ──(interval since the last sign of life)──▶ Probing(misses: 0) ── probe sent
///                       ▲  ▲                                                  │ answer timeout
///   any sign of life ───┘  └──────────── probe answered / traffic ──────────  ▼
///   (message, CRLF ping, pong)                                 Probing(misses + 1) ── probe again
///                                                                   │ misses = allowedMisses
///   flow closed (stream) ──────────────────────────────────────────────────▶ lost
/// ```
/// On stream flows the probe is a CRLF ping when the device has shown it speaks RFC 5626 keepalives (it sent a ping
/// or registered with outbound), otherwise OPTIONS; on UDP it is OPTIONS. Time comes in with every call.
///
/// Bound: a device silent since `t` is declared lost by `t + probeInterval + allowedMisses × answerTimeout`, which
/// ``Configuration`` keeps at or below `lossDetection` (default 40 s, never more).
public struct KeepaliveMonitor: Sendable {
    public struct Configuration: Hashable, Sendable {
        /// The longest a silent device may stay available. Capped at 40 s.
        public let lossDetection: TimeAmount
        /// Silence after which a probe is sent.
        public let probeInterval: TimeAmount
        /// How long a probe waits for its answer.
        public let answerTimeout: TimeAmount
        /// Unanswered probes in a row that mean the device is lost.
        public let allowedMisses: Int

        public static let maximumLossDetection = TimeAmount.seconds(40)

        /// Derives the probing schedule from the loss bound: up to 5 s (an eighth of the bound) per probe answer,
        /// two misses, the rest of the bound as the probe interval.
        public init(lossDetection: TimeAmount = .seconds(40), allowedMisses: Int = 2) {
            let bound = min(max(lossDetection, .milliseconds(100)), Self.maximumLossDetection)
            let misses = max(1, allowedMisses)
            let answer = min(TimeAmount.seconds(5), TimeAmount.nanoseconds(bound.nanoseconds / 8))
            self.lossDetection = bound
            self.allowedMisses = misses
            self.answerTimeout = answer
            self.probeInterval = .nanoseconds(bound.nanoseconds - Int64(misses) * answer.nanoseconds)
        }
    }

    public enum Action: Hashable, Sendable {
        case startTimer(KeepaliveTimer, after: TimeAmount)
        case cancelTimer(KeepaliveTimer)
        case probe(SIPBindingID, KeepaliveProbeKind)
        /// The device is gone: the stream flow closed, or `allowedMisses` probes went unanswered.
        case lost(SIPBindingID, reason: String)
    }

    private enum State: Hashable, Sendable {
        case waiting
        case probing(misses: Int)
    }

    private struct Entry: Hashable, Sendable {
        var flow: SIPRegistrarFlow
        var lastSeen: NIODeadline
        var speaksCRLF: Bool
        var state: State
        var generation: UInt64
    }

    public let configuration: Configuration
    private var entries: [SIPBindingID: Entry] = [:]
    /// What is known per flow. Traffic on a flow is the sign of life of every binding on it (RFC 5626 §4.4), so it
    /// is recorded once per flow — O(1) per message however many bindings share the flow — and a binding's timer
    /// reads it when it fires; only bindings already probing need an action when traffic arrives.
    private var flows: [SIPRegistrarFlow: FlowState] = [:]
    private var generation: UInt64 = 0

    private struct FlowState: Hashable, Sendable {
        var lastSeen: NIODeadline
        var speaksCRLF = false
        var bindings: Set<SIPBindingID> = []
        var probing: Set<SIPBindingID> = []
    }

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public var watchedCount: Int { entries.count }

    /// Starts (or restarts, on a new flow) watching a binding.
    public mutating func watch(
        _ id: SIPBindingID, flow: SIPRegistrarFlow, speaksCRLF: Bool, now: NIODeadline
    ) -> [Action] {
        var actions = unwatch(id)
        generation += 1
        entries[id] = Entry(flow: flow, lastSeen: now, speaksCRLF: speaksCRLF, state: .waiting, generation: generation)
        flows[flow, default: FlowState(lastSeen: now)].bindings.insert(id)
        let timer = KeepaliveTimer(binding: id, generation: generation)
        actions.append(.startTimer(timer, after: configuration.probeInterval))
        return actions
    }

    public mutating func unwatch(_ id: SIPBindingID) -> [Action] {
        guard let entry = entries.removeValue(forKey: id) else { return [] }
        forget(id, on: entry.flow)
        return [.cancelTimer(KeepaliveTimer(binding: id, generation: entry.generation))]
    }

    private mutating func forget(_ id: SIPBindingID, on flow: SIPRegistrarFlow) {
        flows[flow]?.bindings.remove(id)
        flows[flow]?.probing.remove(id)
        if flows[flow]?.bindings.isEmpty == true { flows[flow] = nil }
    }

    /// Something arrived on `flow` (a request, a response, a CRLF ping or pong): every binding on it is alive.
    /// `crlfPing` records that the device speaks RFC 5626 keepalives.
    public mutating func activity(on flow: SIPRegistrarFlow, crlfPing: Bool = false, now: NIODeadline) -> [Action] {
        guard var state = flows[flow] else { return [] }
        state.lastSeen = max(state.lastSeen, now)
        if crlfPing { state.speaksCRLF = true }
        let probing = state.probing
        flows[flow] = state
        var actions: [Action] = []
        for id in probing.sorted() { actions += alive(id, now: now) }
        return actions
    }

    /// A probe of binding `id` was answered (any response to its OPTIONS).
    public mutating func probeAnswered(_ id: SIPBindingID, now: NIODeadline) -> [Action] { alive(id, now: now) }

    /// A stream flow closed: RFC 5626 §4.4.1 a flow failure means the device is unreachable on it.
    public mutating func flowClosed(_ flow: SIPRegistrarFlow) -> [Action] {
        var actions: [Action] = []
        for id in (flows[flow]?.bindings ?? []).sorted() {
            actions += unwatch(id)
            actions.append(.lost(id, reason: "flow closed"))
        }
        return actions
    }

    public mutating func timerFired(_ timer: KeepaliveTimer, now: NIODeadline) -> [Action] {
        guard var entry = entries[timer.binding], entry.generation == timer.generation else { return [] }
        switch entry.state {
        case .waiting:
            let lastSeen = max(entry.lastSeen, flows[entry.flow]?.lastSeen ?? entry.lastSeen)
            let due = lastSeen + configuration.probeInterval
            if due > now {
                // Traffic arrived since the timer was armed: wait out the rest of the interval.
                return rearm(timer.binding, &entry, after: due - now)
            }
            entry.state = .probing(misses: 0)
            flows[entry.flow]?.probing.insert(timer.binding)
            var actions = rearm(timer.binding, &entry, after: configuration.answerTimeout)
            actions.insert(.probe(timer.binding, probeKind(entry)), at: 0)
            return actions
        case .probing(let misses):
            let missed = misses + 1
            guard missed < configuration.allowedMisses else {
                entries[timer.binding] = nil
                forget(timer.binding, on: entry.flow)
                return [.lost(timer.binding, reason: "\(missed) keepalive probes unanswered")]
            }
            entry.state = .probing(misses: missed)
            var actions = rearm(timer.binding, &entry, after: configuration.answerTimeout)
            actions.insert(.probe(timer.binding, probeKind(entry)), at: 0)
            return actions
        }
    }

    /// A WebSocket flow is always probed with a ping: the shell sends it as a WebSocket Ping, which every RFC 6455
    /// endpoint must answer with a Pong (§5.5.2), and RFC 7118 §6 names it the SIP WebSocket keep-alive.
    private func probeKind(_ entry: Entry) -> KeepaliveProbeKind {
        let webSocket = entry.flow.source.transport == "WS" || entry.flow.source.transport == "WSS"
        return entry.flow.isStream && (entry.speaksCRLF || flows[entry.flow]?.speaksCRLF == true || webSocket)
            ? .crlfPing : .options
    }

    private mutating func alive(_ id: SIPBindingID, now: NIODeadline) -> [Action] {
        guard var entry = entries[id] else { return [] }
        entry.lastSeen = max(entry.lastSeen, now)
        switch entry.state {
        case .waiting:
            entries[id] = entry
            return []
        case .probing:
            entry.state = .waiting
            flows[entry.flow]?.probing.remove(id)
            var actions: [Action] = [.cancelTimer(KeepaliveTimer(binding: id, generation: entry.generation))]
            actions += rearm(id, &entry, after: configuration.probeInterval)
            return actions
        }
    }

    private mutating func rearm(_ id: SIPBindingID, _ entry: inout Entry, after delay: TimeAmount) -> [Action] {
        generation += 1
        entry.generation = generation
        entries[id] = entry
        return [.startTimer(KeepaliveTimer(binding: id, generation: generation), after: delay)]
    }
}
