// bcg729: G.729 and G.729 Annex B (VAD/DTX/CNG) encoder and decoder. Debian: libbcg729-dev.
#include <stdint.h>
#include <bcg729/encoder.h>
#include <bcg729/decoder.h>
