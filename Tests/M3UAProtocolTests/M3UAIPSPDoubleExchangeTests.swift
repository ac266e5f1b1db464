import M3UAProtocol
import M3UAWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// Two IPSPs back to back over encoded bytes; every `.send` goes to the other side.
struct IPSPPair {
    var sides: [M3UAIPSPStateMachine]
    var log: [String] = []
    var delivered = [0, 0]
    var reports: [[M3UAEvent]] = [[], []]
    var timers: [[M3UATimer]] = [[], []]

    init(_ a: M3UAIPSPStateMachine, _ b: M3UAIPSPStateMachine) { sides = [a, b] }

    mutating func pump(_ start: [M3UAAction], from side: Int) {
        var queue = start.map { (side, $0) }
        var steps = 0
        while !queue.isEmpty, steps < 1_000 {
            steps += 1
            let (from, action) = queue.removeFirst()
            switch action {
            case .send(let message, let stream):
                log.append("\(from)→\(1 - from) \(message.description)")
                queue += sides[1 - from].receive(bytes: message.encoded(), stream: stream).map { (1 - from, $0) }
            case .deliver:
                delivered[from] += 1
            case .report(let event):
                reports[from].append(event)
            case .startTimer(let timer, _):
                timers[from].append(timer)
            default:
                break
            }
        }
    }

    /// The association comes up at both ends before either end's first message arrives.
    mutating func up() {
        let first = sides[0].transportUp(outboundStreams: 4)
        let second = sides[1].transportUp(outboundStreams: 4)
        pump(first, from: 0)
        pump(second, from: 1)
    }
}

@Suite("RFC 4666 §4.3 IPSP double exchange")
struct M3UAIPSPDoubleExchangeTests {
    static func configuration() -> M3UAASPConfiguration {
        var configuration = Script.configuration(routingContexts: [4])
        configuration.trafficMode = .override
        return configuration
    }

    static func pair() -> IPSPPair {
        IPSPPair(
            M3UAIPSPStateMachine(exchange: .double, configuration: configuration()),
            M3UAIPSPStateMachine(exchange: .double, configuration: configuration()))
    }

    @Test("RFC 4666 §4.3 double exchange: both IPSPs send ASPUP and ASPAC and both answer; each knows both states")
    func bothSidesComeUp() {
        var pair = Self.pair()
        pair.up()
        for side in 0..<2 {
            #expect(pair.sides[side].aspState == .active, "side \(side)")
            #expect(pair.sides[side].peerASPState == .active, "side \(side)")
        }
        for request in ["ASPUP", "ASPAC"] {
            #expect(pair.log.contains("0→1 \(request)") && pair.log.contains("1→0 \(request)"), "\(request)")
        }
        for answer in ["ASPUP_ACK", "ASPAC_ACK"] {
            #expect(pair.log.contains("0→1 \(answer)") && pair.log.contains("1→0 \(answer)"), "\(answer)")
        }
        #expect(!pair.log.contains { $0.hasSuffix("ERR") })
        #expect(pair.reports[0].contains(.peerASPStateChanged(.active)))
        #expect(pair.reports[1].contains(.peerASPStateChanged(.active)))
    }

    @Test("RFC 4666 §4.3.4.3 double exchange: DATA both ways once both are ASP-ACTIVE")
    func dataBothWays() {
        var pair = Self.pair()
        pair.up()
        pair.pump(pair.sides[0].sendData(Script.protocolData(sls: 1)), from: 0)
        pair.pump(pair.sides[1].sendData(Script.protocolData(sls: 2)), from: 1)
        #expect(pair.delivered == [1, 1])
    }

    @Test("RFC 4666 §4.3.4.4 double exchange: one IPSP goes inactive; its DATA stops, the still active peer's flows")
    func oneSideInactive() {
        var pair = Self.pair()
        pair.up()
        pair.pump(pair.sides[0].deactivate(), from: 0)
        #expect(pair.sides[0].aspState == .inactive && pair.sides[1].peerASPState == .inactive)
        #expect(pair.sides[1].aspState == .active && pair.sides[0].peerASPState == .active)
        let discarded = pair.sides[0].sendData(Script.protocolData(sls: 1))
        #expect(discarded == [.report(.dataDiscarded(.notActive))])
        // The peer is still ASP-ACTIVE in side 0's SG half: its DATA is delivered at side 0.
        pair.pump(pair.sides[1].sendData(Script.protocolData(sls: 1)), from: 1)
        #expect(pair.delivered == [1, 0])
        pair.pump(pair.sides[0].activate(), from: 0)
        #expect(pair.sides[0].aspState == .active && pair.sides[1].peerASPState == .active)
    }

