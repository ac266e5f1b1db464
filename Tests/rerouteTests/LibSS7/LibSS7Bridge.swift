import M3UAProtocol
import M3UAWire
import MTPWire
import NIOCore
import SIGTRANTransport
import TelecomTypes

/// A test-only signalling gateway between libss7 and Reroute: on one side the MTP2 link to libss7 (a packet
/// socket, ``SeqPacketLink``), where it plays the adjacent signalling point (``MTP2LinkPeer``,
/// ``AdjacentSignallingPoint``); on the other an M3UA SG listening on loopback TCP for Reroute's ASP
/// (``M3UASGStateMachine``). ISUP MSUs and M3UA DATA are relayed field for field (RFC 4666 §1.4.2): OPC, DPC and
/// SLS from the routing label, SI and NI from the SIO. ISUP from Reroute that arrives before libss7's MTP is up is
/// held and sent once it is, as an SG's MTP would buffer during restart (Q.704 §9).
///
/// The bridge's MTP3 speaks with Reroute's point code: libss7 sees it as the adjacent point that owns the
/// circuits. Everything runs on `eventLoop`; `problems` collects what the bridge could not serve.
final class LibSS7Bridge: @unchecked Sendable {
    let eventLoop: any EventLoop
    let link: SeqPacketLink
    private let routingContext: UInt32
    private var mtp2 = MTP2LinkPeer()
    private var mtp3: AdjacentSignallingPoint
    private var sg: M3UASGStateMachine
    private var listener: (any SIGTRANListener)?
    private var associations: [M3UAAssociationID: any SIGTRANAssociation] = [:]
    private var nextAssociation: UInt64 = 1
    private var timers: [M3UATimer: Scheduled<Void>] = [:]
    private var heldForLibSS7: [MTP3Message] = []
    private var problemLog: [String] = []
    private(set) var relayedToReroute = 0
    private(set) var relayedToLibSS7 = 0

    /// - Parameters: `reroute` and `msc` are the point codes of Reroute (the ASP) and of libss7.
    init(eventLoop: any EventLoop, reroute: PointCode, msc: PointCode, networkIndicator: NetworkIndicator,
         routingContext: UInt32) throws {
        self.eventLoop = eventLoop
        self.link = try SeqPacketLink()
        self.routingContext = routingContext
        mtp3 = AdjacentSignallingPoint(ownPointCode: reroute, peerPointCode: msc, networkIndicator: networkIndicator)
        var configuration = M3UASGConfiguration()
        configuration.interop.transportHasNoStreams = true  // M3UA over TCP
        configuration.applicationServers = [
            M3UAApplicationServerConfiguration(routingContext: routingContext, trafficMode: .override)
        ]
        sg = M3UASGStateMachine(configuration: configuration)
    }

    /// Listens for the ASP on 127.0.0.1 (a free TCP port, returned) and starts reading the libss7 link.
    func start() -> EventLoopFuture<Int> {
        link.startReading(on: eventLoop) { [weak self] packet in self?.receiveFromLibSS7(packet) }
        var configuration = SIGTRANTransportConfiguration()
        configuration.localAddresses = ["127.0.0.1"]
        configuration.localPort = 0
        return SIGTRANTransportFactory.listen(kind: .tcp, configuration: configuration, eventLoop: eventLoop) {
            [weak self] association in
            guard let self else { return { _, _ in } }
            let id = M3UAAssociationID(self.nextAssociation)
            self.nextAssociation += 1
            self.associations[id] = association
            return { [weak self] _, event in self?.receiveFromReroute(event, id: id) }
        }.map { listener in
            self.listener = listener
            return listener.localPort
        }
    }

    /// What the bridge could not serve (undecodable units, unserved MTP3 management, discarded DATA ...).
    var problems: EventLoopFuture<[String]> { eventLoop.submit { self.problemLog } }

    /// Closes the M3UA side and the link.
    func stop() {
        let closing = eventLoop.flatSubmit {
            for timer in self.timers.values { timer.cancel() }
            return self.listener?.close() ?? self.eventLoop.makeSucceededVoidFuture()
        }
        try? closing.wait()
        link.close()
    }

