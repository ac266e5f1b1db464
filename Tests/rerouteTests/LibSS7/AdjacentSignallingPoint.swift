import MTPWire
import NIOCore
import TelecomTypes

/// The MTP3 level of the signalling point adjacent to libss7 over one link: what libss7's MTP3 waits for before it
/// carries ISUP. Pure: messages in, messages and availability out.
///
/// - Signalling link test (ITU-T Q.707 §2.2): once the link is in service each end sends SLTM with a test pattern
///   and the other answers SLTA with the same pattern. libss7 marks the link usable for traffic only after it has
///   *received* an SLTM, and starts its MTP restart only after its own SLTM was answered.
/// - MTP restart (Q.704 §9): libss7 sends TRA and carries user traffic once it has a TRA from the adjacent point
///   too; this end answers the first TRA of each link activation with its own. (A second TRA while libss7 is up
///   would make it restart again, so none is sent unasked.)
///
/// The routing label of SLTM/SLTA and TRA carries the signalling link code in its SLS field (Q.707 §5.1,
/// Q.704 §15.2); libss7 looks the link up by it.
struct AdjacentSignallingPoint {
    enum Output: Equatable {
        case transmit(MTP3Message)
        /// ISUP and other user parts may flow: the test passed both ways and TRA was exchanged.
        case available
        case unavailable
        /// A user part message (SI ≥ 3) for the layer above.
        case userPart(MTP3Message)
        case problem(String)
    }

    /// Q.707 §5.2 / Q.704 §15: heading codes H0 (low nibble) and H1 (high nibble), the octet after the label.
    private static let signallingLinkTestMessage: UInt8 = 0x11
    private static let signallingLinkTestAcknowledgement: UInt8 = 0x21
    private static let trafficRestartAllowed: UInt8 = 0x17
    private static let testPattern: [UInt8] = Array("Reroute".utf8)

    let ownPointCode: PointCode
    let peerPointCode: PointCode
    let networkIndicator: NetworkIndicator
    let signallingLinkCode: UInt8

    private var testAcknowledged = false
    private var restartAllowedReceived = false
    private var restartAllowedSent = false
    private(set) var isAvailable = false

    init(ownPointCode: PointCode, peerPointCode: PointCode, networkIndicator: NetworkIndicator,
         signallingLinkCode: UInt8 = 0) {
        self.ownPointCode = ownPointCode
        self.peerPointCode = peerPointCode
        self.networkIndicator = networkIndicator
        self.signallingLinkCode = signallingLinkCode
    }

    /// MTP2 reports the link in service: start the signalling link test (Q.707 §2.2).
    mutating func linkInService() -> [Output] {
        var test = ByteBuffer(bytes: [Self.signallingLinkTestMessage, UInt8(Self.testPattern.count) << 4])
        test.writeBytes(Self.testPattern)
        return [.transmit(message(.signallingNetworkTesting, payload: test))]
    }

    /// MTP2 lost the link: everything starts again at the next activation.
    mutating func linkOutOfService() -> [Output] {
        let wasAvailable = isAvailable
        testAcknowledged = false
        restartAllowedReceived = false
        restartAllowedSent = false
        isAvailable = false
        return wasAvailable ? [.unavailable] : []
    }

    mutating func receive(_ received: MTP3Message) -> [Output] {
        let label = received.routingLabel
        guard label.destinationPointCode == ownPointCode, label.originatingPointCode == peerPointCode else {
            return [.problem("MTP3 message \(label) is not for \(ownPointCode) from \(peerPointCode)")]
        }
        let heading = received.payload.getInteger(at: received.payload.readerIndex, as: UInt8.self)
        switch (received.serviceInformationOctet.serviceIndicator, heading) {
        case (.signallingNetworkTesting, Self.signallingLinkTestMessage):
            var answer = received.payload
            answer.setInteger(Self.signallingLinkTestAcknowledgement, at: answer.readerIndex)
            return [.transmit(message(.signallingNetworkTesting, payload: answer, sls: label.signallingLinkSelection))]
        case (.signallingNetworkTesting, Self.signallingLinkTestAcknowledgement):
            var pattern = received.payload
            pattern.moveReaderIndex(forwardBy: 2)
            guard pattern.readableBytesView.elementsEqual(Self.testPattern) else {
                return [.problem("SLTA with another test pattern (Q.707 §2.2: the test fails)")]
            }
            testAcknowledged = true
            return checkAvailability()
        case (.signallingNetworkManagement, Self.trafficRestartAllowed):
            restartAllowedReceived = true
            var outputs: [Output] = []
            if !restartAllowedSent {
                restartAllowedSent = true
                let tra = ByteBuffer(bytes: [Self.trafficRestartAllowed])
                let sls = label.signallingLinkSelection
                outputs.append(.transmit(message(.signallingNetworkManagement, payload: tra, sls: sls)))
            }
            return outputs + checkAvailability()
        case (.signallingNetworkManagement, _), (.signallingNetworkTesting, _):
            return [.problem("MTP3 management \(received) not served")]
        default:
            return [.userPart(received)]
        }
    }

    /// A user part message to libss7 (the label is the caller's).
    func userPart(_ payload: ByteBuffer, serviceIndicator: ServiceIndicator, label: MTP3RoutingLabel) -> MTP3Message {
        MTP3Message(
            serviceInformationOctet: ServiceInformationOctet(
                serviceIndicator: serviceIndicator, networkIndicator: networkIndicator),
            routingLabel: label, payload: payload)
    }

    private mutating func checkAvailability() -> [Output] {
        guard !isAvailable, testAcknowledged, restartAllowedReceived, restartAllowedSent else { return [] }
        isAvailable = true
        return [.available]
    }

    private func message(_ indicator: ServiceIndicator, payload: ByteBuffer, sls: UInt8? = nil) -> MTP3Message {
        userPart(
            payload, serviceIndicator: indicator,
            label: MTP3RoutingLabel(
                destinationPointCode: peerPointCode, originatingPointCode: ownPointCode,
                signallingLinkSelection: sls ?? signallingLinkCode))
    }
}
