/*
 * msc-peer: an MSC played by Asterisk's libss7 (an ISUP implementation nobody on Reroute wrote), for the
 * interoperability tests in LibSS7InteropTests.swift. TEST-ONLY: libss7 is GPLv2, so this program is compiled
 * by the test at test time (`cc msc-peer.c -lss7`) and never linked into Reroute.
 *
 * The signalling link is file descriptor 0: one end of an AF_UNIX SOCK_SEQPACKET socket pair carrying MTP2
 * signal units (3-octet header, SIO, SIF, 2 CRC octets), as libss7's SS7_TRANSPORT_DAHDIMTP2 writes them. The
 * test's bridge on the other end plays the adjacent signalling point and relays ISUP to Reroute over M3UA.
 *
 * What it does, once libss7 reports the link set up (SS7_EVENT_UP):
 *   --grs                 reset its circuits with GRS (one per contiguous range), as Asterisk does at link up;
 *   --await-peer-grs      wait until the peer has reset every circuit with GRS (answered with GRA);
 *   --calls N             place N calls (IAM), --parallel at a time; each answered call (ACM + ANM, or CON) is
 *                         released at once (REL) and completes on RLC (ITU-T Q.764 §2.1, §2.3);
 *   --expect-incoming M   answer M calls from the peer (ACM, then ANM) and complete each on the peer's REL
 *                         with RLC.
 * One line per event on standard output (`IAM_SENT cic=3`, `RLC_RECEIVED cic=3`, ...), then
 * `SUMMARY outgoing=.. incoming=.. failures=.. grs_sent=.. gra_received=.. grs_received=.. gra_sent=..`.
 * Exit status 0 when every goal was reached without failure; 1 on failure or after --timeout; 2 on bad usage.
 * libss7's own trace goes to standard error with --verbose.
 */
#include <errno.h>
#include <libss7.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define LINK_FD 0
#define MAX_CIC 4096

enum call_state { IDLE = 0, OUT_IAM, OUT_ACM, OUT_ANSWERED, OUT_REL, IN_ANSWERED };

struct circuit {
    int equipped;
    int reset_by_peer;
    enum call_state state;
    struct isup_call *call;
};

static struct circuit circuits[MAX_CIC];
static unsigned int opc = 1, dpc = 2;
static int ni = SS7_NI_NAT;
static int calls_wanted = 0, parallel = 1, incoming_wanted = 0, send_grs = 0, await_peer_grs = 0;
static int verbose = 0;
static double timeout_seconds = 60;
static int link_up = 0, calls_started = 0, outgoing_done = 0, incoming_done = 0, failures = 0;
static int grs_sent = 0, gra_received = 0, grs_received = 0, gra_sent = 0, in_flight = 0;

static void say(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    putchar('\n');
    fflush(stdout);
}

static void fail(const char *format, ...) {
    va_list args;
    failures++;
    fputs("FAILURE ", stdout);
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    putchar('\n');
    fflush(stdout);
}

static void library_message(struct ss7 *ss7, char *text) {
    (void)ss7;
    if (verbose) fputs(text, stderr);
}

static void library_error(struct ss7 *ss7, char *text) {
    (void)ss7;
    fprintf(stderr, "libss7 error: %s", text);
}

/* libss7 asks the application to clear a circuit it found in an unexpected state (isup_handle_unexpected,
 * dual seizure): in these tests that is a failure of the exchange, reported and counted. */
static int library_hangup(struct ss7 *ss7, int cic, unsigned int pc, int cause, int do_hangup) {
    (void)ss7;
    (void)pc;
    fail("HANGUP_REQUESTED cic=%d cause=%d action=%d", cic, cause, do_hangup);
    if (cic > 0 && cic < MAX_CIC) {
        circuits[cic].state = IDLE;
        circuits[cic].call = NULL;
    }
    return SS7_CIC_IDLE;
}

