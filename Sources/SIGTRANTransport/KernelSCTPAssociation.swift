import CSIGTRANShims
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// One kernel SCTP association on a blocking lksctp one-to-one socket.
///
/// Thread model: a receive thread blocks in `sctp_recvmsg` (and first in `sctp_connectx` for a client); a send
/// thread runs `sctp_sendmsg` in submission order. Both only hop results to `eventLoop`, where every mutable field
/// lives (hence `@unchecked Sendable`). The descriptor is closed once, after both threads stopped.
final class KernelSCTPAssociation: SIGTRANAssociation, @unchecked Sendable {
    let eventLoop: any EventLoop
    private let fd: Int32
    private let receiveThread = NIOThreadPool(numberOfThreads: 1)
    private let sendThread = NIOThreadPool(numberOfThreads: 1)
    private var handler: SIGTRANEventHandler?
    private var lifecycle = SCTPAssociationLifecycle()
    private var connectPromise: EventLoopPromise<any SIGTRANAssociation>?
    private var connectTimeout: Scheduled<Void>?
    private var peerDescription = "peer"
    /// The first configured remote address: made primary again when it comes back (SCTP_PRIMARY_ADDR).
    private var primary: SocketAddress?
    private var released = false
    var onRelease: (() -> Void)?

    init(fd: Int32, eventLoop: any EventLoop, handler: SIGTRANEventHandler?) {
        self.fd = fd
        self.eventLoop = eventLoop
        self.handler = handler
        receiveThread.start()
        sendThread.start()
    }

    /// Client role: binds, then connects to every remote address (`sctp_connectx`) on the receive thread.
    static func connect(
        configuration: SIGTRANTransportConfiguration, eventLoop: any EventLoop, handler: @escaping SIGTRANEventHandler
    ) -> EventLoopFuture<any SIGTRANAssociation> {
        eventLoop.flatSubmit {
            do {
                guard KernelSCTP.isAvailable else { throw SIGTRANTransportError.kernelSCTPUnavailable }
                let remotes = try configuration.remoteSocketAddresses()
                let locals =
                    configuration.localAddresses.isEmpty && configuration.localPort == 0
                    ? [] : try configuration.localSocketAddresses(defaultFamilyOf: remotes)
                let family = try UsrSCTPSocket.family(of: remotes + locals)
                let fd = try KernelSCTP.open(family: family, locals: locals, configuration: configuration)
                let association = KernelSCTPAssociation(fd: fd, eventLoop: eventLoop, handler: handler)
                association.primary = remotes.first
                association.peerDescription = remotes.map { "\($0)" }.joined(separator: ", ")
                let promise = eventLoop.makePromise(of: (any SIGTRANAssociation).self)
                association.connectPromise = promise
                association.connectTimeout = eventLoop.scheduleTask(in: configuration.connectTimeout) {
                    association.connectTimedOut()
                }
                let packed = SocketAddressPacking.pack(remotes)
                association.receiveThread.submit { _ in
                    let rc = packed.withUnsafeBytes { rr_ksctp_connectx(fd, $0.baseAddress, Int32(remotes.count)) }
                    guard rc == 0 else {
                        eventLoop.execute { association.connectFailed(errno: -rc) }
                        association.finishReceiving()
                        return
                    }
                    association.receiveLoop()
                }
                return promise.futureResult
            } catch {
                return eventLoop.makeFailedFuture(error)
            }
        }
    }

    /// Server role: adopts a descriptor returned by `accept`; `.associationUp` comes from SCTP_STATUS.
    func adoptAccepted(handler: @escaping SIGTRANEventHandler) {
        self.handler = handler
        var inbound: UInt16 = 0
        var outbound: UInt16 = 0
        if rr_ksctp_status(fd, &inbound, &outbound) == 0 {
            apply(
                lifecycle.receive(
                    .associationChange(.communicationUp, inboundStreams: inbound, outboundStreams: outbound)))
        }
        receiveThread.submit { _ in self.receiveLoop() }
    }

    func send(message: ByteBuffer, stream: UInt16, ppid: UInt32) {
        let fd = self.fd
        sendThread.submit { state in
            guard case .active = state else { return }
            let sent = message.withUnsafeReadableBytes { rr_ksctp_send(fd, $0.baseAddress, $0.count, stream, ppid) }
            if sent < 0 {
                let failure = SIGTRANSendFailure(
                    stream: stream, ppid: ppid, reason: "sctp_sendmsg: \(SystemErrorText.describe(Int32(-sent)))")
                self.eventLoop.execute { if !self.released { self.deliver(.sendFailed(failure)) } }
            }
        }
    }

