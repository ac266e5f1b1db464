public import SMPPWire

/// An ESME bound as transceiver to one SMSC (SMPP 3.4 §2.2, §2.3, §7.2): bind, windowed submit_sm, deliver_sm
/// answered, enquire_link, unbind, and reconnection with backoff. Pure: PDUs, transport events and timer expiries
/// in, `SMPPClientAction`s out; sequence numbers and request ids are its own or the caller's, never the clock's.
///
/// ```
///            start                transportUp / bind_transceiver       bind_transceiver_resp OK
///   idle ───────────▶ connecting ─────────────────────────▶ binding ───────────────────────────▶ bound
///                        ▲   │ transportDown                  │ resp error / response_timer          │
///                        │   ▼                                ▼                                      │
///                 reconnect timer ◀──── waitingToReconnect ◀── closing ◀── unbind / dead link ───────┤
///                                                                        transportDown ──────────────┘
///   stop: bound ─ unbind ─▶ unbinding ─ unbind_resp / response_timer ─▶ stopping ─ transportDown ─▶ stopped
/// ```
public struct SMPPClientStateMachine: Sendable {
    private enum State: Sendable {
        case idle
        case connecting(attempt: Int)
        case binding(attempt: Int, sequenceNumber: UInt32)
        /// `enquireLink`: the sequence number of the enquire_link awaiting its response.
        case bound(enquireLink: UInt32?)
        case closing(attempt: Int)
        case waitingToReconnect(attempt: Int)
        case unbinding(sequenceNumber: UInt32)
        case stopping
        case stopped
    }

    public let bind: SMPPBind
    public let timers: SMPPTimerConfiguration
    /// How many submit_sm may await their response at once ("window").
    public let windowSize: Int
    /// How many submits may wait for a slot.
    public let queueLimit: Int

    private var state: State = .idle
    private var lastSequenceNumber: UInt32 = 0
    /// Sent submit_sm awaiting submit_sm_resp, by sequence number.
    private var outstanding: [UInt32: SMPPRequestID] = [:]
    /// Submits not yet sent, oldest first.
    private var queue: [(id: SMPPRequestID, message: SMPPSubmitSM)] = []

    public init(bind: SMPPBind, timers: SMPPTimerConfiguration = .init(), windowSize: Int = 10, queueLimit: Int = 1_000)
    {
        self.bind = bind
        self.timers = timers
        self.windowSize = max(1, windowSize)
        self.queueLimit = max(0, queueLimit)
    }

    /// Whether a bound session is up.
    public var isBound: Bool {
        if case .bound = state { return true }
        return false
    }

    /// How many submit_sm await their response.
    public var outstandingCount: Int { outstanding.count }
    /// How many submits wait to be sent.
    public var queuedCount: Int { queue.count }

    // MARK: Commands

    /// Starts the session: connect, then bind.
    public mutating func start() -> [SMPPClientAction] {
        guard case .idle = state else { return [] }
        state = .connecting(attempt: 0)
        return [.connect]
    }

    /// Ends the session: unbind when bound (§4.2), fail what is queued, then close.
    public mutating func stop() -> [SMPPClientAction] {
        var actions = failQueue(.stopped)
        switch state {
        case .idle, .stopped:
            state = .stopped
            return actions + [.stopped]
        case .waitingToReconnect:
            state = .stopped
            return actions + [.cancelTimer(.reconnect), .stopped]
        case .connecting, .closing:
            state = .stopping
            return actions + [.close]
        case .binding(_, let sequence):
            state = .stopping
            return actions + [.cancelTimer(.response(sequenceNumber: sequence)), .close]
        case .bound(let enquireLink):
            let sequence = nextSequenceNumber()
            state = .unbinding(sequenceNumber: sequence)
            actions.append(.cancelTimer(.enquireLink))
            if let enquireLink { actions.append(.cancelTimer(.response(sequenceNumber: enquireLink))) }
            return actions + [
                .send(SMPPPDU(sequenceNumber: sequence, message: .unbind)),
                .startTimer(.response(sequenceNumber: sequence), after: timers.response),
            ]
        case .unbinding, .stopping:
            return actions
        }
    }

    /// Queues one submit_sm; it is sent as soon as the session is bound and the window has room.
    public mutating func submit(_ message: SMPPSubmitSM, id: SMPPRequestID) -> [SMPPClientAction] {
        switch state {
        case .unbinding, .stopping, .stopped:
            return [.submitCompleted(id, .stopped)]
        case .idle, .connecting, .binding, .bound, .closing, .waitingToReconnect:
            guard queue.count < queueLimit else { return [.submitCompleted(id, .queueFull)] }
            queue.append((id, message))
            return [.startTimer(.queued(id), after: timers.queue)] + sendQueued()
        }
    }

