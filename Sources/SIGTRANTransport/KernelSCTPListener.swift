import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// A listening kernel SCTP one-to-one socket; an accept thread blocks in `accept` and hops each new association to
/// `eventLoop`, where every mutable field lives (hence `@unchecked Sendable`).
final class KernelSCTPListener: SIGTRANListener, @unchecked Sendable {
    let eventLoop: any EventLoop
    let localPort: Int
    private let fd: Int32
    private let onAccept: SIGTRANAcceptHandler
    private let acceptThread = NIOThreadPool(numberOfThreads: 1)
    private var closed = false
    private var associations: [ObjectIdentifier: KernelSCTPAssociation] = [:]

    private init(fd: Int32, localPort: Int, eventLoop: any EventLoop, onAccept: @escaping SIGTRANAcceptHandler) {
        self.fd = fd
        self.localPort = localPort
        self.eventLoop = eventLoop
        self.onAccept = onAccept
    }

    static func listen(
        configuration: SIGTRANTransportConfiguration, eventLoop: any EventLoop,
        onAccept: @escaping SIGTRANAcceptHandler
    ) -> EventLoopFuture<any SIGTRANListener> {
        eventLoop.submit { () throws -> any SIGTRANListener in
            guard KernelSCTP.isAvailable else { throw SIGTRANTransportError.kernelSCTPUnavailable }
            let locals = try configuration.localSocketAddresses()
            let fd = try KernelSCTP.open(
                family: try UsrSCTPSocket.family(of: locals), locals: locals, configuration: configuration)
            guard Glibc.listen(fd, 16) == 0 else {
                let code = errno
                Glibc.close(fd)
                throw SIGTRANTransportError.systemCall(call: "listen(SCTP)", errno: code)
            }
            let listener = KernelSCTPListener(
                fd: fd, localPort: KernelSCTP.boundPort(fd) ?? configuration.localPort, eventLoop: eventLoop,
                onAccept: onAccept)
            listener.acceptThread.start()
            listener.acceptThread.submit { _ in listener.acceptLoop() }
            return listener
        }
    }

    private func acceptLoop() {
        while true {
            let accepted = accept(fd, nil, nil)
            if accepted < 0 {
                if errno == EINTR { continue }
                break  // shutdown() by close(), or a fatal error
            }
            eventLoop.execute { self.adopt(accepted) }
        }
        Glibc.close(fd)
        eventLoop.execute { self.acceptThread.shutdownGracefully { _ in } }
    }

    private func adopt(_ accepted: Int32) {
        guard !closed else {
            Glibc.close(accepted)
            return
        }
        let association = KernelSCTPAssociation(fd: accepted, eventLoop: eventLoop, handler: nil)
        let key = ObjectIdentifier(association)
        associations[key] = association
        association.onRelease = { [weak self] in self?.associations[key] = nil }
        association.adoptAccepted(handler: onAccept(association))
    }

    func close() -> EventLoopFuture<Void> {
        eventLoop.flatSubmit {
            guard !self.closed else { return self.eventLoop.makeSucceededVoidFuture() }
            self.closed = true
            _ = shutdown(self.fd, Int32(SHUT_RDWR))  // wakes the accept thread, which closes the descriptor
            let open = Array(self.associations.values)
            self.associations.removeAll()
            return EventLoopFuture.andAllComplete(open.map { $0.close() }, on: self.eventLoop)
        }
    }
}
