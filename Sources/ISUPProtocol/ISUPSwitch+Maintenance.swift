import ISUPWire
import NIOCore
public import TelecomTypes

/// Circuit maintenance (Q.764 §2.8.2 blocking, §2.9.3 reset and query): commands and received messages.
extension ISUPSwitch {
    // MARK: Commands.

    /// Blocks a circuit for maintenance: BLO, T12 and T13 (Q.764 §2.8.2.1). New calls stop at once.
    public mutating func block(cic: CircuitIdentificationCode) -> [ISUPAction] {
        guard isLinkUp else { return [] }
        return observing { $0.sendBlocking(cic) }
    }

    /// Unblocks a circuit: UBL, T14 and T15; the circuit is unblocked when UBA arrives.
    public mutating func unblock(cic: CircuitIdentificationCode) -> [ISUPAction] {
        guard isLinkUp else { return [] }
        return observing { $0.sendUnblocking(cic) }
    }

    /// Resets one circuit: RSC, T16 and T17 (Q.764 §2.9.3.1); any call on it is dropped.
    public mutating func reset(cic: CircuitIdentificationCode) -> [ISUPAction] {
        guard isLinkUp else { return [] }
        return observing { $0.startReset(cic, .standard) }
    }

    /// Resets `range + 1` circuits from `first`: GRS, T22 and T23 (Q.764 §2.9.3.2).
    public mutating func resetGroup(from first: CircuitIdentificationCode, range: UInt8) -> [ISUPAction] {
        guard isLinkUp, (1...31).contains(range) else { return [] }
        return observing { $0.startGroupReset(from: first, range: range) }
    }

    /// Blocks the circuits whose `status` bit is set (bit 0 = `first`): CGB, T18 and T19 (Q.764 §2.8.2.2).
    /// A hardware failure oriented blocking also drops their calls.
    public mutating func blockGroup(from first: CircuitIdentificationCode, status: [Bool], hardware: Bool)
        -> [ISUPAction]
    {
        guard isLinkUp, (2...32).contains(status.count) else { return [] }
        return observing { $0.startGroupSupervision(.circuitGroupBlocking, from: first, status: status, hardware: hardware) }
    }

    /// Unblocks the circuits whose `status` bit is set: CGU, T20 and T21.
    public mutating func unblockGroup(from first: CircuitIdentificationCode, status: [Bool], hardware: Bool)
        -> [ISUPAction]
    {
        guard isLinkUp, (2...32).contains(status.count) else { return [] }
        return observing {
            $0.startGroupSupervision(.circuitGroupUnblocking, from: first, status: status, hardware: hardware)
        }
    }

    /// Asks the peer for the state of `range + 1` circuits: CQM (Q.764 §2.9.3.3). The CQR comes back as a
    /// ``ISUPMaintenanceAlert/circuitQueryResponse(_:states:)``.
    public func query(from first: CircuitIdentificationCode, range: UInt8) -> [ISUPAction] {
        guard isLinkUp, range <= 31 else { return [] }
        return [.send(.range(.circuitGroupQuery, cic: first, range: range))]
    }

    // MARK: Procedures this end starts.

    mutating func sendBlocking(_ cic: CircuitIdentificationCode) -> [ISUPAction] {
        guard var circuit = circuits[cic] else { return [] }
        circuit.blocking.locallyForMaintenance = true
        circuit.blockingProcedure = .awaitingBlockingAcknowledgement
        circuits[cic] = circuit
        return timers.cancel(.t14, cic: cic) + timers.cancel(.t15, cic: cic) + [.send(.bare(.blocking, cic: cic))]
            + timers.start(.t12, cic: cic) + timers.start(.t13, cic: cic)
    }

    mutating func sendUnblocking(_ cic: CircuitIdentificationCode) -> [ISUPAction] {
        guard var circuit = circuits[cic] else { return [] }
        circuit.blockingProcedure = .awaitingUnblockingAcknowledgement
        circuits[cic] = circuit
        return timers.cancel(.t12, cic: cic) + timers.cancel(.t13, cic: cic) + [.send(.bare(.unblocking, cic: cic))]
            + timers.start(.t14, cic: cic) + timers.start(.t15, cic: cic)
    }