/* libss7 dropped a call structure: forget the pointer. */
static void library_call_null(struct ss7 *ss7, struct isup_call *call, int lock) {
    (void)ss7;
    (void)lock;
    for (int cic = 0; cic < MAX_CIC; cic++)
        if (circuits[cic].call == call) circuits[cic].call = NULL;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "1-15,17-31" → equipped circuits. */
static int parse_circuits(const char *text) {
    char *copy = strdup(text), *save = NULL;
    for (char *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
        int low, high;
        if (sscanf(part, "%d-%d", &low, &high) != 2) {
            if (sscanf(part, "%d", &low) != 1) return -1;
            high = low;
        }
        if (low < 1 || high >= MAX_CIC || low > high) return -1;
        for (int cic = low; cic <= high; cic++) circuits[cic].equipped = 1;
    }
    free(copy);
    return 0;
}

/* GRS for every contiguous range of equipped circuits, at most 32 circuits each (Q.763 §3.43: range 1-31). */
static void reset_circuits(struct ss7 *ss7) {
    for (int first = 1; first < MAX_CIC;) {
        if (!circuits[first].equipped) {
            first++;
            continue;
        }
        int last = first;
        while (last + 1 < MAX_CIC && circuits[last + 1].equipped && last + 1 - first < 31) last++;
        struct isup_call *call = isup_new_call(ss7, first, dpc, 0);
        if (call && isup_grs(ss7, call, last) >= 0) {
            grs_sent++;
            say("GRS_SENT cic=%d range=%d", first, last - first);
        } else {
            fail("GRS_NOT_SENT cic=%d", first);
        }
        first = last + 1;
    }
}

static int every_circuit_reset_by_peer(void) {
    for (int cic = 1; cic < MAX_CIC; cic++)
        if (circuits[cic].equipped && !circuits[cic].reset_by_peer) return 0;
    return 1;
}

static void place_calls(struct ss7 *ss7) {
    if (!link_up || (send_grs && gra_received < grs_sent) || (await_peer_grs && !every_circuit_reset_by_peer()))
        return;
    for (int turn = 0; turn < 2 * MAX_CIC && calls_started < calls_wanted && in_flight < parallel; turn++) {
        /* Q.764 §2.9.1.3: hunt first, ascending, the circuits this exchange controls in dual seizure (the even
         * ones for the higher point code), then the others descending, so that both ends rarely meet. */
        int cic = turn < MAX_CIC ? turn : 2 * MAX_CIC - 1 - turn;
        int controlled = (opc > dpc) == (cic % 2 == 0);
        if (cic == 0 || controlled != (turn < MAX_CIC)) continue;
        struct circuit *circuit = &circuits[cic];
        if (!circuit->equipped || circuit->state != IDLE || circuit->call) continue;
        struct isup_call *call = isup_new_call(ss7, cic, dpc, 1);
        if (!call) {
            fail("NO_CALL_STRUCTURE cic=%d", cic);
            return;
        }
        char called[32], calling[32];
        snprintf(called, sizeof(called), "4670%07d", 1000000 + calls_started);
        snprintf(calling, sizeof(calling), "4687000000");
        isup_set_called(call, called, SS7_NAI_INTERNATIONAL, ss7);
        isup_set_calling(call, calling, SS7_NAI_INTERNATIONAL, SS7_PRESENTATION_ALLOWED,
                         SS7_SCREENING_USER_PROVIDED);
        isup_set_calling_party_category(call, 10); /* ordinary calling subscriber (Q.763 §3.11) */
        if (isup_iam(ss7, call) < 0) {
            fail("IAM_NOT_SENT cic=%d", cic);
            return;
        }
        circuit->call = call;
        circuit->state = OUT_IAM;
        calls_started++;
        in_flight++;
        say("IAM_SENT cic=%d called=%s", cic, called);
    }
}

static struct circuit *circuit_of(int cic) {
    return (cic > 0 && cic < MAX_CIC) ? &circuits[cic] : NULL;
}

static void answered(struct ss7 *ss7, struct circuit *circuit, int cic, const char *how) {
    if (circuit->state != OUT_IAM && circuit->state != OUT_ACM) {
        fail("%s_UNEXPECTED cic=%d state=%d", how, cic, circuit->state);
        return;
    }
    say("%s_RECEIVED cic=%d", how, cic);
    circuit->state = OUT_ANSWERED;
    /* Q.764 §2.3.1: the calling party clears; REL with cause 16, normal call clearing. */
    if (isup_rel(ss7, circuit->call, 16) < 0) {
        fail("REL_NOT_SENT cic=%d", cic);
        return;
    }
    circuit->state = OUT_REL;
    say("REL_SENT cic=%d cause=16", cic);
}

static void handle(struct ss7 *ss7, ss7_event *event) {
    struct circuit *circuit;
    switch (event->e) {
    case SS7_EVENT_UP:
        link_up = 1;
        say("LINK_UP");
        if (send_grs) reset_circuits(ss7);
        break;
    case SS7_EVENT_DOWN:
        if (link_up) fail("LINK_DOWN");
        link_up = 0;
        break;
    case MTP2_LINK_UP:
        say("MTP2_IN_SERVICE");
        break;
    case MTP2_LINK_DOWN:
        say("MTP2_OUT_OF_SERVICE");
        break;
    case ISUP_EVENT_GRS: {
        unsigned char status[32] = {0}; /* every circuit idle and unblocked */
        int first = event->grs.startcic, last = event->grs.endcic;
        say("GRS_RECEIVED cic=%d range=%d", first, last - first);
        grs_received++;
        for (int cic = first; cic <= last; cic++) {
            if (!(circuit = circuit_of(cic))) continue;
            if (circuit->state != IDLE) fail("GRS_CLEARED_CALL cic=%d state=%d", cic, circuit->state);
            circuit->reset_by_peer = 1;
        }
        if (isup_gra(ss7, event->grs.call, last, status) < 0) {
            fail("GRA_NOT_SENT cic=%d", first);
        } else {
            gra_sent++;
            say("GRA_SENT cic=%d range=%d", first, last - first);
        }
        isup_free_call_if_clear(ss7, event->grs.call);
        break;
    }
    case ISUP_EVENT_GRA:
        gra_received++;
        say("GRA_RECEIVED cic=%d range=%d", event->gra.startcic, event->gra.endcic - event->gra.startcic);
        isup_free_call_if_clear(ss7, event->gra.call);
        break;
    case ISUP_EVENT_IAM:
        if (!(circuit = circuit_of(event->iam.cic)) || !circuit->equipped || circuit->state != IDLE) {
            fail("IAM_UNEXPECTED cic=%d", event->iam.cic);
            isup_rel(ss7, event->iam.call, 34);
            break;
        }
        say("IAM_RECEIVED cic=%d called=%s calling=%s", event->iam.cic, event->iam.called_party_num,
            event->iam.calling_party_num);
        circuit->call = event->iam.call;
        circuit->state = IN_ANSWERED;
        /* Q.764 §2.1.4, §2.1.7: address complete, then answer. */
        if (isup_acm(ss7, circuit->call) < 0 || isup_anm(ss7, circuit->call) < 0) {
            fail("ANSWER_NOT_SENT cic=%d", event->iam.cic);
            break;
        }
        say("ACM_SENT cic=%d", event->iam.cic);
        say("ANM_SENT cic=%d", event->iam.cic);
        break;
    case ISUP_EVENT_ACM:
        if (!(circuit = circuit_of(event->acm.cic)) || circuit->state != OUT_IAM) {
            fail("ACM_UNEXPECTED cic=%d", event->acm.cic);
            break;
        }
        circuit->state = OUT_ACM;
        say("ACM_RECEIVED cic=%d", event->acm.cic);
        break;
    case ISUP_EVENT_CPG:
        say("CPG_RECEIVED cic=%d event=%d", event->cpg.cic, event->cpg.event);
        break;
    case ISUP_EVENT_ANM:
        if ((circuit = circuit_of(event->anm.cic))) answered(ss7, circuit, event->anm.cic, "ANM");
        break;
    case ISUP_EVENT_CON:
        if ((circuit = circuit_of(event->con.cic))) answered(ss7, circuit, event->con.cic, "CON");
        break;
    case ISUP_EVENT_REL: {
        int cic = event->rel.cic;
        circuit = circuit_of(cic);
        say("REL_RECEIVED cic=%d cause=%d", cic, event->rel.cause);
        if (circuit && circuit->state == IN_ANSWERED) {
            incoming_done++;
        } else if (circuit && (circuit->state == OUT_IAM || circuit->state == OUT_ACM)) {
            fail("OUTGOING_RELEASED_BEFORE_ANSWER cic=%d cause=%d", cic, event->rel.cause);
            in_flight--;
        } else {
            fail("REL_UNEXPECTED cic=%d", cic);
        }
        isup_rlc(ss7, event->rel.call);
        say("RLC_SENT cic=%d", cic);
        if (circuit && circuit->state == IN_ANSWERED) say("INCOMING_COMPLETE cic=%d", cic);
        isup_free_call_if_clear(ss7, event->rel.call);
        if (circuit) {
            circuit->state = IDLE;
            circuit->call = NULL;
        }
        break;
    }
    case ISUP_EVENT_RLC: {
        int cic = event->rlc.cic;
        circuit = circuit_of(cic);
        if (!circuit || circuit->state != OUT_REL) {
            fail("RLC_UNEXPECTED cic=%d", cic);
        } else {
            say("RLC_RECEIVED cic=%d", cic);
            say("OUTGOING_COMPLETE cic=%d", cic);
            outgoing_done++;
            in_flight--;
        }
        isup_free_call_if_clear(ss7, event->rlc.call);
        if (circuit) {
            circuit->state = IDLE;
            circuit->call = NULL;
        }
        break;
    }
    case ISUP_EVENT_RSC:
        fail("RSC_RECEIVED cic=%d", event->rsc.cic);
        isup_rlc(ss7, event->rsc.call);
        isup_free_call_if_clear(ss7, event->rsc.call);
        if ((circuit = circuit_of(event->rsc.cic))) {
            circuit->state = IDLE;
            circuit->call = NULL;
        }
        break;
    case ISUP_EVENT_UCIC:
        fail("UCIC_RECEIVED cic=%d", event->ucic.cic);
        break;
    default:
        fail("EVENT_UNHANDLED %s", ss7_event2str(event->e));
        break;
    }
}

/* Every goal met, or every call placed has ended one way or the other (a failed call does not wait for
 * --timeout). */
static int finished(void) {
    int outgoing_settled = outgoing_done >= calls_wanted || (calls_started >= calls_wanted && in_flight == 0);
    return link_up && outgoing_settled && incoming_done >= incoming_wanted &&
           (!send_grs || gra_received >= grs_sent) && (!await_peer_grs || every_circuit_reset_by_peer());
}

static int summary(int status) {
    say("SUMMARY outgoing=%d incoming=%d failures=%d grs_sent=%d gra_received=%d grs_received=%d gra_sent=%d",
        outgoing_done, incoming_done, failures, grs_sent, gra_received, grs_received, gra_sent);
    return status;
}

static int usage(const char *problem) {
    fprintf(stderr, "msc-peer: %s\nusage: msc-peer [--opc PC] [--dpc PC] [--ni national|international] "
                    "[--circuits 1-15,17-31] [--grs] [--await-peer-grs] [--calls N] [--parallel P] "
                    "[--expect-incoming M] [--timeout SECONDS] [--verbose]  (link on fd 0)\n", problem);
    return 2;
}

int main(int argc, char **argv) {
    const char *circuit_list = "1-15,17-31";
    for (int i = 1; i < argc; i++) {
        const char *option = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(option, "--grs")) send_grs = 1;
        else if (!strcmp(option, "--await-peer-grs")) await_peer_grs = 1;
        else if (!strcmp(option, "--verbose")) verbose = 1;
        else if (!value) return usage("an option lacks its value");
        else if (!strcmp(option, "--opc")) opc = (unsigned)atoi(value), i++;
        else if (!strcmp(option, "--dpc")) dpc = (unsigned)atoi(value), i++;
        else if (!strcmp(option, "--ni")) ni = strcmp(value, "international") ? SS7_NI_NAT : SS7_NI_INT, i++;
        else if (!strcmp(option, "--circuits")) circuit_list = value, i++;
        else if (!strcmp(option, "--calls")) calls_wanted = atoi(value), i++;
        else if (!strcmp(option, "--parallel")) parallel = atoi(value), i++;
        else if (!strcmp(option, "--expect-incoming")) incoming_wanted = atoi(value), i++;
        else if (!strcmp(option, "--timeout")) timeout_seconds = atof(value), i++;
        else return usage("unknown option");
    }
    if (parse_circuits(circuit_list) < 0) return usage("bad --circuits");
    if (parallel < 1) parallel = 1;

    ss7_set_message(library_message);
    ss7_set_error(library_error);
    ss7_set_hangup(library_hangup);
    ss7_set_call_null(library_call_null);
    struct ss7 *ss7 = ss7_new(SS7_ITU);
    if (!ss7) return usage("ss7_new failed");
    if (verbose) ss7_set_debug(ss7, SS7_DEBUG_MTP2 | SS7_DEBUG_MTP3 | SS7_DEBUG_ISUP);
    ss7_set_network_ind(ss7, ni);
    ss7_set_pc(ss7, opc);
    if (ss7_add_link(ss7, SS7_TRANSPORT_DAHDIMTP2, LINK_FD, 0, dpc) < 0) return usage("ss7_add_link failed");
    say("START opc=%u dpc=%u calls=%d expect_incoming=%d", opc, dpc, calls_wanted, incoming_wanted);
    if (ss7_start(ss7) < 0) return usage("ss7_start failed");

    double deadline = now_seconds() + timeout_seconds;
    for (;;) {
        double remaining = deadline - now_seconds();
        if (remaining <= 0) {
            fail("TIMEOUT after %.0f s", timeout_seconds);
            return summary(1);
        }
        int wait_ms = (int)(remaining * 1000) + 1;
        struct timeval *next = ss7_schedule_next(ss7);
        if (next) {
            struct timeval now;
            gettimeofday(&now, NULL);
            long until = (next->tv_sec - now.tv_sec) * 1000 + (next->tv_usec - now.tv_usec) / 1000;
            if (until < 0) until = 0;
            if (until < wait_ms) wait_ms = (int)until;
        }
        struct pollfd link = {.fd = LINK_FD, .events = (short)ss7_pollflags(ss7, LINK_FD)};
        int ready = poll(&link, 1, wait_ms);
        if (ready < 0 && errno != EINTR) {
            fail("POLL %s", strerror(errno));
            return summary(1);
        }
        /* ss7_read answers what MTP2 made of the unit, not the read's length: end of link is POLLHUP. */
        if (ready > 0 && (link.revents & POLLIN)) ss7_read(ss7, LINK_FD);
        if (ready > 0 && (link.revents & (POLLHUP | POLLERR))) {
            fail("LINK_CLOSED");
            return summary(1);
        }
        if (ready > 0 && (link.revents & POLLOUT)) ss7_write(ss7, LINK_FD);
        ss7_schedule_run(ss7);
        ss7_event *event;
        while ((event = ss7_check_event(ss7))) handle(ss7, event);
        place_calls(ss7);
        if (finished()) {
            /* Hand libss7's last queued signal units (the final RLC, say) to the link before leaving. */
            for (int units = 0; units < 1000 && (ss7_pollflags(ss7, LINK_FD) & POLLOUT); units++)
                if (ss7_write(ss7, LINK_FD) <= 0) break;
            return summary(failures ? 1 : 0);
        }
    }
}
