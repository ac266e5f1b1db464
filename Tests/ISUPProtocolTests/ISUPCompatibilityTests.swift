@testable import ISUPProtocol
import ISUPWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

@Suite("Q.764 §2.9.5 unrecognised and malformed information")
struct ISUPCompatibilityTests {
    /// An unknown message type 0xE0 with an optional part holding `parameters`.
    func unknownMessage(_ cic: UInt32, _ parameters: [UInt8]) -> ByteBuffer {
        ByteBuffer(bytes: [UInt8(cic & 0xFF), UInt8(cic >> 8), 0xE0, parameters.isEmpty ? 0 : 1] + parameters)
    }

    @Test("Q.764 §2.9.5.3.1 unrecognised message without compatibility information → CFN cause 97")
    func unknownMessageDefault() {
        var node = TestNet.ready()
        let actions = node.receive(unknownMessage(5, []))
        #expect(actions.sentTypes == [.confusion] && actions.sentCause == .messageTypeNonExistent)
        #expect(actions.sent.first?.causeIndicators?.diagnostics == [0xE0])
    }

    @Test("Q.764 §2.9.5.3.1 message compatibility information: release call, notify, discard")
    func unknownMessageInstructions() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5))
        // MCI (0x38) octet: ext=1, B release call.
        var actions = node.receive(unknownMessage(5, [0x38, 1, 0x82, 0]))
        #expect(actions.sentTypes == [.release] && actions.sentCause == .messageTypeNonExistent)
        // C send notification + D discard.
        actions = node.receive(unknownMessage(6, [0x38, 1, 0x8C, 0]))
        #expect(actions.sentTypes == [.confusion])
        // D discard only.
        #expect(node.receive(unknownMessage(6, [0x38, 1, 0x88, 0])).isEmpty)
    }

    @Test("Q.764 §2.9.5.3.2 unrecognised parameter: discard parameter + CFN 99, discard message, release call")
    func unknownParameters() {
        var node = TestNet.ready()
        var iam = TestNet.iam(5)
        iam.setParameter(ISUPParameter(code: ISUPParameterCode(0xF4), value: ByteBuffer(bytes: [1, 2])))
        var actions = node.receive(iam)
        #expect(actions.sentTypes == [.confusion] && actions.sentCause == .parameterNonExistentDiscarded)
        #expect(actions.incomingCalls.first?.initialAddress.parameter(ISUPParameterCode(0xF4)) == nil)
        // Parameter compatibility information: 0xF4 → B release call.
        var refused = TestNet.iam(6)
        refused.setParameter(ISUPParameter(code: ISUPParameterCode(0xF4), value: ByteBuffer(bytes: [1])))
        refused.setParameter(ISUPParameter(code: .parameterCompatibilityInformation, value: ByteBuffer(bytes: [0xF4, 0x82])))
        actions = node.receive(refused)
        #expect(actions.sentTypes == [.release] && actions.incomingCalls.isEmpty)
        // D discard message + C notify → CFN 110, nothing processed.
        var discarded = TestNet.iam(7)
        discarded.setParameter(ISUPParameter(code: ISUPParameterCode(0xF4), value: ByteBuffer(bytes: [1])))
        discarded.setParameter(ISUPParameter(code: .parameterCompatibilityInformation, value: ByteBuffer(bytes: [0xF4, 0x8C])))
        actions = node.receive(discarded)
        #expect(actions.sentCause == .messageWithUnrecognizedParameterDiscarded && actions.incomingCalls.isEmpty)
        // E discard parameter, no notification: silently processed.
        var quiet = TestNet.iam(8)
        quiet.setParameter(ISUPParameter(code: ISUPParameterCode(0xF4), value: ByteBuffer(bytes: [1])))
        quiet.setParameter(ISUPParameter(code: .parameterCompatibilityInformation, value: ByteBuffer(bytes: [0xF4, 0x90])))
        actions = node.receive(quiet)
        #expect(actions.sentTypes.isEmpty && actions.incomingCalls.count == 1)
    }

    @Test("Q.764 §2.9.5 malformed IAM → REL with the decoder's cause; malformed REL → RLC; truncated ACM discarded")
    func malformedMessages() {
        var node = TestNet.ready()
        // IAM whose called-number pointer is zero.
        var actions = node.receive(ByteBuffer(bytes: [0x05, 0x00, 0x01, 0, 0, 0, 0x0A, 0, 0, 0]))
        #expect(actions.sentTypes == [.release] && actions.sentCause == .mandatoryInformationElementMissing)
        _ = node.receive(TestNet.message(.releaseComplete, 5))
        _ = node.receive(TestNet.iam(6))
        // REL with a cause pointer beyond the message.
        actions = node.receive(ByteBuffer(bytes: [0x06, 0x00, 0x0C, 0x09, 0x00]))
        #expect(actions.sentTypes == [.releaseComplete] && actions.events == [.released(cause: .normalUnspecified)])
        actions = node.receive(ByteBuffer(bytes: [0x07, 0x00, 0x06, 0x01]))
        #expect(actions.sentTypes.isEmpty && actions.alerts.count == 1)
        #expect(node.receive(ByteBuffer(bytes: [0x07])).sentTypes.isEmpty)
    }

    @Test("Q.764 §2.9.5.1 each incoming-side message that does not fit: RSC before ACM/CON was sent, then discarded")
    func unexpectedMessagesInEachState() throws {
        let probes: [ISUPMessage] = [
            TestNet.acm(5), .connect(cic: CIC(5)), TestNet.message(.answer, 5),
            .callProgress(cic: CIC(5), event: ISUPEventInformation(event: 1)),
            ISUPMessage(cic: CIC(5), type: .suspend, mandatory: [ISUPParameter(code: .suspendResumeIndicators, value: ByteBuffer(bytes: [0]))]),
            ISUPMessage(cic: CIC(5), type: .resume, mandatory: [ISUPParameter(code: .suspendResumeIndicators, value: ByteBuffer(bytes: [0]))]),
            {
                var sam = ISUPMessage(cic: CIC(5), type: .subsequentAddress)
                sam.setParameter(.subsequentNumber, to: ISUPSubsequentNumber(signals: "1"))
                return sam
            }(),
        ]
        // States reached on CIC 5 (incoming side): presented, alerted, answered, awaiting RLC.
        let setups: [(String, (inout ISUPSwitch) -> Void)] = [
            ("presented", { _ = $0.receive(TestNet.iam(5)) }),
            ("alerted", { _ = $0.receive(TestNet.iam(5)); _ = $0.alert(cic: CIC(5)) }),
            ("answered", { _ = $0.receive(TestNet.iam(5)); _ = $0.answer(cic: CIC(5)) }),
            ("awaiting RLC", { _ = $0.receive(TestNet.iam(5)); _ = $0.release(cic: CIC(5)) }),
        ]
        for (name, setup) in setups {
            for probe in probes {
                var node = TestNet.ready()
                setup(&node)
                let before = node.status(of: CIC(5))
                let actions = node.receive(probe)
                let fits = (name == "answered" && probe.type == .suspend)
                if name == "presented", probe.type != .subsequentAddress {
                    // No backward message has been sent yet: the ends disagree about the circuit; reset it.
                    #expect(actions.sentTypes == [.resetCircuit], "\(probe.type) in \(name)")
                    #expect(actions.events == [.released(cause: .temporaryFailure)], "\(probe.type) in \(name)")
                } else if !fits {
                    // Later in the call (and digits after a complete number, Q.764 §2.1.2): discarded.
                    #expect(actions.sent.isEmpty, "\(probe.type) in \(name)")
                    #expect(node.status(of: CIC(5)) == before, "\(probe.type) in \(name)")
                }
            }
        }
        for probe in probes {
            var node = TestNet.ready()
            let actions = node.receive(probe)
            #expect(actions.sentTypes == [.resetCircuit], "\(probe.type) on idle")
            #expect(actions.alerts == [.unexpectedMessage(CIC(5), probe.type)])
        }
    }

    @Test("Q.764 §2.9.5.1 unexpected messages while the call is set up (digits, COT, INF awaited) or rechecked → RSC")
    func unexpectedMessagesBeforePresentation() {
        var asking = TestNet.configuration(overlap: ISUPOverlapReceiving(completeLength: 10))
        asking.requestCallingPartyNumber = true
        let setups: [(String, (inout ISUPSwitch) -> Void)] = [
            ("collecting digits", { _ = $0.receive(TestNet.iam(5, called: ISUPNumber(signals: "06"))) }),
            ("awaiting COT", { _ = $0.receive(TestNet.iam(5, continuity: 1, called: TestNet.calledWithST)) }),
            ("awaiting INF", { _ = $0.receive(TestNet.anonymousIAM(5)) }),
            ("awaiting CCR", {
                _ = $0.receive(TestNet.iam(5, continuity: 1, called: TestNet.calledWithST))
                _ = $0.receive(TestNet.cot(5, passed: false))
            }),
            ("loop for a recheck", { _ = $0.receive(TestNet.message(.continuityCheckRequest, 5)) }),
        ]
        let probes: [ISUPMessage] = [
            TestNet.acm(5), .connect(cic: CIC(5)), TestNet.message(.answer, 5),
            .callProgress(cic: CIC(5), event: ISUPEventInformation(event: 1)), TestNet.suspend(5, network: true),
            TestNet.suspend(5, network: true, type: .resume), TestNet.inr(5),
        ]
        for (name, setup) in setups {
            for probe in probes {
                var node = ISUPSwitch(configuration: asking)
                _ = node.linkUp()
                setup(&node)
                let actions = node.receive(probe)
                #expect(actions.sentTypes == [.resetCircuit], "\(probe.type) in \(name)")
                #expect(actions.alerts == [.unexpectedMessage(CIC(5), probe.type)], "\(probe.type) in \(name)")
                // Every call timer (T8, T27, T33, T35, T36) stopped; a connected loop removed.
                #expect(node.armedTimers.allSatisfy { !$0.timer.isCallTimer }, "\(probe.type) in \(name)")
                if name == "awaiting COT" || name == "loop for a recheck" {
                    #expect(actions.loopEvents == [false], "\(probe.type) in \(name)")
                }
            }
        }
    }
}
