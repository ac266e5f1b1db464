import ISUPWire
import NIOCore
import TelecomTypes

/// Maintenance messages from the peer and maintenance timer expiries (Q.764 §2.8.2, §2.9.3).
extension ISUPSwitch {
    /// Q.764 §2.9.3.1: on RSC, release the circuit, answer RLC; remote blocking is removed, local blocking is
    /// re-announced with BLO.
    mutating func receiveReset(_ cic: CircuitIdentificationCode) -> [ISUPAction] {
        guard var circuit = circuits[cic] else { return [] }
        let outputs = circuit.call.clear(reporting: .released(cause: .temporaryFailure))
        let wasResetting = circuit.resetting != nil
        circuit.resetting = nil
        circuit.blocking.remotelyForMaintenance = false
        circuits[cic] = circuit
        var actions = apply(outputs, cic: cic)
        if wasResetting { actions += completeReset(cic) }
        actions.append(.send(.bare(.releaseComplete, cic: cic)))
        if circuit.blocking.locallyForMaintenance, circuit.blockingProcedure != .awaitingUnblockingAcknowledgement {
            actions += sendBlocking(cic)
        }
        return actions
    }

    mutating func receiveBlocking(_ message: ISUPMessage) -> [ISUPAction] {
        let cic = message.cic
        guard var circuit = circuits[cic] else { return [] }
        switch message.type {
        case .blocking:
            // Q.764 §2.8.2.1: mark remotely blocked and acknowledge; a call awaiting its first backward message
            // is released so that it can be re-attempted elsewhere.
            circuit.blocking.remotelyForMaintenance = true
            circuits[cic] = circuit
            var actions: [ISUPAction] = [.send(.bare(.blockingAcknowledgement, cic: cic))]
            if circuit.call.isAwaitingFirstBackwardMessage {
                actions += runCall(cic) { $0.release(cause: .temporaryFailure) }
                actions.append(.callEvent(cic, .released(cause: .temporaryFailure)))
            }
            return actions
        case .unblocking:
            circuit.blocking.remotelyForMaintenance = false
            circuits[cic] = circuit
            return [.send(.bare(.unblockingAcknowledgement, cic: cic))]
        case .blockingAcknowledgement:
            if circuit.blockingProcedure == .awaitingBlockingAcknowledgement {
                circuit.blockingProcedure = nil
                circuits[cic] = circuit
                return timers.cancel(.t12, cic: cic) + timers.cancel(.t13, cic: cic)
            }
            // Q.764 §2.8.2.3 i): a BLA for a circuit this end has not blocked is answered with UBL.
            guard !circuit.blocking.locallyForMaintenance else { return [] }
            return [.maintenanceAlert(.unexpectedMessage(cic, message.type))] + sendUnblocking(cic)
        case .unblockingAcknowledgement:
            if circuit.blockingProcedure == .awaitingUnblockingAcknowledgement {
                circuit.blockingProcedure = nil
                circuit.blocking.locallyForMaintenance = false
                circuits[cic] = circuit
                return timers.cancel(.t14, cic: cic) + timers.cancel(.t15, cic: cic)
            }
            // Q.764 §2.8.2.3 ii): a UBA for a circuit this end holds blocked is answered with BLO.
            guard circuit.blocking.locallyForMaintenance else { return [] }
            return [.maintenanceAlert(.unexpectedMessage(cic, message.type))] + sendBlocking(cic)
        default:
            return []
        }
    }

