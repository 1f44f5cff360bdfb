/* SPDX-License-Identifier: MIT */
/* LD_PRELOAD write-failure injector (jq's inject_errors.c idea): once
 * CT_INJECT_STDOUT_BYTES bytes (default 0) have gone to standard output,
 * every further write to it fails with ENOSPC (CT_INJECT_ERRNO=EPIPE|EIO
 * picks another error). Covers write(2) on fd 1 and the stdio calls on
 * stdout; fflush/fclose/ferror then report the failure. Test-only code. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static long g_budget = -1; /* bytes still allowed; -1 = not read yet */
static int g_failed;
static int g_errno = ENOSPC;

static void init(void) {
  if (g_budget >= 0)
    return;
  const char *b = getenv("CT_INJECT_STDOUT_BYTES");
  g_budget = b ? atol(b) : 0;
  const char *e = getenv("CT_INJECT_ERRNO");
  if (e && strcmp(e, "EPIPE") == 0)
    g_errno = EPIPE;
  else if (e && strcmp(e, "EIO") == 0)
    g_errno = EIO;
}

/* How many of n bytes may still go out; 0 and errno set when none. */
static size_t allow(size_t n) {
  init();
  if ((long)n <= g_budget) {
    g_budget -= (long)n;
    return n;
  }
  size_t k = (size_t)g_budget;
  g_budget = 0;
  g_failed = 1;
  errno = g_errno;
  return k;
}

#define REAL(name, type) ((type)dlsym(RTLD_NEXT, name))

ssize_t write(int fd, const void *buf, size_t n) {
  ssize_t (*real)(int, const void *, size_t) =
      REAL("write", ssize_t(*)(int, const void *, size_t));
  if (fd != 1)
    return real(fd, buf, n);
  size_t k = allow(n);
  if (k == 0 && n > 0)
    return -1;
  return real(fd, buf, k);
}

size_t fwrite(const void *p, size_t size, size_t nmemb, FILE *f) {
  size_t (*real)(const void *, size_t, size_t, FILE *) =
      REAL("fwrite", size_t(*)(const void *, size_t, size_t, FILE *));
  if (f != stdout || size == 0)
    return real(p, size, nmemb, f);
  size_t k = allow(size * nmemb) / size;
  size_t done = k ? real(p, size, k, f) : 0;
  if (done < nmemb)
    errno = g_errno;
  return done;
}

int fputs(const char *s, FILE *f) {
  if (f != stdout)
    return REAL("fputs", int (*)(const char *, FILE *))(s, f);
  size_t n = strlen(s);
  return fwrite(s, 1, n, f) == n ? 1 : EOF;
}

int fputc(int c, FILE *f) {
  if (f != stdout)
    return REAL("fputc", int (*)(int, FILE *))(c, f);
  unsigned char ch = (unsigned char)c;
  return fwrite(&ch, 1, 1, f) == 1 ? ch : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }
int puts(const char *s) {
  return fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF ? EOF : 1;
}

int vfprintf(FILE *f, const char *fmt, va_list ap) {
  int (*real)(FILE *, const char *, va_list) =
      REAL("vfprintf", int (*)(FILE *, const char *, va_list));
  if (f != stdout)
    return real(f, fmt, ap);
  char buf[8192];
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  if (n < 0)
    return n;
  size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
  return fwrite(buf, 1, len, f) == len ? n : -1;
}

int fprintf(FILE *f, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vfprintf(stdout, fmt, ap);
  va_end(ap);
  return n;
}

int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int fflush(FILE *f) {
  int r = REAL("fflush", int (*)(FILE *))(f);
  if ((f == stdout || f == NULL) && g_failed) {
    errno = g_errno;
    return EOF;
  }
  return r;
}

int ferror(FILE *f) {
  int r = REAL("ferror", int (*)(FILE *))(f);
  return r || (f == stdout && g_failed);
}

int fclose(FILE *f) {
  int stdout_failed = f == stdout && g_failed;
  int r = REAL("fclose", int (*)(FILE *))(f);
  if (stdout_failed) {
    errno = g_errno;
    return EOF;
  }
  return r;
}