    /// RSC: drop the call, then wait for RLC (Q.764 §2.9.3.1; after T5, §2.9.6, T17 alone).
    mutating func startReset(_ cic: CircuitIdentificationCode, _ kind: ISUPCircuit.ResetProcedure) -> [ISUPAction] {
        guard var circuit = circuits[cic] else { return [] }
        let outputs = circuit.call.clear(reporting: .released(cause: .temporaryFailure))
        circuit.resetting = kind
        circuits[cic] = circuit
        var actions = apply(outputs, cic: cic) + [.send(.bare(.resetCircuit, cic: cic))]
        switch kind {
        case .standard: actions += timers.start(.t16, cic: cic) + timers.start(.t17, cic: cic)
        case .afterReleaseFailure: actions += timers.start(.t17, cic: cic)
        }
        return actions
    }

    mutating func completeReset(_ cic: CircuitIdentificationCode) -> [ISUPAction] {
        guard var circuit = circuits[cic] else { return [] }
        circuit.resetting = nil
        circuits[cic] = circuit
        return timers.cancel(.t16, cic: cic) + timers.cancel(.t17, cic: cic)
    }

    /// GRS: every circuit of the range is idle at this end from now on; remote blocking is learnt from the GRA.
    mutating func startGroupReset(from first: CircuitIdentificationCode, range: UInt8) -> [ISUPAction] {
        // Q.763 §3.43: a group message covers at least two circuits; a lone circuit is reset with RSC.
        guard range > 0 else { return startReset(first, .standard) }
        var actions: [ISUPAction] = []
        for cic in circuits.equipped(from: first, range: range) {
            guard var circuit = circuits[cic] else { continue }
            let outputs = circuit.call.clear(reporting: .released(cause: .temporaryFailure))
            circuit.inGroupReset = true
            circuit.resetting = nil
            circuit.blocking.remotelyForMaintenance = false
            circuits[cic] = circuit
            actions += apply(outputs, cic: cic) + timers.cancel(.t16, cic: cic) + timers.cancel(.t17, cic: cic)
        }
        pendingGroupResets[first] = range
        return actions + [.send(.range(.circuitGroupReset, cic: first, range: range))]
            + timers.start(.t22, cic: first) + timers.start(.t23, cic: first)
    }

    mutating func startGroupSupervision(
        _ type: ISUPMessageType, from first: CircuitIdentificationCode, status: [Bool], hardware: Bool
    ) -> [ISUPAction] {
        var actions: [ISUPAction] = []
        let blocking = type == .circuitGroupBlocking
        for (offset, selected) in status.enumerated() where selected {
            let cic = CircuitIdentificationCode(first.value &+ UInt32(offset))
            guard var circuit = circuits[cic] else { continue }
            var outputs: [ISUPCallStateMachine.Output] = []
            if blocking {
                if hardware {
                    circuit.blocking.locallyForHardware = true
                    // Q.764 §2.8.2.2: hardware failure oriented blocking releases the calls on the circuits.
                    outputs = circuit.call.clear(reporting: .released(cause: .temporaryFailure))
                } else {
                    circuit.blocking.locallyForMaintenance = true
                }
            }
            circuit.inGroupBlockingProcedure = true
            circuits[cic] = circuit
            actions += apply(outputs, cic: cic)
        }
        let (short, long): (ISUPTimer, ISUPTimer) = blocking ? (.t18, .t19) : (.t20, .t21)
        let (otherShort, otherLong): (ISUPTimer, ISUPTimer) = blocking ? (.t20, .t21) : (.t18, .t19)
        let range = UInt8(status.count - 1)
        pendingGroupSupervision[first] = GroupSupervision(type: type, hardware: hardware, range: range, status: status)
        return actions + timers.cancel(otherShort, cic: first) + timers.cancel(otherLong, cic: first)
            + [.send(.groupSupervision(type, cic: first, hardware: hardware, range: range, status: status))]
            + timers.start(short, cic: first) + timers.start(long, cic: first)
    }
}
