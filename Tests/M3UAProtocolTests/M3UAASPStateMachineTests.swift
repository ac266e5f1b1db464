import M3UAProtocol
import M3UAWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

@Suite("M3UA ASP state machine (RFC 4666 §4.3)")
struct M3UAASPStateMachineTests {
    @Test("RFC 4666 §4.3.4.1 ASP Up procedure: ASPUP on transport up, ASPUP ACK → ASP-INACTIVE")
    func aspUp() {
        var configuration = Script.configuration()
        configuration.aspIdentifier = 7
        configuration.activateAutomatically = false
        var asp = M3UAASPStateMachine(configuration: configuration)
        #expect(asp.aspState == .down)
        #expect(
            asp.transportUp(outboundStreams: 4) == [
                .send(.aspUp(M3UAASPUp(aspIdentifier: 7)), stream: 0),
                .startTimer(M3UATimer(.ack, generation: 1), after: .seconds(2)),
            ])
        #expect(
            asp.receive(bytes: Script.aspUpAckBytes, stream: 0) == [
                .cancelTimer(M3UATimer(.ack, generation: 1)), .stateChanged(.inactive),
            ])
        #expect(asp.aspState == .inactive)
        // The SG's NTFY AS-INACTIVE (captured bytes) is passed on.
        #expect(
            asp.receive(bytes: Script.notifyASInactiveBytes, stream: 0) == [
                .asStateChanged(routingContext: 0, .inactive)
            ])
    }

    @Test(
        "RFC 4666 §4.3.4.3 ASP Active procedure: ASPAC with traffic mode and routing contexts, ASPAC ACK → ASP-ACTIVE")
    func aspActive() {
        var configuration = Script.configuration(
            routingContexts: [0], routes: [M3UAMaskedPointCode(pointCode: PointCode(2))])
        configuration.trafficMode = .loadshare
        var asp = M3UAASPStateMachine(configuration: configuration)
        _ = asp.transportUp(outboundStreams: 4)
        #expect(
            asp.receive(bytes: Script.aspUpAckBytes, stream: 0) == [
                .cancelTimer(M3UATimer(.ack, generation: 1)), .stateChanged(.inactive),
                .send(.aspActive(M3UAASPActive(trafficModeType: .loadshare, routingContext: [0])), stream: 0),
                .startTimer(M3UATimer(.ack, generation: 2), after: .seconds(2)),
            ])
        #expect(
            asp.receive(bytes: Script.aspActiveAckBytes, stream: 0) == [
                .cancelTimer(M3UATimer(.ack, generation: 2)), .stateChanged(.active),
                .destinationAvailability(
                    M3UADestinationChange(affected: M3UAMaskedPointCode(pointCode: PointCode(2)), status: .available)),
            ])
        #expect(asp.aspState == .active)
        #expect(asp.destinations.status(of: PointCode(2)) == .available)
        #expect(asp.destinations.status(of: PointCode(3)) == .unknown)
        #expect(
            asp.receive(bytes: Script.notifyASActiveBytes, stream: 0) == [.asStateChanged(routingContext: 0, .active)])
    }

    @Test("RFC 4666 §4.3.4.4 ASP Inactive and §4.3.4.2 ASP Down procedures")
    func aspInactiveAndDown() {
        var asp = Script.activeASP()
        #expect(
            asp.deactivate() == [
                .send(.aspInactive(M3UAASPInactive()), stream: 0),
                .startTimer(M3UATimer(.ack, generation: 3), after: .seconds(2)),
            ])
        #expect(
            asp.receive(.aspInactiveAck(M3UAASPInactiveAck()), stream: 0) == [
                .cancelTimer(M3UATimer(.ack, generation: 3)), .stateChanged(.inactive),
            ])
        #expect(
            asp.shutdown() == [
                .send(.aspDown(M3UAASPDown()), stream: 0),
                .startTimer(M3UATimer(.ack, generation: 4), after: .seconds(2)),
            ])
        #expect(
            asp.receive(.aspDownAck(M3UAASPDownAck()), stream: 0) == [
                .cancelTimer(M3UATimer(.ack, generation: 4)), .stateChanged(.down), .closeTransport,
            ])
        #expect(asp.aspState == .down)
        #expect(!asp.isTransportUp)
        // Shut down: a transport event does not reconnect; activate() does.
        #expect(asp.transportDown() == [])
        #expect(asp.activate() == [.reconnect(after: .zero)])
    }

    @Test("RFC 4666 §4.3.4.2 unsolicited ASP Down Ack: the ASP considers itself ASP-DOWN and sends ASPUP again")
    func unsolicitedASPDownAck() {
        var asp = Script.activeASP()
        #expect(
            asp.receive(.aspDownAck(M3UAASPDownAck()), stream: 0) == [
                .stateChanged(.down), .send(.aspUp(M3UAASPUp()), stream: 0),
                .startTimer(M3UATimer(.ack, generation: 3), after: .seconds(2)),
            ])
    }

    @Test("RFC 4666 §4.3.4.1 T(ack): ASPUP resent on expiry, then reported as failed and the link closed")
    func ackRetransmitThenFailure() {
        var asp = M3UAASPStateMachine(configuration: Script.configuration(retransmissions: 2))
        var timer = Script.timers(asp.transportUp(outboundStreams: 2))[0]
        for generation in 2...3 {
            let actions = asp.timerFired(timer)
            #expect(
                actions == [
                    .send(.aspUp(M3UAASPUp()), stream: 0),
                    .startTimer(M3UATimer(.ack, generation: UInt64(generation)), after: .seconds(2)),
                ])
            timer = Script.timers(actions)[0]
        }
        let failure = asp.timerFired(timer)
        #expect(failure.first == .report(.procedureFailed(.aspUp)))
        #expect(failure.contains(.closeTransport))
        #expect(failure.last == .reconnect(after: .milliseconds(1000 - Int64(200 * firstJitter))))
        #expect(!asp.isTransportUp)
    }

    /// The first jitter fraction drawn from seed 0 (SplitMix64), as the machine computes it.
    private var firstJitter: Double {
        let z0: UInt64 = 0x9E37_79B9_7F4A_7C15
        var z = z0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }

    @Test("RFC 4666 §4.3.4.3 ASPAC unanswered: reported, the ASP stays ASP-INACTIVE and the association up")
    func aspActiveFailure() {
        var asp = M3UAASPStateMachine(configuration: Script.configuration(retransmissions: 0))
        _ = asp.transportUp(outboundStreams: 2)
        let timer = Script.timers(asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0))[0]
        #expect(asp.timerFired(timer) == [.report(.procedureFailed(.aspActive))])
        #expect(asp.aspState == .inactive)
        #expect(asp.isTransportUp)
    }

    @Test("RFC 4666 §4.3.4.1 a late T(ack) after the ACK cancelled it is ignored")
    func lateTimerIgnored() {
        var asp = M3UAASPStateMachine(configuration: Script.configuration())
        let timer = Script.timers(asp.transportUp(outboundStreams: 2))[0]
        _ = asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)
        #expect(asp.timerFired(timer) == [])
        #expect(asp.timerFired(M3UATimer(.ack, generation: 99)) == [])
        #expect(asp.timerFired(M3UATimer(.recovery(routingContext: 1), generation: 2)) == [])
        #expect(asp.aspState == .inactive)
    }

    @Test("RFC 4666 §4.3.4.6 heartbeat: BEAT every T(beat), BEAT ACK echoes the data")
    func heartbeatAcked() {
        var asp = M3UAASPStateMachine(configuration: Script.configuration(heartbeat: .seconds(30)))
        _ = asp.transportUp(outboundStreams: 2)
        let up = asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)
        let beatTimer = M3UATimer(.heartbeat, generation: 2)
        #expect(up.contains(.startTimer(beatTimer, after: .seconds(30))))
        let data = ByteBuffer(bytes: [0, 0, 0, 0, 0, 0, 0, 1])
        #expect(
            asp.timerFired(beatTimer) == [
                .send(.heartbeat(M3UAHeartbeat(heartbeatData: data)), stream: 0),
                .startTimer(M3UATimer(.heartbeat, generation: 4), after: .seconds(30)),
            ])
        // A BEAT ACK with other data proves nothing.
        #expect(
            asp.receive(.heartbeatAck(M3UAHeartbeatAck(heartbeatData: ByteBuffer(bytes: [9]))), stream: 0) == [
                .report(.heartbeatMismatch)
            ])
        #expect(asp.receive(.heartbeatAck(M3UAHeartbeatAck(heartbeatData: data)), stream: 0) == [])
        let next = asp.timerFired(M3UATimer(.heartbeat, generation: 4))
        #expect(Script.sent(next).count == 1)
        #expect(asp.isTransportUp)
    }

    @Test("RFC 4666 §4.3.4.6 heartbeat lost: no BEAT ACK for N intervals → link failure and reconnect")
    func heartbeatLost() {
        var configuration = Script.configuration(heartbeat: .seconds(30))
        configuration.activateAutomatically = false
        var asp = M3UAASPStateMachine(configuration: configuration)
        _ = asp.transportUp(outboundStreams: 2)
        var timer = Script.timers(asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0))[0]
        for _ in 0..<2 {
            let actions = asp.timerFired(timer)
            #expect(Script.sent(actions).count == 1)
            timer = Script.timers(actions)[0]
        }
        let failure = asp.timerFired(timer)
        #expect(failure.first == .report(.heartbeatLost(missed: 2)))
        #expect(failure.contains(.stateChanged(.down)))
        #expect(failure.contains(.closeTransport))
        #expect(failure.contains { if case .reconnect = $0 { true } else { false } })
        #expect(asp.aspState == .down)
    }

    @Test("RFC 4666 §4.3.4.6 the peer's BEAT is answered with BEAT ACK echoing its data, in any state")
    func peerHeartbeatAnswered() {
        var asp = M3UAASPStateMachine(configuration: Script.configuration())
        _ = asp.transportUp(outboundStreams: 2)
        let beat = M3UAHeartbeat(heartbeatData: ByteBuffer(bytes: [1, 2, 3, 4, 5]))
        #expect(
            asp.receive(bytes: M3UAMessage.heartbeat(beat).encoded(), stream: 0) == [
                .send(.heartbeatAck(M3UAHeartbeatAck(heartbeatData: ByteBuffer(bytes: [1, 2, 3, 4, 5]))), stream: 0)
            ])
    }

    @Test("RFC 4666 §4.3.4.5 NTFY: AS-PENDING passed on, insufficient ASP resources reported")
    func notify() {
        var asp = Script.activeASP(Script.configuration(routingContexts: [5]))
        #expect(
            asp.receive(.notify(M3UANotify(status: .asPending, routingContext: [5])), stream: 0) == [
                .asStateChanged(routingContext: 5, .pending)
            ])
        let insufficient = M3UANotify(status: .insufficientASPResourcesActive, routingContext: [5])
        #expect(
            asp.receive(.notify(insufficient), stream: 0) == [
                .report(.notified(.insufficientASPResourcesActive, routingContext: [5]))
            ])
        #expect(asp.aspState == .active)
    }

    @Test("RFC 4666 §4.3.4.3 NTFY Alternate ASP Active: the overridden ASP is now ASP-INACTIVE")
    func alternateASPActive() {
        var asp = Script.activeASP(Script.configuration(routingContexts: [5]))
        #expect(
            asp.receive(.notify(M3UANotify(status: .alternateASPActive, routingContext: [5])), stream: 0) == [
                .report(.notified(.alternateASPActive, routingContext: [5])), .stateChanged(.inactive),
            ])
        #expect(asp.aspState == .inactive)
        #expect(asp.sendData(Script.protocolData(sls: 1)) == [.report(.dataDiscarded(.notActive))])
        // Layer management may take the AS back.
        #expect(Script.sent(asp.activate()) == [.aspActive(M3UAASPActive(routingContext: [5]))])
    }

    @Test("RFC 4666 §3.8.1 ERR from the peer is reported and the association stays up")
    func peerError() {
        var asp = Script.activeASP()
        let error = M3UAErrorMessage(errorCode: .invalidRoutingContext)
        #expect(asp.receive(.error(error), stream: 0) == [.report(.peerError(error))])
        #expect(asp.aspState == .active)
    }

    @Test("RFC 4666 §4.4.1 dynamic registration: REG REQ after ASPUP ACK, REG RSP context used in ASPAC")
    func registration() {
        var configuration = Script.configuration()
        let key = M3UARoutingKey(
            localRoutingKeyIdentifier: 1, destinationPointCodes: [M3UAMaskedPointCode(pointCode: PointCode(100))])
        configuration.routingKeys = [key]
        var asp = M3UAASPStateMachine(configuration: configuration)
        _ = asp.transportUp(outboundStreams: 2)
        #expect(
            Script.sent(asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)) == [
                .registrationRequest(M3UARegistrationRequest(routingKeys: [key]))
            ])
        let response = M3UARegistrationResponse(registrationResults: [
            M3UARegistrationResult(
                localRoutingKeyIdentifier: 1, registrationStatus: .successfullyRegistered, routingContext: [42])
        ])
        #expect(
            asp.receive(.registrationResponse(response), stream: 0) == [
                .cancelTimer(M3UATimer(.ack, generation: 2)), .report(.registered(routingContexts: [42])),
                .send(.aspActive(M3UAASPActive(routingContext: [42])), stream: 0),
                .startTimer(M3UATimer(.ack, generation: 3), after: .seconds(2)),
            ])
        #expect(asp.routingContexts == [42])
    }

    @Test("RFC 4666 §4.4.1 registration refused: reported, no ASPAC sent")
    func registrationRefused() {
        var configuration = Script.configuration()
        configuration.routingKeys = [
            M3UARoutingKey(
                localRoutingKeyIdentifier: 1, destinationPointCodes: [M3UAMaskedPointCode(pointCode: PointCode(100))])
        ]
        var asp = M3UAASPStateMachine(configuration: configuration)
        _ = asp.transportUp(outboundStreams: 2)
        _ = asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)
        let refused = M3UARegistrationResult(
            localRoutingKeyIdentifier: 1, registrationStatus: .errorPermissionDenied, routingContext: [0])
        let actions = asp.receive(
            .registrationResponse(M3UARegistrationResponse(registrationResults: [refused])), stream: 0)
        #expect(actions == [.cancelTimer(M3UATimer(.ack, generation: 2)), .report(.registrationFailed(refused))])
        #expect(asp.aspState == .inactive)
    }

    @Test("RFC 4666 §4.3.4.3 DATA both ways in ASP-ACTIVE; stream chosen as 1 + SLS % (streams − 1)")
    func dataInActive() {
        var asp = Script.activeASP(Script.configuration(routingContexts: [0]))
        for sls: UInt8 in [0, 1, 2, 3, 4, 15] {
            let data = Script.protocolData(sls: sls)
            #expect(
                asp.sendData(data) == [
                    .send(
                        .payloadData(M3UAPayloadData(routingContext: [0], protocolData: data)),
                        stream: 1 + UInt16(sls) % 3)
                ])
        }
        let delivered = asp.receive(bytes: Script.dataBytes, stream: 1)
        guard case .deliver(let data) = delivered.first else {
            Issue.record("no delivery: \(delivered)")
            return
        }
        #expect(delivered.count == 1)
        #expect(data.originatingPointCode == PointCode(1))
        #expect(data.destinationPointCode == PointCode(2))
        #expect(data.serviceIndicator == .isup)
    }

    @Test("RFC 4666 §3.8.1 DATA on stream 0 → ERR Invalid Stream Identifier (0x09), association kept")
    func dataOnStreamZero() {
        var asp = Script.activeASP()
        let actions = asp.receive(bytes: Script.dataBytes, stream: 0)
        #expect(Script.errorCodes(actions) == [.invalidStreamIdentifier])
        guard case .error(let error) = Script.sent(actions).first else { return }
        #expect(error.diagnosticInformation == Script.dataBytes.getSlice(at: 0, length: 40))
        #expect(!actions.contains { if case .deliver = $0 { true } else { false } })
        #expect(asp.aspState == .active)
    }

    @Test("RFC 4666 §1.4.7: over a transport without streams (TCP) DATA arriving as stream 0 is delivered")
    func dataOverStreamlessTransport() {
        var configuration = Script.configuration()
        configuration.interop.transportHasNoStreams = true
        var asp = Script.activeASP(configuration)
        let actions = asp.receive(bytes: Script.dataBytes, stream: 0)
        #expect(Script.errorCodes(actions).isEmpty)
        #expect(actions.contains { if case .deliver = $0 { true } else { false } })
    }

    @Test("RFC 4666 §4.3.4.3 DATA before ASP-ACTIVE: not sent, and received DATA answered with ERR 0x06")
    func dataBeforeActive() {
        var asp = M3UAASPStateMachine(configuration: Script.configuration())
        #expect(asp.sendData(Script.protocolData(sls: 0)) == [.report(.dataDiscarded(.transportDown))])
        _ = asp.transportUp(outboundStreams: 2)
        #expect(asp.sendData(Script.protocolData(sls: 0)) == [.report(.dataDiscarded(.notActive))])
        #expect(Script.errorCodes(asp.receive(bytes: Script.dataBytes, stream: 1)) == [.unexpectedMessage])
        _ = asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)
        #expect(asp.sendData(Script.protocolData(sls: 0)) == [.report(.dataDiscarded(.notActive))])
        #expect(Script.errorCodes(asp.receive(bytes: Script.dataBytes, stream: 1)) == [.unexpectedMessage])
    }

    @Test("RFC 4666 §3.8.1 Unexpected Message (0x06) in each state, association kept up")
    func unexpectedInEachState() {
        let sgBound: [M3UAMessage] = [
            .aspUp(M3UAASPUp()), .aspDown(M3UAASPDown()), .aspActive(M3UAASPActive()),
            .aspInactive(M3UAASPInactive()),
            .registrationRequest(
                M3UARegistrationRequest(routingKeys: [
                    M3UARoutingKey(
                        localRoutingKeyIdentifier: 1,
                        destinationPointCodes: [M3UAMaskedPointCode(pointCode: PointCode(1))])
                ])),
            .deregistrationRequest(M3UADeregistrationRequest(routingContext: [1])),
            .destinationStateAudit(
                M3UADestinationStateAudit(affectedPointCode: [M3UAMaskedPointCode(pointCode: PointCode(1))])),
        ]
        // ASP-DOWN (ASPUP outstanding)
        var down = M3UAASPStateMachine(configuration: Script.configuration())
        _ = down.transportUp(outboundStreams: 2)
        let downOnly: [M3UAMessage] = [
            .aspActiveAck(M3UAASPActiveAck()), .aspInactiveAck(M3UAASPInactiveAck()),
            .destinationUnavailable(
                M3UADestinationUnavailable(affectedPointCode: [M3UAMaskedPointCode(pointCode: PointCode(1))])),
        ]
        for message in sgBound + downOnly {
            #expect(
                Script.errorCodes(down.receive(message, stream: 0)) == [.unexpectedMessage], "\(message) in ASP-DOWN")
        }
        #expect(down.isTransportUp)
        // ASP-INACTIVE
        var configuration = Script.configuration()
        configuration.activateAutomatically = false
        var inactive = M3UAASPStateMachine(configuration: configuration)
        _ = inactive.transportUp(outboundStreams: 2)
        _ = inactive.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)
        for message in sgBound + [
            .aspActiveAck(M3UAASPActiveAck()), .registrationResponse(M3UARegistrationResponse(registrationResults: [])),
        ] {
            #expect(
                Script.errorCodes(inactive.receive(message, stream: 0)) == [.unexpectedMessage],
                "\(message) in ASP-INACTIVE")
        }
        #expect(inactive.aspState == .inactive)
        // ASP-ACTIVE
        var active = Script.activeASP()
        for message in sgBound + [.aspUpAck(M3UAASPUpAck()), .aspInactiveAck(M3UAASPInactiveAck())] {
            #expect(
                Script.errorCodes(active.receive(message, stream: 0)) == [.unexpectedMessage],
                "\(message) in ASP-ACTIVE")
        }
        #expect(active.aspState == .active)
        // An unexpected ERR is never answered with ERR.
        #expect(Script.errorCodes(active.receive(.error(M3UAErrorMessage(errorCode: .protocolError)), stream: 0)) == [])
    }

    @Test("RFC 4666 §3.8.1 malformed bytes → ERR with the decoder's error code and diagnostic, never for an ERR")
    func malformedBytes() {
        var asp = Script.activeASP()
        let cases: [(String, M3UAErrorCode)] = [
            ("0200030400000008", .invalidVersion),  // version 2
            ("0100070100000008", .unsupportedMessageClass),  // class 7
            ("0100030900000008", .unsupportedMessageType),  // ASPSM type 9
            ("0100000100000008", .missingParameter),  // NTFY without Status
            ("010000010000000c000d0003", .parameterFieldError),  // Status of length 3
            ("0100030400000010", .protocolError),  // length 16, 8 bytes given
        ]
        for (hex, code) in cases {
            let bytes = ByteBuffer(hex: hex)
            let actions = asp.receive(bytes: bytes, stream: 0)
            #expect(Script.errorCodes(actions) == [code], "\(hex)")
            if case .error(let error) = Script.sent(actions).first {
                #expect(error.diagnosticInformation == bytes, "\(hex)")
            }
        }
        // A malformed ERR (Error Code missing) gets no ERR back.
        let badError = asp.receive(bytes: ByteBuffer(hex: "0100000000000008"), stream: 0)
        #expect(Script.sent(badError).isEmpty)
        #expect(badError.count == 1)
        #expect(asp.aspState == .active)
    }

    @Test("RFC 4666 §4.3.4.2 transport down: ASP-DOWN, timers cancelled, reconnect with capped exponential backoff")
    func transportDownBackoff() {
        var configuration = Script.configuration(heartbeat: .seconds(30))
        configuration.timers.reconnectJitter = 0
        configuration.timers.reconnectMinimum = .seconds(1)
        configuration.timers.reconnectMaximum = .seconds(5)
        var asp = Script.activeASP(configuration)
        #expect(
            asp.transportDown() == [
                .cancelTimer(M3UATimer(.heartbeat, generation: 2)), .stateChanged(.down),
                .reconnect(after: .seconds(1)),
            ])
        #expect(asp.sendData(Script.protocolData(sls: 0)) == [.report(.dataDiscarded(.transportDown))])
        #expect(asp.transportDown() == [])
        var delays: [Duration] = []
        for _ in 0..<4 {
            _ = asp.transportUp(outboundStreams: 2)
            delays += asp.transportDown().compactMap { if case .reconnect(let after) = $0 { after } else { nil } }
        }
        #expect(delays == [.seconds(2), .seconds(4), .seconds(5), .seconds(5)])
        // A successful ASPUP ACK resets the backoff.
        _ = asp.transportUp(outboundStreams: 2)
        _ = asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)
        #expect(asp.transportDown().last == .reconnect(after: .seconds(1)))
    }

    @Test("RFC 4666 §4.3.4.2 backoff jitter is injected: the same seed gives the same delays")
    func backoffJitterSeeded() {
        func delays(seed: UInt64) -> [Duration] {
            var asp = M3UAASPStateMachine(configuration: Script.configuration(), jitterSeed: seed)
            return (0..<6).flatMap { _ in
                _ = asp.transportUp(outboundStreams: 2)
                return asp.transportDown().compactMap { if case .reconnect(let after) = $0 { after } else { nil } }
            }
        }
        let first = delays(seed: 7)
        #expect(first == delays(seed: 7))
        #expect(first != delays(seed: 8))
        for (attempt, delay) in first.enumerated() {
            let base = Duration.seconds(min(1 << attempt, 60))
            #expect(delay <= base && delay >= base * 0.8, "attempt \(attempt)")
        }
    }

    @Test("RFC 4666 §4.5 SSNM at the ASP updates the destination table")
    func ssnmUpdatesTable() {
        var asp = Script.activeASP()
        let range = M3UAMaskedPointCode(mask: 3, pointCode: PointCode(0x100))
        #expect(
            asp.receive(.destinationAvailable(M3UADestinationAvailable(affectedPointCode: [range])), stream: 0) == [
                .destinationAvailability(M3UADestinationChange(affected: range, status: .available))
            ])
        #expect(asp.destinations.status(of: PointCode(0x107)).reachability == .available)
        #expect(asp.destinations.status(of: PointCode(0x108)).reachability == .unavailable)
        let single = M3UAMaskedPointCode(pointCode: PointCode(0x103))
        _ = asp.receive(.destinationUnavailable(M3UADestinationUnavailable(affectedPointCode: [single])), stream: 0)
        #expect(asp.destinations.status(of: PointCode(0x103)).reachability == .unavailable)
        #expect(asp.destinations.status(of: PointCode(0x104)).reachability == .available)
        _ = asp.receive(
            .signallingCongestion(
                M3UASignallingCongestion(
                    affectedPointCode: [single], congestionIndications: M3UACongestionIndications(level: 2))),
            stream: 0)
        #expect(asp.destinations.status(of: PointCode(0x103)).congestionLevel == 2)
        _ = asp.transportDown()
        #expect(asp.destinations.status(of: PointCode(0x104)) == .unknown)
    }

    @Test("RFC 4666 §4.3.4.3 peerSendsNoNotify: AS-ACTIVE reported on ASPAC ACK")
    func peerSendsNoNotify() {
        var configuration = Script.configuration(routingContexts: [9])
        configuration.interop.peerSendsNoNotify = true
        var asp = M3UAASPStateMachine(configuration: configuration)
        _ = asp.transportUp(outboundStreams: 2)
        _ = asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)
        #expect(
            asp.receive(.aspActiveAck(M3UAASPActiveAck()), stream: 0).contains(
                .asStateChanged(routingContext: 9, .active)))
    }
}