    // MARK: Transport events

    /// The TCP connection is up: send bind_transceiver (§4.1.5) and start its response_timer.
    public mutating func transportUp() -> [SMPPClientAction] {
        switch state {
        case .connecting(let attempt):
            let sequence = nextSequenceNumber()
            state = .binding(attempt: attempt, sequenceNumber: sequence)
            return [
                .send(SMPPPDU(sequenceNumber: sequence, message: .bindTransceiver(bind))),
                .startTimer(.response(sequenceNumber: sequence), after: timers.response),
            ]
        case .stopping:
            return [.close]
        case .idle, .binding, .bound, .closing, .waitingToReconnect, .unbinding, .stopped:
            return []
        }
    }

    /// The connection failed or closed: outstanding submits are lost, a reconnection is scheduled.
    public mutating func transportDown() -> [SMPPClientAction] {
        switch state {
        case .connecting(let attempt), .closing(let attempt):
            return scheduleReconnect(attempt: attempt, cleanup: [])
        case .binding(let attempt, let sequence):
            return scheduleReconnect(attempt: attempt, cleanup: [.cancelTimer(.response(sequenceNumber: sequence))])
        case .bound(let enquireLink):
            var cleanup: [SMPPClientAction] = [.cancelTimer(.enquireLink)]
            if let enquireLink { cleanup.append(.cancelTimer(.response(sequenceNumber: enquireLink))) }
            cleanup += failOutstanding(.connectionLost)
            return [.unbound] + scheduleReconnect(attempt: 0, cleanup: cleanup)
        case .unbinding(let sequence):
            state = .stopped
            return [.cancelTimer(.response(sequenceNumber: sequence))] + failOutstanding(.connectionLost) + [.stopped]
        case .stopping:
            state = .stopped
            return failOutstanding(.connectionLost) + [.stopped]
        case .idle, .waitingToReconnect, .stopped:
            return []
        }
    }

    // MARK: Timers

    public mutating func timerFired(_ timer: SMPPTimer) -> [SMPPClientAction] {
        switch timer {
        case .reconnect:
            guard case .waitingToReconnect(let attempt) = state else { return [] }
            state = .connecting(attempt: attempt)
            return [.connect]
        case .queued(let id):
            guard let index = queue.firstIndex(where: { $0.id == id }) else { return [] }
            queue.remove(at: index)
            return [.submitCompleted(id, .queueTimeout)]
        case .enquireLink:
            guard case .bound(let pending) = state else { return [] }
            let again = SMPPClientAction.startTimer(.enquireLink, after: timers.enquireLink)
            // The previous probe is still unanswered: its response_timer decides.
            guard pending == nil else { return [again] }
            let sequence = nextSequenceNumber()
            state = .bound(enquireLink: sequence)
            return [
                .send(SMPPPDU(sequenceNumber: sequence, message: .enquireLink)),
                .startTimer(.response(sequenceNumber: sequence), after: timers.response), again,
            ]
        case .response(let sequence):
            return responseTimerFired(sequence)
        }
    }

    private mutating func responseTimerFired(_ sequence: UInt32) -> [SMPPClientAction] {
        switch state {
        case .binding(let attempt, let bindSequence) where bindSequence == sequence:
            state = .closing(attempt: attempt)
            return [.bindFailed(.timedOut), .close]
        case .bound(let enquireLink):
            if let id = outstanding.removeValue(forKey: sequence) {
                return [.submitCompleted(id, .responseTimeout)] + sendQueued()
            }
            // An enquire_link left unanswered for a whole response_timer: the link is dead (§7.2).
            guard enquireLink == sequence else { return [] }
            return loseBoundSession()
        case .unbinding(let unbindSequence) where unbindSequence == sequence:
            state = .stopping
            return [.close]
        case .idle, .connecting, .binding, .closing, .waitingToReconnect, .unbinding, .stopping, .stopped:
            return []
        }
    }

    // MARK: PDUs from the SMSC

