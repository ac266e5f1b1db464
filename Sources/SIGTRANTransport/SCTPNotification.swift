import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One SCTP notification (RFC 6458 §6.1) parsed from the bytes a socket returned with MSG_NOTIFICATION.
///
/// Both stacks lay the structures out as RFC 6458 says but number the types and states differently, so each backend
/// passes its own `Codes`. Every read is bounds-checked against what the stack returned.
///
/// ```
///  0                   1                   2                   3
/// +---------------+---------------+-------------------------------+
/// |            sn_type            |           sn_flags            |
/// +-------------------------------+-------------------------------+
/// |                           sn_length                           |
/// +---------------------------------------------------------------+
/// |            type-specific fields (host byte order)             |
/// ```
enum SCTPNotification: Equatable {
    case associationChange(AssociationState, inboundStreams: UInt16, outboundStreams: UInt16)
    case peerAddressChange(SocketAddress?, SIGTRANPeerAddressState)
    case shutdown
    case sendFailed(SIGTRANSendFailure)
    case other(type: UInt16)

    /// `sac_state` values (RFC 6458 §6.1.1).
    enum AssociationState: Equatable {
        case communicationUp, communicationLost, restart, shutdownComplete, cannotStartAssociation, other(UInt16)
    }

    /// The numbering and offsets of one stack's notification structures.
    struct Codes {
        var associationChange: UInt16
        var peerAddressChange: UInt16
        var shutdownEvent: UInt16
        var sendFailed: UInt16
        var sendFailedEvent: UInt16
        var commUp: UInt16
        var commLost: UInt16
        var restart: UInt16
        var shutdownComplete: UInt16
        var cantStartAssociation: UInt16
        var addressStates: [UInt32: SIGTRANPeerAddressState]
        /// Offset of `spc_state` in `struct sctp_paddr_change` (the address is at 8).
        var peerAddressStateOffset: Int
    }

    init(_ bytes: UnsafeRawBufferPointer, codes: Codes) {
        func u16(_ offset: Int) -> UInt16? {
            offset + 2 <= bytes.count ? bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self) : nil
        }
        func u32(_ offset: Int) -> UInt32? {
            offset + 4 <= bytes.count ? bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) : nil
        }
        guard let type = u16(0) else {
            self = .other(type: 0)
            return
        }
        switch type {
        case codes.associationChange:
            // struct sctp_assoc_change: sac_state @8, sac_error @10, sac_outbound_streams @12, sac_inbound_streams @14
            guard let state = u16(8), let outbound = u16(12), let inbound = u16(14) else {
                self = .other(type: type)
                return
            }
            let named: AssociationState
            switch state {
            case codes.commUp: named = .communicationUp
            case codes.commLost: named = .communicationLost
            case codes.restart: named = .restart
            case codes.shutdownComplete: named = .shutdownComplete
            case codes.cantStartAssociation: named = .cannotStartAssociation
            default: named = .other(state)
            }
            self = .associationChange(named, inboundStreams: inbound, outboundStreams: outbound)
        case codes.peerAddressChange:
            guard let state = u32(codes.peerAddressStateOffset) else {
                self = .other(type: type)
                return
            }
            let address = Self.socketAddress(bytes, at: 8, limit: codes.peerAddressStateOffset)
            self = .peerAddressChange(address, codes.addressStates[state] ?? .other(state))
        case codes.shutdownEvent:
            self = .shutdown
        case codes.sendFailedEvent:
            // struct sctp_send_failed_event: ssfe_error @8, ssfe_info (sctp_sndinfo: snd_sid @12, snd_ppid @16)
            let error = u32(8) ?? 0
            self = .sendFailed(
                SIGTRANSendFailure(
                    stream: u16(12), ppid: u32(16).map { UInt32(bigEndian: $0) },
                    reason: "returned by the stack (error \(error))"))
        case codes.sendFailed:
            // struct sctp_send_failed: ssf_error @8, ssf_info (sctp_sndrcvinfo: sinfo_stream @12, sinfo_ppid @20)
            let error = u32(8) ?? 0
            self = .sendFailed(
                SIGTRANSendFailure(
                    stream: u16(12), ppid: u32(20).map { UInt32(bigEndian: $0) },
                    reason: "returned by the stack (error \(error))"))
        default:
            self = .other(type: type)
        }
    }

    /// Reads a `sockaddr_in` or `sockaddr_in6` stored at `offset`.
    static func socketAddress(_ bytes: UnsafeRawBufferPointer, at offset: Int, limit: Int) -> SocketAddress? {
        guard offset + 2 <= min(limit, bytes.count) else { return nil }
        let family = Int32(bytes.loadUnaligned(fromByteOffset: offset, as: sa_family_t.self))
        if family == AF_INET, offset + MemoryLayout<sockaddr_in>.size <= bytes.count {
            return SocketAddress(bytes.loadUnaligned(fromByteOffset: offset, as: sockaddr_in.self), host: "")
        }
        if family == AF_INET6, offset + MemoryLayout<sockaddr_in6>.size <= bytes.count {
            return SocketAddress(bytes.loadUnaligned(fromByteOffset: offset, as: sockaddr_in6.self), host: "")
        }
        return nil
    }
}
