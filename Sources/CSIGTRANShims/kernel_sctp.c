#include "CSIGTRANShims.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

void rr_ksctp_codes(struct rr_ksctp_codes *codes) {
    codes->assoc_change = SCTP_ASSOC_CHANGE;
    codes->peer_addr_change = SCTP_PEER_ADDR_CHANGE;
    codes->shutdown_event = SCTP_SHUTDOWN_EVENT;
    codes->send_failed = SCTP_SEND_FAILED;
    codes->send_failed_event = SCTP_SEND_FAILED_EVENT;
    codes->comm_up = SCTP_COMM_UP;
    codes->comm_lost = SCTP_COMM_LOST;
    codes->restart = SCTP_RESTART;
    codes->shutdown_comp = SCTP_SHUTDOWN_COMP;
    codes->cant_str_assoc = SCTP_CANT_STR_ASSOC;
    codes->addr_available = SCTP_ADDR_AVAILABLE;
    codes->addr_unreachable = SCTP_ADDR_UNREACHABLE;
    codes->addr_removed = SCTP_ADDR_REMOVED;
    codes->addr_added = SCTP_ADDR_ADDED;
    codes->addr_made_prim = SCTP_ADDR_MADE_PRIM;
    codes->addr_confirmed = SCTP_ADDR_CONFIRMED;
    codes->paddr_state_offset = (int32_t)offsetof(struct sctp_paddr_change, spc_state);
    codes->notification_flag = MSG_NOTIFICATION;
}

int rr_ksctp_socket(int family) {
    int fd = socket(family, SOCK_STREAM, IPPROTO_SCTP);
    return fd >= 0 ? fd : -errno;
}

static int set(int fd, int option, const void *value, socklen_t length) {
    return setsockopt(fd, SOL_SCTP, option, value, length) == 0 ? 0 : -errno;
}

int rr_ksctp_configure(int fd, uint16_t outbound_streams, uint16_t inbound_streams, int nodelay,
                       uint32_t heartbeat_ms) {
    struct sctp_initmsg init;
    memset(&init, 0, sizeof init);
    init.sinit_num_ostreams = outbound_streams;
    init.sinit_max_instreams = inbound_streams;
    int rc = set(fd, SCTP_INITMSG, &init, sizeof init);
    if (rc != 0) return rc;
    int flag = nodelay ? 1 : 0;
    if ((rc = set(fd, SCTP_NODELAY, &flag, sizeof flag)) != 0) return rc;
    struct sctp_event_subscribe events;
    memset(&events, 0, sizeof events);
    events.sctp_data_io_event = 1;
    events.sctp_association_event = 1;
    events.sctp_address_event = 1;
    events.sctp_send_failure_event = 1;
    events.sctp_shutdown_event = 1;
    if ((rc = set(fd, SCTP_EVENTS, &events, sizeof events)) != 0) return rc;
    if (heartbeat_ms > 0) {
        struct sctp_paddrparams parameters;
        memset(&parameters, 0, sizeof parameters);
        parameters.spp_hbinterval = heartbeat_ms;
        parameters.spp_flags = SPP_HB_ENABLE;
        if ((rc = set(fd, SCTP_PEER_ADDR_PARAMS, &parameters, sizeof parameters)) != 0) return rc;
    }
    return 0;
}

int rr_ksctp_bindx(int fd, const void *addresses, int count) {
    return sctp_bindx(fd, (struct sockaddr *)addresses, count, SCTP_BINDX_ADD_ADDR) == 0 ? 0 : -errno;
}

int rr_ksctp_connectx(int fd, const void *addresses, int count) {
    return sctp_connectx(fd, (struct sockaddr *)addresses, count, NULL) == 0 ? 0 : -errno;
}

int rr_ksctp_set_primary(int fd, const void *address, size_t length) {
    struct sctp_prim primary;
    memset(&primary, 0, sizeof primary);
    memcpy(&primary.ssp_addr, address, length < sizeof primary.ssp_addr ? length : sizeof primary.ssp_addr);
    return set(fd, SCTP_PRIMARY_ADDR, &primary, sizeof primary);
}

ssize_t rr_ksctp_send(int fd, const void *data, size_t length, uint16_t stream, uint32_t ppid) {
    int rc = sctp_sendmsg(fd, data, length, NULL, 0, htonl(ppid), 0, stream, 0, 0);
    return rc >= 0 ? rc : -errno;
}

ssize_t rr_ksctp_receive(int fd, void *buffer, size_t length, uint16_t *stream, uint32_t *ppid, int *flags) {
    struct sctp_sndrcvinfo info;
    memset(&info, 0, sizeof info);
    int msg_flags = 0;
    int rc = sctp_recvmsg(fd, buffer, length, NULL, NULL, &info, &msg_flags);
    if (rc < 0) return -errno;
    *stream = info.sinfo_stream;
    *ppid = ntohl(info.sinfo_ppid);
    *flags = ((msg_flags & MSG_NOTIFICATION) ? 1 : 0) | ((msg_flags & MSG_EOR) ? 2 : 0);
    return rc;
}

int rr_ksctp_status(int fd, uint16_t *inbound_streams, uint16_t *outbound_streams) {
    struct sctp_status status;
    memset(&status, 0, sizeof status);
    socklen_t length = sizeof status;
    if (getsockopt(fd, SOL_SCTP, SCTP_STATUS, &status, &length) != 0) return -errno;
    *inbound_streams = status.sstat_instrms;
    *outbound_streams = status.sstat_outstrms;
    return 0;
}
