import NIOCore
import RerouteTestSupport
import SIPTransactions
import SIPWire
import Testing

/// Random messages, TU calls, timer firings (in and out of order, stale ones too) and transport errors against one
/// layer. Invariants: no crash; a stale timer does nothing; every send belongs to a live transaction and parses;
/// every transaction terminates exactly once; once the TU answers what it holds and the timers run out, nothing is
/// left (RFC 3261 §17: every state has a way to Terminated).
@Suite("SIPTransactionLayer random events")
struct SIPTransactionRandomTests {
    @Test("RFC 3261 §17 seeded random events: no crash, every transaction terminated once when timers run out",
        arguments: [1, 2, 3] as [UInt64])
    func randomEvents(seed: UInt64) throws {
        var harness = RandomHarness(seed: seed)
        for _ in 0..<1_500 { harness.step() }
        harness.drain()
        #expect(harness.layer.count == 0, "left: \(harness.layer.transactions.map { harness.layer.state(of: $0)! })")
        #expect(harness.clock.armed.isEmpty)
        #expect(harness.created.count > 100, "the loop made transactions")
        #expect(harness.created.allSatisfy { harness.terminations[$0] == 1 })
        #expect(harness.failures.isEmpty, "\(harness.failures.prefix(5))")
    }
}

struct RandomHarness {
    var rng: SeededGenerator
    var layer: SIPTransactionLayer
    var clock = LayerClock()
    var created: Set<SIPTransactionID> = []
    /// `created` in creation order, for cheap random picks.
    var createdOrder: [SIPTransactionID] = []
    var terminations: [SIPTransactionID: Int] = [:]
    var serverRequests: [SIPTransactionID: SIPRequest] = [:]
    var clientRequests: [SIPTransactionID: SIPRequest] = [:]
    /// Every request a client transaction sent, kept after it terminated.
    var sentRequests: [SIPTransactionID: SIPRequest] = [:]
    var failures: [String] = []

    static let udp = SIPTransportAddress(transport: "UDP", host: "192.0.2.101", port: 5060)
    static let tcp = SIPTransportAddress(transport: "TCP", host: "192.0.2.102", port: 40_001)
    static let branches = ["z9hG4bK1", "z9hG4bK2", "z9hG4bK3", "z9hG4bK4", "legacy1", ""]
    static let methods: [SIPMethod] = [.invite, .invite, .options, .bye, .cancel, .ack, .register]
    static let statuses = [100, 180, 183, 200, 202, 302, 404, 486, 487, 500, 603]

