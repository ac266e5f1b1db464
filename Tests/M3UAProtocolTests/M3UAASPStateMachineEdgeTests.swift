import M3UAProtocol
import M3UAWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

@Suite("M3UA ASP state machine edge cases (RFC 4666 §3.8.1, §4.3.4)")
struct M3UAASPStateMachineEdgeTests {
    @Test("RFC 4666 §3.8.1 DATA with a foreign Routing Context → ERR 0x19, foreign Network Appearance → ERR 0x15")
    func dataRoutingContextAndNetworkAppearance() {
        var configuration = Script.configuration(routingContexts: [1])
        configuration.networkAppearance = 8
        var asp = Script.activeASP(configuration)
        let data = Script.protocolData(sls: 1)
        let wrongContext = M3UAMessage.payloadData(M3UAPayloadData(routingContext: [2], protocolData: data))
        #expect(Script.errorCodes(asp.receive(wrongContext, stream: 1)) == [.invalidRoutingContext])
        let wrongAppearance = M3UAMessage.payloadData(
            M3UAPayloadData(networkAppearance: 9, routingContext: [1], protocolData: data))
        #expect(Script.errorCodes(asp.receive(wrongAppearance, stream: 1)) == [.invalidNetworkAppearance])
        let good = M3UAMessage.payloadData(
            M3UAPayloadData(networkAppearance: 8, routingContext: [1], protocolData: data))
        #expect(asp.receive(good, stream: 1) == [.deliver(data)])
        // Outgoing DATA carries the configured Network Appearance and Routing Context.
        #expect(Script.sent(asp.sendData(data)) == [good])
    }

    @Test("RFC 4666 §4.3.4.2 ASPDN unanswered during shutdown: reported, transport closed, no reconnect")
    func aspDownUnanswered() {
        var asp = Script.activeASP(Script.configuration(retransmissions: 0))
        let timer = Script.timers(asp.shutdown())[0]
        #expect(
            asp.timerFired(timer) == [.report(.procedureFailed(.aspDown)), .stateChanged(.down), .closeTransport])
        #expect(!asp.isTransportUp)
        #expect(asp.transportUp(outboundStreams: 2) == [.closeTransport])
    }

    @Test("RFC 4666 §4.5.3 DAUD from the SG answered from the table when acceptDAUDFromSG is set")
    func daudFromSG() {
        var configuration = Script.configuration(routes: [M3UAMaskedPointCode(pointCode: PointCode(5))])
        configuration.interop.acceptDAUDFromSG = true
        var asp = Script.activeASP(configuration)
        let daud = M3UADestinationStateAudit(affectedPointCode: [M3UAMaskedPointCode(pointCode: PointCode(5))])
        #expect(
            asp.receive(.destinationStateAudit(daud), stream: 0) == [
                .send(
                    .destinationAvailable(
                        M3UADestinationAvailable(affectedPointCode: [M3UAMaskedPointCode(pointCode: PointCode(5))])),
                    stream: 0)
            ])
    }

    @Test("RFC 4666 §3.8.1 discardUnexpectedMessages: no ERR, only a report")
    func discardUnexpected() {
        var configuration = Script.configuration()
        configuration.interop.discardUnexpectedMessages = true
        var asp = Script.activeASP(configuration)
        #expect(
            asp.receive(.aspUp(M3UAASPUp()), stream: 0) == [.report(.unexpectedMessage("ASPUP", state: .active))])
    }

    @Test("RFC 4666 §4.3.4.1 a duplicate ASPUP ACK after a retransmission is ignored in ASP-INACTIVE")
    func duplicateAckIgnored() {
        var configuration = Script.configuration()
        configuration.activateAutomatically = false
        var asp = M3UAASPStateMachine(configuration: configuration)
        let timer = Script.timers(asp.transportUp(outboundStreams: 2))[0]
        _ = asp.timerFired(timer)  // ASPUP resent
        _ = asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)
        #expect(asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0) == [])
        #expect(asp.aspState == .inactive)
    }

    @Test("RFC 4666 §4.3.4.6 any message from the peer counts as a sign of life for BEAT")
    func anyMessageIsLife() {
        var configuration = Script.configuration(heartbeat: .seconds(30))
        configuration.activateAutomatically = false
        var asp = M3UAASPStateMachine(configuration: configuration)
        _ = asp.transportUp(outboundStreams: 2)
        var timer = Script.timers(asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0))[0]
        for _ in 0..<10 {
            let actions = asp.timerFired(timer)
            #expect(Script.sent(actions).count == 1)
            timer = Script.timers(actions)[0]
            _ = asp.receive(.notify(M3UANotify(status: .asInactive)), stream: 0)
        }
        #expect(asp.isTransportUp)
    }

    @Test("RFC 4666 §4.3.4.1 IPSP/ASP: transportUp twice is ignored; transport down during ASPAC drops the request")
    func duplicateTransportEvents() {
        var asp = M3UAASPStateMachine(configuration: Script.configuration())
        _ = asp.transportUp(outboundStreams: 2)
        #expect(asp.transportUp(outboundStreams: 2) == [])
        let up = asp.receive(.aspUpAck(M3UAASPUpAck()), stream: 0)
        let aspacTimer = Script.timers(up)[0]
        let down = asp.transportDown()
        #expect(down.contains(.cancelTimer(aspacTimer)))
        #expect(asp.timerFired(aspacTimer) == [])
        // A late ASPAC ACK after the association came back up is unexpected.
        _ = asp.transportUp(outboundStreams: 2)
        #expect(Script.errorCodes(asp.receive(.aspActiveAck(M3UAASPActiveAck()), stream: 0)) == [.unexpectedMessage])
    }
}
