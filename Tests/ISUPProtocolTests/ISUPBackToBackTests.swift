@testable import ISUPProtocol
import ISUPWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// Two switches wired back to back: every `.send` is encoded, decoded by the other switch, and its actions follow.
struct BackToBack {
    var nodes: [ISUPSwitch]
    var queue: [(to: Int, bytes: ByteBuffer)] = []
    var answerIncoming = true
    var released = [0, 0]
    var deliveries = 0

    /// - Parameter requestCallingNumber: the second switch asks for missing calling numbers with INR.
    init(requestCallingNumber: Bool = false) {
        var second = TestNet.configuration(own: TestNet.low, peer: TestNet.high, resetOnLinkUp: true)
        second.requestCallingPartyNumber = requestCallingNumber
        nodes = [
            ISUPSwitch(configuration: TestNet.configuration(own: TestNet.high, peer: TestNet.low, resetOnLinkUp: true)),
            ISUPSwitch(configuration: second),
        ]
    }

    mutating func handle(_ actions: [ISUPAction], from side: Int) {
        for action in actions {
            switch action {
            case .send(let message):
                queue.append((1 - side, message.encoded))
            case .callEvent(let cic, .continuityTestRequested):
                // The media layer finds every circuit good (a bad one is rechecked for ever, Q.764 §2.1.8).
                handle(nodes[side].continuityResult(cic: cic, passed: true), from: side)
            case .incomingCall(let call) where answerIncoming:
                handle(nodes[side].alert(cic: call.cic), from: side)
                handle(nodes[side].answer(cic: call.cic), from: side)
            case .callEvent(_, .released):
                released[side] += 1
            default:
                break
            }
        }
    }

    /// Delivers until nothing is in flight; false if it did not settle.
    mutating func pump(limit: Int = 10_000) -> Bool {
        var count = 0
        while !queue.isEmpty {
            count += 1
            guard count < limit else { return false }
            let (to, bytes) = queue.removeFirst()
            deliveries += 1
            handle(nodes[to].receive(bytes), from: to)
        }
        return true
    }

    mutating func linkUp() -> Bool {
        handle(nodes[0].linkUp(), from: 0)
        handle(nodes[1].linkUp(), from: 1)
        return pump()
    }
}

func expectSettled(_ settled: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(settled, "messages kept flowing without end", sourceLocation: sourceLocation)
}

@Suite("ISUP back to back")
struct ISUPBackToBackTests {
    @Test("Q.764 §2.1 and §2.3 back to back: 1,000 calls both ways complete and every circuit ends idle")
    func thousandCalls() {
        var pair = BackToBack()
        expectSettled(pair.linkUp())
        #expect(pair.nodes.allSatisfy { $0.isQuiet })
        var completed = 0
        for index in 0..<1000 {
            let caller = index % 2
            guard let placed = pair.nodes[caller].placeCall(called: TestNet.called, calling: TestNet.calling) else {
                Issue.record("no circuit for call \(index)")
                break
            }
            pair.handle(placed.actions, from: caller)
            expectSettled(pair.pump())
            let answered = pair.nodes[caller].status(of: placed.cic).callState == .outgoingBusy
                && pair.nodes[1 - caller].status(of: placed.cic).callState == .incomingBusy
            #expect(answered)
            let releaser = index % 3 == 0 ? 1 - caller : caller
            pair.handle(pair.nodes[releaser].release(cic: placed.cic), from: releaser)
            expectSettled(pair.pump())
            if pair.nodes.allSatisfy(\.isQuiet) { completed += 1 }
        }
        #expect(completed == 1000)
        #expect(pair.released[0] + pair.released[1] == 1000)
    }

    @Test("Q.764 §2.1.8 and §2.1.6 back to back: 200 calls with a continuity check and INR/INF all complete")
    func continuityAndInformationCalls() {
        var pair = BackToBack(requestCallingNumber: true)
        expectSettled(pair.linkUp())
        for index in 0..<200 {
            guard let placed = pair.nodes[0].placeCall(called: TestNet.called, continuityCheck: true) else {
                Issue.record("no circuit for call \(index)")
                return
            }
            pair.handle(placed.actions, from: 0)
            expectSettled(pair.pump())
            #expect(pair.nodes[1].status(of: placed.cic).callState == .incomingBusy)
            #expect(pair.nodes[0].status(of: placed.cic).callState == .outgoingBusy)
            #expect(!pair.nodes[0].status(of: placed.cic).isTransient, "answered")
            pair.handle(pair.nodes[index % 2].release(cic: placed.cic), from: index % 2)
            expectSettled(pair.pump())
            let quiet = pair.nodes.allSatisfy(\.isQuiet)
            #expect(quiet)
        }
    }

