import M3UAProtocol
import M3UAWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// An ASP machine and an SG machine wired back to back in memory: every `.send` is encoded, decoded by the other
/// side's `receive(bytes:stream:)`, and its actions are run in turn until both are quiet.
struct BackToBack {
    var asp: M3UAASPStateMachine
    var sg: M3UASGStateMachine
    let association = M3UAAssociationID(1)
    var log: [String] = []
    var aspDelivered: [M3UAProtocolData] = []
    var sgDelivered: [M3UAProtocolData] = []
    var aspEvents: [M3UAAction] = []
    var sgEvents: [M3UASGAction] = []

    private enum Packet {
        case toSG(ByteBuffer, UInt16)
        case toASP(ByteBuffer, UInt16)
    }

    mutating func asp(_ input: (inout M3UAASPStateMachine) -> [M3UAAction]) {
        run(aspActions: input(&asp))
    }

    mutating func sg(_ input: (inout M3UASGStateMachine) -> [M3UASGAction]) {
        run(sgActions: input(&sg))
    }

    private mutating func run(aspActions: [M3UAAction] = [], sgActions: [M3UASGAction] = []) {
        var queue: [Packet] = []
        func takeASP(_ actions: [M3UAAction], _ me: inout BackToBack) {
            for action in actions {
                switch action {
                case .send(let message, let stream):
                    me.log.append("ASP→SG \(message)")
                    queue.append(.toSG(message.encoded(), stream))
                case .deliver(let data): me.aspDelivered.append(data)
                default: me.aspEvents.append(action)
                }
            }
        }
        func takeSG(_ actions: [M3UASGAction], _ me: inout BackToBack) {
            for action in actions {
                switch action {
                case .send(let message, _, let stream):
                    me.log.append("SG→ASP \(message)")
                    queue.append(.toASP(message.encoded(), stream))
                case .deliver(let data, _, _): me.sgDelivered.append(data)
                default: me.sgEvents.append(action)
                }
            }
        }
        takeASP(aspActions, &self)
        takeSG(sgActions, &self)
        while !queue.isEmpty {
            switch queue.removeFirst() {
            case .toSG(let bytes, let stream):
                takeSG(sg.receive(bytes: bytes, stream: stream, from: association), &self)
            case .toASP(let bytes, let stream):
                takeASP(asp.receive(bytes: bytes, stream: stream), &self)
            }
        }
    }
}

@Suite("M3UA ASP ↔ SG back to back (RFC 4666 §4)")
struct M3UAEndToEndTests {
    static func sgConfiguration(mode: M3UATrafficModeType = .override) -> M3UASGConfiguration {
        var configuration = M3UASGConfiguration()
        configuration.applicationServers = [
            M3UAApplicationServerConfiguration(
                routingContext: 1, trafficMode: mode,
                destinationPointCodes: [M3UAMaskedPointCode(pointCode: PointCode(2))])
        ]
        return configuration
    }

    @Test("RFC 4666 §4.3.4 ASP up, active, DATA both ways, inactive, down over encoded bytes")
    func fullSequence() {
        var pair = BackToBack(
            asp: M3UAASPStateMachine(configuration: Script.configuration(routingContexts: [1])),
            sg: M3UASGStateMachine(configuration: Self.sgConfiguration()))
        pair.sg { $0.transportUp(association: M3UAAssociationID(1), outboundStreams: 8) }
        pair.asp { $0.transportUp(outboundStreams: 8) }
        #expect(
            pair.log == [
                "ASP→SG ASPUP", "SG→ASP ASPUP_ACK", "SG→ASP NTFY", "ASP→SG ASPAC", "SG→ASP ASPAC_ACK", "SG→ASP NTFY",
            ])
        #expect(pair.asp.aspState == .active)
        #expect(pair.sg.aspState(of: pair.association) == .active)
        #expect(pair.sg.asState(routingContext: 1) == .active)
        #expect(pair.aspEvents.contains(.asStateChanged(routingContext: 1, .active)))

        for sls: UInt8 in 0..<4 {
            pair.asp { $0.sendData(Script.protocolData(sls: sls, opc: 2, dpc: 1)) }
            pair.sg { $0.sendData(Script.protocolData(sls: sls)) }
        }
        #expect(pair.sgDelivered.map(\.signallingLinkSelection) == [0, 1, 2, 3])
        #expect(pair.aspDelivered.map(\.signallingLinkSelection) == [0, 1, 2, 3])
        #expect(pair.aspDelivered.allSatisfy { $0.destinationPointCode == PointCode(2) })

        pair.log.removeAll()
        pair.asp { $0.deactivate() }
        #expect(pair.log == ["ASP→SG ASPIA", "SG→ASP ASPIA_ACK", "SG→ASP NTFY"])
        #expect(pair.sg.asState(routingContext: 1) == .pending)
        #expect(pair.aspEvents.last == .asStateChanged(routingContext: 1, .pending))

