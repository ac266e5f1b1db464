// lksctp: the Linux kernel's SCTP socket API (Debian: libsctp-dev).
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/sctp.h>
