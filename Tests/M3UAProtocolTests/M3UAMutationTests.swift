import M3UAProtocol
import M3UAWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// Random events and mutated bytes against both machines: they never crash, and what they report about their
/// state always matches what they say when asked.
@Suite("M3UA state machines under hostile input")
struct M3UAMutationTests {
    /// Valid messages of every kind, the seeds of the mutations.
    static let corpus: [ByteBuffer] = {
        let pc = M3UAMaskedPointCode(pointCode: PointCode(2))
        let messages: [M3UAMessage] = [
            .aspUp(M3UAASPUp(aspIdentifier: 1)), .aspUpAck(M3UAASPUpAck()), .aspDown(M3UAASPDown()),
            .aspDownAck(M3UAASPDownAck()), .aspActive(M3UAASPActive(trafficModeType: .override, routingContext: [1])),
            .aspActive(M3UAASPActive()), .aspActiveAck(M3UAASPActiveAck(routingContext: [1])),
            .aspInactive(M3UAASPInactive()), .aspInactiveAck(M3UAASPInactiveAck()),
            .heartbeat(M3UAHeartbeat(heartbeatData: ByteBuffer(bytes: [0, 0, 0, 0, 0, 0, 0, 1]))),
            .heartbeatAck(M3UAHeartbeatAck(heartbeatData: ByteBuffer(bytes: [0, 0, 0, 0, 0, 0, 0, 1]))),
            .notify(M3UANotify(status: .asActive, routingContext: [1])),
            .notify(M3UANotify(status: .alternateASPActive, routingContext: [1])),
            .notify(M3UANotify(status: .asPending)),
            .error(M3UAErrorMessage(errorCode: .unexpectedMessage)),
            .payloadData(M3UAPayloadData(routingContext: [1], protocolData: Script.protocolData(sls: 3))),
            .destinationUnavailable(
                M3UADestinationUnavailable(affectedPointCode: [M3UAMaskedPointCode(mask: 4, pointCode: PointCode(2))])),
            .destinationAvailable(M3UADestinationAvailable(affectedPointCode: [pc])),
            .destinationStateAudit(M3UADestinationStateAudit(affectedPointCode: [pc])),
            .signallingCongestion(M3UASignallingCongestion(affectedPointCode: [pc])),
            .destinationUserPartUnavailable(
                M3UADestinationUserPartUnavailable(affectedPointCode: [pc], userCause: M3UAUserCause(cause: 1, user: 5))
            ),
            .destinationRestricted(M3UADestinationRestricted(affectedPointCode: [pc])),
            .registrationRequest(
                M3UARegistrationRequest(routingKeys: [
                    M3UARoutingKey(localRoutingKeyIdentifier: 1, destinationPointCodes: [pc])
                ])),
            .registrationResponse(
                M3UARegistrationResponse(registrationResults: [
                    M3UARegistrationResult(
                        localRoutingKeyIdentifier: 1, registrationStatus: .successfullyRegistered, routingContext: [5])
                ])),
            .deregistrationRequest(M3UADeregistrationRequest(routingContext: [5])),
        ]
        return messages.map { $0.encoded() } + [Script.dataBytes, Script.aspUpAckBytes, Script.notifyASActiveBytes]
    }()

    static func bytes(using rng: inout SeededGenerator) -> ByteBuffer {
        let seed = corpus[Int(rng.next() % UInt64(corpus.count))]
        if rng.next() % 3 == 0 { return seed }
        return ByteBuffer(bytes: Mutator.mutate(Array(seed.readableBytesView), using: &rng))
    }

