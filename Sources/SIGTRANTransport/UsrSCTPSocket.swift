import CUsrSCTP
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Opening and configuring one usrsctp one-to-one socket (RFC 6458 §4: SOCK_STREAM style).
enum UsrSCTPSocket {
    /// The notification numbering of usrsctp (its `usrsctp.h`).
    static let notificationCodes = SCTPNotification.Codes(
        associationChange: UInt16(SCTP_ASSOC_CHANGE),
        peerAddressChange: UInt16(SCTP_PEER_ADDR_CHANGE),
        shutdownEvent: UInt16(SCTP_SHUTDOWN_EVENT),
        sendFailed: UInt16(SCTP_SEND_FAILED),
        sendFailedEvent: UInt16(SCTP_SEND_FAILED_EVENT),
        commUp: UInt16(SCTP_COMM_UP),
        commLost: UInt16(SCTP_COMM_LOST),
        restart: UInt16(SCTP_RESTART),
        shutdownComplete: UInt16(SCTP_SHUTDOWN_COMP),
        cantStartAssociation: UInt16(SCTP_CANT_STR_ASSOC),
        addressStates: [
            UInt32(SCTP_ADDR_AVAILABLE): .available, UInt32(SCTP_ADDR_UNREACHABLE): .unreachable,
            UInt32(SCTP_ADDR_REMOVED): .removed, UInt32(SCTP_ADDR_ADDED): .added,
            UInt32(SCTP_ADDR_MADE_PRIM): .madePrimary, UInt32(SCTP_ADDR_CONFIRMED): .confirmed,
        ],
        peerAddressStateOffset: MemoryLayout<sctp_paddr_change>.offset(of: \.spc_state) ?? 136
    )

    /// Opens a non-blocking socket of `family` with every option the transport relies on:
    /// SCTP_RECVRCVINFO (stream and PPID with each message), SCTP_NODELAY, SCTP_INITMSG, SCTP_EVENT subscriptions,
    /// SCTP_REMOTE_UDP_ENCAPS_PORT (RFC 6951 §5.1) and the heartbeat interval.
    static func open(
        family: Int32, configuration: SIGTRANTransportConfiguration
    ) throws(SIGTRANTransportError) -> OpaquePointer {
        guard let socket = usrsctp_socket(family, Int32(SOCK_STREAM.rawValue), Int32(IPPROTO_SCTP), nil, nil, 0, nil)
        else { throw .systemCall(call: "usrsctp_socket", errno: errno) }
        do {
            try configure(socket, configuration)
            return socket
        } catch {
            usrsctp_close(socket)
            throw error
        }
    }

    private static func configure(
        _ socket: OpaquePointer, _ configuration: SIGTRANTransportConfiguration
    ) throws(SIGTRANTransportError) {
        guard usrsctp_set_non_blocking(socket, 1) == 0 else {
            throw .systemCall(call: "usrsctp_set_non_blocking", errno: errno)
        }
        try set(socket, SCTP_RECVRCVINFO, Int32(1), "SCTP_RECVRCVINFO")
        try set(socket, SCTP_NODELAY, Int32(configuration.noDelay ? 1 : 0), "SCTP_NODELAY")
        var initMessage = sctp_initmsg()
        initMessage.sinit_num_ostreams = configuration.outboundStreams
        initMessage.sinit_max_instreams = configuration.inboundStreams
        try set(socket, SCTP_INITMSG, initMessage, "SCTP_INITMSG")
        for type in [SCTP_ASSOC_CHANGE, SCTP_PEER_ADDR_CHANGE, SCTP_SHUTDOWN_EVENT, SCTP_SEND_FAILED_EVENT] {
            var event = sctp_event()
            event.se_assoc_id = sctp_assoc_t(SCTP_FUTURE_ASSOC)
            event.se_type = UInt16(type)
            event.se_on = 1
            try set(socket, SCTP_EVENT, event, "SCTP_EVENT")
        }
        var encapsulation = sctp_udpencaps()
        encapsulation.sue_port = configuration.udpEncapsulation.remotePort.bigEndian
        try set(socket, SCTP_REMOTE_UDP_ENCAPS_PORT, encapsulation, "SCTP_REMOTE_UDP_ENCAPS_PORT")
        if let interval = configuration.heartbeatInterval {
            var parameters = sctp_paddrparams()
            parameters.spp_assoc_id = sctp_assoc_t(SCTP_FUTURE_ASSOC)
            parameters.spp_hbinterval = UInt32(clamping: max(interval.nanoseconds / 1_000_000, 1))
            parameters.spp_flags = UInt32(SPP_HB_ENABLE)
            try set(socket, SCTP_PEER_ADDR_PARAMS, parameters, "SCTP_PEER_ADDR_PARAMS")
        }
    }

