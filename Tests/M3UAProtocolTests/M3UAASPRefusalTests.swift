import M3UAProtocol
import M3UAWire
import NIOCore
import TelecomTypes
import Testing

/// RFC 4666 §3.8.1: an ERR that refuses the outstanding ASPUP, ASPAC or REG REQ ends it without waiting for T(ack).
@Suite("RFC 4666 §3.8.1 requests refused with ERR")
struct M3UAASPRefusalTests {
    /// An ASP in ASP-INACTIVE whose ASPAC (T(ack) generation 2) is outstanding.
    static func awaitingASPAC(_ configuration: M3UAASPConfiguration = Script.configuration(routingContexts: [7]))
        -> M3UAASPStateMachine
    {
        var asp = M3UAASPStateMachine(configuration: configuration)
        _ = asp.transportUp(outboundStreams: 4)
        _ = asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)
        return asp
    }

    @Test("RFC 4666 §4.3.4.3 ERR 'Invalid Routing Context' for ASPAC: T(ack) stopped, refusal reported, ASP-INACTIVE")
    func aspActiveInvalidRoutingContext() {
        var asp = Self.awaitingASPAC()
        let ackTimer = M3UATimer(.ack, generation: 2)
        let error = M3UAErrorMessage(errorCode: .invalidRoutingContext, routingContext: [7])
        let actions = asp.receive(.error(error), stream: 0)
        #expect(
            actions == [
                .report(.peerError(error)), .cancelTimer(ackTimer),
                .report(.procedureRefused(.aspActive, .invalidRoutingContext)),
            ])
        // No retransmission: the T(ack) that was running fires late and does nothing.
        #expect(asp.timerFired(ackTimer).isEmpty)
        #expect(asp.aspState == .inactive && asp.isTransportUp)
        // The layer manager may try again.
        #expect(Script.sent(asp.activate()).count == 1)
    }

    @Test("RFC 4666 §4.3.4.3 ERR 'No Configured AS for ASP' and 'Unsupported Traffic Mode Type' refuse ASPAC too")
    func aspActiveOtherRefusals() {
        for code in [M3UAErrorCode.noConfiguredASForASP, .unsupportedTrafficModeType, .refusedManagementBlocking] {
            var asp = Self.awaitingASPAC()
            let actions = asp.receive(.error(M3UAErrorMessage(errorCode: code)), stream: 0)
            #expect(actions.contains(.report(.procedureRefused(.aspActive, code))), "\(code)")
            #expect(asp.timerFired(M3UATimer(.ack, generation: 2)).isEmpty, "\(code)")
        }
    }

    @Test("RFC 4666 §4.4.1 ERR 'No Configured AS for ASP' for REG REQ: stopped, reported, no ASPAC")
    func registrationRefusedWithError() {
        var configuration = Script.configuration()
        configuration.routingKeys = [
            M3UARoutingKey(
                localRoutingKeyIdentifier: 1, destinationPointCodes: [M3UAMaskedPointCode(pointCode: PointCode(100))])
        ]
        var asp = Self.awaitingASPAC(configuration)
        let error = M3UAErrorMessage(errorCode: .noConfiguredASForASP)
        let actions = asp.receive(.error(error), stream: 0)
        #expect(
            actions == [
                .report(.peerError(error)), .cancelTimer(M3UATimer(.ack, generation: 2)),
                .report(.procedureRefused(.registration, .noConfiguredASForASP)),
            ])
        #expect(Script.sent(actions).isEmpty)
        #expect(asp.timerFired(M3UATimer(.ack, generation: 2)).isEmpty)
        #expect(asp.aspState == .inactive)
    }

    @Test("RFC 4666 §4.3.4.1 ERR 'Refused - Management Blocking' for ASPUP: closed, reconnect after backoff")
    func aspUpRefused() {
        var asp = M3UAASPStateMachine(configuration: Script.configuration())
        _ = asp.transportUp(outboundStreams: 4)
        let actions = asp.receive(.error(M3UAErrorMessage(errorCode: .refusedManagementBlocking)), stream: 0)
        #expect(actions.contains(.report(.procedureRefused(.aspUp, .refusedManagementBlocking))))
        #expect(actions.contains(.closeTransport))
        #expect(actions.contains { if case .reconnect = $0 { true } else { false } })
        #expect(!asp.isTransportUp)
    }

    @Test("RFC 4666 §3.8.1 an ERR that answers something else leaves the pending ASPAC and its T(ack) alone")
    func unrelatedError() {
        var asp = Self.awaitingASPAC()
        let error = M3UAErrorMessage(errorCode: .invalidStreamIdentifier)
        #expect(asp.receive(.error(error), stream: 0) == [.report(.peerError(error))])
        // T(ack) still resends the ASPAC.
        #expect(Script.sent(asp.timerFired(M3UATimer(.ack, generation: 2))).count == 1)
    }

    @Test("RFC 4666 §3.8.1 back to back: an SGP that refuses the routing context stops the ASP's ASPAC at once")
    func backToBackRefusal() {
        var sgConfiguration = M3UASGConfiguration()
        sgConfiguration.applicationServers = [M3UAApplicationServerConfiguration(routingContext: 1)]
        var sg = M3UASGStateMachine(configuration: sgConfiguration)
        var asp = M3UAASPStateMachine(configuration: Script.configuration(routingContexts: [99]))
        let id = M3UAAssociationID(1)
        _ = sg.transportUp(association: id, outboundStreams: 4)
        var toSG = Script.sent(asp.transportUp(outboundStreams: 4))
        var refusals: [M3UAEvent] = []
        for _ in 0..<10 where !toSG.isEmpty {
            let replies = toSG.flatMap { Script.sgSent(sg.receive(bytes: $0.encoded(), stream: 0, from: id)) }
            let actions = replies.flatMap { asp.receive(bytes: $0.encoded(), stream: 0) }
            refusals += actions.compactMap {
                if case .report(let event) = $0, case .procedureRefused = event { event } else { nil }
            }
            toSG = Script.sent(actions)
        }
        #expect(refusals == [.procedureRefused(.aspActive, .invalidRoutingContext)])
        #expect(asp.aspState == .inactive)
    }
}