    init(seed: UInt64) {
        rng = SeededGenerator(seed: seed)
        layer = SIPTransactionLayer(identifiers: SIPIdentifierGenerator(seed: seed))
    }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(rng.next() % UInt64(values.count))] }

    mutating func step() {
        switch rng.next() % 10 {
        case 0, 1: receiveRandomRequest()
        case 2, 3: receiveRandomResponse()
        case 4: sendRandomRequest()
        case 5: answerRandomServerTransaction()
        case 6: fireEarliestTimer()
        case 7: fireRandomArmedTimer()
        case 8: fireStaleTimer()
        default: transportErrorOnRandomTransaction()
        }
    }

    /// The TU answers everything it holds; a CANCEL bounds INVITEs stuck in Proceeding; then timers run out.
    mutating func drain() {
        for _ in 0..<20 where layer.count > 0 {
            for id in layer.transactions {
                switch layer.state(of: id) {
                case .trying?, .proceeding?:
                    if serverRequests[id] != nil {
                        respond(in: id, status: 500)
                    } else if let invite = clientRequests[id], invite.method == .invite {
                        send(SIPRequest.cancelling(invite), to: Self.udp)
                    }
                case .calling?, .completed?, .confirmed?, .accepted?, .terminated?, nil:
                    continue
                }
            }
            while clock.next().map({ process(layer.timerFired($0)) }) != nil {}
        }
    }

    // MARK: Events

    mutating func receiveRandomRequest() {
        let method = pick(Self.methods)
        let branch = pick(Self.branches)
        let via = "SIP/2.0/UDP pc33.atlanta.com" + (branch.isEmpty ? "" : ";branch=\(branch)") + pick(["", ";rport"])
        let toTag = pick(["", ";tag=t1", ";tag=uas"])
        var text = """
            \(method.rawValue) sip:bob@biloxi.com SIP/2.0\r
            Via: \(via)\r
            Max-Forwards: 70\r
            To: <sip:bob@biloxi.com>\(toTag)\r
            From: <sip:alice@atlanta.com>;tag=f\(rng.next() % 2)\r
            Call-ID: c\(rng.next() % 3)\r
            CSeq: \(rng.next() % 3 + 1) \(method.rawValue)\r
            Contact: <sip:alice@192.0.2.101>\r
            Content-Length: 0\r
            \r

            """
        if rng.next() % 8 == 0 {
            text = String(decoding: Mutator.mutate(Array(text.utf8), using: &rng), as: UTF8.self)
        }
        guard let message = try? SIPMessage(datagram: Array(text.utf8)) else { return }
        process(layer.receive(message, from: pick([Self.udp, Self.tcp])))
    }

    mutating func receiveRandomResponse() {
        let status = pick(Self.statuses)
        let request: SIPRequest
        if !createdOrder.isEmpty, rng.next() % 5 != 0 {
            // Live or finished client transactions (late responses are part of the game), else a fixed INVITE.
            request = sentRequests[pick(createdOrder)] ?? Fixture.request(Fixture.invite)
        } else {
            request = Fixture.request(Fixture.invite)
        }
        var response = Fixture.response(to: request, status, toTag: pick(["a", "b"]))
        if rng.next() % 10 == 0 {
            let bytes = Mutator.mutate(SIPMessage.response(response).encoded, using: &rng)
            guard case .response(let mutated)? = try? SIPMessage(datagram: bytes) else { return }
            response = mutated
        }
        process(layer.receive(.response(response), from: Self.udp))
    }

    mutating func sendRandomRequest() {
        if rng.next() % 4 == 0 {
            if !createdOrder.isEmpty, let invite = clientRequests[pick(createdOrder)], invite.method == .invite {
                send(SIPRequest.cancelling(invite), to: Self.udp)
                return
            }
        }
        let template = pick([Fixture.invite, Fixture.options])
        var request = Fixture.request(template, via: "SIP/2.0/UDP 192.0.2.1:5060;rport")
        request.uri = SIPURI(user: "u\(rng.next() % 100)", host: "biloxi.com")
        send(request, to: pick([Self.udp, Self.tcp]))
    }

    mutating func answerRandomServerTransaction() {
        guard !createdOrder.isEmpty else { return }
        respond(in: pick(createdOrder), status: pick(Self.statuses))
    }

    mutating func fireEarliestTimer() {
        guard let timer = clock.next() else { return }
        process(layer.timerFired(timer))
    }

    mutating func fireRandomArmedTimer() {
        let armed = clock.armed.keys.sorted {
            ($0.transaction, $0.timer.generation) < ($1.transaction, $1.timer.generation)
        }
        guard !armed.isEmpty, let timer = clock.take(pick(armed)) else { return }
        process(layer.timerFired(timer))
    }

    mutating func fireStaleTimer() {
        guard !clock.dead.isEmpty else { return }
        let timer = pick(clock.dead)
        let actions = layer.timerFired(timer)
        if !actions.isEmpty { failures.append("stale \(timer) did \(actions)") }
    }

    mutating func transportErrorOnRandomTransaction() {
        guard !created.isEmpty else { return }
        process(layer.transportError(pick(createdOrder)))
    }

    // MARK: Helpers

    mutating func send(_ request: SIPRequest, to destination: SIPTransportAddress) {
        guard let (id, actions) = try? layer.send(request, to: destination) else { return }
        if let id {
            created.insert(id)
            createdOrder.append(id)
            if case .request(let sent)? = actions.sends.first?.message {
                clientRequests[id] = sent
                sentRequests[id] = sent
            }
        }
        process(actions)
    }

    mutating func respond(in id: SIPTransactionID, status: Int) {
        guard let request = serverRequests[id] else { return }
        let response = Fixture.response(to: request, status, toTag: "uas")
        guard let actions = try? layer.send(response, in: id) else { return }
        process(actions)
    }

    mutating func process(_ actions: [SIPTransactionLayerAction]) {
        clock.apply(actions)
        for action in actions {
            switch action {
            case .deliverRequest(let request, let id, _):
                if created.insert(id).inserted {
                    createdOrder.append(id)
                    serverRequests[id] = request
                }
            case .terminated(let id):
                terminations[id, default: 0] += 1
                if layer.state(of: id) != nil { failures.append("\(id) terminated but alive") }
                serverRequests[id] = nil
                clientRequests[id] = nil
            case .send(let outbound):
                if let id = outbound.transaction, !created.contains(id) { failures.append("send for unknown \(id)") }
                if (try? SIPMessage(datagram: outbound.bytes))?.encoded != outbound.bytes {
                    failures.append("sent bytes do not parse back: \(outbound.message)")
                }
            case .deliverResponse(_, let id), .timeout(let id, _), .transportError(let id):
                if !created.contains(id) { failures.append("event for unknown \(id)") }
            case .startTimer, .cancelTimer, .deliverStrayACK, .deliverStrayResponse, .discarded:
                continue
            }
        }
    }
}
