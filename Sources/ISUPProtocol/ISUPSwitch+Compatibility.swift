import ISUPWire
import NIOCore
import TelecomTypes

/// Unrecognised messages and parameters (ITU-T Q.764 §2.9.5.3), acting as the end node of the call.
extension ISUPSwitch {
    /// Q.764 §2.9.5.3.1: an unrecognised message follows its message compatibility information; without one,
    /// it is discarded and CFN (cause 97) is sent.
    mutating func receiveUnrecognisedMessage(_ message: ISUPMessage) -> [ISUPAction] {
        let cic = message.cic
        let diagnostics = [message.type.rawValue]
        guard let instructions = Self.messageCompatibility(inUnrecognisedBody: message.extraOctets) else {
            return [.send(.withCause(.confusion, cic: cic, cause: .messageTypeNonExistent, diagnostics: diagnostics))]
        }
        if instructions.releaseCall {
            return releaseBusyCall(cic, cause: .messageTypeNonExistent, diagnostics: diagnostics)
        }
        if instructions.sendNotification {
            return [.send(.withCause(.confusion, cic: cic, cause: .messageTypeNonExistent, diagnostics: diagnostics))]
        }
        return []
    }

    /// Q.764 §2.9.5.3.2: each unrecognised parameter follows its entry in the parameter compatibility
    /// information. Returns the message to process (those parameters removed), or `nil` when it is not to be
    /// processed, with the CFN or REL owed.
    ///
    /// End-node reading of the instruction indicators (Q.763 §3.41): B release call, else D discard message,
    /// else E discard parameter, else the "pass on not possible" field GF (0 release call, 1 discard message,
    /// 2 discard parameter). C asks for a notification. A parameter without instructions is discarded and
    /// notified (CFN cause 99).
    mutating func applyParameterCompatibility(_ message: ISUPMessage) -> (ISUPMessage?, [ISUPAction]) {
        let unknown = message.unrecognisedParameters
        guard !unknown.isEmpty else { return (message, []) }
        let compatibility = message.parameterCompatibilityInformation
        var stripped = message
        var notified: [UInt8] = []
        for parameter in unknown {
            let code = parameter.code
            guard let instructions = compatibility?.instructions(for: code) else {
                stripped.removeOptionalParameter(code)
                notified.append(code.rawValue)
                continue
            }
            let passOn = instructions.parameterPassOnNotPossible
            if instructions.releaseCall || (!instructions.discardMessage && !instructions.discardParameter && passOn == 0) {
                let actions: [ISUPAction]
                if message.type == .initialAddress, circuits[message.cic]?.call.isIdle == true {
                    actions = runCall(message.cic) {
                        $0.refuse(cause: .parameterNonExistentDiscarded, diagnostics: [code.rawValue])
                    }
                } else {
                    actions = releaseBusyCall(
                        message.cic, cause: .parameterNonExistentDiscarded, diagnostics: [code.rawValue])
                }
                return (nil, actions)
            }
            if instructions.discardMessage || (!instructions.discardParameter && passOn == 1) {
                let notify: [ISUPAction] =
                    instructions.sendNotification && message.type != .confusion
                    ? [.send(.withCause(.confusion, cic: message.cic, cause: .messageWithUnrecognizedParameterDiscarded,
                        diagnostics: [code.rawValue]))]
                    : []
                return (nil, notify)
            }
            stripped.removeOptionalParameter(code)
            if instructions.sendNotification { notified.append(code.rawValue) }
        }
        guard !notified.isEmpty, message.type != .confusion else { return (stripped, []) }
        return (
            stripped,
            [.send(.withCause(.confusion, cic: message.cic, cause: .parameterNonExistentDiscarded, diagnostics: notified))]
        )
    }

    /// Releases the call on `cic` if there is one to release (an idle circuit has nothing to release).
    private mutating func releaseBusyCall(
        _ cic: CircuitIdentificationCode, cause: Q850Cause, diagnostics: [UInt8]
    ) -> [ISUPAction] {
        guard let circuit = circuits[cic], !circuit.call.isIdle, !circuit.call.isAwaitingReleaseComplete else {
            return []
        }
        return runCall(cic) { $0.release(cause: cause) } + [.callEvent(cic, .released(cause: cause))]
    }

    /// The message compatibility information of an unrecognised message, reading its body as a message with an
    /// optional part only (one pointer, then name-length-value parameters up to end of optional parameters) —
    /// the format Q.763 §1.8 gives messages added later. `nil` when absent or when the body does not fit.
    static func messageCompatibility(inUnrecognisedBody body: ByteBuffer) -> ISUPInstructionIndicators? {
        guard let octets = body.getBytes(at: body.readerIndex, length: body.readableBytes), let pointer = octets.first,
            pointer > 0
        else { return nil }
        var index = Int(pointer)
        while index < octets.count {
            let code = ISUPParameterCode(octets[index])
            if code == .endOfOptionalParameters { return nil }
            guard index + 1 < octets.count else { return nil }
            let length = Int(octets[index + 1])
            guard octets.count - index - 2 >= length else { return nil }
            if code == .messageCompatibilityInformation, length > 0 {
                return ISUPInstructionIndicators(octets: Array(octets[(index + 2)..<(index + 2 + length)]))
            }
            index += 2 + length
        }
        return nil
    }
}
