import CSIGTRANShims
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Kernel SCTP (RFC 4960) through lksctp: the availability probe and socket setup.
///
/// The lksctp calls live in the C target `CSIGTRANShims`: its header and usrsctp's declare the same RFC 6458
/// structures differently, and one Swift module cannot import both.
public enum KernelSCTP {
    /// Whether this kernel has SCTP: `socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP)` succeeds (it fails with
    /// EPROTONOSUPPORT where the module is absent or blocked).
    public static let isAvailable: Bool = {
        let fd = rr_ksctp_socket(AF_INET)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }()

    /// The one line reported when kernel SCTP is missing (`SIGTRANTransportError.kernelSCTPUnavailable`).
    public static let unavailableReason = SIGTRANTransportError.kernelSCTPUnavailable.description

    /// The notification numbering of the Linux kernel headers.
    static let notificationCodes: SCTPNotification.Codes = {
        var codes = rr_ksctp_codes()
        rr_ksctp_codes(&codes)
        return SCTPNotification.Codes(
            associationChange: codes.assoc_change, peerAddressChange: codes.peer_addr_change,
            shutdownEvent: codes.shutdown_event, sendFailed: codes.send_failed,
            sendFailedEvent: codes.send_failed_event, commUp: codes.comm_up, commLost: codes.comm_lost,
            restart: codes.restart, shutdownComplete: codes.shutdown_comp, cantStartAssociation: codes.cant_str_assoc,
            addressStates: [
                codes.addr_available: .available, codes.addr_unreachable: .unreachable, codes.addr_removed: .removed,
                codes.addr_added: .added, codes.addr_made_prim: .madePrimary, codes.addr_confirmed: .confirmed,
            ],
            peerAddressStateOffset: Int(codes.paddr_state_offset))
    }()

    /// Opens a blocking one-to-one socket with SCTP_INITMSG, SCTP_NODELAY, SCTP_EVENTS and the heartbeat
    /// interval, and binds every local address with `sctp_bindx` (multi-homing, RFC 4960 §6.4).
    static func open(
        family: Int32, locals: [SocketAddress], configuration: SIGTRANTransportConfiguration
    ) throws(SIGTRANTransportError) -> Int32 {
        guard isAvailable else { throw .kernelSCTPUnavailable }
        let fd = rr_ksctp_socket(family)
        guard fd >= 0 else {
            throw -fd == EPROTONOSUPPORT ? .kernelSCTPUnavailable : .systemCall(call: "socket(SCTP)", errno: -fd)
        }
        let heartbeat = configuration.heartbeatInterval.map { UInt32(clamping: max($0.nanoseconds / 1_000_000, 1)) }
        var rc = rr_ksctp_configure(
            fd, configuration.outboundStreams, configuration.inboundStreams, configuration.noDelay ? 1 : 0,
            heartbeat ?? 0)
        guard rc == 0 else {
            close(fd)
            throw .systemCall(call: "setsockopt(SCTP)", errno: -rc)
        }
        if !locals.isEmpty {
            let packed = SocketAddressPacking.pack(locals)
            rc = packed.withUnsafeBytes { rr_ksctp_bindx(fd, $0.baseAddress, Int32(locals.count)) }
            guard rc == 0 else {
                close(fd)
                throw -rc == EADDRINUSE ? .addressInUse("SCTP \(locals)") : .systemCall(call: "sctp_bindx", errno: -rc)
            }
        }
        return fd
    }

    /// Makes `address` the primary path again (SCTP_PRIMARY_ADDR, RFC 6458 §8.1.8).
    static func setPrimary(_ fd: Int32, _ address: SocketAddress) {
        _ = address.withSockAddr { rr_ksctp_set_primary(fd, $0, $1) }
    }

    /// The port a socket is bound to.
    static func boundPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { return nil }
        return Int(UInt16(bigEndian: withUnsafeBytes(of: storage) { $0.loadUnaligned(fromByteOffset: 2, as: UInt16.self) }))
    }
}
