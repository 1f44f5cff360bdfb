/* SPDX-License-Identifier: MIT */
/* Batch stage: worker pool. The calling thread reads items and consumes
 * results in input order through a bounded reorder window; N pthreads
 * run the work callback with their own per-thread state. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "batch/batch.h"

typedef struct slot {
  size_t seq; /* sequence number of the item in this slot */
  ct_input_item *item;
  void *result;
  bool done;
} slot;

typedef struct pool {
  const ct_batch_callbacks *cb;
  slot *slots;
  size_t window;
  pthread_mutex_t mu;
  pthread_cond_t work_cv; /* a job was queued or the pool stops */
  pthread_cond_t done_cv; /* a job finished or a worker failed */
  size_t next_in;         /* sequence numbers handed out so far */
  size_t next_take;       /* next sequence a worker takes */
  bool stop;
  ct_status init_status; /* first failing init, else CT_OK */
  unsigned init_done;    /* workers whose init returned */
} pool;

typedef struct worker_arg {
  pool *p;
  unsigned index;
} worker_arg;

unsigned ct_batch_default_jobs(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1)
    return 1;
  if (n > 1024)
    return 1024;
  return (unsigned)n;
}

static void *worker_main(void *arg) {
  worker_arg *wa = arg;
  pool *p = wa->p;
  const ct_batch_callbacks *cb = p->cb;
  void *state = NULL;
  ct_status st = cb->init ? cb->init(cb->ctx, wa->index, &state) : CT_OK;
  pthread_mutex_lock(&p->mu);
  p->init_done++;
  if (st != CT_OK) {
    if (p->init_status == CT_OK)
      p->init_status = st;
    p->stop = true;
    pthread_cond_broadcast(&p->work_cv);
    pthread_cond_broadcast(&p->done_cv);
    pthread_mutex_unlock(&p->mu);
    return NULL; /* a failed init owns nothing to finish */
  }
  for (;;) {
    while (!p->stop && p->next_take == p->next_in)
      pthread_cond_wait(&p->work_cv, &p->mu);
    if (p->stop)
      break;
    size_t seq = p->next_take++;
    slot *s = &p->slots[seq % p->window];
    /* error items are done on arrival, and their slot may already hold a
     * later item (seq + window): not ours to run */
    if (s->done || s->seq != seq)
      continue;
    pthread_mutex_unlock(&p->mu);
    void *result = cb->work(cb->ctx, state, s->item);
    pthread_mutex_lock(&p->mu);
    s->result = result;
    s->done = true;
    pthread_cond_broadcast(&p->done_cv);
  }
  pthread_mutex_unlock(&p->mu);
  if (cb->fini)
    cb->fini(cb->ctx, state);
  return NULL;
}

/* jobs == 1: no threads, the same callbacks in the same order. */
static ct_status run_inline(ct_input_iter *it, const ct_batch_callbacks *cb,
                            ct_error *err) {
  void *state = NULL;
  ct_status st = cb->init ? cb->init(cb->ctx, 0, &state) : CT_OK;
  if (st != CT_OK)
    return ct_fail(err, st, "batch", "worker 0 failed to start: %s",
                   ct_strerror(st));
  for (;;) {
    ct_input_item *item = NULL;
    st = ct_input_iter_next(it, &item);
    if (st != CT_OK) {
      ct_fail(err, st, "batch", "reading inputs: %s", ct_strerror(st));
      break;
    }
    if (!item)
      break;
    void *result =
        item->status == CT_OK ? cb->work(cb->ctx, state, item) : NULL;
    bool more = cb->consume(cb->ctx, item, result);
    ct_input_item_free(item);
    if (!more)
      break;
  }
  if (cb->fini)
    cb->fini(cb->ctx, state);
  return st;
}

