/* SPDX-License-Identifier: MIT */
/* LD_PRELOAD disk-full injector for the store: once CT_INJECT_DISK_BYTES
 * bytes have been written to files (any descriptor above 2, through write,
 * pwrite or pwrite64, which is what SQLite uses), every further file write
 * fails with ENOSPC, as on a full disk. Standard output and error are left
 * alone so the tool can still report. Test-only code. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

static long g_budget = -1; /* bytes still allowed; -1 = not read yet */

/* How many of n bytes may still be written; 0 and errno set when none. */
static size_t allow(size_t n) {
  if (g_budget < 0) {
    const char *b = getenv("CT_INJECT_DISK_BYTES");
    g_budget = b ? atol(b) : 0;
  }
  if ((long)n <= g_budget) {
    g_budget -= (long)n;
    return n;
  }
  size_t k = (size_t)g_budget;
  g_budget = 0;
  errno = ENOSPC;
  return k;
}

#define REAL(name, type) ((type)dlsym(RTLD_NEXT, name))

ssize_t write(int fd, const void *buf, size_t n) {
  ssize_t (*real)(int, const void *, size_t) =
      REAL("write", ssize_t(*)(int, const void *, size_t));
  if (fd <= 2)
    return real(fd, buf, n);
  size_t k = allow(n);
  if (k == 0 && n > 0)
    return -1;
  return real(fd, buf, k);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
  ssize_t (*real)(int, const void *, size_t, off_t) =
      REAL("pwrite", ssize_t(*)(int, const void *, size_t, off_t));
  size_t k = allow(n);
  if (k == 0 && n > 0)
    return -1;
  return real(fd, buf, k, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off) {
  ssize_t (*real)(int, const void *, size_t, off64_t) =
      REAL("pwrite64", ssize_t(*)(int, const void *, size_t, off64_t));
  size_t k = allow(n);
  if (k == 0 && n > 0)
    return -1;
  return real(fd, buf, k, off);
}
