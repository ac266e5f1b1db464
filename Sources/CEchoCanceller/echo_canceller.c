#include "CEchoCanceller.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// Two-path NLMS (background/foreground, after Ochiai et al.): the background filter adapts,
// w += mu · e · x / (delta + ‖x‖²), frozen while the Geigel detector sees double talk (|near| > threshold · max|far|
// over the tail) and for a hangover after it (G.168 §3.7); the foreground filter, whose output is what leaves the
// canceller, takes the background's taps only when over a block the background removes at least 6 dB of the near
// end and does 3 dB better than the foreground — that is, when it demonstrably cancels echo. A near end that is
// not echo (double talk the Geigel test misses because the far end is louder, e.g. a caller speaking over
// ringback) cannot pass that test, so the foreground is never trained on it.
#define STEP 0.4f
#define GEIGEL_THRESHOLD 0.6f
#define HANGOVER 240          // 30 ms at 8 kHz
#define FAR_ACTIVE 1.0e-7f    // mean far-end power below which there is nothing to cancel (about −70 dBov)
#define NLP_RATIO 0.03f       // residual below 3 % of the far-end peak is suppressed by the NLP
#define BLOCK 256             // samples per foreground decision (32 ms)

struct reroute_echo_canceller {
    int taps;
    int mode;
    float *weights;     // background (adapting)
    float *foreground;  // the filter whose output leaves the canceller
    double block_near, block_background, block_foreground;
    int block_count;
    float *history;  // far-end samples, twice over so that a window is always contiguous
    int position;
    double power;    // sum of squares of the far-end samples in the window
    int hangover;
    float rx_hpf_x, rx_hpf_y, tx_hpf_x, tx_hpf_y;
    uint32_t noise;
    float residual_level;
};

static float high_pass(float input, float *previous_in, float *previous_out) {
    // One-pole DC blocker, corner about 40 Hz at 8 kHz.
    float output = input - *previous_in + 0.97f * *previous_out;
    *previous_in = input;
    *previous_out = output;
    return output;
}

reroute_echo_canceller *reroute_ec_create(int taps, int mode) {
    if (taps <= 0 || taps > 8192) return NULL;
    reroute_echo_canceller *ec = calloc(1, sizeof *ec);
    if (!ec) return NULL;
    ec->taps = taps;
    ec->mode = mode;
    ec->weights = calloc((size_t)taps, sizeof(float));
    ec->foreground = calloc((size_t)taps, sizeof(float));
    ec->history = calloc((size_t)taps * 2, sizeof(float));
    if (!ec->weights || !ec->foreground || !ec->history) {
        reroute_ec_free(ec);
        return NULL;
    }
    ec->noise = 0x12345678u;
    return ec;
}

void reroute_ec_free(reroute_echo_canceller *ec) {
    if (!ec) return;
    free(ec->weights);
    free(ec->foreground);
    free(ec->history);
    free(ec);
}

void reroute_ec_set_mode(reroute_echo_canceller *ec, int mode) { ec->mode = mode; }

void reroute_ec_reset(reroute_echo_canceller *ec) {
    memset(ec->weights, 0, (size_t)ec->taps * sizeof(float));
    memset(ec->foreground, 0, (size_t)ec->taps * sizeof(float));
    ec->block_near = ec->block_background = ec->block_foreground = 0;
    ec->block_count = 0;
    memset(ec->history, 0, (size_t)ec->taps * 2 * sizeof(float));
    ec->position = 0;
    ec->power = 0;
    ec->hangover = 0;
    ec->rx_hpf_x = ec->rx_hpf_y = ec->tx_hpf_x = ec->tx_hpf_y = 0;
    ec->residual_level = 0;
}

static int16_t clamp16(float value) {
    float scaled = value * 32768.0f;
    if (scaled > 32767.0f) return 32767;
    if (scaled < -32768.0f) return -32768;
    return (int16_t)lrintf(scaled);
}

void reroute_ec_process(reroute_echo_canceller *ec, const int16_t *tx, const int16_t *rx, int16_t *out, int count) {
    const int taps = ec->taps;
    for (int n = 0; n < count; n++) {
        float far = (float)tx[n] / 32768.0f;
        float near = (float)rx[n] / 32768.0f;
        if (ec->mode & REROUTE_EC_TX_HPF) far = high_pass(far, &ec->tx_hpf_x, &ec->tx_hpf_y);
        if (ec->mode & REROUTE_EC_RX_HPF) near = high_pass(near, &ec->rx_hpf_x, &ec->rx_hpf_y);

        // Newest far-end sample first: window[k] is the far end k samples ago.
        ec->position = (ec->position == 0 ? taps : ec->position) - 1;
        float leaving = ec->history[ec->position];  // the sample falling out of the window (taps ago)
        ec->power += (double)far * far - (double)leaving * leaving;
        if (ec->power < 0) ec->power = 0;
        ec->history[ec->position] = far;
        ec->history[ec->position + taps] = far;
        const float *window = &ec->history[ec->position];

        float estimate = 0;
        float shown = 0;
        float peak = 0;
        for (int k = 0; k < taps; k++) {
            estimate += ec->weights[k] * window[k];
            shown += ec->foreground[k] * window[k];
            float magnitude = fabsf(window[k]);
            if (magnitude > peak) peak = magnitude;
        }
        float background_error = near - estimate;
        float error = near - shown;

        ec->block_near += (double)near * near;
        ec->block_background += (double)background_error * background_error;
        ec->block_foreground += (double)error * error;
        if (++ec->block_count == BLOCK) {
            if (ec->block_background < 0.25 * ec->block_near && ec->block_background < 0.5 * ec->block_foreground) {
                memcpy(ec->foreground, ec->weights, (size_t)taps * sizeof(float));
            } else if (ec->block_foreground > 2.0 * ec->block_near + 1.0e-9) {
                // The foreground adds more than it removes (the echo path changed): stop using it.
                memset(ec->foreground, 0, (size_t)taps * sizeof(float));
            }
            ec->block_near = ec->block_background = ec->block_foreground = 0;
            ec->block_count = 0;
        }

        // Geigel double-talk detection: the near end louder than the echo of anything in the window can be.
        if (fabsf(near) > GEIGEL_THRESHOLD * peak) ec->hangover = HANGOVER;
        else if (ec->hangover > 0) ec->hangover--;
        int far_active = ec->power / taps > FAR_ACTIVE;

        if ((ec->mode & REROUTE_EC_ADAPTION) && far_active && ec->hangover == 0) {
            float gain = STEP * background_error / (float)(ec->power + 1.0e-3 * taps * FAR_ACTIVE);
            for (int k = 0; k < taps; k++) ec->weights[k] += gain * window[k];
        }

        ec->residual_level = 0.99f * ec->residual_level + 0.01f * fabsf(error);
        if ((ec->mode & REROUTE_EC_NLP) && far_active && ec->hangover == 0 && fabsf(error) < NLP_RATIO * peak) {
            if (ec->mode & REROUTE_EC_CNG) {
                ec->noise = ec->noise * 1664525u + 1013904223u;
                float white = ((float)(ec->noise >> 16) / 32768.0f) - 1.0f;
                error = white * 0.25f * ec->residual_level;
            } else {
                error = 0;
            }
        }
        out[n] = clamp16(error);
    }
}
