public import ISUPProtocol
import ISUPWire
import M3UAWire
import NIOCore
public import PCAPWire
import SignallingCapture
public import TelecomTypes

/// The gateway's ISUP side driven by a capture of MSC traffic on a virtual clock (`reroute replay`).
///
/// Inputs are the capture's ISUP messages towards the gateway at their capture times; timers and the scenario's
/// answer/release decisions are events on the same clock. Everything the gateway sends becomes an M3UA DATA frame
/// (OPC = gateway, DPC = peer) in SCTP/IP, time-stamped with the virtual time it was sent. Pure: the caller decides
/// whether to wait for wall-clock time between events (real-time mode) or not (`--fast`).
public struct ReplaySession {
    public struct Configuration: Sendable {
        public var gatewayPointCode: PointCode
        /// The circuits that exist; a message on any other CIC is answered with UCIC.
        public var equippedCICs: [CircuitIdentificationCode]
        public var scenario: ReplayScenario
        public var timers: ISUPTimerTable

        public init(
            gatewayPointCode: PointCode, equippedCICs: [CircuitIdentificationCode], scenario: ReplayScenario,
            timers: ISUPTimerTable = ISUPTimerTable()
        ) {
            self.gatewayPointCode = gatewayPointCode
            self.equippedCICs = equippedCICs
            self.scenario = scenario
            self.timers = timers
        }
    }

    /// Counts for the closing summary.
    public struct Statistics: Hashable, Sendable {
        public var received: [String: Int] = [:]
        public var sent: [String: Int] = [:]
        public var incomingCalls = 0
    }

    enum Event {
        case input(ReplayInput)
        case timer(GatewayCallCore.Timer)
    }

    public let configuration: Configuration
    public private(set) var statistics = Statistics()
    /// The frames the gateway sent so far, in order.
    public private(set) var output: [CapturedFrame] = []
    /// One line per event, with the CIC.
    public private(set) var log: [String] = []
    private var core: GatewayCallCore
    private var queue = EventQueue<Event>()
    private var armedTimers: Set<GatewayCallCore.Timer> = []
    private var lastInput: [CircuitIdentificationCode: ReplayInput] = [:]
    private var anyInput: ReplayInput?
    private var composers: [SignallingEndpoints: SCTPFlowComposer] = [:]
    private var now: Int64 = 0

    public init(configuration: Configuration, peerPointCode: PointCode) {
        self.configuration = configuration
        let spans = ISUPSpan.spans(equipping: configuration.equippedCICs)
        // The link towards the MSC is taken as active: no GRS at start (the capture would never answer it).
        core = GatewayCallCore(
            configuration: ISUPConfiguration(
                ownPointCode: configuration.gatewayPointCode, peerPointCode: peerPointCode, spans: spans,
                timers: configuration.timers, resetOnLinkUp: false),
            rule: configuration.scenario)
        _ = core.linkUp()
    }

    /// Queues the capture's inputs.
    public mutating func enqueue(_ inputs: [ReplayInput]) {
        for input in inputs { queue.push(.input(input), at: input.time) }
        if now == 0, let first = inputs.first { now = first.time }
    }

    /// The virtual time of the next event, if any.
    public var nextEventTime: Int64? { queue.nextTime }

    /// Processes the next event; returns false when nothing is left.
    @discardableResult
    public mutating func step() -> Bool {
        guard let (time, event) = queue.pop() else { return false }
        now = max(now, time)
        switch event {
        case .input(let input):
            if let message = try? ISUPMessage.decode(input.isup) {
                lastInput[message.cic] = input
                statistics.received[message.type.name, default: 0] += 1
            }
            if anyInput == nil { anyInput = input }
            perform(core.receive(input.isup))
        case .timer(let timer):
            guard armedTimers.remove(timer) != nil else { return true }
            perform(core.timerFired(timer))
        }
        return true
    }

    /// Runs every event to the end (`--fast`).
    public mutating func runToEnd(limit: Int = 10_000_000) {
        var steps = 0
        while steps < limit, step() { steps += 1 }
    }

    private mutating func perform(_ actions: [GatewayCallCore.Action]) {
        for action in actions {
            switch action {
            case .send(let message):
                send(message)
            case .startTimer(let timer, let after):
                armedTimers.insert(timer)
                queue.push(.timer(timer), at: now + after.nanoseconds)
            case .cancelTimer(let timer):
                armedTimers.remove(timer)
            case .log(let cic, let text):
                note(cic, text)
            case .incomingCall:
                statistics.incomingCalls += 1
            case .callReleased, .callProgress:
                break
            }
        }
    }

    /// One ISUP message out: M3UA DATA (OPC = gateway, DPC = peer) on the reverse of the path the peer used.
    private mutating func send(_ message: ISUPMessage) {
        statistics.sent[message.type.name, default: 0] += 1
        let context = lastInput[message.cic] ?? anyInput
        let peer = context?.opc ?? core.isup.configuration.peerPointCode
        let data = M3UAPayloadData(
            routingContext: context?.routingContext.map { [$0] },
            protocolData: M3UAProtocolData(
                originatingPointCode: configuration.gatewayPointCode, destinationPointCode: peer,
                serviceIndicator: .isup, networkIndicator: context?.networkIndicator ?? .national,
                signallingLinkSelection: context?.signallingLinkSelection ?? UInt8(message.cic.value & 0x0F),
                userProtocolData: message.encoded))
        let path = Self.reversePath(context?.endpoints)
        var composer = composers[path] ?? SCTPFlowComposer(
            source: path.sourceAddress, destination: path.destinationAddress, sourcePort: path.sourcePort,
            destinationPort: path.destinationPort)
        let frames = composer.frames(
            for: [.init(stream: context?.stream ?? 1, ppid: 3, payload: M3UAMessage.payloadData(data).encoded())])
        composers[path] = composer
        for frame in frames {
            output.append(
                CapturedFrame(
                    number: output.count + 1,
                    timestamp: CaptureTimestamp(
                        seconds: now / 1_000_000_000, nanoseconds: UInt32(now % 1_000_000_000)),
                    linkType: .ethernet, interfaceID: 0, originalLength: frame.readableBytes, data: frame))
        }
    }

    static func reversePath(_ endpoints: SignallingEndpoints?) -> SignallingEndpoints {
        guard let endpoints else {
            return SignallingEndpoints(
                sourceAddress: .v4(0x7F00_0001), sourcePort: 2905, destinationAddress: .v4(0x7F00_0002),
                destinationPort: 2905)
        }
        return SignallingEndpoints(
            sourceAddress: endpoints.destinationAddress, sourcePort: endpoints.destinationPort,
            destinationAddress: endpoints.sourceAddress, destinationPort: endpoints.sourcePort)
    }

    private mutating func note(_ cic: CircuitIdentificationCode?, _ text: String) {
        let time = CaptureTimestamp(seconds: now / 1_000_000_000, nanoseconds: UInt32(now % 1_000_000_000))
        log.append("\(time.utcDescription) " + (cic.map { "CIC \($0) " } ?? "") + text)
    }
}
