import CUsrSCTP
import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Something owning a usrsctp socket: told (on a usrsctp thread) that the socket has something to read or write.
protocol UsrSCTPSocketOwner: AnyObject, Sendable {
    /// Called on a usrsctp thread; must only hop to the owner's event loop.
    func socketSignalled()
}

/// The process-wide usrsctp stack (RFC 6951 UDP encapsulation): initialised once, on the first start, with one UDP
/// port; never finished (the stack's threads live as long as the process).
///
/// usrsctp calls back from its own threads. Its upcall gets an integer id, not a pointer, so a late upcall after
/// a socket is closed finds nothing in the registry instead of a freed object; owners then do all socket work on
/// their event loop.
enum UsrSCTPStack {
    private struct State {
        var udpPort: UInt16?
        var nextID = 1
        var owners: [Int: any UsrSCTPSocketOwner] = [:]
    }

    private static let state = NIOLockedValueBox(State())

    /// Starts the stack on `udpPort`, or checks that it already runs there.
    static func start(udpPort: UInt16) throws(SIGTRANTransportError) {
        let result: Result<Void, SIGTRANTransportError> = state.withLockedValue { state in
            if let running = state.udpPort {
                return running == udpPort
                    ? .success(()) : .failure(.udpEncapsulationPortMismatch(running: running, requested: udpPort))
            }
            // usrsctp_init cannot report a busy port (it only logs), so try the port first.
            if let error = probeUDPPort(udpPort) { return .failure(error) }
            usrsctp_init(udpPort, nil, nil)
            state.udpPort = udpPort
            return .success(())
        }
        try result.get()
    }

    /// The UDP port the stack runs on, if started.
    static var runningUDPPort: UInt16? { state.withLockedValue { $0.udpPort } }

    /// Registers an owner and returns the id to give to `usrsctp_set_upcall`.
    static func register(_ owner: any UsrSCTPSocketOwner) -> Int {
        state.withLockedValue { state in
            let id = state.nextID
            state.nextID += 1
            state.owners[id] = owner
            return id
        }
    }

    static func unregister(_ id: Int) {
        _ = state.withLockedValue { $0.owners.removeValue(forKey: id) }
    }

    /// Installs the upcall for `socket`, routed to the owner registered as `id`.
    static func installUpcall(on socket: OpaquePointer, id: Int) {
        _ = usrsctp_set_upcall(socket, { _, argument, _ in UsrSCTPStack.signal(id: Int(bitPattern: argument)) },
            UnsafeMutableRawPointer(bitPattern: id))
    }

    private static func signal(id: Int) {
        let owner = state.withLockedValue { $0.owners[id] }
        owner?.socketSignalled()
    }

    private static func probeUDPPort(_ port: UInt16) -> SIGTRANTransportError? {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return .systemCall(call: "socket(UDP)", errno: errno) }
        defer { Glibc.close(fd) }
        guard let address = try? SocketAddress(ipAddress: "0.0.0.0", port: Int(port)) else {
            return .invalidAddress("UDP port \(port)")
        }
        let rc = address.withSockAddr { Glibc.bind(fd, $0, socklen_t($1)) }
        guard rc == 0 else {
            let code = errno
            return code == EADDRINUSE
                ? .addressInUse("UDP port \(port) (RFC 6951 encapsulation)")
                : .systemCall(call: "bind(UDP \(port))", errno: code)
        }
        return nil
    }
}
