// Line echo canceller for one TDM channel: NLMS adaptive FIR with Geigel double-talk detection, in the structure
// of ITU-T G.168 (echo path model, double-talk detector, optional non-linear processor and comfort noise).
//
// Ours rather than spandsp's echo_can_*: Debian's libspandsp 0.0.6 left two debugging printf() calls in
// echo_can_update (one line to stdout per sample), which floods a gateway's output and costs a stdio call per
// sample per channel.
#ifndef REROUTE_ECHO_CANCELLER_H
#define REROUTE_ECHO_CANCELLER_H

#include <stdint.h>

enum {
    REROUTE_EC_ADAPTION = 1 << 0,
    REROUTE_EC_NLP = 1 << 1,
    REROUTE_EC_CNG = 1 << 2,
    REROUTE_EC_RX_HPF = 1 << 3,
    REROUTE_EC_TX_HPF = 1 << 4,
};

typedef struct reroute_echo_canceller reroute_echo_canceller;

reroute_echo_canceller *reroute_ec_create(int taps, int mode);
void reroute_ec_free(reroute_echo_canceller *ec);
void reroute_ec_set_mode(reroute_echo_canceller *ec, int mode);
void reroute_ec_reset(reroute_echo_canceller *ec);
// Cleans `count` near-end samples (`rx`, from the TDM side) given the far-end samples sent to the TDM side at the
// same instants (`tx`); writes the result to `out`.
void reroute_ec_process(reroute_echo_canceller *ec, const int16_t *tx, const int16_t *rx, int16_t *out, int count);

#endif