    mutating func receiveGroupReset(_ message: ISUPMessage) -> [ISUPAction] {
        let first = message.cic
        // Q.764 §2.9.3.2: the range of a GRS is 1–31; otherwise the message is discarded.
        guard let rangeAndStatus = message.rangeAndStatus, (1...31).contains(rangeAndStatus.range) else { return [] }
        let range = rangeAndStatus.range
        if message.type == .circuitGroupResetAcknowledgement {
            guard pendingGroupResets[first] == range else {
                return [.maintenanceAlert(.unexpectedMessage(first, message.type))]
            }
            pendingGroupResets[first] = nil
            let status = rangeAndStatus.status ?? []
            for (offset, cic) in (0...UInt32(range)).map({ CircuitIdentificationCode(first.value &+ $0) }).enumerated() {
                guard var circuit = circuits[cic] else { continue }
                circuit.inGroupReset = false
                // Q.764 §2.9.3.2: a status bit set in GRA means the peer holds the circuit blocked for maintenance.
                circuit.blocking.remotelyForMaintenance = offset < status.count && status[offset]
                circuits[cic] = circuit
            }
            return timers.cancel(.t22, cic: first) + timers.cancel(.t23, cic: first)
        }
        var actions: [ISUPAction] = []
        var status: [Bool] = []
        for offset in 0...UInt32(range) {
            let cic = CircuitIdentificationCode(first.value &+ offset)
            guard var circuit = circuits[cic] else {
                status.append(false)
                continue
            }
            let outputs = circuit.call.clear(reporting: .released(cause: .temporaryFailure))
            let wasResetting = circuit.resetting != nil
            circuit.resetting = nil
            circuit.blocking.remotelyForMaintenance = false
            circuits[cic] = circuit
            actions += apply(outputs, cic: cic)
            if wasResetting { actions += completeReset(cic) }
            status.append(circuit.blocking.locallyForMaintenance)
        }
        return actions + [.send(.range(.circuitGroupResetAcknowledgement, cic: first, range: range, status: status))]
    }

    /// CGB, CGU and their acknowledgements (Q.764 §2.8.2.2), maintenance or hardware oriented per the circuit
    /// group supervision message type indicator (Q.763 §3.13).
    mutating func receiveGroupSupervision(_ message: ISUPMessage) -> [ISUPAction] {
        let first = message.cic
        guard let rangeAndStatus = message.rangeAndStatus, let status = rangeAndStatus.status,
            (1...31).contains(rangeAndStatus.range),
            let indicator = message.circuitGroupSupervisionMessageType, indicator.typeIndicator <= 1
        else { return [] }
        let hardware = indicator.typeIndicator == 1
        switch message.type {
        case .circuitGroupBlocking, .circuitGroupUnblocking:
            let blocking = message.type == .circuitGroupBlocking
            var actions: [ISUPAction] = []
            var acknowledged: [Bool] = []
            for (offset, selected) in status.enumerated() {
                let cic = CircuitIdentificationCode(first.value &+ UInt32(offset))
                guard selected, var circuit = circuits[cic] else {
                    acknowledged.append(false)
                    continue
                }
                var outputs: [ISUPCallStateMachine.Output] = []
                switch (blocking, hardware) {
                case (true, true):
                    circuit.blocking.remotelyForHardware = true
                    // Q.764 §2.8.2.2: hardware failure oriented blocking releases the calls on the circuits.
                    outputs = circuit.call.clear(reporting: .released(cause: .temporaryFailure))
                case (true, false): circuit.blocking.remotelyForMaintenance = true
                case (false, true): circuit.blocking.remotelyForHardware = false
                case (false, false): circuit.blocking.remotelyForMaintenance = false
                }
                circuits[cic] = circuit
                actions += apply(outputs, cic: cic)
                acknowledged.append(true)
            }
            let reply: ISUPMessageType =
                blocking ? .circuitGroupBlockingAcknowledgement : .circuitGroupUnblockingAcknowledgement
            return actions + [
                .send(.groupSupervision(reply, cic: first, hardware: hardware, range: rangeAndStatus.range,
                    status: acknowledged))
            ]
        case .circuitGroupBlockingAcknowledgement, .circuitGroupUnblockingAcknowledgement:
            let blocking = message.type == .circuitGroupBlockingAcknowledgement
            let expected: ISUPMessageType = blocking ? .circuitGroupBlocking : .circuitGroupUnblocking
            guard let pending = pendingGroupSupervision[first], pending.type == expected,
                pending.hardware == hardware, pending.range == rangeAndStatus.range
            else { return [.maintenanceAlert(.unexpectedMessage(first, message.type))] }
            pendingGroupSupervision[first] = nil
            for (offset, selected) in pending.status.enumerated() {
                let cic = CircuitIdentificationCode(first.value &+ UInt32(offset))
                guard var circuit = circuits[cic] else { continue }
                circuit.inGroupBlockingProcedure = false
                if !blocking, selected {
                    if hardware { circuit.blocking.locallyForHardware = false } else {
                        circuit.blocking.locallyForMaintenance = false
                    }
                }
                circuits[cic] = circuit
            }
            return blocking
                ? timers.cancel(.t18, cic: first) + timers.cancel(.t19, cic: first)
                : timers.cancel(.t20, cic: first) + timers.cancel(.t21, cic: first)
        default:
            return []
        }
    }

