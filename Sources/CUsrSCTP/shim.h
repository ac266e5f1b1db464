// usrsctp: a userland SCTP stack; Reroute uses it for SCTP over UDP encapsulation (RFC 6951).
// Debian: libusrsctp-dev. SwiftPM drops the INET/INET6 defines of its pkg-config file; they only gate
// address-family code paths inside the library, not the header's declarations we use.
#ifndef INET
#define INET 1
#endif
#ifndef INET6
#define INET6 1
#endif
#include <usrsctp.h>
