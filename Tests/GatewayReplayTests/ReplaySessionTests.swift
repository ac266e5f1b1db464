import GatewayReplay
import ISUPWire
import NIOCore
import PCAPWire
import RerouteTestSupport
import SignallingCapture
import TelecomTypes
import Testing

/// `reroute replay`'s engine on the real captures: the gateway's Q.764 answers per call, on a virtual clock.
@Suite("Replay of MSC captures (Q.764 §2.1 incoming call, §2.3 release)")
struct ReplaySessionTests {
    static func records(_ name: String) throws -> [SignallingRecord] {
        var reader = try CaptureReader(try Fixtures.load(name))
        var decoder = SignallingDecoder()
        var records: [SignallingRecord] = []
        while let frame = try reader.next() { records += decoder.decode(frame) }
        return records
    }

    /// Replays `name` and decodes what the gateway sent.
    static func replay(
        _ name: String, scenario: ReplayScenario, cics: [CircuitIdentificationCode]? = nil
    ) throws -> (session: ReplaySession, sent: [SignallingRecord], inputs: [ReplayInput]) {
        let records = try records(name)
        let gateway = try #require(ReplayInput.guessGatewayPointCode(in: records))
        let inputs = ReplayInput.extract(from: records, gateway: gateway)
        let peer = try #require(inputs.first?.opc)
        let equipped = cics ?? Array(Set(inputs.compactMap { try? ISUPMessage.decode($0.isup).cic })).sorted()
        var session = ReplaySession(
            configuration: .init(gatewayPointCode: gateway, equippedCICs: equipped, scenario: scenario),
            peerPointCode: peer)
        session.enqueue(inputs)
        session.runToEnd()
        var decoder = SignallingDecoder()
        let sent = session.output.flatMap { decoder.decode($0) }
        return (session, sent, inputs)
    }

    @Test("Q.764 §2.1.4/§2.1.7: every IAM of m3ua_isup.cap gets ACM at once and ANM one second later; REL gets RLC")
    func answerEveryCall() throws {
        let (_, sent, inputs) = try Self.replay("m3ua_isup.cap", scenario: .answer(after: .seconds(1)))
        #expect(inputs.count == 188)  // SOURCES.md: 94 IAM and 94 REL towards DPC 2
        #expect(sent.allSatisfy { $0.error == nil && $0.m3ua?.opc == 2 && $0.m3ua?.dpc == 1 && $0.m3ua?.si == 5 })
        let byCIC = Dictionary(grouping: sent) { $0.isup?.cic ?? 0 }
        #expect(byCIC.count == 94)
        for (cic, messages) in byCIC {
            #expect(messages.map { $0.isup?.name } == ["ACM", "ANM", "RLC"], "CIC \(cic)")
            let iam = try #require(inputs.first { (try? ISUPMessage.decode($0.isup))?.cic.value == cic })
            let acmTime = messages[0].time.seconds * 1_000_000_000 + Int64(messages[0].time.nanoseconds)
            let anmTime = messages[1].time.seconds * 1_000_000_000 + Int64(messages[1].time.nanoseconds)
            #expect(acmTime == iam.time)
            #expect(anmTime - acmTime == 1_000_000_000)
        }
    }

    @Test("Q.764 §2.3.1: reject:17 releases each call with cause 17 (user busy) instead of alerting")
    func rejectEveryCall() throws {
        let (_, sent, _) = try Self.replay("m3ua_isup.cap", scenario: .reject(cause: .userBusy))
        let first = Dictionary(grouping: sent) { $0.isup?.cic ?? 0 }.mapValues { $0.first }
        #expect(first.count == 94)
        #expect(first.values.allSatisfy { $0?.isup?.name == "REL" && $0?.isup?.cause == 17 })
        #expect(!sent.contains { $0.isup?.name == "ACM" || $0.isup?.name == "ANM" })
    }

    @Test("no-answer: ACM, then REL cause 19 (no answer from user) when the ring timeout expires")
    func noAnswer() throws {
        let (_, sent, _) = try Self.replay("m3ua_isup.cap", scenario: .noAnswer(ringTimeout: .seconds(5)))
        let first = Dictionary(grouping: sent) { $0.isup?.cic ?? 0 }.mapValues { Array($0.prefix(2)) }
        for (cic, messages) in first {
            #expect(messages.map { $0.isup?.name } == ["ACM", "REL"], "CIC \(cic)")
            #expect(messages.last?.isup?.cause == 19)
        }
    }

    @Test("Q.764 §2.9.5.3 / UCIC: an IAM on a circuit that is not equipped is answered with UCIC")
    func unequippedCircuit() throws {
        let (_, sent, _) = try Self.replay(
            "m3ua_isup.cap", scenario: .answer(after: .seconds(1)),
            cics: (1...10).map { CircuitIdentificationCode($0) })
        let names = Dictionary(grouping: sent) { $0.isup?.cic ?? 0 }.mapValues { $0.map { $0.isup?.name } }
        #expect(names[5] == ["ACM", "ANM", "RLC"])
        #expect(names[50]?.first == "UCIC")
        #expect(!sent.contains { $0.isup?.name == "ACM" && ($0.isup?.cic ?? 0) > 10 })
    }

    @Test("Draft-06 M3UA (isup.cap) and M2PA (isup.pcap) MSC captures are answered over RFC 4666 M3UA")
    func otherCarriers() throws {
        let draft = try Self.replay("isup.cap", scenario: .answer(after: .seconds(1)))
        #expect(draft.sent.map { $0.isup?.name } == ["ACM", "ANM", "RLC"])
        #expect(draft.sent.first?.m3ua?.opc == 12163)
        let m2pa = try Self.replay("isup.pcap", scenario: .answer(after: .seconds(1)))
        #expect(m2pa.sent.map { $0.isup?.name } == ["ACM", "ANM"])
        #expect(m2pa.sent.first?.m3ua?.dpc == 3684)
    }

    @Test("The output path is the reverse of the MSC's: addresses and ports swapped, SCTP checksums valid")
    func outputPath() throws {
        let (session, sent, inputs) = try Self.replay("isup.cap", scenario: .answer(after: .seconds(1)))
        let input = try #require(inputs.first?.endpoints)
        #expect(sent.first?.endpoints?.sourceAddress == input.destinationAddress)
        #expect(sent.first?.endpoints?.destinationPort == input.sourcePort)
        #expect(session.output.count == 3)
    }
}
