import NIOCore
import NIOPosix
import SMPPProtocol
import SMPPWire

/// The shell around `SMPPClientStateMachine`: everything here runs on `eventLoop`, which is why the type is
/// `@unchecked Sendable` — each method asserts it.
final class SMPPClientCore: @unchecked Sendable {
    let eventLoop: any EventLoop
    private let configuration: SMPPClientConfiguration
    private var machine: SMPPClientStateMachine
    private let incoming: AsyncStream<SMPPInboundMessage>.Continuation
    private let events: AsyncStream<SMPPClientEvent>.Continuation

    private var channel: (any Channel)?
    /// Counts connection attempts so events of an earlier channel are ignored.
    private var generation = 0
    private var timers: [SMPPTimer: Scheduled<Void>] = [:]
    private var waiters: [SMPPRequestID: CheckedContinuation<Result<String, SMPPSubmitError>, Never>] = [:]
    private var stopWaiters: [CheckedContinuation<Void, Never>] = []
    private var lastRequestID: UInt64 = 0
    private var isStopped = false

    init(
        configuration: SMPPClientConfiguration, eventLoop: any EventLoop,
        incoming: AsyncStream<SMPPInboundMessage>.Continuation, events: AsyncStream<SMPPClientEvent>.Continuation
    ) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.incoming = incoming
        self.events = events
        self.machine = SMPPClientStateMachine(
            bind: configuration.bind, timers: configuration.timers, windowSize: configuration.windowSize,
            queueLimit: configuration.queueLimit)
    }

    // MARK: Inputs

    func start() {
        eventLoop.preconditionInEventLoop()
        run(machine.start())
    }

    func submit(_ message: SMPPSubmitSM, continuation: CheckedContinuation<Result<String, SMPPSubmitError>, Never>) {
        eventLoop.preconditionInEventLoop()
        lastRequestID += 1
        let id = SMPPRequestID(lastRequestID)
        waiters[id] = continuation
        run(machine.submit(message, id: id))
    }

    func stop(_ continuation: CheckedContinuation<Void, Never>) {
        eventLoop.preconditionInEventLoop()
        if isStopped {
            continuation.resume()
            return
        }
        stopWaiters.append(continuation)
        run(machine.stop())
    }

    func channelUp(_ channel: any Channel, generation: Int) {
        eventLoop.preconditionInEventLoop()
        guard generation == self.generation else { return }
        self.channel = channel
        run(machine.transportUp())
    }

    func channelDown(generation: Int) {
        eventLoop.preconditionInEventLoop()
        guard generation == self.generation else { return }
        channel = nil
        run(machine.transportDown())
    }

    func received(_ pdu: SMPPPDU, generation: Int) {
        guard generation == self.generation else { return }
        run(machine.receive(pdu))
    }

    func receivedMalformed(_ error: SMPPDecodingError, generation: Int) {
        guard generation == self.generation else { return }
        run(machine.receiveMalformed(error))
    }

    // MARK: Actions

    private func run(_ actions: [SMPPClientAction]) {
        for action in actions {
            switch action {
            case .connect:
                connect()
            case .send(let pdu):
                channel?.writeAndFlush(pdu.encoded(), promise: nil)
            case .close:
                channel?.close(promise: nil)
            case .startTimer(let timer, let delay):
                timers.removeValue(forKey: timer)?.cancel()
                timers[timer] = eventLoop.scheduleTask(in: TimeAmount(delay)) { [self] in
                    timers[timer] = nil
                    run(machine.timerFired(timer))
                }
            case .cancelTimer(let timer):
                timers.removeValue(forKey: timer)?.cancel()
            case .bound(let systemID):
                events.yield(.bound(systemID: systemID))
            case .bindFailed(let failure):
                switch failure {
                case .rejected(let status): events.yield(.bindFailed(status))
                case .timedOut: events.yield(.bindFailed(nil))
                }
            case .unbound:
                events.yield(.unbound)
            case .enquireLinkAnswered:
                events.yield(.enquireLinkAnswered)
            case .stopped:
                finish()
            case .submitCompleted(let id, let outcome):
                guard let waiter = waiters.removeValue(forKey: id) else { continue }
                switch outcome {
                case .accepted(let messageID): waiter.resume(returning: .success(messageID))
                case .rejected, .invalidResponse, .responseTimeout, .connectionLost, .queueTimeout, .queueFull,
                    .stopped:
                    waiter.resume(returning: .failure(SMPPSubmitError(outcome)))
                }
            case .deliver(let deliverSM):
                incoming.yield(SMPPInboundMessage(deliverSM))
            case .alert(let alert):
                events.yield(.alert(alert))
            }
        }
    }

    private func connect() {
        generation += 1
        let generation = self.generation
        let core = self
        ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        SMPPChannelHandler(core: core, generation: generation))
                }
            }
            .connect(host: configuration.host, port: configuration.port)
            .whenFailure { _ in
                // A connection that never became active: the handler will not report it.
                core.channelDown(generation: generation)
            }
    }

    private func finish() {
        isStopped = true
        for timer in timers.values { timer.cancel() }
        timers.removeAll()
        events.yield(.stopped)
        events.finish()
        incoming.finish()
        for waiter in waiters.values { waiter.resume(returning: .failure(SMPPSubmitError(.stopped))) }
        waiters.removeAll()
        let stopWaiters = self.stopWaiters
        self.stopWaiters.removeAll()
        for waiter in stopWaiters { waiter.resume() }
    }
}
