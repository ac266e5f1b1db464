import NIOCore
import RerouteTestSupport
import SMPPProtocol
import SMPPWire
import Testing

/// The ESME session of SMPP 3.4 §2.2–§2.3 and §7.2 as scripts: each step is one input and the exact actions.
@Suite("SMPP 3.4 ESME session state machine")
struct SMPPClientStateMachineTests {
    static let bind = SMPPBind(systemID: "reroute", password: "secret")
    static let timers = SMPPTimerConfiguration(
        response: .seconds(5), enquireLink: .seconds(30), reconnectInitial: .seconds(1),
        reconnectMaximum: .seconds(8), queue: .seconds(20))

    static func machine(window: Int = 2, queueLimit: Int = 10) -> SMPPClientStateMachine {
        SMPPClientStateMachine(bind: bind, timers: timers, windowSize: window, queueLimit: queueLimit)
    }

    static let message = SMPPSubmitSM(
        source: .alphanumeric("Reroute"), destination: .international("+447700900123"), text: "code 123456")

    static func boundMachine(window: Int = 2) -> SMPPClientStateMachine {
        var machine = machine(window: window)
        _ = machine.start()
        _ = machine.transportUp()
        _ = machine.receive(bindResponse(sequence: 1))
        return machine
    }

    static func bindResponse(sequence: UInt32, status: SMPPCommandStatus = .ok) -> SMPPPDU {
        SMPPPDU(
            commandStatus: status, sequenceNumber: sequence,
            message: .bindTransceiverResponse(SMPPBindResponse(systemID: status == .ok ? "SMSC" : nil)))
    }

    static func submitResponse(sequence: UInt32, id: String?, status: SMPPCommandStatus = .ok) -> SMPPPDU {
        SMPPPDU(
            commandStatus: status, sequenceNumber: sequence,
            message: .submitSMResponse(SMPPSubmitSMResponse(messageID: id)))
    }

