/*
 * LD_PRELOAD library for tests: fails bind() to one TCP port with EADDRINUSE, as if another
 * process had taken the port after the daemon's start-time check. TEST_BIND_FAULT_PORT is the
 * port; the first TEST_BIND_FAULT_AFTER binds to it pass (default 0), every later one fails.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>

static atomic_int seen;

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
  static int (*real)(int, const struct sockaddr *, socklen_t);
  if (!real) real = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "bind");
  const char *port = getenv("TEST_BIND_FAULT_PORT");
  const char *after = getenv("TEST_BIND_FAULT_AFTER");
  if (port && addr && (addr->sa_family == AF_INET || addr->sa_family == AF_INET6)) {
    in_port_t p = addr->sa_family == AF_INET ? ((const struct sockaddr_in *)addr)->sin_port : ((const struct sockaddr_in6 *)addr)->sin6_port;
    if (ntohs(p) == atoi(port) && atomic_fetch_add(&seen, 1) >= (after ? atoi(after) : 0)) {
      errno = EADDRINUSE;
      return -1;
    }
  }
  return real(fd, addr, len);
}
