import M3UAProtocol
import M3UAWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

@Suite("M3UA SG state machine (RFC 4666 §4.3)")
struct M3UASGStateMachineTests {
    static let a = M3UAAssociationID(1)
    static let b = M3UAAssociationID(2)

    static func sg(
        mode: M3UATrafficModeType = .override, context: UInt32 = 10,
        configure: (inout M3UASGConfiguration) -> Void = { _ in }
    ) -> M3UASGStateMachine {
        var configuration = M3UASGConfiguration()
        configuration.applicationServers = [
            M3UAApplicationServerConfiguration(
                routingContext: context, trafficMode: mode,
                destinationPointCodes: [M3UAMaskedPointCode(pointCode: PointCode(2))])
        ]
        configure(&configuration)
        return M3UASGStateMachine(configuration: configuration)
    }

    /// Brings `association` up and active in routing context 10.
    static func activate(_ sg: inout M3UASGStateMachine, _ association: M3UAAssociationID) -> [M3UASGAction] {
        _ = sg.transportUp(association: association, outboundStreams: 4)
        _ = sg.receive(.aspUp(M3UAASPUp()), stream: 0, from: association)
        return sg.receive(.aspActive(M3UAASPActive(routingContext: [10])), stream: 0, from: association)
    }

    @Test("RFC 4666 §4.3.4.1 SGP: ASPUP → ASPUP ACK, ASP-INACTIVE, AS-DOWN → AS-INACTIVE with NTFY")
    func aspUp() {
        var sg = Self.sg()
        #expect(sg.transportUp(association: Self.a, outboundStreams: 4) == [])
        #expect(
            sg.receive(.aspUp(M3UAASPUp(aspIdentifier: 3)), stream: 0, from: Self.a) == [
                .send(.aspUpAck(M3UAASPUpAck(aspIdentifier: 3)), to: Self.a, stream: 0),
                .asStateChanged(routingContext: 10, .inactive),
                .send(.notify(M3UANotify(status: .asInactive, routingContext: [10])), to: Self.a, stream: 0),
                .aspStateChanged(Self.a, .inactive),
            ])
        // A second ASPUP in ASP-INACTIVE: just the ACK.
        #expect(
            sg.receive(.aspUp(M3UAASPUp(aspIdentifier: 3)), stream: 0, from: Self.a) == [
                .send(.aspUpAck(M3UAASPUpAck(aspIdentifier: 3)), to: Self.a, stream: 0)
            ])
    }

    @Test("RFC 4666 §4.3.4.1 SGP: ASPUP from an ASP-ACTIVE ASP → ASPUP ACK plus ERR Unexpected Message, ASP-INACTIVE")
    func aspUpWhileActive() {
        var sg = Self.sg()
        _ = Self.activate(&sg, Self.a)
        let actions = sg.receive(.aspUp(M3UAASPUp()), stream: 0, from: Self.a)
        let sent = Script.sgSent(actions, to: Self.a)
        #expect(sent.first == .aspUpAck(M3UAASPUpAck()))
        #expect(
            sent.contains { if case .error(let error) = $0 { error.errorCode == .unexpectedMessage } else { false } })
        #expect(sg.aspState(of: Self.a) == .inactive)
        #expect(sg.asState(routingContext: 10) == .pending)
    }

    @Test("RFC 4666 §4.3.4.3 SGP: ASPAC → ASPAC ACK, AS-ACTIVE with NTFY")
    func aspActive() {
        var sg = Self.sg()
        _ = sg.transportUp(association: Self.a, outboundStreams: 4)
        _ = sg.receive(.aspUp(M3UAASPUp()), stream: 0, from: Self.a)
        #expect(
            sg.receive(
                .aspActive(M3UAASPActive(trafficModeType: .override, routingContext: [10])), stream: 0, from: Self.a)
                == [
                    .send(
                        .aspActiveAck(M3UAASPActiveAck(trafficModeType: .override, routingContext: [10])), to: Self.a,
                        stream: 0),
                    .asStateChanged(routingContext: 10, .active),
                    .send(.notify(M3UANotify(status: .asActive, routingContext: [10])), to: Self.a, stream: 0),
                    .aspStateChanged(Self.a, .active),
                ])
    }

    @Test("RFC 4666 §4.3.4.3 SGP: ASPAC in ASP-DOWN, unknown routing context, wrong traffic mode are refused")
    func aspActiveRefused() {
        var sg = Self.sg()
        _ = sg.transportUp(association: Self.a, outboundStreams: 4)
        #expect(
            Script.sgSent(sg.receive(.aspActive(M3UAASPActive()), stream: 0, from: Self.a)).map(\.description) == [
                "ERR"
            ])
        _ = sg.receive(.aspUp(M3UAASPUp()), stream: 0, from: Self.a)
        func code(_ message: M3UAMessage) -> M3UAErrorCode? {
            Script.sgSent(sg.receive(message, stream: 0, from: Self.a)).compactMap {
                if case .error(let error) = $0 { error.errorCode } else { nil }
            }.first
        }
        #expect(code(.aspActive(M3UAASPActive(routingContext: [99]))) == .invalidRoutingContext)
        #expect(code(.aspActive(M3UAASPActive(trafficModeType: .loadshare))) == .unsupportedTrafficModeType)
        #expect(sg.aspState(of: Self.a) == .inactive)
    }

    @Test("RFC 4666 §4.3.4.3 Override: a new ASPAC takes over, the old ASP gets NTFY Alternate ASP Active")
    func overrideTakeover() {
        var sg = Self.sg()
        _ = Self.activate(&sg, Self.a)
        _ = sg.transportUp(association: Self.b, outboundStreams: 4)
        _ = sg.receive(.aspUp(M3UAASPUp(aspIdentifier: 2)), stream: 0, from: Self.b)
        let actions = sg.receive(.aspActive(M3UAASPActive(routingContext: [10])), stream: 0, from: Self.b)
        #expect(
            actions == [
                .send(.aspActiveAck(M3UAASPActiveAck(routingContext: [10])), to: Self.b, stream: 0),
                .send(
                    .notify(M3UANotify(status: .alternateASPActive, aspIdentifier: 2, routingContext: [10])),
                    to: Self.a,
                    stream: 0),
                .aspStateChanged(Self.a, .inactive), .aspStateChanged(Self.b, .active),
            ])
        #expect(sg.activeASPs(routingContext: 10) == [Self.b])
        #expect(sg.asState(routingContext: 10) == .active)
        // DATA now goes to B only.
        let data = sg.sendData(Script.protocolData(sls: 5))
        #expect(data.count == 1)
        if case .send(_, let target, let stream) = data.first {
            #expect(target == Self.b)
            #expect(stream == 1 + 5 % 3)
        }
    }

    @Test("RFC 4666 §4.3.4.3 Loadshare: DATA spread over the active ASPs by SLS")
    func loadshare() {
        var sg = Self.sg(mode: .loadshare)
        _ = Self.activate(&sg, Self.a)
        _ = Self.activate(&sg, Self.b)
        #expect(sg.activeASPs(routingContext: 10) == [Self.a, Self.b])
        var targets: [M3UAAssociationID: [UInt8]] = [:]
        for sls: UInt8 in 0..<16 {
            for action in sg.sendData(Script.protocolData(sls: sls)) {
                if case .send(let message, let target, _) = action, case .payloadData(let data) = message {
                    targets[target, default: []].append(sls)
                    #expect(data.routingContext == [10])
                }
            }
        }
        #expect(targets[Self.a] == [0, 2, 4, 6, 8, 10, 12, 14])
        #expect(targets[Self.b] == [1, 3, 5, 7, 9, 11, 13, 15])
        // One ASP goes inactive: the AS stays active, everything goes to the other.
        #expect(
            sg.receive(.aspInactive(M3UAASPInactive(routingContext: [10])), stream: 0, from: Self.a) == [
                .send(.aspInactiveAck(M3UAASPInactiveAck(routingContext: [10])), to: Self.a, stream: 0),
                .aspStateChanged(Self.a, .inactive),
            ])
        #expect(
            Set(
                sg.sendData(Script.protocolData(sls: 0)).compactMap {
                    if case .send(_, let t, _) = $0 { t } else { nil }
                }) == [Self.b])
    }

    @Test("RFC 4666 §4.3.2 last ASP inactive → AS-PENDING with T(r); expiry → AS-INACTIVE; reactivation cancels T(r)")
    func recoveryTimer() {
        var sg = Self.sg()
        _ = Self.activate(&sg, Self.a)
        let pending = sg.receive(.aspInactive(M3UAASPInactive()), stream: 0, from: Self.a)
        let recovery = M3UATimer(.recovery(routingContext: 10), generation: 1)
        #expect(
            pending == [
                .send(.aspInactiveAck(M3UAASPInactiveAck()), to: Self.a, stream: 0),
                .startTimer(recovery, after: .seconds(2)),
                .asStateChanged(routingContext: 10, .pending),
                .send(.notify(M3UANotify(status: .asPending, routingContext: [10])), to: Self.a, stream: 0),
                .aspStateChanged(Self.a, .inactive),
            ])
        // §4.3.2: DATA is buffered while T(r) runs, and discarded when it expires.
        #expect(sg.sendData(Script.protocolData(sls: 0)) == [])
        #expect(
            sg.timerFired(recovery) == [
                .report(.dataDiscarded(.noActiveASP), from: nil),
                .asStateChanged(routingContext: 10, .inactive),
                .send(.notify(M3UANotify(status: .asInactive, routingContext: [10])), to: Self.a, stream: 0),
            ])
        #expect(sg.timerFired(recovery) == [])
        // Pending again, then ASPAC before T(r): cancelled, a late firing is ignored.
        _ = sg.receive(.aspActive(M3UAASPActive()), stream: 0, from: Self.a)
        _ = sg.transportDown(association: Self.a)
        #expect(sg.asState(routingContext: 10) == .pending)
        let second = M3UATimer(.recovery(routingContext: 10), generation: 2)
        #expect(sg.timerFired(second) == [.asStateChanged(routingContext: 10, .down)])
    }

    @Test("RFC 4666 §4.3.2 AS-PENDING → AS-ACTIVE when an ASP comes back before T(r)")
    func pendingRecovered() {
        var sg = Self.sg()
        _ = Self.activate(&sg, Self.a)
        _ = sg.receive(.aspInactive(M3UAASPInactive()), stream: 0, from: Self.a)
        let buffered = Script.protocolData(sls: 6)
        #expect(sg.sendData(buffered) == [])
        let actions = sg.receive(.aspActive(M3UAASPActive()), stream: 0, from: Self.a)
        #expect(actions.contains(.cancelTimer(M3UATimer(.recovery(routingContext: 10), generation: 1))))
        // §4.3.2: the buffered DATA goes out once the AS is active again.
        #expect(
            Script.sgSent(actions).last
                == .payloadData(M3UAPayloadData(routingContext: [10], protocolData: buffered)))
        #expect(actions.contains(.asStateChanged(routingContext: 10, .active)))
        #expect(sg.timerFired(M3UATimer(.recovery(routingContext: 10), generation: 1)) == [])
        #expect(sg.asState(routingContext: 10) == .active)
    }

    @Test("RFC 4666 §4.3.4.5 NTFY can be switched off (interop)")
    func notifySwitchedOff() {
        var sg = Self.sg { $0.interop.sendNotify = false }
        let actions = Self.activate(&sg, Self.a)
        #expect(!Script.sgSent(actions).contains { if case .notify = $0 { true } else { false } })
        #expect(actions.contains(.asStateChanged(routingContext: 10, .active)))
    }

    @Test("RFC 4666 §4.3.4.2 SGP: ASPDN → ASPDN ACK in any state; BEAT → BEAT ACK")
    func aspDownAndBeat() {
        var sg = Self.sg()
        _ = Self.activate(&sg, Self.a)
        let down = sg.receive(.aspDown(M3UAASPDown()), stream: 0, from: Self.a)
        #expect(Script.sgSent(down).first == .aspDownAck(M3UAASPDownAck()))
        #expect(down.contains(.aspStateChanged(Self.a, .down)))
        #expect(sg.aspState(of: Self.a) == .down)
        #expect(
            Script.sgSent(sg.receive(.aspDown(M3UAASPDown()), stream: 0, from: Self.a)) == [
                .aspDownAck(M3UAASPDownAck())
            ])
        let beat = M3UAHeartbeat(heartbeatData: ByteBuffer(bytes: [7, 7]))
        #expect(
            sg.receive(.heartbeat(beat), stream: 0, from: Self.a) == [
                .send(.heartbeatAck(M3UAHeartbeatAck(heartbeatData: ByteBuffer(bytes: [7, 7]))), to: Self.a, stream: 0)
            ])
    }

    @Test("RFC 4666 §3.8.1 SGP: DATA from an inactive ASP → ERR 0x06; on stream 0 → ERR 0x09; from active → delivered")
    func dataFromASP() {
        var sg = Self.sg()
        _ = sg.transportUp(association: Self.a, outboundStreams: 4)
        _ = sg.receive(.aspUp(M3UAASPUp()), stream: 0, from: Self.a)
        func codes(_ actions: [M3UASGAction]) -> [M3UAErrorCode] {
            Script.sgSent(actions).compactMap { if case .error(let error) = $0 { error.errorCode } else { nil } }
        }
        #expect(codes(sg.receive(bytes: Script.dataBytes, stream: 1, from: Self.a)) == [.unexpectedMessage])
        _ = sg.receive(.aspActive(M3UAASPActive()), stream: 0, from: Self.a)
        #expect(codes(sg.receive(bytes: Script.dataBytes, stream: 0, from: Self.a)) == [.invalidStreamIdentifier])
        let delivered = sg.receive(bytes: Script.dataBytes, stream: 2, from: Self.a)
        #expect(delivered.count == 1)
        if case .deliver(let data, let from, let context) = delivered.first {
            #expect(data.serviceIndicator == .isup)
            #expect(from == Self.a)
            #expect(context == nil)
        }
    }

    @Test("RFC 4666 §4.4.1 SGP: REG REQ → REG RSP with an assigned routing context; ASPAC on it")
    func registration() {
        var sg = Self.sg { $0.firstDynamicRoutingContext = 10 }  // collides with the static AS: skipped
        _ = sg.transportUp(association: Self.a, outboundStreams: 4)
        _ = sg.receive(.aspUp(M3UAASPUp()), stream: 0, from: Self.a)
        let key = M3UARoutingKey(
            localRoutingKeyIdentifier: 7, trafficModeType: .loadshare,
            destinationPointCodes: [M3UAMaskedPointCode(pointCode: PointCode(300))])
        let existing = M3UARoutingKey(
            localRoutingKeyIdentifier: 8, destinationPointCodes: [M3UAMaskedPointCode(pointCode: PointCode(2))])
        let empty = M3UARoutingKey(parameters: [.localRoutingKeyIdentifier(9)])
        let actions = sg.receive(
            .registrationRequest(M3UARegistrationRequest(routingKeys: [key, existing, empty])), stream: 0, from: Self.a)
        #expect(
            Script.sgSent(actions).first
                == .registrationResponse(
                    M3UARegistrationResponse(registrationResults: [
                        M3UARegistrationResult(
                            localRoutingKeyIdentifier: 7, registrationStatus: .successfullyRegistered,
                            routingContext: [11]),
                        M3UARegistrationResult(
                            localRoutingKeyIdentifier: 8, registrationStatus: .successfullyRegistered,
                            routingContext: [10]),
                        M3UARegistrationResult(
                            localRoutingKeyIdentifier: 9, registrationStatus: .errorInvalidDPC, routingContext: [0]),
                    ])))
        #expect(actions.contains(.asStateChanged(routingContext: 11, .inactive)))
        #expect(sg.routingContexts == [10, 11])
        _ = sg.receive(.aspActive(M3UAASPActive(routingContext: [11])), stream: 0, from: Self.a)
        #expect(sg.asState(routingContext: 11) == .active)
        // DEREG while active is refused; after ASPIA it succeeds and the registered AS disappears.
        let refused = sg.receive(
            .deregistrationRequest(M3UADeregistrationRequest(routingContext: [11])), stream: 0, from: Self.a)
        #expect(
            Script.sgSent(refused) == [
                .deregistrationResponse(
                    M3UADeregistrationResponse(deregistrationResults: [
                        M3UADeregistrationResult(routingContext: [11], deregistrationStatus: .errorASPCurrentlyActive)
                    ]))
            ])
        _ = sg.receive(.aspInactive(M3UAASPInactive(routingContext: [11])), stream: 0, from: Self.a)
        _ = sg.receive(.deregistrationRequest(M3UADeregistrationRequest(routingContext: [11])), stream: 0, from: Self.a)
        #expect(sg.routingContexts == [10])
    }

    @Test("RFC 4666 §4.5.3 SGP: DAUD answered from the availability table")
    func daudAnswered() {
        var sg = Self.sg {
            $0.destinations.set(M3UAMaskedPointCode(mask: 8, pointCode: PointCode(0x200)), to: .available)
        }
        _ = Self.activate(&sg, Self.a)
        let available = M3UAMaskedPointCode(pointCode: PointCode(0x2AB))
        let unknown = M3UAMaskedPointCode(pointCode: PointCode(0x300))
        let actions = sg.receive(
            .destinationStateAudit(
                M3UADestinationStateAudit(routingContext: [10], affectedPointCode: [available, unknown])),
            stream: 0, from: Self.a)
        #expect(
            Script.sgSent(actions) == [
                .destinationAvailable(M3UADestinationAvailable(routingContext: [10], affectedPointCode: [available])),
                .destinationUnavailable(M3UADestinationUnavailable(routingContext: [10], affectedPointCode: [unknown])),
            ])
        // A change is announced to active ASPs.
        #expect(
            sg.setDestination(unknown, to: .available) == [
                .send(
                    .destinationAvailable(M3UADestinationAvailable(affectedPointCode: [unknown])), to: Self.a, stream: 0
                )
            ])
    }

    @Test("RFC 4666 §4.5.3 SGP: DAUD from an ASP-DOWN ASP, or an inactive one when switched off → ERR 0x06")
    func daudRefused() {
        var sg = Self.sg { $0.interop.acceptDAUDFromInactiveASP = false }
        _ = sg.transportUp(association: Self.a, outboundStreams: 4)
        let daud = M3UAMessage.destinationStateAudit(
            M3UADestinationStateAudit(affectedPointCode: [M3UAMaskedPointCode(pointCode: PointCode(1))]))
        #expect(Script.sgSent(sg.receive(daud, stream: 0, from: Self.a)).map(\.description) == ["ERR"])
        _ = sg.receive(.aspUp(M3UAASPUp()), stream: 0, from: Self.a)
        #expect(Script.sgSent(sg.receive(daud, stream: 0, from: Self.a)).map(\.description) == ["ERR"])
    }

    @Test("RFC 4666 §4.3.4.1 SGP: ASP Identifier Required (0x0E) when configured")
    func aspIdentifierRequired() {
        var sg = Self.sg { $0.requireASPIdentifier = true }
        _ = sg.transportUp(association: Self.a, outboundStreams: 4)
        let actions = sg.receive(.aspUp(M3UAASPUp()), stream: 0, from: Self.a)
        let codes: [M3UAErrorCode?] = Script.sgSent(actions).map {
            if case .error(let e) = $0 { e.errorCode } else { nil }
        }
        #expect(codes == [.aspIdentifierRequired])
        #expect(sg.aspState(of: Self.a) == .down)
    }

    @Test("RFC 4666 §4.3.4.2 SGP: an association that comes up again under the same id leaves its ASs first")
    func associationRestarted() {
        var sg = Self.sg()
        _ = Self.activate(&sg, Self.a)
        let actions = sg.transportUp(association: Self.a, outboundStreams: 2)
        #expect(actions.contains(.asStateChanged(routingContext: 10, .pending)))
        #expect(actions.last == .aspStateChanged(Self.a, .down))
        #expect(sg.activeASPs(routingContext: 10).isEmpty)
        #expect(sg.sendData(Script.protocolData(sls: 0)) == [])  // buffered: the AS is AS-PENDING
    }

    @Test("RFC 4666 §4.3.2 the AS-PENDING buffer is bounded")
    func recoveryBufferBounded() {
        var sg = Self.sg { $0.recoveryBufferLimit = 2 }
        _ = Self.activate(&sg, Self.a)
        _ = sg.transportDown(association: Self.a)
        #expect(sg.sendData(Script.protocolData(sls: 0)) == [])
        #expect(sg.sendData(Script.protocolData(sls: 1)) == [])
        #expect(sg.sendData(Script.protocolData(sls: 2)) == [.report(.dataDiscarded(.noActiveASP), from: nil)])
    }

    @Test(
        "RFC 4666 §4.3.4.3 Loadshare with n = 2: one active ASP → NTFY Insufficient ASP Resources to the inactive one")
    func insufficientResources() {
        var configuration = M3UASGConfiguration()
        configuration.applicationServers = [
            M3UAApplicationServerConfiguration(routingContext: 10, trafficMode: .loadshare, minimumActiveASPs: 2)
        ]
        var sg = M3UASGStateMachine(configuration: configuration)
        _ = sg.transportUp(association: Self.b, outboundStreams: 2)
        _ = sg.receive(.aspUp(M3UAASPUp()), stream: 0, from: Self.b)
        let actions = Self.activate(&sg, Self.a)
        #expect(
            Script.sgSent(actions, to: Self.b).contains(
                .notify(M3UANotify(status: .insufficientASPResourcesActive, routingContext: [10]))))
        #expect(sg.asState(routingContext: 10) == .active)
        // With both active, nobody is asked.
        let both = sg.receive(.aspActive(M3UAASPActive()), stream: 0, from: Self.b)
        #expect(
            !Script.sgSent(both).contains(
                .notify(M3UANotify(status: .insufficientASPResourcesActive, routingContext: [10]))))
    }
}
