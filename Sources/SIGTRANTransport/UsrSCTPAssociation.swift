import CUsrSCTP
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// One SCTP association over UDP (RFC 6951) on a usrsctp one-to-one socket.
///
/// Thread model: every field is touched only on `eventLoop`. usrsctp's threads only signal (through
/// `UsrSCTPStack`), and the signal hops here, where the socket is drained with non-blocking `usrsctp_recvv` and
/// written with `usrsctp_sendv`. Hence `@unchecked Sendable`.
final class UsrSCTPAssociation: SIGTRANAssociation, UsrSCTPSocketOwner, @unchecked Sendable {
    let eventLoop: any EventLoop
    private let socket: OpaquePointer
    private var id = 0
    private var handler: SIGTRANEventHandler?
    private var lifecycle = SCTPAssociationLifecycle()
    private var pending = CircularBuffer<(message: ByteBuffer, stream: UInt16, ppid: UInt32)>()
    private var partial: ByteBuffer?
    private var connectPromise: EventLoopPromise<any SIGTRANAssociation>?
    private var connectTimeout: Scheduled<Void>?
    private var peerDescription = "peer"
    private var released = false
    private var receiveBuffer: UnsafeMutableRawBufferPointer
    /// Called once when the socket is released (the listener forgets its association).
    var onRelease: (() -> Void)?

    /// A reassembled message larger than this ends the association: M3UA messages are at most ~64 KB.
    static let maximumMessageLength = 1 << 20

    init(socket: OpaquePointer, eventLoop: any EventLoop, handler: SIGTRANEventHandler?) {
        self.socket = socket
        self.eventLoop = eventLoop
        self.handler = handler
        self.receiveBuffer = .allocate(byteCount: 1 << 16, alignment: 8)
    }

    deinit {
        receiveBuffer.deallocate()
    }

    // MARK: Starting

    /// Client role: connects a fresh socket; the future succeeds after `.associationUp` was delivered.
    static func connect(
        configuration: SIGTRANTransportConfiguration, eventLoop: any EventLoop, handler: @escaping SIGTRANEventHandler
    ) -> EventLoopFuture<any SIGTRANAssociation> {
        eventLoop.flatSubmit {
            do {
                try UsrSCTPStack.start(udpPort: configuration.udpEncapsulation.localPort)
                let remotes = try configuration.remoteSocketAddresses()
                let locals =
                    configuration.localAddresses.isEmpty && configuration.localPort == 0
                    ? [] : try configuration.localSocketAddresses(defaultFamilyOf: remotes)
                let family = try UsrSCTPSocket.family(of: remotes + locals)
                let socket = try UsrSCTPSocket.open(family: family, configuration: configuration)
                let association = UsrSCTPAssociation(socket: socket, eventLoop: eventLoop, handler: handler)
                association.peerDescription = remotes.map { "\($0)" }.joined(separator: ", ")
                let promise = eventLoop.makePromise(of: (any SIGTRANAssociation).self)
                association.connectPromise = promise
                do {
                    try UsrSCTPSocket.bind(socket, locals)
                    association.register()
                    try UsrSCTPSocket.connect(socket, remotes)
                } catch {
                    association.connectPromise = nil
                    association.release()
                    throw error
                }
                association.connectTimeout = eventLoop.scheduleTask(in: configuration.connectTimeout) {
                    association.connectTimedOut()
                }
                association.drain()
                return promise.futureResult
            } catch {
                return eventLoop.makeFailedFuture(error)
            }
        }
    }

    /// Server role: adopts a socket returned by `usrsctp_accept`. The association is already established, so
    /// `.associationUp` is delivered from SCTP_STATUS (a later COMM_UP notification, if any, is ignored).
    func adoptAccepted(handler: @escaping SIGTRANEventHandler) {
        eventLoop.preconditionInEventLoop()
        self.handler = handler
        _ = usrsctp_set_non_blocking(socket, 1)
        register()
        var status = sctp_status()
        var length = socklen_t(MemoryLayout<sctp_status>.size)
        if usrsctp_getsockopt(socket, Int32(IPPROTO_SCTP), SCTP_STATUS, &status, &length) == 0 {
            apply(
                lifecycle.receive(
                    .associationChange(
                        .communicationUp, inboundStreams: status.sstat_instrms, outboundStreams: status.sstat_outstrms
                    )))
        }
        drain()
    }

    private func register() {
        id = UsrSCTPStack.register(self)
        UsrSCTPStack.installUpcall(on: socket, id: id)
    }

    // MARK: SIGTRANAssociation

    func send(message: ByteBuffer, stream: UInt16, ppid: UInt32) {
        if eventLoop.inEventLoop {
            sendOnLoop(message, stream, ppid)
        } else {
            eventLoop.execute { self.sendOnLoop(message, stream, ppid) }
        }
    }