    @Test("SMPP 3.4 §2.3 / §4.1.5: connect, bind_transceiver, bound, enquire_link timer started")
    func bindSequence() {
        var machine = Self.machine()
        #expect(machine.start() == [.connect])
        #expect(
            machine.transportUp() == [
                .send(SMPPPDU(sequenceNumber: 1, message: .bindTransceiver(Self.bind))),
                .startTimer(.response(sequenceNumber: 1), after: .seconds(5)),
            ])
        #expect(
            machine.receive(Self.bindResponse(sequence: 1)) == [
                .cancelTimer(.response(sequenceNumber: 1)), .bound(systemID: "SMSC"),
                .startTimer(.enquireLink, after: .seconds(30)),
            ])
        #expect(machine.isBound)
    }

    @Test("SMPP 3.4 §4.1.6: bind refused (ESME_RINVPASWD) → close, reconnect with doubling backoff")
    func bindRejected() {
        var machine = Self.machine()
        _ = machine.start()
        _ = machine.transportUp()
        #expect(
            machine.receive(Self.bindResponse(sequence: 1, status: .invalidPassword)) == [
                .cancelTimer(.response(sequenceNumber: 1)), .bindFailed(.rejected(.invalidPassword)), .close,
            ])
        #expect(machine.transportDown() == [.startTimer(.reconnect, after: .seconds(1))])
        #expect(machine.timerFired(.reconnect) == [.connect])
        // Connection refused twice more: 2 s, then 4 s.
        #expect(machine.transportDown() == [.startTimer(.reconnect, after: .seconds(2))])
        #expect(machine.timerFired(.reconnect) == [.connect])
        #expect(machine.transportDown() == [.startTimer(.reconnect, after: .seconds(4))])
        #expect(machine.timerFired(.reconnect) == [.connect])
        #expect(machine.transportDown() == [.startTimer(.reconnect, after: .seconds(8))])
        #expect(machine.timerFired(.reconnect) == [.connect])
        // Capped at reconnect_max.
        #expect(machine.transportDown() == [.startTimer(.reconnect, after: .seconds(8))])
    }

    @Test("SMPP 3.4 §7.2 response_timer: bind unanswered → bind failed, close")
    func bindTimeout() {
        var machine = Self.machine()
        _ = machine.start()
        _ = machine.transportUp()
        #expect(machine.timerFired(.response(sequenceNumber: 1)) == [.bindFailed(.timedOut), .close])
        // A late response after the timeout is ignored.
        #expect(machine.receive(Self.bindResponse(sequence: 1)) == [])
        #expect(!machine.isBound)
    }

    @Test("SMPP 3.4 §4.4: submit_sm → submit_sm_resp with message_id")
    func submitAccepted() {
        var machine = Self.boundMachine()
        let id = SMPPRequestID(1)
        #expect(
            machine.submit(Self.message, id: id) == [
                .startTimer(.queued(id), after: .seconds(20)), .cancelTimer(.queued(id)),
                .send(SMPPPDU(sequenceNumber: 2, message: .submitSM(Self.message))),
                .startTimer(.response(sequenceNumber: 2), after: .seconds(5)),
            ])
        #expect(
            machine.receive(Self.submitResponse(sequence: 2, id: "abc")) == [
                .cancelTimer(.response(sequenceNumber: 2)), .submitCompleted(id, .accepted(messageID: "abc")),
            ])
        #expect(machine.outstandingCount == 0)
    }

    @Test("SMPP 3.4 §4.4.2: submit_sm_resp ESME_RTHROTTLED and generic_nack end the request as rejected")
    func submitRejected() {
        var machine = Self.boundMachine()
        _ = machine.submit(Self.message, id: SMPPRequestID(1))
        _ = machine.submit(Self.message, id: SMPPRequestID(2))
        #expect(
            machine.receive(Self.submitResponse(sequence: 2, id: nil, status: .throttled)) == [
                .cancelTimer(.response(sequenceNumber: 2)), .submitCompleted(SMPPRequestID(1), .rejected(.throttled)),
            ])
        let nack = SMPPPDU(commandStatus: .invalidCommandLength, sequenceNumber: 3, message: .genericNack)
        #expect(
            machine.receive(nack) == [
                .cancelTimer(.response(sequenceNumber: 3)),
                .submitCompleted(SMPPRequestID(2), .rejected(.invalidCommandLength)),
            ])
    }

    @Test("SMPP 3.4 §2.8 window: at most windowSize outstanding; a response lets the next queued one go")
    func window() {
        var machine = Self.boundMachine(window: 2)
        _ = machine.submit(Self.message, id: SMPPRequestID(1))
        _ = machine.submit(Self.message, id: SMPPRequestID(2))
        let third = SMPPRequestID(3)
        #expect(machine.submit(Self.message, id: third) == [.startTimer(.queued(third), after: .seconds(20))])
        #expect(machine.outstandingCount == 2)
        #expect(machine.queuedCount == 1)
        #expect(
            machine.receive(Self.submitResponse(sequence: 3, id: "b")) == [
                .cancelTimer(.response(sequenceNumber: 3)),
                .submitCompleted(SMPPRequestID(2), .accepted(messageID: "b")),
                .cancelTimer(.queued(third)), .send(SMPPPDU(sequenceNumber: 4, message: .submitSM(Self.message))),
                .startTimer(.response(sequenceNumber: 4), after: .seconds(5)),
            ])
    }

    @Test("SMPP 3.4 §7.2 response_timer: unanswered submit_sm ends as responseTimeout; a late response is ignored")
    func submitTimeout() {
        var machine = Self.boundMachine()
        _ = machine.submit(Self.message, id: SMPPRequestID(1))
        #expect(
            machine.timerFired(.response(sequenceNumber: 2)) == [.submitCompleted(SMPPRequestID(1), .responseTimeout)])
        #expect(machine.receive(Self.submitResponse(sequence: 2, id: "late")) == [])
    }

    @Test("Submits made before the bind wait in the queue and go once bound; the queue timer ends stragglers")
    func queueBeforeBind() {
        var machine = Self.machine()
        _ = machine.start()
        let early = SMPPRequestID(1)
        #expect(machine.submit(Self.message, id: early) == [.startTimer(.queued(early), after: .seconds(20))])
        _ = machine.transportUp()
        #expect(
            machine.receive(Self.bindResponse(sequence: 1)) == [
                .cancelTimer(.response(sequenceNumber: 1)), .bound(systemID: "SMSC"),
                .startTimer(.enquireLink, after: .seconds(30)), .cancelTimer(.queued(early)),
                .send(SMPPPDU(sequenceNumber: 2, message: .submitSM(Self.message))),
                .startTimer(.response(sequenceNumber: 2), after: .seconds(5)),
            ])
        var unbound = Self.machine()
        _ = unbound.start()
        _ = unbound.submit(Self.message, id: early)
        #expect(unbound.timerFired(.queued(early)) == [.submitCompleted(early, .queueTimeout)])
        #expect(unbound.timerFired(.queued(early)) == [])
    }

    @Test("Queue limit: the submit beyond it ends at once as queueFull")
    func queueFull() {
        var machine = SMPPClientStateMachine(bind: Self.bind, timers: Self.timers, windowSize: 1, queueLimit: 1)
        _ = machine.submit(Self.message, id: SMPPRequestID(1))
        #expect(machine.submit(Self.message, id: SMPPRequestID(2)) == [.submitCompleted(SMPPRequestID(2), .queueFull)])
    }

    @Test("SMPP 3.4 §4.6: deliver_sm is answered with deliver_sm_resp, then handed over")
    func deliver() {
        var machine = Self.boundMachine()
        var mo = SMPPDeliverSM(source: .international("+447700900123"), destination: .international("+447700900999"))
        mo.setText("654321")
        let pdu = SMPPPDU(sequenceNumber: 77, message: .deliverSM(mo))
        #expect(
            machine.receive(pdu) == [
                .send(SMPPPDU(sequenceNumber: 77, message: .deliverSMResponse(SMPPDeliverSMResponse()))), .deliver(mo),
            ])
        // Before the bind completes, deliver_sm is refused with ESME_RINVBNDSTS.
        var binding = Self.machine()
        _ = binding.start()
        _ = binding.transportUp()
        #expect(
            binding.receive(pdu) == [
                .send(
                    SMPPPDU(
                        commandStatus: .invalidBindStatus, sequenceNumber: 77,
                        message: .deliverSMResponse(SMPPDeliverSMResponse(messageID: nil))))
            ])
    }

    @Test("SMPP 3.4 §4.11: enquire_link both ways; an unanswered probe means a dead link → close, reconnect")
    func enquireLink() {
        var machine = Self.boundMachine()
        #expect(
            machine.receive(SMPPPDU(sequenceNumber: 9, message: .enquireLink)) == [
                .send(SMPPPDU(sequenceNumber: 9, message: .enquireLinkResponse))
            ])
        #expect(
            machine.timerFired(.enquireLink) == [
                .send(SMPPPDU(sequenceNumber: 2, message: .enquireLink)),
                .startTimer(.response(sequenceNumber: 2), after: .seconds(5)),
                .startTimer(.enquireLink, after: .seconds(30)),
            ])
        #expect(
            machine.receive(SMPPPDU(sequenceNumber: 2, message: .enquireLinkResponse)) == [
                .cancelTimer(.response(sequenceNumber: 2)), .enquireLinkAnswered,
            ])
        _ = machine.submit(Self.message, id: SMPPRequestID(5))
        _ = machine.timerFired(.enquireLink)
        // Sequence 3 is the submit, 4 the probe; the probe times out.
        #expect(
            machine.timerFired(.response(sequenceNumber: 4)) == [
                .unbound, .cancelTimer(.enquireLink), .cancelTimer(.response(sequenceNumber: 4)),
                .cancelTimer(.response(sequenceNumber: 3)), .submitCompleted(SMPPRequestID(5), .connectionLost), .close,
            ])
        #expect(machine.transportDown() == [.startTimer(.reconnect, after: .seconds(1))])
    }

    @Test("SMPP 3.4 §4.2: unbind from the SMSC → unbind_resp, close, bind again")
    func peerUnbind() {
        var machine = Self.boundMachine()
        #expect(
            machine.receive(SMPPPDU(sequenceNumber: 40, message: .unbind)) == [
                .send(SMPPPDU(sequenceNumber: 40, message: .unbindResponse)), .unbound, .cancelTimer(.enquireLink),
                .close,
            ])
        #expect(machine.transportDown() == [.startTimer(.reconnect, after: .seconds(1))])
        #expect(machine.timerFired(.reconnect) == [.connect])
        #expect(
            machine.transportUp() == [
                .send(SMPPPDU(sequenceNumber: 2, message: .bindTransceiver(Self.bind))),
                .startTimer(.response(sequenceNumber: 2), after: .seconds(5)),
            ])
    }

    @Test("Connection lost while bound: outstanding submits end as connectionLost, queued ones wait for the rebind")
    func connectionLost() {
        var machine = Self.boundMachine(window: 1)
        _ = machine.submit(Self.message, id: SMPPRequestID(1))
        _ = machine.submit(Self.message, id: SMPPRequestID(2))
        #expect(
            machine.transportDown() == [
                .unbound, .cancelTimer(.enquireLink), .cancelTimer(.response(sequenceNumber: 2)),
                .submitCompleted(SMPPRequestID(1), .connectionLost), .startTimer(.reconnect, after: .seconds(1)),
            ])
        #expect(machine.queuedCount == 1)
    }

    @Test("SMPP 3.4 §4.2: stop while bound → unbind, unbind_resp → close → stopped; queued submits end as stopped")
    func stop() {
        var machine = Self.machine()
        _ = machine.start()
        _ = machine.transportUp()
        _ = machine.receive(Self.bindResponse(sequence: 1))
        let waiting = SMPPRequestID(3)
        #expect(
            machine.stop() == [
                .cancelTimer(.enquireLink), .send(SMPPPDU(sequenceNumber: 2, message: .unbind)),
                .startTimer(.response(sequenceNumber: 2), after: .seconds(5)),
            ])
        #expect(machine.submit(Self.message, id: waiting) == [.submitCompleted(waiting, .stopped)])
        #expect(
            machine.receive(SMPPPDU(sequenceNumber: 2, message: .unbindResponse)) == [
                .cancelTimer(.response(sequenceNumber: 2)), .close,
            ])
        #expect(machine.transportDown() == [.stopped])
        #expect(machine.timerFired(.reconnect) == [])
    }

    @Test("SMPP 3.4 §4.3: a malformed PDU is answered; a framing error ends the session")
    func malformed() throws {
        var machine = Self.boundMachine()
        var stream = ByteBuffer(hex: "00000008 00000015 00000000 00000005")
        do {
            _ = try SMPPPDU.frame(from: &stream)
            Issue.record("framed")
        } catch {
            #expect(
                machine.receiveMalformed(error) == [
                    .send(SMPPPDU(commandStatus: .invalidCommandLength, sequenceNumber: 5, message: .genericNack)),
                    .unbound, .cancelTimer(.enquireLink), .close,
                ])
        }
        var other = Self.boundMachine()
        // data_sm, which the ESME does not serve.
        do {
            _ = try SMPPPDU.decode(ByteBuffer(hex: "00000010 00000103 00000000 00000006"))
        } catch {
            #expect(
                other.receiveMalformed(error) == [
                    .send(SMPPPDU(commandStatus: .invalidCommandID, sequenceNumber: 6, message: .genericNack))
                ])
            #expect(other.isBound)
        }
    }

    @Test("SMPP 3.4 §5.1.4: sequence numbers run 1…0x7FFFFFFF")
    func sequenceNumbers() {
        var machine = Self.boundMachine(window: 1)
        for index in 0..<5 {
            let actions = machine.submit(Self.message, id: SMPPRequestID(UInt64(index)))
            guard case .send(let pdu) = actions.first(where: { if case .send = $0 { true } else { false } }) else {
                Issue.record("not sent")
                return
            }
            #expect(pdu.sequenceNumber == UInt32(index + 2))
            _ = machine.receive(Self.submitResponse(sequence: pdu.sequenceNumber, id: "x"))
        }
    }
}
