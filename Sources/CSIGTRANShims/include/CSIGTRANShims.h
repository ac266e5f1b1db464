// Kernel SCTP (lksctp) behind plain C types.
//
// lksctp's <netinet/sctp.h> and usrsctp's <usrsctp.h> declare the same RFC 6458 structures with different
// layouts, so one Swift module cannot import both: SIGTRANTransport imports usrsctp directly and reaches the
// kernel stack only through these functions. Every function returns 0 (or a byte count) on success and a
// negative errno on failure.
#ifndef CSIGTRAN_SHIMS_H
#define CSIGTRAN_SHIMS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// Notification numbering and layout of the running kernel's headers.
struct rr_ksctp_codes {
    uint16_t assoc_change, peer_addr_change, shutdown_event, send_failed, send_failed_event;
    uint16_t comm_up, comm_lost, restart, shutdown_comp, cant_str_assoc;
    uint32_t addr_available, addr_unreachable, addr_removed, addr_added, addr_made_prim, addr_confirmed;
    int32_t paddr_state_offset;
    int32_t notification_flag;
};

void rr_ksctp_codes(struct rr_ksctp_codes *codes);

/// socket(family, SOCK_STREAM, IPPROTO_SCTP): a descriptor, or -errno.
int rr_ksctp_socket(int family);

/// SCTP_INITMSG, SCTP_NODELAY, SCTP_EVENTS (data I/O, association, address, send failure, shutdown) and, when
/// heartbeat_ms > 0, SCTP_PEER_ADDR_PARAMS with heartbeats enabled.
int rr_ksctp_configure(int fd, uint16_t outbound_streams, uint16_t inbound_streams, int nodelay,
                       uint32_t heartbeat_ms);

/// sctp_bindx(SCTP_BINDX_ADD_ADDR) with `count` packed socket addresses.
int rr_ksctp_bindx(int fd, const void *addresses, int count);

/// sctp_connectx with `count` packed socket addresses (blocking until up or failed).
int rr_ksctp_connectx(int fd, const void *addresses, int count);

/// SCTP_PRIMARY_ADDR.
int rr_ksctp_set_primary(int fd, const void *address, size_t length);

/// sctp_sendmsg on `stream` with `ppid` (host order; sent in network order).
ssize_t rr_ksctp_send(int fd, const void *data, size_t length, uint16_t stream, uint32_t ppid);

/// sctp_recvmsg: returns the byte count (0 at end of file) and sets stream, ppid (host order), and flags
/// (bit 0: notification, bit 1: end of record).
ssize_t rr_ksctp_receive(int fd, void *buffer, size_t length, uint16_t *stream, uint32_t *ppid, int *flags);

/// SCTP_STATUS: the negotiated stream counts of an established association.
int rr_ksctp_status(int fd, uint16_t *inbound_streams, uint16_t *outbound_streams);

#endif
