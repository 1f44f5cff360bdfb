/* SPDX-License-Identifier: MIT */
/* Allocation-failure sweep (SQLite's "fail at N, sweep N"): an allocator
 * installed with ct_set_mem fails the Nth claimtrack allocation; N runs
 * over every allocation of one whole page (scrape, extract, ingest into a
 * temporary store) and of loading the rule pack. For each N the pipeline
 * must report CT_ENOMEM (or the store's out-of-memory error), never crash,
 * never return CT_OK with different output than the clean run, and leave
 * no claimtrack allocation alive once everything is freed.
 *   test_alloc_sweep [PAGE] [STRIDE]   (defaults: gne-xinhua-1.html, 1)
 * CT_ALLOC_PERSIST=1 fails every allocation from the Nth on (error paths
 * that allocate); CT_ALLOC_PAGE_ONLY=1 skips the rule-pack sweep. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>

#include "claimtrack/claimtrack.h"

/* ---- the failing, counting allocator ---- */
static size_t g_calls;   /* allocations so far (malloc + realloc) */
static size_t g_fail_at; /* 0 = never fail */
static size_t g_failed;  /* failures injected */
static long g_live;      /* blocks alive */
static bool g_persist;   /* fail every allocation from the Nth on */

static bool inject(void) {
  g_calls++;
  if (g_fail_at &&
      (g_calls == g_fail_at || (g_persist && g_calls > g_fail_at))) {
    g_failed++;
    errno = ENOMEM; /* as malloc does */
    return true;
  }
  return false;
}
static void *t_malloc(size_t n) {
  if (inject())
    return NULL;
  void *p = malloc(n);
  if (p)
    g_live++;
  return p;
}
static void *t_realloc(void *p, size_t n) {
  if (inject())
    return NULL; /* p stays valid */
  void *q = realloc(p, n);
  if (q && !p)
    g_live++;
  return q;
}
static void t_free(void *p) {
  if (p)
    g_live--;
  free(p);
}
static const ct_mem k_mem = {t_malloc, t_realloc, t_free};

/* ---- one pipeline run ---- */
typedef struct outcome {
  ct_status scrape, extract, ingest;
  char *json; /* article JSON + claims JSON (malloc), when all OK */
  char msg[512];
} outcome;

static ct_extractor *g_ex;
static ct_store *g_store;
static char *g_page;
static size_t g_page_len;

static void append(char **out, size_t *len, const char *s, size_t n) {
  char *q = realloc(*out, *len + n + 2);
  if (!q)
    abort();
  memcpy(q + *len, s, n);
  *len += n;
  q[(*len)++] = '\n';
  q[*len] = '\0';
  *out = q;
}

static outcome run_page(size_t key) {
  outcome o;
  memset(&o, 0, sizeof o);
  o.extract = o.ingest = CT_OK;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_article *a = NULL;
  ct_doc *doc = NULL;
  size_t jl = 0;
  char *acc = NULL;
  size_t acc_len = 0;
  o.scrape = ct_scrape(g_page, g_page_len, NULL, &a, &err);
  if (o.scrape != CT_OK)
    goto done;
  char *j = ct_article_json_dup(a, &jl);
  if (!j) {
    o.scrape = CT_ENOMEM;
    snprintf(err.message, sizeof err.message, "ct_article_json_dup: NULL");
    goto done;
  }
  append(&acc, &acc_len, j, jl);
  ct_free(j);
  ct_extract_options eo = CT_EXTRACT_OPTIONS_INIT;
  eo.published = a->published;
  o.extract = ct_extract_text(g_ex, a->text, a->text_len, &eo, &doc, &err);
  if (o.extract != CT_OK)
    goto done;
  size_t n = ct_doc_claim_count(doc);
  const ct_claim **claims = malloc((n ? n : 1) * sizeof *claims);
  if (!claims)
    abort();
  for (size_t i = 0; i < n; i++) {
    claims[i] = ct_doc_claim(doc, i);
    j = ct_claim_json_dup(claims[i], "page", &jl);
    if (!j) {
      o.extract = CT_ENOMEM;
      snprintf(err.message, sizeof err.message, "ct_claim_json_dup: NULL");
      free(claims);
      goto done;
    }
    append(&acc, &acc_len, j, jl);
    ct_free(j);
  }
  if (g_store) {
    char keybuf[64];
    snprintf(keybuf, sizeof keybuf, "https://example.com/page/%zu", key);
    ct_ingest_input in;
    memset(&in, 0, sizeof in);
    in.key = keybuf;
    in.article = a;
    in.claims = claims;
    in.n_claims = n;
    ct_ingest_outcome oc;
    int version = 0;
    o.ingest = ct_store_ingest(g_store, &in, &oc, &version, &err);
    if (o.ingest == CT_OK && (oc != CT_INGEST_ADDED || version != 1)) {
      snprintf(err.message, sizeof err.message, "ingest outcome %d v%d",
               (int)oc, version);
      o.ingest = CT_EINVAL;
    }
  }
  free(claims);
done:
  snprintf(o.msg, sizeof o.msg, "%s", err.message);
  ct_doc_free(doc);
  ct_article_free(a);
  if (o.scrape == CT_OK && o.extract == CT_OK && o.ingest == CT_OK)
    o.json = acc;
  else
    free(acc);
  return o;
}