    @Test("Q.764 §2.9.1.4 dual seizure back to back: the controlling call survives, the other is re-attempted")
    func dualSeizureBothWays() {
        // Both seize CIC 2, even: the higher point code (a) controls it.
        let iamHigh = TestNet.iam(2)
        let iamLow = TestNet.iam(2)
        var a = ISUPSwitch(configuration: TestNet.configuration(own: TestNet.high, peer: TestNet.low, hunting: [CIC(2)]))
        var b = ISUPSwitch(configuration: TestNet.configuration(own: TestNet.low, peer: TestNet.high, hunting: [CIC(2)]))
        _ = a.linkUp()
        _ = b.linkUp()
        let fromA = a.placeCall(called: TestNet.called)
        let fromB = b.placeCall(called: TestNet.called)
        #expect(fromA?.cic == CIC(2) && fromB?.cic == CIC(2))
        let atA = a.receive(iamLow)
        let atB = b.receive(iamHigh)
        #expect(atA.isEmpty)
        #expect(atB.events == [.dualSeizure] && atB.incomingCalls.count == 1)
        #expect(a.status(of: CIC(2)).callState == .outgoingBusy && b.status(of: CIC(2)).callState == .incomingBusy)
    }

    @Test("Mutation loop: random messages, commands and timer expiries never crash and never leave a circuit stuck")
    func mutationLoop() {
        var rng = SeededGenerator(seed: 0x15_0764)
        var pair = BackToBack(requestCallingNumber: true)
        pair.answerIncoming = false
        expectSettled(pair.linkUp())
        let templates: [ISUPMessage] = [
            TestNet.iam(5), TestNet.acm(5), .connect(cic: CIC(5)), TestNet.message(.answer, 5), TestNet.rel(5),
            TestNet.message(.releaseComplete, 5), TestNet.message(.resetCircuit, 5), TestNet.message(.blocking, 5),
            TestNet.message(.unblocking, 5), TestNet.message(.blockingAcknowledgement, 5),
            TestNet.message(.unblockingAcknowledgement, 5), TestNet.message(.unequippedCIC, 5),
            .range(.circuitGroupReset, cic: CIC(4), range: 3), .range(.circuitGroupQuery, cic: CIC(4), range: 3),
            .groupSupervision(.circuitGroupBlocking, cic: CIC(4), hardware: true, range: 2, status: [true, false, true]),
            .groupSupervision(.circuitGroupUnblocking, cic: CIC(4), hardware: true, range: 2, status: [true, true, true]),
            .withCause(.confusion, cic: CIC(5), cause: .messageTypeNonExistent),
            TestNet.iam(5, continuity: 1), TestNet.iam(5, continuity: 2), TestNet.cot(5, passed: true),
            TestNet.cot(5, passed: false), TestNet.message(.continuityCheckRequest, 5), TestNet.inr(5, category: true),
            TestNet.suspend(5, network: true), TestNet.suspend(5, network: false, type: .resume), TestNet.sam(5, "12"),
            TestNet.anonymousIAM(5),
        ]
        for _ in 0..<6_000 {
            let side = Int(rng.next() % 2)
            let cic = CIC(UInt32(rng.next() % 8) + 1)
            switch rng.next() % 9 {
            case 0, 1:
                var bytes = Array(templates[Int(rng.next() % UInt64(templates.count))].encoded.readableBytesView)
                bytes[0] = UInt8(cic.value)
                if rng.next() % 2 == 0 { bytes = Mutator.mutate(bytes, using: &rng) }
                pair.handle(pair.nodes[side].receive(ByteBuffer(bytes: bytes)), from: side)
            case 2:
                let check = rng.next() % 4 == 0
                if let placed = pair.nodes[side].placeCall(called: TestNet.called, continuityCheck: check) {
                    pair.handle(placed.actions, from: side)
                }
            case 3: pair.handle(pair.nodes[side].alert(cic: cic), from: side)
            case 4: pair.handle(pair.nodes[side].answer(cic: cic), from: side)
            case 5: pair.handle(pair.nodes[side].release(cic: cic), from: side)
            case 6:
                let armed = pair.nodes[side].armedTimers
                if !armed.isEmpty {
                    pair.handle(pair.nodes[side].timerFired(armed[Int(rng.next() % UInt64(armed.count))]), from: side)
                }
            case 7: pair.handle(rng.next() % 2 == 0 ? pair.nodes[side].block(cic: cic) : pair.nodes[side].unblock(cic: cic), from: side)
            default: pair.handle(pair.nodes[side].reset(cic: cic), from: side)
            }
            if !pair.pump() {
                Issue.record("messages ping-pong without end")
                return
            }
        }
        // Drain: the call layer releases everything; timers that still run are fired until nothing is left.
        for side in 0..<2 {
            for cic in pair.nodes[side].circuits.cics {
                pair.handle(pair.nodes[side].release(cic: cic), from: side)
            }
        }
        expectSettled(pair.pump())
        for _ in 0..<20 {
            for side in 0..<2 {
                for id in pair.nodes[side].armedTimers where id.timer != .t13 && id.timer != .t15 {
                    pair.handle(pair.nodes[side].timerFired(id), from: side)
                }
            }
            expectSettled(pair.pump())
        }
        for side in 0..<2 {
            for status in pair.nodes[side].statuses {
                #expect(status.callState == .idle, "side \(side) \(status)")
            }
        }
    }
}
