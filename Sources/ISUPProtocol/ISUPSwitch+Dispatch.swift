import ISUPWire
import NIOCore
import TelecomTypes

/// Routing of one received message (Q.764 §2.9.5, §2.12, then the procedure the message type belongs to).
extension ISUPSwitch {
    mutating func dispatch(_ received: ISUPMessage) -> [ISUPAction] {
        let cic = received.cic
        guard circuits.isEquipped(cic) else { return receiveOnUnequippedCircuit(received) }
        guard received.type.isRecognized else { return receiveUnrecognisedMessage(received) }
        let (usable, compatibilityActions) = applyParameterCompatibility(received)
        guard let message = usable else { return compatibilityActions }
        return compatibilityActions + route(message)
    }

    private mutating func route(_ message: ISUPMessage) -> [ISUPAction] {
        let cic = message.cic
        switch message.type {
        case .initialAddress:
            return receiveInitialAddress(message)
        case .releaseComplete where circuits[cic]?.resetting != nil:
            return completeReset(cic)
        case .release, .releaseComplete, .subsequentAddress, .addressComplete, .connect, .answer, .callProgress,
            .suspend, .resume, .continuity, .continuityCheckRequest, .informationRequest, .information:
            let overlap = configuration.overlap
            return runCall(cic) { $0.receive(message, overlap: overlap) }
        case .resetCircuit:
            return receiveReset(cic)
        case .blocking, .unblocking, .blockingAcknowledgement, .unblockingAcknowledgement:
            return receiveBlocking(message)
        case .circuitGroupReset, .circuitGroupResetAcknowledgement:
            return receiveGroupReset(message)
        case .circuitGroupBlocking, .circuitGroupUnblocking, .circuitGroupBlockingAcknowledgement,
            .circuitGroupUnblockingAcknowledgement:
            return receiveGroupSupervision(message)
        case .circuitGroupQuery:
            return receiveQuery(message)
        case .circuitGroupQueryResponse:
            let states = message.parameter(.circuitStateIndicator).flatMap {
                $0.value.getBytes(at: $0.value.readerIndex, length: $0.value.readableBytes)
            }
            return [.maintenanceAlert(.circuitQueryResponse(cic, states: states ?? []))]
        case .unequippedCIC:
            return receiveUnequippedReport(cic)
        case .confusion:
            return [.maintenanceAlert(.confusionReceived(cic, message.causeIndicators?.cause))]
        case .userPartTest:
            // Q.764 §2.13.3: the user part test is answered with UPA.
            return [.send(.bare(.userPartAvailable, cic: cic))]
        default:
            // Recognised but not part of basic call or maintenance here (FOT, USR, FAC, APM, …).
            return []
        }
    }

    /// Q.764 §2.1.1.2, with dual seizure (§2.9.1.4) and blocking (§2.8.2) checks first.
    private mutating func receiveInitialAddress(_ iam: ISUPMessage) -> [ISUPAction] {
        let cic = iam.cic
        guard var circuit = circuits[cic] else { return [] }
        var actions: [ISUPAction] = []
        if circuit.call.isAwaitingFirstBackwardMessage {
            // Q.764 §2.9.1.4: "the exchange with the higher signalling point code will control all even-numbered
            // circuits"; the controlling exchange completes its own call and disregards the IAM, the other
            // backs off and re-attempts elsewhere.
            if configuration.controls(cic) { return [] }
            actions += runCall(cic) { $0.clear(reporting: .dualSeizure) }
            guard let updated = circuits[cic] else { return actions }
            circuit = updated
        } else if !circuit.call.acceptsInitialAddress || circuit.resetting != nil {
            // An IAM for a circuit still busy here (or being reset): the peer's view is behind; discard.
            return []
        }
        if circuit.inGroupReset {
            // Until the GRA of the link-up reset has come back, no call is accepted (cause 41 temporary failure).
            return actions + runCall(cic) { $0.refuse(cause: .temporaryFailure) }
        }
        if circuit.blocking.isLocallyBlocked {
            // Q.764 §2.8.2.1: only the end that has not itself blocked the circuit accepts calls on it.
            return actions + runCall(cic) { $0.refuse(cause: .temporaryFailure) }
        }
        let testCall = iam.callingPartysCategory == .testCall
        if circuit.blocking.isRemotelyBlocked, !testCall {
            // Q.764 §2.8.2.3: an IAM (not a test call) on a remotely blocked circuit removes the blocking.
            circuit.blocking.remotelyForMaintenance = false
            circuit.blocking.remotelyForHardware = false
            actions.append(.maintenanceAlert(.remoteBlockingRemovedByIAM(cic)))
        }
        circuit.peerReportedUnequipped = false
        circuits[cic] = circuit
        let overlap = configuration.overlap
        let requestCallingNumber = configuration.requestCallingPartyNumber
        return actions + runCall(cic) {
            $0.receiveInitialAddress(iam, overlap: overlap, requestCallingNumber: requestCallingNumber)
        }
    }

    /// Q.764 §2.12: a message for a CIC this end does not have is answered with UCIC (never UCIC for UCIC).
    private mutating func receiveOnUnequippedCircuit(_ message: ISUPMessage) -> [ISUPAction] {
        switch message.type {
        case .unequippedCIC, .confusion:
            return [.maintenanceAlert(.unequippedCircuit(message.cic, message.type))]
        default:
            return [
                .send(.bare(.unequippedCIC, cic: message.cic)),
                .maintenanceAlert(.unequippedCircuit(message.cic, message.type)),
            ]
        }
    }

    /// Q.764 §2.12: the peer does not have this circuit: take it out of service and drop whatever runs on it.
    private mutating func receiveUnequippedReport(_ cic: CircuitIdentificationCode) -> [ISUPAction] {
        guard var circuit = circuits[cic] else { return [] }
        let outputs = circuit.call.clear(reporting: .released(cause: .temporaryFailure))
        circuit.peerReportedUnequipped = true
        circuit.resetting = nil
        circuit.blockingProcedure = nil
        circuits[cic] = circuit
        let cancels = timers.cancelAll(cic: cic) { [.t12, .t13, .t14, .t15, .t16, .t17].contains($0) }
        return apply(outputs, cic: cic) + cancels + [.maintenanceAlert(.peerReportedUnequipped(cic))]
    }

    /// A malformed message: Q.764 §2.9.5 via the decoder's reaction.
    mutating func handleDecodingError(_ error: ISUPDecodingError) -> [ISUPAction] {
        var actions: [ISUPAction] = [.maintenanceAlert(.decodingFailed(error))]
        guard isLinkUp, let cic = error.cic, let circuit = circuits[cic] else { return actions }
        switch error.reaction {
        case .discard:
            break
        case .sendConfusion:
            if error.messageType != .confusion {
                actions.append(.send(.withCause(.confusion, cic: cic, cause: error.cause, diagnostics: diagnostic(error))))
            }
        case .releaseCall:
            // An IAM that cannot be processed is refused; on a busy circuit it is discarded.
            if circuit.call.isIdle, circuit.resetting == nil {
                actions += runCall(cic) { $0.refuse(cause: error.cause) }
            }
        case .sendReleaseComplete:
            // A REL that cannot be decoded still ends the call.
            if circuit.resetting == nil {
                actions += runCall(cic) { $0.receive(.bare(.release, cic: cic), overlap: nil) }
            }
        }
        return actions
    }

    private func diagnostic(_ error: ISUPDecodingError) -> [UInt8] {
        error.messageType.map { [$0.rawValue] } ?? []
    }
}