    func close() -> EventLoopFuture<Void> {
        eventLoop.submit {
            guard !self.released else { return }
            if let promise = self.connectPromise {
                self.connectPromise = nil
                promise.fail(SIGTRANTransportError.closed)
            }
            self.apply(self.lifecycle.closedLocally())
            self.release()
        }
    }

    // MARK: Receive thread

    private func receiveLoop() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }
        var partial: ByteBuffer?
        while true {
            var stream: UInt16 = 0
            var ppid: UInt32 = 0
            var flags: Int32 = 0
            let count = rr_ksctp_receive(fd, buffer.baseAddress, buffer.count, &stream, &ppid, &flags)
            if count < 0, -count == Int(EINTR) { continue }
            if count <= 0 {
                let reason: SIGTRANAssociationDownReason = count == 0 ? .peerShutdown : .communicationLost
                eventLoop.execute { self.apply(self.lifecycle.endOfFile(reason)) }
                break
            }
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            if flags & 1 != 0 {
                let notification = SCTPNotification(bytes, codes: KernelSCTP.notificationCodes)
                eventLoop.execute { self.apply(self.lifecycle.receive(notification)) }
                continue
            }
            var message = partial ?? ByteBufferAllocator().buffer(capacity: count)
            message.writeBytes(bytes)
            guard flags & 2 != 0 else {
                partial = message
                guard message.readableBytes <= UsrSCTPAssociation.maximumMessageLength else {
                    eventLoop.execute { self.apply(self.lifecycle.endOfFile(.communicationLost)) }
                    break
                }
                continue
            }
            partial = nil
            let event = SIGTRANTransportEvent.message(message, stream: stream, ppid: ppid)
            eventLoop.execute { if !self.released { self.deliver(event) } }
        }
        finishReceiving()
    }

    /// Runs on the receive thread when it stops: closes the descriptor after the send thread drained.
    private func finishReceiving() {
        eventLoop.execute { self.release() }
        let fd = self.fd
        let receiveThread = self.receiveThread
        sendThread.shutdownGracefully { _ in
            Glibc.close(fd)
            receiveThread.shutdownGracefully { _ in }
        }
    }

    // MARK: Event loop

    private func apply(_ outputs: [SCTPAssociationLifecycle.Output]) {
        for output in outputs {
            switch output {
            case .deliver(let event):
                deliver(event)
            case .connected:
                connectTimeout?.cancel()
                connectPromise?.succeed(self)
                connectPromise = nil
            case .connectRefused:
                connectFailed(errno: ECONNREFUSED)
            case .release:
                release()
            }
        }
    }

    private func deliver(_ event: SIGTRANTransportEvent) {
        if case .peerAddressChanged(let address, let state) = event, address == primary,
            state == .available || state == .confirmed || state == .added
        {
            let fd = self.fd
            sendThread.submit { state in
                guard case .active = state else { return }  // after shutdown the descriptor may be closed
                KernelSCTP.setPrimary(fd, address)
            }
        }
        handler?(self, event)
    }

    private func connectFailed(errno code: Int32) {
        connectTimeout?.cancel()
        guard let promise = connectPromise else { return }
        connectPromise = nil
        promise.fail(
            code == ECONNREFUSED
                ? SIGTRANTransportError.connectionRefused(peerDescription)
                : .systemCall(call: "sctp_connectx", errno: code))
        release()
    }

    private func connectTimedOut() {
        guard let promise = connectPromise else { return }
        connectPromise = nil
        promise.fail(SIGTRANTransportError.connectTimeout(peerDescription))
        release()
    }

    /// Stops the association: SHUT_RDWR sends SHUTDOWN (or ends a pending connect) and wakes the receive thread,
    /// which then closes the descriptor.
    private func release() {
        guard !released else { return }
        released = true
        connectTimeout?.cancel()
        let fd = self.fd
        sendThread.submit { state in
            // Work submitted after the send thread stopped runs as `.cancelled`; the descriptor may be closed then.
            guard case .active = state else { return }
            _ = shutdown(fd, Int32(SHUT_RDWR))
        }
        onRelease?()
        onRelease = nil
    }
}