    /// One decoded PDU from the SMSC.
    public mutating func receive(_ pdu: SMPPPDU) -> [SMPPClientAction] {
        let sequence = pdu.sequenceNumber
        switch pdu.message {
        case .bindTransceiverResponse(let body):
            return receiveBindResponse(pdu, systemID: body.systemID)
        case .submitSMResponse(let body):
            guard let id = outstanding.removeValue(forKey: sequence) else { return [] }
            let outcome: SMPPSubmitOutcome =
                pdu.commandStatus == .ok ? .accepted(messageID: body.messageID ?? "") : .rejected(pdu.commandStatus)
            return [.cancelTimer(.response(sequenceNumber: sequence)), .submitCompleted(id, outcome)] + sendQueued()
        case .genericNack:
            return receiveGenericNack(pdu)
        case .deliverSM(let body):
            // "The deliver_sm_resp ... is used by the ESME to acknowledge" (§4.6.2); outside a bound session the
            // PDU is refused with ESME_RINVBNDSTS.
            guard isBound else {
                return [.send(Self.response(to: pdu, status: .invalidBindStatus))]
            }
            return [
                .send(SMPPPDU(sequenceNumber: sequence, message: .deliverSMResponse(SMPPDeliverSMResponse()))),
                .deliver(body),
            ]
        case .enquireLink:
            return [.send(SMPPPDU(sequenceNumber: sequence, message: .enquireLinkResponse))]
        case .enquireLinkResponse:
            guard case .bound(let pending) = state, pending == sequence else { return [] }
            state = .bound(enquireLink: nil)
            return [.cancelTimer(.response(sequenceNumber: sequence)), .enquireLinkAnswered]
        case .unbind:
            // §4.2: answer unbind_resp, then the SMSC closes; Reroute closes too and binds again.
            let reply = SMPPClientAction.send(SMPPPDU(sequenceNumber: sequence, message: .unbindResponse))
            switch state {
            case .bound:
                return [reply] + loseBoundSession()
            case .unbinding, .stopping:
                state = .stopping
                return [reply, .close]
            case .binding(let attempt, let bindSequence):
                state = .closing(attempt: attempt)
                return [reply, .cancelTimer(.response(sequenceNumber: bindSequence)), .close]
            case .idle, .connecting, .closing, .waitingToReconnect, .stopped:
                return [reply]
            }
        case .unbindResponse:
            guard case .unbinding(let unbindSequence) = state, unbindSequence == sequence else { return [] }
            state = .stopping
            return [.cancelTimer(.response(sequenceNumber: sequence)), .close]
        case .alertNotification(let body):
            return [.alert(body)]
        case .bindReceiver, .bindTransmitter, .bindTransceiver, .submitSM:
            // Requests only an SMSC serves.
            return [.send(Self.response(to: pdu, status: .invalidCommandID))]
        case .unknown(let commandID, _):
            guard !commandID.isResponse else { return [] }
            return [.send(SMPPPDU(commandStatus: .invalidCommandID, sequenceNumber: sequence, message: .genericNack))]
        case .bindReceiverResponse, .bindTransmitterResponse, .deliverSMResponse:
            return []
        }
    }

    /// A PDU that could not be decoded: answer as the error says; a fatal framing error ends the session; a
    /// malformed response ends the request it answers.
    public mutating func receiveMalformed(_ error: SMPPDecodingError) -> [SMPPClientAction] {
        var actions: [SMPPClientAction] = error.reply().map { [.send($0)] } ?? []
        if let header = error.header, header.commandID == .submitSMResponse,
            let id = outstanding.removeValue(forKey: header.sequenceNumber)
        {
            actions += [
                .cancelTimer(.response(sequenceNumber: header.sequenceNumber)),
                .submitCompleted(id, .invalidResponse(error.commandStatus)),
            ]
            actions += sendQueued()
        }
        guard error.isFatal else { return actions }
        switch state {
        case .bound:
            return actions + loseBoundSession()
        case .binding(let attempt, let sequence):
            state = .closing(attempt: attempt)
            return actions + [.cancelTimer(.response(sequenceNumber: sequence)), .close]
        case .unbinding(let sequence):
            state = .stopping
            return actions + [.cancelTimer(.response(sequenceNumber: sequence)), .close]
        case .idle, .connecting, .closing, .waitingToReconnect, .stopping, .stopped:
            return actions + [.close]
        }
    }

