/* SPDX-License-Identifier: MIT */
/* The batch loop shared by scrape, extract and ingest: inputs through the
 * batch iterator, work on the ordered pool, captured output written in
 * input order, progress line and summary. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_batch.h"

int cli_batch_option(const char *cmd, int argc, char **argv, int *i,
                     cli_batch_opts *o) {
  const char *a = argv[*i];
  if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
    o->quiet = true;
    return 1;
  }
  const char *v = NULL;
  if (strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0) {
    if (*i + 1 >= argc) {
      cli_err("%s: %s needs a value", cmd, a);
      return -1;
    }
    v = argv[++*i];
  } else if (strncmp(a, "--jobs=", 7) == 0) {
    v = a + 7;
  } else {
    return 0;
  }
  char *end = NULL;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (errno || !*v || *end || n < 0 || n > 1024) {
    cli_err("%s: --jobs takes a number from 0 (the number of cores) to 1024, "
            "not '%s'",
            cmd, v);
    return -1;
  }
  o->jobs = (unsigned)n;
  return 1;
}

/* Whether the progress line may be on screen (stderr a terminal, not
 * quiet): messages clear it first. */
static bool g_line_drawn = false;

void cli_batch_message(const char *msg, size_t len) {
  fflush(stderr);
  if (g_line_drawn && write(2, "\r\033[K", 4) < 0) {
    /* best effort */
  }
  fwrite(msg, 1, len, stderr);
  fflush(stderr);
}

typedef struct result {
  cli_capture out, err;
  bool ok;
  size_t claims;
  void *extra;
} result;

typedef struct run {
  const cli_batch_job *job;
  ct_input_iter *it;
  ct_progress *progress;
  size_t failed;
} run;

static ct_status r_init(void *c, unsigned worker, void **state) {
  run *r = c;
  *state = NULL;
  return r->job->init ? r->job->init(r->job->ctx, worker, state) : CT_OK;
}

static void r_fini(void *c, void *state) {
  run *r = c;
  if (r->job->fini)
    r->job->fini(r->job->ctx, state);
}

static void *r_work(void *c, void *state, const ct_input_item *item) {
  run *r = c;
  result *res = calloc(1, sizeof *res);
  if (!res)
    return NULL; /* consume reports it */
  cli_capture_set(&res->out, &res->err);
  res->ok = r->job->work(r->job->ctx, state, item, &res->extra, &res->claims);
  cli_capture_set(NULL, NULL);
  if (res->out.oom || res->err.oom)
    res->ok = false;
  return res;
}

static void result_free(const cli_batch_job *job, result *res) {
  if (!res)
    return;
  if (res->extra && job->drop_extra)
    job->drop_extra(job->ctx, res->extra);
  cli_capture_release(&res->out);
  cli_capture_release(&res->err);
  free(res);
}

static void r_drop(void *c, void *p) {
  run *r = c;
  result_free(r->job, p);
}

static bool r_consume(void *c, const ct_input_item *item, void *p) {
  run *r = c;
  result *res = p;
  bool ok = true;
  size_t claims = 0;
  if (item->status != CT_OK) {
    char msg[1200];
    int n = snprintf(
        msg, sizeof msg, "claimtrack: %s%s\n",
        item->error ? item->error : item->name,
        item->status == CT_ELIMIT ? " (over the input limit: refused)" : "");
    cli_batch_message(msg, n < 0                    ? 0
                           : (size_t)n < sizeof msg ? (size_t)n
                                                    : sizeof msg - 1);
    ok = false;
    if (r->job->consume)
      r->job->consume(r->job->ctx, item, false, NULL, false, &claims);
  } else if (!res) {
    cli_err("%s: out of memory", item->name);
    ok = false;
  } else {
    ok = res->ok;
    claims = res->claims;
    if (res->err.len)
      cli_batch_message(res->err.data, res->err.len);
    if (r->job->consume) {
      void *extra = res->extra;
      res->extra = NULL;
      if (!r->job->consume(r->job->ctx, item, res->ok, extra, res->out.len > 0,
                           &claims))
        ok = false;
    }
    if (res->out.len)
      cli_write(res->out.data, res->out.len);
    result_free(r->job, res);
  }
  if (!ok)
    r->failed++;
  ct_input_stats s = ct_input_iter_stats(r->it);
  ct_progress_set_work(r->progress, s.bytes_done, s.bytes_total);
  ct_progress_add(r->progress, item->status == CT_OK ? 1 : 0, claims,
                  ok ? 0 : 1);
  return true;
}

int cli_batch_run(const char *cmd, char **args, int nargs,
                  const char *const *exts, const cli_batch_opts *o,
                  const cli_batch_job *job, size_t *failed) {
  if (failed)
    *failed = 0;
  ct_input_options io = CT_INPUT_OPTIONS_INIT;
  io.exts = exts;
  ct_error err;
  memset(&err, 0, sizeof err);
  run r = {job, NULL, NULL, 0};
  ct_status st = ct_input_iter_new((const char *const *)args, (size_t)nargs,
                                   &io, &r.it, &err);
  if (st == CT_OK)
    st = ct_progress_new(2, o->quiet, -1, &r.progress);
  if (st != CT_OK) {
    cli_err("%s: %s", cmd, err.message[0] ? err.message : ct_strerror(st));
    ct_input_iter_free(r.it);
    return CT_EXIT_USAGE;
  }
  g_line_drawn = !o->quiet && isatty(2) == 1;
  ct_batch_options bo = CT_BATCH_OPTIONS_INIT;
  bo.jobs = o->jobs ? o->jobs : ct_batch_default_jobs();
  ct_batch_callbacks cb = {&r, r_init, r_work, r_consume, r_drop, r_fini};
  st = ct_batch_run(&bo, r.it, &cb, &err);
  ct_input_stats s = ct_input_iter_stats(r.it);
  ct_progress_set_skipped(r.progress, s.skipped_records);
  ct_progress_finish(r.progress);
  g_line_drawn = false;
  ct_progress_free(r.progress);
  ct_input_iter_free(r.it);
  if (failed)
    *failed = r.failed;
  if (st != CT_OK) {
    cli_err("%s: %s", cmd, err.message[0] ? err.message : ct_strerror(st));
    return CT_EXIT_USAGE;
  }
  return r.failed ? CT_EXIT_USAGE : CT_EXIT_OK;
}
