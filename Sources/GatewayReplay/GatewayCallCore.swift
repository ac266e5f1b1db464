public import ISUPProtocol
public import ISUPWire
public import NIOCore
public import TelecomTypes

/// The gateway's call side without I/O: the Q.764 switch plus the rule that decides incoming calls, as events in
/// and actions out. `ReplaySession` drives it on a virtual clock; the live gateway drives it from an event loop.
public struct GatewayCallCore: Sendable {
    /// A timer the core asks its driver to run: the switch's Q.764 timers and the call rule's own delays.
    public enum Timer: Hashable, Sendable {
        case isup(ISUPTimerID)
        case answer(CircuitIdentificationCode, generation: Int)
        case ringTimeout(CircuitIdentificationCode, generation: Int)
    }

    public enum Action: Hashable, Sendable {
        case send(ISUPMessage)
        case startTimer(Timer, after: TimeAmount)
        case cancelTimer(Timer)
        /// One line for the log, with the CIC where there is one.
        case log(CircuitIdentificationCode?, String)
        case incomingCall(ISUPIncomingCall)
        case callReleased(CircuitIdentificationCode, Q850Cause)
        /// Any other event of a call (ACM, CPG, ANM, CON received; suspend, resume; dual seizure).
        case callProgress(CircuitIdentificationCode, ISUPCallEvent)
    }

    public private(set) var isup: ISUPSwitch
    public var rule: ReplayScenario
    /// When set, an incoming call waits (no ACM) for ``decide(cic:rule:)`` — the routing server's answer —
    /// instead of following ``rule`` at once.
    public var defersIncomingCalls = false
    private var callGeneration: [CircuitIdentificationCode: Int] = [:]
    /// Calls this side released (REL sent), until the peer's RLC frees the circuit (Q.764 §2.3.1).
    private var awaitingReleaseComplete: [CircuitIdentificationCode: Q850Cause] = [:]

    public init(configuration: ISUPConfiguration, rule: ReplayScenario) {
        isup = ISUPSwitch(configuration: configuration)
        self.rule = rule
    }

    /// The link to the peer came up (ASP active): GRS of every circuit unless the configuration says otherwise.
    public mutating func linkUp() -> [Action] { translate(isup.linkUp()) }

    /// The link went down: every call is gone.
    public mutating func linkDown() -> [Action] { translate(isup.linkDown()) }

    /// ISUP bytes from the peer (from the CIC on).
    public mutating func receive(_ bytes: ByteBuffer) -> [Action] {
        var actions: [Action] = []
        if let message = try? ISUPMessage.decode(bytes) { actions.append(.log(message.cic, "← \(message.type.name)")) }
        return actions + translate(isup.receive(bytes))
    }

    public mutating func timerFired(_ timer: Timer) -> [Action] {
        switch timer {
        case .isup(let id):
            return [.log(id.cic, "\(id.timer) expired")] + translate(isup.timerFired(id))
        case .answer(let cic, let generation):
            guard callGeneration[cic] == generation else { return [] }
            return translate(isup.answer(cic: cic))
        case .ringTimeout(let cic, let generation):
            guard callGeneration[cic] == generation else { return [] }
            return [.log(cic, "ring timeout")] + releaseLocally(cic: cic, cause: .noAnswerFromUser)
        }
    }

    /// Commands from the call layer (the outgoing side and tests).
    public mutating func placeCall(
        called: ISUPNumber, calling: ISUPNumber?, additional: [ISUPParameter] = []
    ) -> (cic: CircuitIdentificationCode, actions: [Action])? {
        guard let (cic, actions) = isup.placeCall(called: called, calling: calling, additional: additional)
        else { return nil }
        return (cic, translate(actions))
    }

    public mutating func release(cic: CircuitIdentificationCode, cause: Q850Cause) -> [Action] {
        releaseLocally(cic: cic, cause: cause)
    }

    // MARK: The interworking side's commands for a deferred incoming call (``defersIncomingCalls``).

    /// ACM "subscriber free" (a device rings).
    public mutating func alert(cic: CircuitIdentificationCode) -> [Action] { translate(isup.alert(cic: cic)) }