    @Test("RFC 4666 §4 ASP machine: 20,000 random events and mutated messages, state always consistent")
    func aspMachine() {
        var rng = SeededGenerator(seed: 0x4666)
        var configuration = Script.configuration(routingContexts: [1], heartbeat: .seconds(30), retransmissions: 2)
        configuration.routingKeys = []
        var asp = M3UAASPStateMachine(configuration: configuration, jitterSeed: 1)
        var reported = M3UAASPState.down
        var timers: [M3UATimer] = []
        var outbound: UInt16 = 1
        var visited: [M3UAASPState: Int] = [:]
        for step in 0..<20_000 {
            let before = asp.aspState
            let actions: [M3UAAction]
            switch rng.next() % 12 {
            case 0:
                let streams = UInt16(rng.next() % 16) + 1
                if !asp.isTransportUp { outbound = streams }
                actions = asp.transportUp(outboundStreams: streams)
            case 1: actions = rng.next() % 4 == 0 ? asp.transportDown() : asp.activate()
            case 2: actions = rng.next() % 2 == 0 ? asp.deactivate() : asp.shutdown()
            case 3: actions = asp.sendData(Script.protocolData(sls: UInt8(truncatingIfNeeded: rng.next())))
            case 4, 5:
                let timer =
                    timers.isEmpty
                    ? M3UATimer(.ack, generation: rng.next() % 8) : timers[Int(rng.next() % UInt64(timers.count))]
                actions = asp.timerFired(timer)
            default:
                actions = asp.receive(bytes: Self.bytes(using: &rng), stream: UInt16(rng.next() % 3))
            }
            for action in actions {
                switch action {
                case .stateChanged(let state): reported = state
                case .startTimer(let timer, _):
                    timers.append(timer)
                    if timers.count > 16 { timers.removeFirst() }
                case .send(.payloadData, let stream):
                    #expect(
                        before == .active && asp.aspState == .active, "DATA sent outside ASP-ACTIVE at step \(step)")
                    #expect(stream != 0 || outbound <= 1, "DATA on stream 0 at step \(step)")
                case .deliver:
                    #expect(before == .active, "DATA delivered outside ASP-ACTIVE at step \(step)")
                default: break
                }
            }
            #expect(reported == asp.aspState, "step \(step): reported \(reported), actual \(asp.aspState)")
            visited[asp.aspState, default: 0] += 1
            if !asp.isTransportUp { #expect(asp.aspState == .down) }
        }
        // The loop must reach every state, or it tests little.
        #expect(visited[.inactive, default: 0] > 500)
        #expect(visited[.active, default: 0] > 500)
    }

    @Test("RFC 4666 §4 SG machine: 20,000 random events and mutated messages from three ASPs, state consistent")
    func sgMachine() {
        var rng = SeededGenerator(seed: 0x3332)
        var configuration = M3UASGConfiguration()
        configuration.applicationServers = [
            M3UAApplicationServerConfiguration(routingContext: 1, trafficMode: .override),
            M3UAApplicationServerConfiguration(routingContext: 2, trafficMode: .loadshare),
        ]
        var sg = M3UASGStateMachine(configuration: configuration)
        var reported: [M3UAAssociationID: M3UAASPState] = [:]
        var timers: [M3UATimer] = []
        var activeSteps = 0
        for step in 0..<20_000 {
            let association = M3UAAssociationID(rng.next() % 3)
            let actions: [M3UASGAction]
            switch rng.next() % 40 {
            case 0: actions = sg.transportUp(association: association, outboundStreams: UInt16(rng.next() % 4) + 1)
            case 1: actions = sg.transportDown(association: association)
            case 2..<6:
                actions = sg.sendData(
                    Script.protocolData(sls: UInt8(truncatingIfNeeded: rng.next())),
                    routingContext: UInt32(rng.next() % 3))
            case 6..<9:
                let timer =
                    timers.isEmpty
                    ? M3UATimer(.recovery(routingContext: 1), generation: 1)
                    : timers[Int(rng.next() % UInt64(timers.count))]
                actions = sg.timerFired(timer)
            default:
                actions = sg.receive(bytes: Self.bytes(using: &rng), stream: UInt16(rng.next() % 3), from: association)
            }
            for action in actions {
                switch action {
                case .aspStateChanged(let id, let state): reported[id] = state
                case .startTimer(let timer, _):
                    timers.append(timer)
                    if timers.count > 16 { timers.removeFirst() }
                case .send(.payloadData, let target, _):
                    #expect(sg.aspState(of: target) == .active, "DATA to a non-active ASP at step \(step)")
                default: break
                }
            }
            for id in (0..<3).map({ M3UAAssociationID(UInt64($0)) }) {
                #expect((reported[id] ?? .down) == sg.aspState(of: id), "step \(step) \(id)")
            }
            if sg.routingContexts.contains(where: { !sg.activeASPs(routingContext: $0).isEmpty }) { activeSteps += 1 }
            #expect(sg.activeASPs(routingContext: 1).count <= 1, "Override AS with two active ASPs at step \(step)")
            for context in sg.routingContexts {
                let active = !sg.activeASPs(routingContext: context).isEmpty
                #expect(active == (sg.asState(routingContext: context) == .active), "AS \(context) at step \(step)")
            }
        }
        #expect(activeSteps > 500)
    }
}