    @Test("RFC 4666 §4.3.4.2 double exchange: ASPDN from one side, ASPDN ACK, then the association closes once")
    func shutdown() {
        var pair = Self.pair()
        pair.up()
        var actions = pair.sides[0].shutdown()
        #expect(Script.sent(actions).map(\.description) == ["ASPDN"])
        actions = pair.sides[1].receive(bytes: Script.sent(actions)[0].encoded(), stream: 0)
        let ack = Script.sent(actions).first { $0.description == "ASPDN_ACK" }
        #expect(ack != nil && pair.sides[1].peerASPState == .down)
        actions = pair.sides[0].receive(bytes: ack?.encoded() ?? ByteBuffer(), stream: 0)
        #expect(actions.filter { $0 == .closeTransport }.count == 1)
        #expect(pair.sides[0].aspState == .down)
        actions = pair.sides[1].transportDown()
        #expect(pair.sides[1].aspState == .down && pair.sides[1].peerASPState == .down)
        #expect(actions.contains { if case .reconnect = $0 { true } else { false } })
    }

    @Test("RFC 4666 §4.3.4.1 double exchange: T(ack) belongs to the ASP half; an unanswered ASPUP is resent")
    func ackTimerRouted() throws {
        var ipsp = M3UAIPSPStateMachine(exchange: .double, configuration: Self.configuration())
        let actions = ipsp.transportUp(outboundStreams: 2)
        let timer = try #require(Script.timers(actions).first)
        #expect(timer.kind == .ack)
        #expect(Script.sent(ipsp.timerFired(timer)).map(\.description) == ["ASPUP"])
    }

    @Test("RFC 4666 §3.8.1 double exchange: malformed bytes are answered with one ERR")
    func malformed() {
        var pair = Self.pair()
        pair.up()
        let actions = pair.sides[0].receive(bytes: ByteBuffer(bytes: [1, 0, 3, 1, 0, 0, 0, 12, 0, 0]), stream: 0)
        #expect(Script.errorCodes(actions).count == 1)
    }

    @Test("RFC 4666 §4.3 double exchange: 5,000 random events and mutated messages never crash")
    func mutationLoop() {
        var rng = SeededGenerator(seed: 0x4666_0002)
        var pair = Self.pair()
        pair.up()
        let templates: [M3UAMessage] = [
            M3UAMessage.aspUp(M3UAASPUp()), .aspActive(M3UAASPActive(routingContext: [4])), .aspUpAck(M3UAASPUpAck()),
            .aspActiveAck(M3UAASPActiveAck()), .aspInactive(M3UAASPInactive()), .aspDown(M3UAASPDown()),
            .error(M3UAErrorMessage(errorCode: .invalidRoutingContext)),
        ]
        for _ in 0..<5_000 {
            let side = Int(rng.next() % 2)
            switch rng.next() % 6 {
            case 0:
                var bytes = Array(templates[Int(rng.next() % UInt64(templates.count))].encoded().readableBytesView)
                if rng.next() % 2 == 0 { bytes = Mutator.mutate(bytes, using: &rng) }
                pair.pump(pair.sides[side].receive(bytes: ByteBuffer(bytes: bytes), stream: 0), from: side)
            case 1: pair.pump(pair.sides[side].activate(), from: side)
            case 2: pair.pump(pair.sides[side].deactivate(), from: side)
            case 3: pair.pump(pair.sides[side].sendData(Script.protocolData(sls: 3)), from: side)
            case 4:
                if let timer = pair.timers[side].popLast() { pair.pump(pair.sides[side].timerFired(timer), from: side) }
            default:
                pair.pump(pair.sides[side].transportDown(), from: side)
                pair.pump(pair.sides[side].transportUp(outboundStreams: 4), from: side)
            }
        }
        // Whatever happened, asking both to be active over a fresh association brings both up.
        for side in 0..<2 {
            pair.pump(pair.sides[side].transportDown(), from: side)
            pair.pump(pair.sides[side].activate(), from: side)
        }
        pair.up()
        for side in 0..<2 {
            #expect(pair.sides[side].aspState == .active, "side \(side)")
            #expect(pair.sides[side].peerASPState == .active, "side \(side)")
        }
    }
}
