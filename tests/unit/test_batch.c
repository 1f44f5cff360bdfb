/* SPDX-License-Identifier: MIT */
/* Unit tests for the batch worker pool (ordered delivery whatever the
 * number of workers, per-worker state, early stop, failed init) and the
 * progress reporter (silent when not a terminal except the summary). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch.h"

#define SRC CT_SOURCE_DIR

typedef struct ctx {
  pthread_mutex_t mu;
  int inits, finis, works;
  pthread_t main_thread;
  int off_main; /* work calls not on the calling thread */
  size_t next_index;
  ct_buf out;
  size_t stop_after; /* 0 = never */
  size_t consumed, dropped;
  unsigned fail_worker; /* init of this worker fails; UINT_MAX = none */
} ctx;

typedef struct wstate {
  unsigned index;
  unsigned seed;
} wstate;

static ct_status w_init(void *c, unsigned worker, void **state) {
  ctx *x = c;
  if (worker == x->fail_worker)
    return CT_ERULE;
  wstate *w = malloc(sizeof *w);
  w->index = worker;
  w->seed = worker * 7919u + 1;
  *state = w;
  pthread_mutex_lock(&x->mu);
  x->inits++;
  pthread_mutex_unlock(&x->mu);
  return CT_OK;
}

static void w_fini(void *c, void *state) {
  ctx *x = c;
  pthread_mutex_lock(&x->mu);
  x->finis++;
  pthread_mutex_unlock(&x->mu);
  free(state);
}

static void *w_work(void *c, void *state, const ct_input_item *item) {
  ctx *x = c;
  wstate *w = state;
  /* sleep 0..3 ms so later items often finish first */
  struct timespec ts = {0, (long)(rand_r(&w->seed) % 3000) * 1000L};
  nanosleep(&ts, NULL);
  uint32_t h = 2166136261u; /* FNV-1a of the bytes */
  for (size_t i = 0; i < item->len; i++)
    h = (h ^ (unsigned char)item->bytes[i]) * 16777619u;
  char *r = malloc(600);
  snprintf(r, 600, "%zu %s %zu %08x\n", item->index, item->name, item->len,
           (unsigned)h);
  pthread_mutex_lock(&x->mu);
  x->works++;
  if (!pthread_equal(pthread_self(), x->main_thread))
    x->off_main++;
  pthread_mutex_unlock(&x->mu);
  return r;
}

static bool w_consume(void *c, const ct_input_item *item, void *result) {
  ctx *x = c;
  assert_true(pthread_equal(pthread_self(), x->main_thread));
  assert_int_equal(item->index, x->next_index);
  x->next_index++;
  if (item->status != CT_OK) {
    assert_null(result);
    ct_buf_printf(&x->out, "%zu error %s\n", item->index, item->error);
  } else {
    assert_non_null(result);
    ct_buf_puts(&x->out, result);
    free(result);
  }
  x->consumed++;
  return x->stop_after == 0 || x->consumed < x->stop_after;
}

static void w_drop(void *c, void *result) {
  ctx *x = c;
  x->dropped++;
  free(result);
}

static ct_status run(unsigned jobs, size_t window, ctx *x) {
  const char *args[] = {SRC "/corpus/warc/pages.warc.gz",
                        "/nonexistent/ct-batch-test",
                        SRC "/corpus/warc/small.warc", SRC "/corpus/pages"};
  ct_input_iter *it = NULL;
  assert_int_equal(ct_input_iter_new(args, 4, NULL, &it, NULL), CT_OK);
  pthread_mutex_init(&x->mu, NULL);
  x->main_thread = pthread_self();
  ct_batch_callbacks cb = {x, w_init, w_work, w_consume, w_drop, w_fini};
  ct_batch_options o = CT_BATCH_OPTIONS_INIT;
  o.jobs = jobs;
  o.window = window;
  ct_error err;
  ct_status st = ct_batch_run(&o, it, &cb, &err);
  ct_input_iter_free(it);
  pthread_mutex_destroy(&x->mu);
  return st;
}

static void ctx_init(ctx *x) {
  memset(x, 0, sizeof *x);
  x->fail_worker = 0xFFFFFFFFu;
}

static void test_order_same_for_any_jobs(void **state) {
  (void)state;
  ctx ref;
  ctx_init(&ref);
  assert_int_equal(run(1, 0, &ref), CT_OK);
  /* 11 WARC pages, 1 missing file, 3 WARC pages, then every file of
   * corpus/pages (their number changes as the corpus grows) */
  assert_true(ref.consumed >= 11 + 1 + 3 + 11);
  assert_int_equal(ref.works, ref.consumed - 1);
  assert_int_equal(ref.off_main, 0);
  assert_int_equal(ref.inits, 1);
  assert_int_equal(ref.finis, 1);
  assert_non_null(strstr(ref.out.data, "\n11 error /nonexistent"));
  unsigned jobs[] = {2, 4, 3};
  size_t windows[] = {0, 0, 1};
  for (size_t k = 0; k < 3; k++) {
    ctx x;
    ctx_init(&x);
    assert_int_equal(run(jobs[k], windows[k], &x), CT_OK);
    assert_int_equal(x.consumed, ref.consumed);
    assert_int_equal(x.inits, (int)jobs[k]);
    assert_int_equal(x.finis, (int)jobs[k]);
    assert_int_equal(x.off_main, x.works);
    assert_int_equal(x.out.len, ref.out.len);
    assert_memory_equal(x.out.data, ref.out.data, ref.out.len);
    ct_buf_release(&x.out);
  }
  ct_buf_release(&ref.out);
}

