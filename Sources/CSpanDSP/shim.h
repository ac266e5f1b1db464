// The parts of spandsp Reroute uses (G.711, echo canceller, DTMF, PLC, tone generation).
// spandsp.h itself pulls in libtiff for its fax modules; these headers alone need only libc.
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <spandsp/telephony.h>
#include <spandsp/fast_convert.h>
#include <spandsp/bit_operations.h>
#include <spandsp/saturated.h>
#include <spandsp/logging.h>
#include <spandsp/complex.h>
#include <spandsp/g711.h>
#include <spandsp/echo.h>
#include <spandsp/super_tone_rx.h>
#include <spandsp/dtmf.h>
#include <spandsp/plc.h>
#include <spandsp/tone_generate.h>