    // MARK: - libss7 side

    private func receiveFromLibSS7(_ packet: ByteBuffer?) {
        guard let packet else {
            runMTP3(mtp3.linkOutOfService())
            return
        }
        for output in mtp2.receive(packet) {
            switch output {
            case .transmit(let unit): link.send(unit)
            case .inService: runMTP3(mtp3.linkInService())
            case .outOfService: runMTP3(mtp3.linkOutOfService())
            case .deliver(let message): runMTP3(mtp3.receive(message))
            case .problem(let text): problemLog.append("MTP2: \(text)")
            }
        }
        if let acknowledgement = mtp2.acknowledgement() { link.send(acknowledgement) }
    }

    private func runMTP3(_ outputs: [AdjacentSignallingPoint.Output]) {
        for output in outputs {
            switch output {
            case .transmit(let message): sendToLibSS7(message)
            case .available:
                let held = heldForLibSS7
                heldForLibSS7 = []
                held.forEach(sendToLibSS7)
            case .unavailable: break
            case .userPart(let message):
                let label = message.routingLabel
                let data = M3UAProtocolData(
                    originatingPointCode: label.originatingPointCode, destinationPointCode: label.destinationPointCode,
                    serviceIndicator: message.serviceInformationOctet.serviceIndicator,
                    networkIndicator: message.serviceInformationOctet.networkIndicator,
                    signallingLinkSelection: label.signallingLinkSelection, userProtocolData: message.payload)
                relayedToReroute += 1
                runSG(sg.sendData(data, routingContext: routingContext))
            case .problem(let text): problemLog.append("MTP3: \(text)")
            }
        }
    }

    private func sendToLibSS7(_ message: MTP3Message) {
        guard let unit = mtp2.send(message) else {
            problemLog.append("MTP2: \(message) dropped, link not in service")
            return
        }
        link.send(unit)
    }

    // MARK: - Reroute side (M3UA SG)

    private func receiveFromReroute(_ event: SIGTRANTransportEvent, id: M3UAAssociationID) {
        switch event {
        case .associationUp(_, let outbound): runSG(sg.transportUp(association: id, outboundStreams: outbound))
        case .associationRestarted:
            runSG(sg.transportDown(association: id))
            runSG(sg.transportUp(association: id, outboundStreams: 16))
        case .associationDown:
            associations[id] = nil
            runSG(sg.transportDown(association: id))
        case .message(let bytes, let stream, _): runSG(sg.receive(bytes: bytes, stream: stream, from: id))
        case .peerAddressChanged, .sendFailed: break
        }
    }

    private func runSG(_ actions: [M3UASGAction]) {
        for action in actions {
            switch action {
            case .send(let message, let id, let stream):
                associations[id]?.send(message: message.encoded(), stream: stream, ppid: 3)
            case .deliver(let data, _, _):
                let message = mtp3.userPart(
                    data.userProtocolData, serviceIndicator: data.serviceIndicator,
                    label: MTP3RoutingLabel(
                        destinationPointCode: data.destinationPointCode,
                        originatingPointCode: data.originatingPointCode,
                        signallingLinkSelection: data.signallingLinkSelection))
                relayedToLibSS7 += 1
                if mtp3.isAvailable { sendToLibSS7(message) } else { heldForLibSS7.append(message) }
            case .startTimer(let timer, let after):
                timers[timer]?.cancel()
                let delay = TimeAmount.nanoseconds(
                    after.components.seconds * 1_000_000_000 + after.components.attoseconds / 1_000_000_000)
                timers[timer] = eventLoop.scheduleTask(in: delay) { [weak self] in
                    guard let self else { return }
                    self.timers[timer] = nil
                    self.runSG(self.sg.timerFired(timer))
                }
            case .cancelTimer(let timer): timers.removeValue(forKey: timer)?.cancel()
            case .closeTransport(let id): associations[id]?.close()
            case .report(.dataDiscarded(let reason), _): problemLog.append("M3UA: DATA discarded: \(reason)")
            case .aspStateChanged, .asStateChanged, .report: break
            }
        }
    }
}
