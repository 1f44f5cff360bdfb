/* SPDX-License-Identifier: MIT */
/* Batch stage: progress line on a terminal (rate-limited redraws of one
 * line) and the end-of-run summary line, written to a file descriptor. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch.h"

#define REDRAW_NS 200000000LL

struct ct_progress {
  int fd;
  bool draw; /* a terminal and not quiet */
  bool drawn;
  int64_t start_ns, last_ns;
  size_t pages, claims, errors, skipped;
  uint64_t done, total;
  char line[256];
};

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void put(int fd, const char *s, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, s, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return; /* progress is best effort */
    s += n;
    len -= (size_t)n;
  }
}

ct_status ct_progress_new(int fd, bool quiet, int tty, ct_progress **out) {
  *out = NULL;
  ct_progress *p = ct_calloc(1, sizeof *p);
  if (!p)
    return CT_ENOMEM;
  p->fd = fd;
  bool is_tty = tty < 0 ? isatty(fd) == 1 : tty > 0;
  p->draw = is_tty && !quiet;
  p->start_ns = p->last_ns = now_ns();
  *out = p;
  return CT_OK;
}

void ct_progress_set_work(ct_progress *p, uint64_t done, uint64_t total) {
  p->done = done;
  p->total = total;
}

void ct_progress_set_skipped(ct_progress *p, size_t skipped) {
  p->skipped = skipped;
}

static double secs(const ct_progress *p, int64_t t) {
  return (double)(t - p->start_ns) / 1e9;
}

static void redraw(ct_progress *p, int64_t t) {
  double s = secs(p, t);
  double rate = s > 0 ? (double)p->pages / s : 0;
  char eta[48] = "";
  if (p->total > 0 && p->done > 0 && p->done <= p->total && s > 0) {
    double left = s * (double)(p->total - p->done) / (double)p->done;
    snprintf(eta, sizeof eta, ", ETA %d:%02d", (int)(left / 60),
             (int)left % 60);
  }
  int n = snprintf(p->line, sizeof p->line,
                   "\r\033[Kclaimtrack: %zu pages, %.1f pages/s, %zu claims, "
                   "%zu errors%s",
                   p->pages, rate, p->claims, p->errors, eta);
  if (n > 0)
    put(p->fd, p->line,
        (size_t)n < sizeof p->line ? (size_t)n : sizeof p->line - 1);
  p->drawn = true;
}

void ct_progress_add(ct_progress *p, size_t pages, size_t claims,
                     size_t errors) {
  p->pages += pages;
  p->claims += claims;
  p->errors += errors;
  if (!p->draw)
    return;
  int64_t t = now_ns();
  if (t - p->last_ns < REDRAW_NS)
    return;
  p->last_ns = t;
  redraw(p, t);
}

const char *ct_progress_summary(ct_progress *p) {
  double s = secs(p, now_ns());
  double rate = s > 0 ? (double)p->pages / s : 0;
  snprintf(p->line, sizeof p->line,
           "claimtrack: %zu pages, %zu claims, %zu errors, %zu skipped "
           "records in %.2f s (%.1f pages/s)\n",
           p->pages, p->claims, p->errors, p->skipped, s, rate);
  return p->line;
}

void ct_progress_finish(ct_progress *p) {
  if (p->drawn)
    put(p->fd, "\r\033[K", 4);
  p->drawn = false;
  const char *s = ct_progress_summary(p);
  put(p->fd, s, strlen(s));
}

void ct_progress_free(ct_progress *p) { ct_free(p); }