    func close() -> EventLoopFuture<Void> {
        eventLoop.submit {
            guard !self.released else { return }
            self.flushPending()
            if let promise = self.connectPromise {
                self.connectPromise = nil
                promise.fail(SIGTRANTransportError.closed)
            }
            self.apply(self.lifecycle.closedLocally())
            self.release()
        }
    }

    func socketSignalled() {
        eventLoop.execute { self.drain() }
    }

    // MARK: Sending

    private enum SendResult {
        case sent, wouldBlock, failed(Int32)
    }

    private func sendOnLoop(_ message: ByteBuffer, _ stream: UInt16, _ ppid: UInt32) {
        guard !released else { return }
        guard lifecycle.state == .up else {
            deliver(.sendFailed(SIGTRANSendFailure(stream: stream, ppid: ppid, reason: "association is not up")))
            return
        }
        pending.append((message, stream, ppid))
        flushPending()
    }

    private func flushPending() {
        while let first = pending.first, !released {
            switch trySend(first.message, first.stream, first.ppid) {
            case .sent:
                pending.removeFirst()
            case .wouldBlock:
                return  // a write upcall (SACK freed space) drains again
            case .failed(let code):
                pending.removeFirst()
                deliver(
                    .sendFailed(
                        SIGTRANSendFailure(
                            stream: first.stream, ppid: first.ppid,
                            reason: "usrsctp_sendv: \(SystemErrorText.describe(code))")))
            }
        }
    }

    private func trySend(_ message: ByteBuffer, _ stream: UInt16, _ ppid: UInt32) -> SendResult {
        var info = sctp_sndinfo()
        info.snd_sid = stream
        info.snd_ppid = ppid.bigEndian  // the PPID is opaque to SCTP and travels as the application wrote it
        let sent = message.withUnsafeReadableBytes { bytes in
            usrsctp_sendv(
                socket, bytes.baseAddress, bytes.count, nil, 0, &info, socklen_t(MemoryLayout<sctp_sndinfo>.size),
                UInt32(SCTP_SENDV_SNDINFO), 0)
        }
        if sent >= 0 { return .sent }
        let code = errno
        return code == EWOULDBLOCK || code == EAGAIN ? .wouldBlock : .failed(code)
    }

    // MARK: Receiving

    private func drain() {
        guard !released else { return }
        flushPending()
        while !released {
            var info = sctp_rcvinfo()
            var infoLength = socklen_t(MemoryLayout<sctp_rcvinfo>.size)
            var infoType: UInt32 = 0
            var flags: Int32 = 0
            let count = usrsctp_recvv(
                socket, receiveBuffer.baseAddress, receiveBuffer.count, nil, nil, &info, &infoLength, &infoType,
                &flags)
            if count < 0 {
                let code = errno
                if code == EWOULDBLOCK || code == EAGAIN { return }
                apply(lifecycle.endOfFile(.communicationLost))
                return
            }
            if count == 0 {
                apply(lifecycle.endOfFile(.peerShutdown))
                return
            }
            let bytes = UnsafeRawBufferPointer(rebasing: receiveBuffer[0..<count])
            if flags & Int32(MSG_NOTIFICATION) != 0 {
                apply(lifecycle.receive(SCTPNotification(bytes, codes: UsrSCTPSocket.notificationCodes)))
                continue
            }
            var message = partial ?? ByteBufferAllocator().buffer(capacity: count)
            message.writeBytes(bytes)
            guard flags & Int32(MSG_EOR) != 0 else {
                partial = message
                if message.readableBytes > Self.maximumMessageLength {
                    apply(lifecycle.endOfFile(.communicationLost))
                }
                continue
            }
            partial = nil
            let hasInfo = infoType == UInt32(SCTP_RECVV_RCVINFO)
            deliver(
                .message(
                    message, stream: hasInfo ? info.rcv_sid : 0, ppid: hasInfo ? UInt32(bigEndian: info.rcv_ppid) : 0))
        }
    }

    // MARK: Outputs

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
                connectTimeout?.cancel()
                connectPromise?.fail(SIGTRANTransportError.connectionRefused(peerDescription))
                connectPromise = nil
            case .release:
                release()
            }
        }
    }

    private func deliver(_ event: SIGTRANTransportEvent) {
        handler?(self, event)
    }

    private func connectTimedOut() {
        guard let promise = connectPromise else { return }
        connectPromise = nil
        promise.fail(SIGTRANTransportError.connectTimeout(peerDescription))
        release()
    }

    private func release() {
        guard !released else { return }
        released = true
        connectTimeout?.cancel()
        pending.removeAll()
        partial = nil
        if id != 0 { UsrSCTPStack.unregister(id) }
        usrsctp_close(socket)
        onRelease?()
        onRelease = nil
    }
}