    /// Q.764 §2.9.3.3: answer CQM with one circuit state indicator (Q.763 §3.14) per circuit of the range.
    mutating func receiveQuery(_ message: ISUPMessage) -> [ISUPAction] {
        guard let range = message.rangeAndStatus?.range, range <= 31 else { return [] }
        let states = (0...UInt32(range)).map {
            circuits.status(of: CircuitIdentificationCode(message.cic.value &+ $0)).circuitStateIndicator
        }
        return [.send(.circuitQueryResponse(cic: message.cic, range: range, states: states))]
    }

    // MARK: Timers.

    /// The maintenance timers come in pairs: the short one re-sends, the long one (first expiry) alerts
    /// maintenance, stops the short one and re-sends every long period (Q.764 §2.9.4, §2.9.3).
    mutating func maintenanceTimerFired(_ timer: ISUPTimer, cic: CircuitIdentificationCode) -> [ISUPAction] {
        let circuit = circuits[cic]
        let message: ISUPMessage
        let short: ISUPTimer
        let long: ISUPTimer
        switch timer {
        case .t12, .t13:
            guard circuit?.blockingProcedure == .awaitingBlockingAcknowledgement else { return [] }
            (message, short, long) = (.bare(.blocking, cic: cic), .t12, .t13)
        case .t14, .t15:
            guard circuit?.blockingProcedure == .awaitingUnblockingAcknowledgement else { return [] }
            (message, short, long) = (.bare(.unblocking, cic: cic), .t14, .t15)
        case .t16, .t17:
            guard circuit?.resetting != nil else { return [] }
            (message, short, long) = (.bare(.resetCircuit, cic: cic), .t16, .t17)
        case .t18, .t19, .t20, .t21:
            let blocking = timer == .t18 || timer == .t19
            guard let pending = pendingGroupSupervision[cic],
                pending.type == (blocking ? .circuitGroupBlocking : .circuitGroupUnblocking)
            else { return [] }
            message = .groupSupervision(
                pending.type, cic: cic, hardware: pending.hardware, range: pending.range, status: pending.status)
            (short, long) = blocking ? (.t18, .t19) : (.t20, .t21)
        case .t22, .t23:
            guard let range = pendingGroupResets[cic] else { return [] }
            (message, short, long) = (.range(.circuitGroupReset, cic: cic, range: range), .t22, .t23)
        case .t1, .t2, .t5, .t6, .t7, .t8, .t9, .t24, .t25, .t26, .t27, .t33, .t35, .t36:
            return []
        }
        if timer == short {
            return [.send(message)] + timers.start(short, cic: cic)
        }
        if short == .t16, var circuit {
            circuit.resetting = .afterReleaseFailure
            circuits[cic] = circuit
        }
        return [.maintenanceAlert(.timerExpired(long, cic)), .send(message)] + timers.cancel(short, cic: cic)
            + timers.start(long, cic: cic)
    }
}
