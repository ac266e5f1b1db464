// libopus (RFC 6716). Debian: libopus-dev. Its ctl calls are variadic; COpusShim wraps the ones we use.
#include <opus.h>