    /// ACM "no indication" before the MSC's T7 runs out (Q.764 Annex A T11).
    public mutating func earlyAddressComplete(cic: CircuitIdentificationCode) -> [Action] {
        translate(isup.earlyAddressComplete(cic: cic))
    }

    /// CPG with `event` (Q.763 §3.21), ACM first if none went.
    public mutating func progress(cic: CircuitIdentificationCode, event: UInt8) -> [Action] {
        translate(isup.progress(cic: cic, event: ISUPEventInformation(event: event)))
    }

    /// ANM (CON without a previous ACM).
    public mutating func answer(cic: CircuitIdentificationCode) -> [Action] { translate(isup.answer(cic: cic)) }

    /// Applies `rule` to the deferred incoming call on `cic` (see ``defersIncomingCalls``).
    public mutating func decide(cic: CircuitIdentificationCode, rule: ReplayScenario) -> [Action] {
        let generation = callGeneration[cic, default: 0]
        switch rule {
        case .answer(let after):
            return translate(isup.alert(cic: cic)) + [.startTimer(.answer(cic, generation: generation), after: after)]
        case .noAnswer(let timeout):
            return translate(isup.alert(cic: cic))
                + [.startTimer(.ringTimeout(cic, generation: generation), after: timeout)]
        case .reject(let cause):
            return releaseLocally(cic: cic, cause: cause)
        }
    }

    /// REL from this side; the call is reported over (`.callReleased`) when the circuit is idle again.
    private mutating func releaseLocally(cic: CircuitIdentificationCode, cause: Q850Cause) -> [Action] {
        let actions = isup.release(cic: cic, cause: cause)
        if actions.contains(where: { if case .send = $0 { true } else { false } }) {
            awaitingReleaseComplete[cic] = cause
            callGeneration[cic, default: 0] += 1
        }
        return translate(actions)
    }

    /// The circuits with a call in progress.
    public var busyCircuits: [CircuitIdentificationCode] {
        isup.statuses.filter { $0.callState != .idle }.map(\.cic)
    }

    private mutating func translate(_ actions: [ISUPAction]) -> [Action] {
        var out: [Action] = []
        var work = actions
        var index = 0
        while index < work.count {
            let action = work[index]
            index += 1
            switch action {
            case .send(let message):
                out.append(.log(message.cic, "→ \(message.type.name)"))
                out.append(.send(message))
            case .startTimer(let id, let after):
                out.append(.startTimer(.isup(id), after: after))
            case .cancelTimer(let id):
                out.append(.cancelTimer(.isup(id)))
            case .incomingCall(let call):
                let generation = callGeneration[call.cic, default: 0] + 1
                callGeneration[call.cic] = generation
                let plan = defersIncomingCalls ? "awaiting the routing decision" : "\(rule)"
                out.append(.log(call.cic, "incoming call to \(call.calledPartyNumber.signals.digits): \(plan)"))
                out.append(.incomingCall(call))
                if defersIncomingCalls { continue }
                switch rule {
                case .answer(let after):
                    work += isup.alert(cic: call.cic)
                    out.append(.startTimer(.answer(call.cic, generation: generation), after: after))
                case .noAnswer(let timeout):
                    work += isup.alert(cic: call.cic)
                    out.append(.startTimer(.ringTimeout(call.cic, generation: generation), after: timeout))
                case .reject(let cause):
                    out += releaseLocally(cic: call.cic, cause: cause)
                }
            case .callEvent(let cic, let event):
                if case .released(let cause) = event {
                    callGeneration[cic, default: 0] += 1
                    awaitingReleaseComplete[cic] = nil
                    out.append(.log(cic, "call released, cause \(cause.rawValue)"))
                    out.append(.callReleased(cic, cause))
                } else {
                    out.append(.callProgress(cic, event))
                }
            case .circuitStateChanged(let status):
                if status.callState == .idle, !status.isTransient, let cause = awaitingReleaseComplete.removeValue(forKey: status.cic) {
                    out.append(.log(status.cic, "call released, cause \(cause.rawValue)"))
                    out.append(.callReleased(status.cic, cause))
                }
            case .maintenanceAlert(let alert):
                out.append(.log(nil, "maintenance: \(alert)"))
            }
        }
        return out
    }
}
