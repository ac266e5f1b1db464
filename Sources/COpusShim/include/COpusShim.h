// Non-variadic wrappers of the opus_encoder_ctl / opus_decoder_ctl requests Reroute uses.
// Swift cannot call C variadic functions; each wrapper forwards one request (RFC 6716, libopus opus_defines.h).
#ifndef REROUTE_COPUS_SHIM_H
#define REROUTE_COPUS_SHIM_H

#include <opus.h>

int reroute_opus_set_bitrate(OpusEncoder *encoder, opus_int32 bitsPerSecond);
int reroute_opus_get_bitrate(OpusEncoder *encoder, opus_int32 *bitsPerSecond);
int reroute_opus_set_bandwidth(OpusEncoder *encoder, opus_int32 bandwidth);
int reroute_opus_set_max_bandwidth(OpusEncoder *encoder, opus_int32 bandwidth);
int reroute_opus_set_inband_fec(OpusEncoder *encoder, opus_int32 enabled);
int reroute_opus_set_dtx(OpusEncoder *encoder, opus_int32 enabled);
int reroute_opus_set_packet_loss_perc(OpusEncoder *encoder, opus_int32 percent);
int reroute_opus_set_complexity(OpusEncoder *encoder, opus_int32 complexity);
int reroute_opus_set_signal(OpusEncoder *encoder, opus_int32 signal);
int reroute_opus_get_lookahead(OpusEncoder *encoder, opus_int32 *samples);
int reroute_opus_encoder_reset(OpusEncoder *encoder);
int reroute_opus_decoder_get_last_packet_duration(OpusDecoder *decoder, opus_int32 *samples);
int reroute_opus_decoder_reset(OpusDecoder *decoder);

#endif