ct_status ct_batch_run(const ct_batch_options *opts, ct_input_iter *it,
                       const ct_batch_callbacks *cb, ct_error *err) {
  if (!it || !cb || !cb->work || !cb->consume)
    return ct_fail(err, CT_EINVAL, "batch", "ct_batch_run: bad arguments");
  unsigned jobs = opts && opts->jobs ? opts->jobs : ct_batch_default_jobs();
  if (jobs == 1)
    return run_inline(it, cb, err);
  pool p;
  memset(&p, 0, sizeof p);
  p.cb = cb;
  p.window = opts && opts->window ? opts->window : (size_t)jobs * 4;
  if (p.window < jobs)
    p.window = jobs;
  size_t bytes;
  if (!ct_size_mul(p.window, sizeof(slot), &bytes))
    return ct_fail(err, CT_EINVAL, "batch", "window too large");
  p.slots = ct_calloc(p.window, sizeof(slot));
  pthread_t *threads = ct_calloc(jobs, sizeof(pthread_t));
  worker_arg *args = ct_calloc(jobs, sizeof(worker_arg));
  if (!p.slots || !threads || !args) {
    ct_free(p.slots);
    ct_free(threads);
    ct_free(args);
    return ct_fail(err, CT_ENOMEM, "batch", "out of memory");
  }
  ct_status st = CT_OK;
  bool sync_ok = pthread_mutex_init(&p.mu, NULL) == 0;
  bool cv1 = sync_ok && pthread_cond_init(&p.work_cv, NULL) == 0;
  bool cv2 = cv1 && pthread_cond_init(&p.done_cv, NULL) == 0;
  unsigned started = 0;
  if (!cv2)
    st = ct_fail(err, CT_EINVAL, "batch", "pthread init failed");
  for (unsigned i = 0; st == CT_OK && i < jobs; i++) {
    args[i].p = &p;
    args[i].index = i;
    if (pthread_create(&threads[i], NULL, worker_main, &args[i]) != 0) {
      st = ct_fail(err, CT_EINVAL, "batch", "cannot start worker thread %u", i);
      break;
    }
    started++;
  }
  size_t next_out = 0; /* next sequence to consume */
  bool input_done = false, stopped = false;
  while (st == CT_OK && !stopped) {
    /* fill the window; reading happens outside the lock */
    while (!input_done && p.next_in - next_out < p.window) {
      ct_input_item *item = NULL;
      ct_status rs = ct_input_iter_next(it, &item);
      if (rs != CT_OK) {
        st = ct_fail(err, rs, "batch", "reading inputs: %s", ct_strerror(rs));
        break;
      }
      if (!item) {
        input_done = true;
        break;
      }
      pthread_mutex_lock(&p.mu);
      slot *s = &p.slots[p.next_in % p.window];
      s->seq = p.next_in;
      s->item = item;
      s->result = NULL;
      s->done = item->status != CT_OK; /* error items skip the workers */
      p.next_in++;
      pthread_cond_signal(&p.work_cv);
      pthread_mutex_unlock(&p.mu);
    }
    if (st != CT_OK || next_out == p.next_in)
      break; /* all consumed */
    slot *s = &p.slots[next_out % p.window];
    pthread_mutex_lock(&p.mu);
    while (!s->done && p.init_status == CT_OK)
      pthread_cond_wait(&p.done_cv, &p.mu);
    ct_status init_st = p.init_status;
    pthread_mutex_unlock(&p.mu);
    if (init_st != CT_OK) {
      st = ct_fail(err, init_st, "batch", "a worker failed to start: %s",
                   ct_strerror(init_st));
      break;
    }
    bool more = cb->consume(cb->ctx, s->item, s->result);
    ct_input_item_free(s->item);
    pthread_mutex_lock(&p.mu);
    s->seq = SIZE_MAX; /* a worker lagging behind must not take it */
    s->item = NULL;
    s->result = NULL;
    s->done = false;
    pthread_mutex_unlock(&p.mu);
    next_out++;
    if (!more)
      stopped = true;
  }
  /* stop the workers; they finish the item in hand */
  if (cv2) {
    pthread_mutex_lock(&p.mu);
    p.stop = true;
    pthread_cond_broadcast(&p.work_cv);
    pthread_mutex_unlock(&p.mu);
  }
  for (unsigned i = 0; i < started; i++)
    pthread_join(threads[i], NULL);
  /* whatever was read but not consumed */
  for (size_t seq = next_out; seq < p.next_in; seq++) {
    slot *s = &p.slots[seq % p.window];
    if (s->result && cb->drop)
      cb->drop(cb->ctx, s->result);
    ct_input_item_free(s->item);
  }
  if (cv2)
    pthread_cond_destroy(&p.done_cv);
  if (cv1)
    pthread_cond_destroy(&p.work_cv);
  if (sync_ok)
    pthread_mutex_destroy(&p.mu);
  ct_free(p.slots);
  ct_free(threads);
  ct_free(args);
  return st;
}