    private mutating func receiveBindResponse(_ pdu: SMPPPDU, systemID: String?) -> [SMPPClientAction] {
        guard case .binding(let attempt, let sequence) = state, sequence == pdu.sequenceNumber else { return [] }
        let cancel = SMPPClientAction.cancelTimer(.response(sequenceNumber: sequence))
        guard pdu.commandStatus == .ok else {
            state = .closing(attempt: attempt)
            return [cancel, .bindFailed(.rejected(pdu.commandStatus)), .close]
        }
        state = .bound(enquireLink: nil)
        return [cancel, .bound(systemID: systemID ?? ""), .startTimer(.enquireLink, after: timers.enquireLink)]
            + sendQueued()
    }

    private mutating func receiveGenericNack(_ pdu: SMPPPDU) -> [SMPPClientAction] {
        let sequence = pdu.sequenceNumber
        let cancel = SMPPClientAction.cancelTimer(.response(sequenceNumber: sequence))
        if let id = outstanding.removeValue(forKey: sequence) {
            return [cancel, .submitCompleted(id, .rejected(pdu.commandStatus))] + sendQueued()
        }
        switch state {
        case .binding(let attempt, let bindSequence) where bindSequence == sequence:
            state = .closing(attempt: attempt)
            return [cancel, .bindFailed(.rejected(pdu.commandStatus)), .close]
        case .bound(let enquireLink) where enquireLink == sequence:
            // An answer, even a refusal, shows the peer is alive.
            state = .bound(enquireLink: nil)
            return [cancel]
        case .unbinding(let unbindSequence) where unbindSequence == sequence:
            state = .stopping
            return [cancel, .close]
        case .idle, .connecting, .binding, .bound, .closing, .waitingToReconnect, .unbinding, .stopping, .stopped:
            return []
        }
    }

    // MARK: Helpers

    /// Sends queued submits while bound and the window has room.
    private mutating func sendQueued() -> [SMPPClientAction] {
        guard isBound else { return [] }
        var actions: [SMPPClientAction] = []
        while outstanding.count < windowSize, !queue.isEmpty {
            let (id, message) = queue.removeFirst()
            let sequence = nextSequenceNumber()
            outstanding[sequence] = id
            actions += [
                .cancelTimer(.queued(id)),
                .send(SMPPPDU(sequenceNumber: sequence, message: .submitSM(message))),
                .startTimer(.response(sequenceNumber: sequence), after: timers.response),
            ]
        }
        return actions
    }

    /// A bound session is over (peer unbind, dead link, framing loss): close; transportDown() reconnects.
    private mutating func loseBoundSession() -> [SMPPClientAction] {
        guard case .bound(let enquireLink) = state else { return [] }
        state = .closing(attempt: 0)
        var actions: [SMPPClientAction] = [.unbound, .cancelTimer(.enquireLink)]
        if let enquireLink { actions.append(.cancelTimer(.response(sequenceNumber: enquireLink))) }
        return actions + failOutstanding(.connectionLost) + [.close]
    }

    private mutating func scheduleReconnect(attempt: Int, cleanup: [SMPPClientAction]) -> [SMPPClientAction] {
        state = .waitingToReconnect(attempt: attempt + 1)
        return cleanup + [.startTimer(.reconnect, after: timers.reconnectDelay(attempt: attempt))]
    }

    private mutating func failOutstanding(_ outcome: SMPPSubmitOutcome) -> [SMPPClientAction] {
        let lost = outstanding.sorted { $0.key < $1.key }
        outstanding.removeAll()
        return lost.flatMap { sequence, id in
            [.cancelTimer(.response(sequenceNumber: sequence)), .submitCompleted(id, outcome)]
        }
    }

    private mutating func failQueue(_ outcome: SMPPSubmitOutcome) -> [SMPPClientAction] {
        let waiting = queue
        queue.removeAll()
        return waiting.flatMap { id, _ in [.cancelTimer(.queued(id)), .submitCompleted(id, outcome)] }
    }

    /// "The sequence_number ... should be monotonically increasing ... in the range 0x00000001 to 0x7FFFFFFF"
    /// (§5.1.4): wraps back to 1.
    private mutating func nextSequenceNumber() -> UInt32 {
        lastSequenceNumber = lastSequenceNumber >= 0x7FFF_FFFF ? 1 : lastSequenceNumber + 1
        return lastSequenceNumber
    }

    /// The response to `request` with an error status and no body; generic_nack when it has none.
    private static func response(to request: SMPPPDU, status: SMPPCommandStatus) -> SMPPPDU {
        let message = request.commandID.responseID.flatMap(SMPPMessage.errorResponse(for:)) ?? .genericNack
        return SMPPPDU(commandStatus: status, sequenceNumber: request.sequenceNumber, message: message)
    }
}
