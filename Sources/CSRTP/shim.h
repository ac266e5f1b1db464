// libsrtp2: SRTP/SRTCP (RFC 3711). Debian: libsrtp2-dev. Used by the RTP session code for SDES-keyed legs.
#include <srtp2/srtp.h>