        pair.log.removeAll()
        pair.asp { $0.shutdown() }
        #expect(pair.log == ["ASP→SG ASPDN", "SG→ASP ASPDN_ACK"])
        #expect(pair.asp.aspState == .down)
        #expect(pair.sg.aspState(of: pair.association) == .down)
        #expect(pair.aspEvents.last == .closeTransport)
        #expect(!pair.log.contains { $0.contains("ERR") })
    }

    @Test("RFC 4666 §4.4.1 registration back to back: REG REQ → REG RSP → ASPAC on the assigned context")
    func registrationSequence() {
        var configuration = Script.configuration()
        configuration.routingKeys = [
            M3UARoutingKey(
                localRoutingKeyIdentifier: 1, trafficModeType: .loadshare,
                destinationPointCodes: [M3UAMaskedPointCode(pointCode: PointCode(500))])
        ]
        var sgConfiguration = M3UASGConfiguration()
        sgConfiguration.firstDynamicRoutingContext = 77
        var pair = BackToBack(
            asp: M3UAASPStateMachine(configuration: configuration),
            sg: M3UASGStateMachine(configuration: sgConfiguration))
        pair.sg { $0.transportUp(association: M3UAAssociationID(1), outboundStreams: 2) }
        pair.asp { $0.transportUp(outboundStreams: 2) }
        #expect(
            pair.log == [
                "ASP→SG ASPUP", "SG→ASP ASPUP_ACK", "ASP→SG REG_REQ", "SG→ASP REG_RSP", "SG→ASP NTFY", "ASP→SG ASPAC",
                "SG→ASP ASPAC_ACK", "SG→ASP NTFY",
            ])
        #expect(pair.asp.routingContexts == [77])
        #expect(pair.sg.asState(routingContext: 77) == .active)
        pair.sg { $0.sendData(Script.protocolData(sls: 3, dpc: 500)) }
        #expect(pair.aspDelivered.count == 1)
    }

    @Test("RFC 4666 §4.3.4.3 two ASPs, Override: the second ASPAC takes over and the first ASP goes inactive")
    func overrideBetweenTwoASPs() {
        var sg = M3UASGStateMachine(configuration: Self.sgConfiguration())
        var first = M3UAASPStateMachine(configuration: Script.configuration(routingContexts: [1]))
        var second = M3UAASPStateMachine(configuration: Script.configuration(routingContexts: [1]))
        let a = M3UAAssociationID(1)
        let b = M3UAAssociationID(2)
        // Drive each ASP by hand through the SG, feeding SG messages addressed to the other ASP to it.
        func exchange(_ actions: [M3UAAction], from id: M3UAAssociationID) {
            var pending: [(M3UAAssociationID, M3UAMessage)] = []
            for case .send(let message, let stream) in actions {
                for case .send(let reply, let target, _) in sg.receive(
                    bytes: message.encoded(), stream: stream, from: id)
                {
                    pending.append((target, reply))
                }
            }
            for (target, reply) in pending {
                let more =
                    target == a
                    ? first.receive(bytes: reply.encoded(), stream: 0)
                    : second.receive(bytes: reply.encoded(), stream: 0)
                exchange(more, from: target)
            }
        }
        _ = sg.transportUp(association: a, outboundStreams: 2)
        _ = sg.transportUp(association: b, outboundStreams: 2)
        exchange(first.transportUp(outboundStreams: 2), from: a)
        #expect(first.aspState == .active)
        exchange(second.transportUp(outboundStreams: 2), from: b)
        #expect(second.aspState == .active)
        #expect(first.aspState == .inactive)
        #expect(sg.activeASPs(routingContext: 1) == [b])
    }

    @Test("RFC 4666 §4.3.3 IPSP single exchange: initiator and responder, DATA both ways")
    func ipspSingleExchange() {
        var configuration = Script.configuration(routingContexts: [4])
        configuration.trafficMode = .override
        var initiator = M3UAIPSPStateMachine(role: .initiator, configuration: configuration)
        var responder = M3UAIPSPStateMachine(role: .responder, configuration: configuration)
        var delivered: [String: Int] = [:]
        var log: [String] = []
        func pump(_ start: [M3UAAction], fromInitiator: Bool) {
            var queue = start.map { (fromInitiator, $0) }
            while !queue.isEmpty {
                let (isInitiator, action) = queue.removeFirst()
                switch action {
                case .send(let message, let stream):
                    log.append((isInitiator ? "I→R " : "R→I ") + message.description)
                    let next =
                        isInitiator
                        ? responder.receive(bytes: message.encoded(), stream: stream)
                        : initiator.receive(bytes: message.encoded(), stream: stream)
                    queue += next.map { (!isInitiator, $0) }
                case .deliver:
                    delivered[isInitiator ? "initiator" : "responder", default: 0] += 1
                default: break
                }
            }
        }
        pump(responder.transportUp(outboundStreams: 4), fromInitiator: false)
        pump(initiator.transportUp(outboundStreams: 4), fromInitiator: true)
        #expect(initiator.aspState == .active)
        #expect(responder.aspState == .active)
        #expect(log.prefix(2) == ["I→R ASPUP", "R→I ASPUP_ACK"])
        pump(initiator.sendData(Script.protocolData(sls: 1)), fromInitiator: true)
        pump(responder.sendData(Script.protocolData(sls: 2)), fromInitiator: false)
        #expect(delivered == ["initiator": 1, "responder": 1])
        #expect(!log.contains("R→I ERR") && !log.contains("I→R ERR"))
    }
}