    private static func set<Value>(
        _ socket: OpaquePointer, _ option: Int32, _ value: Value, _ name: String
    ) throws(SIGTRANTransportError) {
        let rc = withUnsafeBytes(of: value) { bytes in
            usrsctp_setsockopt(socket, Int32(IPPROTO_SCTP), option, bytes.baseAddress, socklen_t(bytes.count))
        }
        guard rc == 0 else { throw .systemCall(call: "usrsctp_setsockopt(\(name))", errno: errno) }
    }

    /// Binds every local address (`usrsctp_bind` for the first, `usrsctp_bindx` adds the rest: multi-homing).
    static func bind(_ socket: OpaquePointer, _ addresses: [SocketAddress]) throws(SIGTRANTransportError) {
        guard let first = addresses.first else { return }
        let rc = first.withSockAddr { pointer, length in
            usrsctp_bind(socket, UnsafeMutablePointer(mutating: pointer), socklen_t(length))
        }
        guard rc == 0 else { throw bindError(errno, first) }
        for address in addresses.dropFirst() {
            let rc = address.withSockAddr { pointer, _ in
                usrsctp_bindx(socket, UnsafeMutablePointer(mutating: pointer), 1, SCTP_BINDX_ADD_ADDR)
            }
            guard rc == 0 else { throw bindError(errno, address) }
        }
    }

    private static func bindError(_ code: Int32, _ address: SocketAddress) -> SIGTRANTransportError {
        code == EADDRINUSE ? .addressInUse("SCTP \(address)") : .systemCall(call: "usrsctp_bind(\(address))", errno: code)
    }

    /// Starts connecting to every remote address (`usrsctp_connectx`); the result arrives as a notification.
    static func connect(_ socket: OpaquePointer, _ addresses: [SocketAddress]) throws(SIGTRANTransportError) {
        let packed = SocketAddressPacking.pack(addresses)
        let rc = packed.withUnsafeBytes { bytes in
            usrsctp_connectx(
                socket, bytes.baseAddress?.assumingMemoryBound(to: sockaddr.self), Int32(addresses.count), nil)
        }
        let code = errno
        guard rc == 0 || code == EINPROGRESS else {
            if code == ECONNREFUSED { throw .connectionRefused("\(addresses)") }
            throw .systemCall(call: "usrsctp_connectx", errno: code)
        }
    }

    /// The address family shared by all `addresses`.
    static func family(of addresses: [SocketAddress]) throws(SIGTRANTransportError) -> Int32 {
        let families = Set(addresses.map { $0.protocol.rawValue })
        guard families.count == 1, let family = families.first else {
            throw .invalidAddress("mixed IPv4 and IPv6 addresses in \(addresses)")
        }
        return family
    }
}

/// Packs socket addresses back to back, as `sctp_bindx`/`sctp_connectx` take them (RFC 6458 §9.1).
enum SocketAddressPacking {
    static func pack(_ addresses: [SocketAddress]) -> [UInt8] {
        var packed: [UInt8] = []
        for address in addresses {
            address.withSockAddr { pointer, length in
                packed.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: length))
            }
        }
        return packed
    }
}
