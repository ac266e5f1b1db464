@testable import ISUPProtocol
import ISUPWire
import NIOCore
import TelecomTypes

/// Fixtures shared by the ISUPProtocol scripts: one E1 (CICs 1–15, 17–31) between point codes 2 and 1.
enum TestNet {
    static let high = PointCode(2)
    static let low = PointCode(1)

    static func configuration(
        own: PointCode = high, peer: PointCode = low, overlap: ISUPOverlapReceiving? = nil,
        hunting: [CircuitIdentificationCode]? = nil, resetOnLinkUp: Bool = false
    ) -> ISUPConfiguration {
        ISUPConfiguration(
            ownPointCode: own, peerPointCode: peer, spans: [ISUPSpan(id: 0, firstCIC: 0)], overlap: overlap,
            huntingOrder: hunting, resetOnLinkUp: resetOnLinkUp)
    }

    /// A switch with its link up and every circuit in service.
    static func ready(
        own: PointCode = high, peer: PointCode = low, overlap: ISUPOverlapReceiving? = nil,
        hunting: [CircuitIdentificationCode]? = nil
    ) -> ISUPSwitch {
        var node = ISUPSwitch(configuration: configuration(own: own, peer: peer, overlap: overlap, hunting: hunting))
        _ = node.linkUp()
        return node
    }

    static let called = ISUPNumber(signals: "0612345678", natureOfAddress: .nationalNumber)
    static let calledWithST = ISUPNumber(signals: AddressSignals(codes: [0, 6, 1, 2, 3, 15]))
    static let calling = ISUPNumber(signals: "0298765432")

    static func iam(_ cic: UInt32, called: ISUPNumber = called, category: ISUPCallingPartyCategory = .ordinarySubscriber)
        -> ISUPMessage
    {
        .initialAddress(cic: CIC(cic), called: called, calling: calling, category: category, additional: [])
    }

    static func message(_ type: ISUPMessageType, _ cic: UInt32) -> ISUPMessage { .bare(type, cic: CIC(cic)) }

    static func rel(_ cic: UInt32, _ cause: Q850Cause = .normalCallClearing) -> ISUPMessage {
        .withCause(.release, cic: CIC(cic), cause: cause)
    }

    static func acm(_ cic: UInt32) -> ISUPMessage { .addressComplete(cic: CIC(cic), alerting: true) }
}

typealias CIC = CircuitIdentificationCode

extension Array where Element == ISUPAction {
    var sent: [ISUPMessage] {
        compactMap {
            if case .send(let message) = $0 { return message }
            return nil
        }
    }

    var sentTypes: [ISUPMessageType] { sent.map(\.type) }

    var started: [ISUPTimer] {
        compactMap {
            if case .startTimer(let id, _) = $0 { return id.timer }
            return nil
        }
    }

    var cancelled: [ISUPTimer] {
        compactMap {
            if case .cancelTimer(let id) = $0 { return id.timer }
            return nil
        }
    }

    func startedID(_ timer: ISUPTimer) -> ISUPTimerID? {
        for action in self {
            if case .startTimer(let id, _) = action, id.timer == timer { return id }
        }
        return nil
    }

    var events: [ISUPCallEvent] {
        compactMap {
            if case .callEvent(_, let event) = $0 { return event }
            return nil
        }
    }

    var incomingCalls: [ISUPIncomingCall] {
        compactMap {
            if case .incomingCall(let call) = $0 { return call }
            return nil
        }
    }

    var alerts: [ISUPMaintenanceAlert] {
        compactMap {
            if case .maintenanceAlert(let alert) = $0 { return alert }
            return nil
        }
    }

    /// The cause of the first REL or CFN sent.
    var sentCause: Q850Cause? {
        sent.first { $0.type == .release || $0.type == .confusion }?.causeIndicators?.cause
    }
}

extension ISUPSwitch {
    /// Fires the armed timer `timer` of `cic`.
    mutating func fire(_ timer: ISUPTimer, cic: UInt32) -> [ISUPAction] {
        guard let id = armedTimers.first(where: { $0.timer == timer && $0.cic == CIC(cic) }) else { return [] }
        return timerFired(id)
    }

    func isArmed(_ timer: ISUPTimer, cic: UInt32) -> Bool {
        armedTimers.contains { $0.timer == timer && $0.cic == CIC(cic) }
    }

    /// Whether every circuit is idle, unblocked, not transient and no timer runs.
    var isQuiet: Bool {
        statuses.allSatisfy { $0.callState == .idle && !$0.isTransient } && armedTimers.isEmpty
    }
}

struct NoCircuitAvailable: Error {}

extension ISUPSwitch {
    mutating func mustPlaceCall(called: ISUPNumber = TestNet.called) throws -> (cic: CIC, actions: [ISUPAction]) {
        guard let placed = placeCall(called: called, calling: TestNet.calling) else { throw NoCircuitAvailable() }
        return placed
    }
}

extension TestNet {
    /// An IAM whose nature of connection indicators ask for a continuity check: 1 on this circuit, 2 on a
    /// previous one (Q.763 §3.35).
    static func iam(_ cic: UInt32, continuity indicator: UInt8, called: ISUPNumber = called) -> ISUPMessage {
        var message = iam(cic, called: called)
        var nature = ISUPNatureOfConnectionIndicators(rawValue: 0)
        nature.continuityCheckIndicator = indicator
        message.setParameter(.natureOfConnectionIndicators, to: nature)
        return message
    }

    /// An IAM without a calling party number.
    static func anonymousIAM(_ cic: UInt32) -> ISUPMessage {
        var message = iam(cic)
        message.removeOptionalParameter(.callingPartyNumber)
        return message
    }

    static func cot(_ cic: UInt32, passed: Bool) -> ISUPMessage { .continuity(cic: CIC(cic), passed: passed) }

    static func suspend(_ cic: UInt32, network: Bool, type: ISUPMessageType = .suspend) -> ISUPMessage {
        ISUPMessage(
            cic: CIC(cic), type: type,
            mandatory: [ISUPParameter(code: .suspendResumeIndicators, value: ByteBuffer(bytes: [network ? 1 : 0]))])
    }

    static func sam(_ cic: UInt32, _ digits: String) -> ISUPMessage {
        var sam = ISUPMessage(cic: CIC(cic), type: .subsequentAddress)
        sam.setParameter(.subsequentNumber, to: ISUPSubsequentNumber(signals: AddressSignals(stringLiteral: digits)))
        return sam
    }

    static func inr(_ cic: UInt32, address: Bool = true, category: Bool = false) -> ISUPMessage {
        var request = ISUPInformationRequestIndicators(rawValue: 0)
        request.callingPartyAddressRequested = address
        request.callingPartysCategoryRequested = category
        return .informationRequest(cic: CIC(cic), indicators: request)
    }
}

extension Array where Element == ISUPAction {
    /// The continuity loop events, in order (`true` connect, `false` remove).
    var loopEvents: [Bool] {
        events.compactMap {
            if case .continuityLoop(let connect) = $0 { return connect }
            return nil
        }
    }

    /// The indicator octet of the first COT sent.
    var sentContinuityPassed: Bool? {
        sent.first { $0.type == .continuity }?.parameter(.continuityIndicators)?.value.readableBytesView.first
            .map { $0 & 1 == 1 }
    }
}