static void test_early_stop_and_failed_init(void **state) {
  (void)state;
  ctx x;
  ctx_init(&x);
  x.stop_after = 3;
  assert_int_equal(run(2, 8, &x), CT_OK);
  assert_int_equal(x.consumed, 3);
  assert_int_equal(x.finis, 2);
  ct_buf_release(&x.out);
  ctx_init(&x);
  x.stop_after = 5;
  assert_int_equal(run(1, 0, &x), CT_OK);
  assert_int_equal(x.consumed, 5);
  ct_buf_release(&x.out);
  ctx_init(&x);
  x.fail_worker = 1;
  assert_int_equal(run(2, 0, &x), CT_ERULE);
  assert_int_equal(x.inits, x.finis);
  ct_buf_release(&x.out);
  ctx_init(&x);
  x.fail_worker = 0;
  assert_int_equal(run(1, 0, &x), CT_ERULE);
  assert_int_equal(x.consumed, 0);
  ct_buf_release(&x.out);
  assert_true(ct_batch_default_jobs() >= 1);
}

static size_t drain(int fd, char *buf, size_t cap) {
  size_t n = 0;
  for (;;) {
    ssize_t r = read(fd, buf + n, cap - 1 - n);
    if (r <= 0)
      break;
    n += (size_t)r;
  }
  buf[n] = '\0';
  return n;
}

static void test_progress(void **state) {
  (void)state;
  int pfd[2];
  char buf[4096];
  /* not a terminal: nothing but the summary */
  assert_int_equal(pipe(pfd), 0);
  ct_progress *p = NULL;
  assert_int_equal(ct_progress_new(pfd[1], false, -1, &p), CT_OK);
  for (int i = 0; i < 5; i++) {
    ct_progress_add(p, 1, 3, i == 2);
    struct timespec ts = {0, 60 * 1000000L};
    nanosleep(&ts, NULL);
  }
  ct_progress_set_skipped(p, 7);
  ct_progress_finish(p);
  ct_progress_free(p);
  close(pfd[1]);
  drain(pfd[0], buf, sizeof buf);
  close(pfd[0]);
  size_t pages, claims, errors, skipped;
  double secs, rate;
  assert_int_equal(sscanf(buf,
                          "claimtrack: %zu pages, %zu claims, %zu errors, "
                          "%zu skipped records in %lf s (%lf pages/s)",
                          &pages, &claims, &errors, &skipped, &secs, &rate),
                   6);
  assert_int_equal(pages, 5);
  assert_int_equal(claims, 15);
  assert_int_equal(errors, 1);
  assert_int_equal(skipped, 7);
  assert_true(secs >= 0.25);
  assert_null(strchr(buf, '\r'));
  assert_int_equal(strchr(buf, '\n') - buf + 1, (long)strlen(buf));
  /* a terminal (forced): redraws, rate-limited, then cleared */
  assert_int_equal(pipe(pfd), 0);
  assert_int_equal(ct_progress_new(pfd[1], false, 1, &p), CT_OK);
  ct_progress_set_work(p, 10, 100);
  for (int i = 0; i < 30; i++) {
    ct_progress_add(p, 1, 0, 0);
    struct timespec ts = {0, 20 * 1000000L};
    nanosleep(&ts, NULL);
  }
  ct_progress_finish(p);
  ct_progress_free(p);
  close(pfd[1]);
  drain(pfd[0], buf, sizeof buf);
  close(pfd[0]);
  size_t draws = 0;
  for (const char *s = buf; (s = strstr(s, "pages/s, ")) != NULL; s++)
    draws++;
  assert_true(draws >= 1 && draws <= 4); /* 600 ms at one per 200 ms */
  assert_non_null(strstr(buf, "ETA "));
  assert_non_null(strstr(buf, "\r\033[Kclaimtrack: 30 pages, 0 claims"));
  /* quiet on a terminal: the summary only */
  assert_int_equal(pipe(pfd), 0);
  assert_int_equal(ct_progress_new(pfd[1], true, 1, &p), CT_OK);
  ct_progress_add(p, 2, 0, 0);
  struct timespec ts = {0, 250 * 1000000L};
  nanosleep(&ts, NULL);
  ct_progress_add(p, 2, 0, 0);
  ct_progress_finish(p);
  ct_progress_free(p);
  close(pfd[1]);
  drain(pfd[0], buf, sizeof buf);
  close(pfd[0]);
  assert_true(strncmp(buf, "claimtrack: 4 pages, 0 claims, 0 errors", 39) == 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_order_same_for_any_jobs),
      cmocka_unit_test(test_early_stop_and_failed_init),
      cmocka_unit_test(test_progress),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
