// epoll(7) and timerfd_create(2) for the media benchmark's load generator (not in Swift's Glibc module).
#include <sys/epoll.h>
#include <sys/timerfd.h>
