import CUsrSCTP
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// A listening usrsctp one-to-one socket (RFC 6458 §4.1.5 `listen`/`accept`) over UDP encapsulation (RFC 6951).
///
/// Like `UsrSCTPAssociation`, every field is touched only on `eventLoop`; usrsctp's threads only signal.
final class UsrSCTPListener: SIGTRANListener, UsrSCTPSocketOwner, @unchecked Sendable {
    let eventLoop: any EventLoop
    let localPort: Int
    private let socket: OpaquePointer
    private let onAccept: SIGTRANAcceptHandler
    private var id = 0
    private var closed = false
    private var associations: [ObjectIdentifier: UsrSCTPAssociation] = [:]

    private init(
        socket: OpaquePointer, localPort: Int, eventLoop: any EventLoop, onAccept: @escaping SIGTRANAcceptHandler
    ) {
        self.socket = socket
        self.localPort = localPort
        self.eventLoop = eventLoop
        self.onAccept = onAccept
    }

    /// Binds the configured local addresses and port, and listens.
    static func listen(
        configuration: SIGTRANTransportConfiguration, eventLoop: any EventLoop,
        onAccept: @escaping SIGTRANAcceptHandler
    ) -> EventLoopFuture<any SIGTRANListener> {
        eventLoop.submit { () throws -> any SIGTRANListener in
            try UsrSCTPStack.start(udpPort: configuration.udpEncapsulation.localPort)
            let locals = try configuration.localSocketAddresses()
            let family = try UsrSCTPSocket.family(of: locals)
            let socket = try UsrSCTPSocket.open(family: family, configuration: configuration)
            do {
                try bindAndListen(socket, locals)
            } catch {
                usrsctp_close(socket)
                throw error
            }
            let listener = UsrSCTPListener(
                socket: socket, localPort: boundPort(socket) ?? configuration.localPort, eventLoop: eventLoop,
                onAccept: onAccept)
            listener.id = UsrSCTPStack.register(listener)
            UsrSCTPStack.installUpcall(on: socket, id: listener.id)
            listener.acceptAll()
            return listener
        }
    }

    private static func bindAndListen(
        _ socket: OpaquePointer, _ locals: [SocketAddress]
    ) throws(SIGTRANTransportError) {
        try UsrSCTPSocket.bind(socket, locals)
        guard usrsctp_listen(socket, 16) == 0 else { throw .systemCall(call: "usrsctp_listen", errno: errno) }
    }

    private static func boundPort(_ socket: OpaquePointer) -> Int? {
        var addresses: UnsafeMutablePointer<sockaddr>?
        let count = usrsctp_getladdrs(socket, 0, &addresses)
        defer { if let addresses { usrsctp_freeladdrs(addresses) } }
        guard count > 0, let addresses else { return nil }
        // sin_port and sin6_port sit at the same offset, in network byte order.
        let port = UnsafeRawPointer(addresses).loadUnaligned(fromByteOffset: 2, as: UInt16.self)
        return Int(UInt16(bigEndian: port))
    }

    func socketSignalled() {
        eventLoop.execute { self.acceptAll() }
    }

    private func acceptAll() {
        while !closed, let accepted = usrsctp_accept(socket, nil, nil) {
            let association = UsrSCTPAssociation(socket: accepted, eventLoop: eventLoop, handler: nil)
            let key = ObjectIdentifier(association)
            associations[key] = association
            association.onRelease = { [weak self] in self?.associations[key] = nil }
            association.adoptAccepted(handler: onAccept(association))
        }
    }

    func close() -> EventLoopFuture<Void> {
        eventLoop.flatSubmit {
            guard !self.closed else { return self.eventLoop.makeSucceededVoidFuture() }
            self.closed = true
            UsrSCTPStack.unregister(self.id)
            usrsctp_close(self.socket)
            let open = Array(self.associations.values)
            self.associations.removeAll()
            return EventLoopFuture.andAllComplete(open.map { $0.close() }, on: self.eventLoop)
        }
    }
}
