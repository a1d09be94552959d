/*
 * A slow disk for the benchmark: every fdatasync(2) of the process waits SLOW_FSYNC_MS first, as
 * on a busy spinning disk or a network volume (docs/BENCHMARKS.md, "The fsync off the event
 * loop"). Not part of the product or of `npm run bench`; build and preload it by hand:
 *
 *   gcc -shared -fPIC -O2 -o /tmp/slow-fsync.so bench/slow-fsync.c -ldl
 *   SLOW_FSYNC_MS=10 LD_PRELOAD=/tmp/slow-fsync.so npm run bench -- --delegates=3000 --targets=bare,file
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

static int (*real_fdatasync)(int) = 0;

int fdatasync(int fd) {
  if (!real_fdatasync) real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  const char *ms = getenv("SLOW_FSYNC_MS");
  if (ms) usleep((useconds_t)atoi(ms) * 1000);
  return real_fdatasync(fd);
}