static bool is_oom(ct_status st, const char *msg) {
  if (st == CT_ENOMEM)
    return true;
  /* the store maps SQLITE_NOMEM to CT_EDB; accept it only when it says so */
  return st == CT_EDB && (strstr(msg, "out of memory") || strstr(msg, "NOMEM"));
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = NULL;
  size_t n = 0, cap = 0, got;
  do {
    if (n == cap) {
      cap = cap ? cap * 2 : 65536;
      char *q = realloc(buf, cap);
      if (!q)
        abort();
      buf = q;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
  } while (got);
  fclose(f);
  *len = n;
  return buf;
}

static int g_bad;
#define BAD(...)                                                               \
  do {                                                                         \
    fprintf(stderr, "FAIL: " __VA_ARGS__);                                     \
    fputc('\n', stderr);                                                       \
    g_bad++;                                                                   \
  } while (0)

/* Sweep the rule-pack load (engine + extractor). */
static size_t sweep_engine(size_t stride) {
  const char *dir = CT_SOURCE_DIR "/rules";
  g_fail_at = 0;
  g_calls = 0;
  long base = g_live;
  ct_engine *e = NULL;
  ct_extractor *x = NULL;
  ct_error err;
  if (ct_engine_new(dir, &e, &err) != CT_OK ||
      ct_extractor_new(e, &x, &err) != CT_OK) {
    BAD("clean engine load failed: %s", err.message);
    return 0;
  }
  size_t total = g_calls;
  ct_extractor_free(x);
  ct_engine_free(e);
  size_t runs = 0;
  for (size_t n = 1; n <= total; n += stride) {
    g_calls = 0;
    g_failed = 0;
    g_fail_at = n;
    e = NULL;
    x = NULL;
    memset(&err, 0, sizeof err);
    ct_status st = ct_engine_new(dir, &e, &err);
    if (st == CT_OK)
      st = ct_extractor_new(e, &x, &err);
    g_fail_at = 0;
    if (st != CT_OK && !is_oom(st, err.message))
      BAD("engine, N=%zu: %s (%s), not out of memory", n, ct_strerror(st),
          err.message);
    if (st == CT_OK && g_failed)
      BAD("engine, N=%zu: CT_OK after a failed allocation", n);
    ct_extractor_free(x);
    ct_engine_free(e);
    if (g_live != base)
      BAD("engine, N=%zu: %ld blocks leaked", n, g_live - base);
    g_live = base;
    runs++;
  }
  printf("engine: %zu allocations, %zu runs (stride %zu)\n", total, runs,
         stride);
  return runs;
}

int main(int argc, char **argv) {
  const char *page =
      argc > 1 ? argv[1] : CT_SOURCE_DIR "/corpus/pages/gne-xinhua-1.html";
  size_t stride = argc > 2 ? (size_t)atol(argv[2]) : 1;
  if (stride == 0)
    stride = 1;
  g_page = read_file(page, &g_page_len);
  if (!g_page) {
    perror(page);
    return 2;
  }
  g_persist = getenv("CT_ALLOC_PERSIST") != NULL; /* libxml2 style */
  ct_set_mem(&k_mem);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);

  if (!getenv("CT_ALLOC_PAGE_ONLY")) /* for debugging one page */
    sweep_engine(stride);

  ct_engine *engine = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  if (ct_engine_new(CT_SOURCE_DIR "/rules", &engine, &err) != CT_OK ||
      ct_extractor_new(engine, &g_ex, &err) != CT_OK) {
    fprintf(stderr, "rule pack: %s\n", err.message);
    return 2;
  }
  char dir[] = "/tmp/ct-alloc-XXXXXX", db[64];
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 2;
  }
  snprintf(db, sizeof db, "%s/store.db", dir);
  if (ct_store_open(db, 0, &g_store, &err) != CT_OK) {
    fprintf(stderr, "store: %s (ingest not swept)\n", err.message);
    g_store = NULL;
  }
  /* A warm-up run (lazily created state), then the clean run: the
   * reference output and the number of allocations. */
  free(run_page(SIZE_MAX).json);
  long base = g_live;
  g_calls = 0;
  outcome ref = run_page(0);
  size_t total = g_calls;
  if (!ref.json) {
    fprintf(stderr, "clean run failed: %s/%s/%s %s\n", ct_strerror(ref.scrape),
            ct_strerror(ref.extract), ct_strerror(ref.ingest), ref.msg);
    return 2;
  }
  if (g_live != base)
    BAD("clean run leaked %ld blocks", g_live - base);
  g_live = base;
  size_t runs = 0, ooms = 0, recovered = 0;
  for (size_t n = 1; n <= total + 1; n += stride) {
    g_calls = 0;
    g_failed = 0;
    g_fail_at = n;
    outcome o = run_page(n);
    g_fail_at = 0;
    runs++;
    ct_status st = o.scrape != CT_OK    ? o.scrape
                   : o.extract != CT_OK ? o.extract
                                        : o.ingest;
    const char *stage = o.scrape != CT_OK    ? "scrape"
                        : o.extract != CT_OK ? "extract"
                                             : "ingest";
    if (st != CT_OK) {
      if (!g_failed)
        BAD("N=%zu: %s failed with %s but no allocation failed", n, stage,
            ct_strerror(st));
      else if (!is_oom(st, o.msg))
        BAD("N=%zu: %s: %s (%s) instead of out of memory", n, stage,
            ct_strerror(st), o.msg);
      else
        ooms++;
    } else if (g_failed) {
      /* recovered: only acceptable when nothing is missing */
      if (strcmp(o.json, ref.json) != 0)
        BAD("N=%zu: CT_OK after a failed allocation, output differs", n);
      else
        recovered++;
    }
    free(o.json);
    if (g_live != base)
      BAD("N=%zu (%s, %s): %ld blocks leaked", n, stage, ct_strerror(st),
          g_live - base);
    g_live = base;
  }
  /* The extractor and store still work after all of that. */
  outcome last = run_page(total + 100);
  if (!last.json || strcmp(last.json, ref.json) != 0)
    BAD("a clean run after the sweep differs from the first");
  free(last.json);
  free(ref.json);
  ct_status cs = ct_store_close(g_store);
  if (cs != CT_OK)
    BAD("store close: %s", ct_strerror(cs));
  ct_extractor_free(g_ex);
  ct_engine_free(engine);
  char side[96];
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < 4; i++) {
    snprintf(side, sizeof side, "%s%s", db, suffixes[i]);
    remove(side);
  }
  remove(dir);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("page %s: %zu allocations, %zu runs (stride %zu): %zu out of "
         "memory, %zu recovered with identical output; %d failures; "
         "%.1f s\n",
         page, total, runs, stride, ooms, recovered, g_bad,
         (double)(t1.tv_sec - t0.tv_sec) +
             (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  if (g_live != 0)
    BAD("%ld blocks alive at the end", g_live);
  ct_set_mem(NULL);
  free(g_page);
  return g_bad ? 1 : 0;
}
