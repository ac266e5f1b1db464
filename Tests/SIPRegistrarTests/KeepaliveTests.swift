import NIOCore
import SIPRegistrar
import SIPTransactions
import Testing

/// A manual clock driving the monitor: timers fire exactly when due, in order.
private struct ManualTimers {
    var now: NIODeadline
    var armed: [KeepaliveTimer: NIODeadline] = [:]
    var probes: [(NIODeadline, KeepaliveProbeKind)] = []
    var lost: [(NIODeadline, String)] = []

    mutating func apply(_ actions: [KeepaliveMonitor.Action]) {
        for action in actions {
            switch action {
            case .startTimer(let timer, let after): armed[timer] = now + after
            case .cancelTimer(let timer): armed[timer] = nil
            case .probe(_, let kind): probes.append((now, kind))
            case .lost(_, let reason): lost.append((now, reason))
            }
        }
    }

    /// Advances to `deadline`, firing every timer due on the way.
    mutating func advance(to deadline: NIODeadline, _ monitor: inout KeepaliveMonitor) {
        while let (timer, due) = armed.min(by: { $0.value < $1.value }), due <= deadline {
            armed[timer] = nil
            now = due
            apply(monitor.timerFired(timer, now: due))
        }
        now = deadline
    }
}

@Suite("Keepalive availability (RFC 5626 §4.4, issue 5: lost within the configured time, default 40 s)")
struct KeepaliveTests {
    private let udp = SIPRegistrarFlow(source: SIPTransportAddress(transport: "UDP", host: "192.0.2.1", port: 5060))
    private let tcp = SIPRegistrarFlow(source: SIPTransportAddress(transport: "TCP", host: "192.0.2.1", port: 40000),
        connection: 7)
    private let id = SIPBindingID(rawValue: 1)

    @Test("The default schedule never exceeds 40 s, and a longer configuration is capped at 40 s")
    func bound() {
        let standard = KeepaliveMonitor.Configuration()
        #expect(standard.lossDetection == .seconds(40))
        let misses = TimeAmount.nanoseconds(Int64(standard.allowedMisses) * standard.answerTimeout.nanoseconds)
        #expect(standard.probeInterval + misses == .seconds(40))
        #expect(KeepaliveMonitor.Configuration(lossDetection: .seconds(300)).lossDetection == .seconds(40))
    }

    @Test("UDP: a device that stops answering OPTIONS is lost exactly at the bound after its last sign of life")
    func udpSilence() {
        var monitor = KeepaliveMonitor()
        var clock = ManualTimers(now: t0)
        clock.apply(monitor.watch(id, flow: udp, speaksCRLF: false, now: t0))
        // It answers the first probe at 30 s + 1 s.
        clock.advance(to: t0 + .seconds(31), &monitor)
        #expect(clock.probes.map(\.0) == [t0 + .seconds(30)])
        #expect(clock.probes.allSatisfy { $0.1 == .options })
        clock.apply(monitor.probeAnswered(id, now: clock.now))
        // Then it goes silent: probes at 61 s and 66 s, lost at 71 s = 31 s + 40 s.
        clock.advance(to: t0 + .seconds(200), &monitor)
        #expect(clock.probes.map(\.0) == [t0 + .seconds(30), t0 + .seconds(61), t0 + .seconds(66)])
        #expect(clock.lost.map(\.0) == [t0 + .seconds(71)])
        #expect(monitor.watchedCount == 0)
    }

    @Test("Traffic on the flow postpones probing: a device that keeps registering is never probed")
    func trafficCounts() {
        var monitor = KeepaliveMonitor(configuration: .init(lossDetection: .seconds(8)))
        var clock = ManualTimers(now: t0)
        clock.apply(monitor.watch(id, flow: udp, speaksCRLF: false, now: t0))
        for second in stride(from: 4, through: 60, by: 4) {
            clock.advance(to: t0 + .seconds(Int64(second)), &monitor)
            clock.apply(monitor.activity(on: udp, now: clock.now))
        }
        #expect(clock.probes.isEmpty)
        #expect(clock.lost.isEmpty)
    }

    @Test("RFC 5626 §4.4.1: a stream device that sent CRLF pings is probed with a ping; a flow close is loss at once")
    func streamFlows() {
        var monitor = KeepaliveMonitor(configuration: .init(lossDetection: .seconds(8)))
        var clock = ManualTimers(now: t0)
        clock.apply(monitor.watch(id, flow: tcp, speaksCRLF: false, now: t0))
        clock.apply(monitor.activity(on: tcp, crlfPing: true, now: t0 + .seconds(1)))
        clock.advance(to: t0 + .seconds(8), &monitor)
        #expect(clock.probes.first?.1 == .crlfPing)
        #expect(clock.probes.first?.0 == t0 + .seconds(7))
        clock.apply(monitor.activity(on: tcp, now: clock.now))  // the pong
        clock.apply(monitor.flowClosed(tcp))
        #expect(clock.lost.map(\.1) == ["flow closed"])
        #expect(clock.armed.isEmpty)
        // A device that never pinged is probed with OPTIONS on its stream.
        var other = KeepaliveMonitor(configuration: .init(lossDetection: .seconds(8)))
        var otherClock = ManualTimers(now: t0)
        otherClock.apply(other.watch(id, flow: tcp, speaksCRLF: false, now: t0))
        otherClock.advance(to: t0 + .seconds(8), &other)
        #expect(otherClock.probes.map(\.1) == [.options, .options])
        #expect(otherClock.lost.map(\.0) == [t0 + .seconds(8)])
    }

    @Test("A late firing of a cancelled timer is ignored (style rule 8)")
    func staleTimer() {
        var monitor = KeepaliveMonitor()
        let actions = monitor.watch(id, flow: udp, speaksCRLF: false, now: t0)
        guard case .startTimer(let timer, _) = actions.last else { Issue.record("no timer"); return }
        _ = monitor.unwatch(id)
        #expect(monitor.timerFired(timer, now: t0 + .seconds(60)).isEmpty)
    }

    @Test("Registrar: a lost device's binding is removed and reported as connectionLost")
    func registrarLoss() {
        var machine = registrar { $0.keepalive = .init(lossDetection: .seconds(10)) }
        var client = RegistrarTestClient()
        var timers: [SIPRegistrarTimer: NIODeadline] = [:]
        var lost: [SIPDeviceStateChange] = []
        var probes = 0
        func apply(_ actions: [SIPRegistrarAction], at now: NIODeadline) {
            for action in actions {
                switch action {
                case .startTimer(let timer, let after): timers[timer] = now + after
                case .cancelTimer(let timer): timers[timer] = nil
                case .probe: probes += 1
                case .deviceState(let change): if case .connectionLost = change { lost.append(change) }
                case .respond: break
                }
            }
        }
        apply(authenticatedRegister(&machine, &client), at: t0)
        while let (timer, due) = timers.min(by: { $0.value < $1.value }), due <= t0 + .seconds(60) {
            timers[timer] = nil
            apply(machine.timerFired(timer, now: due), at: due)
        }
        #expect(probes == 2)
        #expect(lost.count == 1)
        #expect(machine.bindings.isEmpty)
        // Only the expiry timer was left and it went with the binding.
        #expect(timers.isEmpty)
    }
}
