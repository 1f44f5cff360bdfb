/* SPDX-License-Identifier: MIT */
/* claimtrack ingest --db PATH [--rules DIR] [--jobs N] FILE...|DIR|- :
 * scrape and extract pages on the shared batch loop (workers), store them
 * from the main thread in batched transactions (one savepoint per
 * article); --from-jsonl loads `extract` output instead. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_batch.h"
#include "cli_store.h"

static void usage(FILE *f) {
  fputs(
      "usage: claimtrack ingest --db PATH [--rules DIR] [--jobs N] [--quiet]\n"
      "                         FILE...|DIR|-\n"
      "       claimtrack ingest --db PATH --from-jsonl FILE...|-\n\n"
      "Store articles and their numeric claims in the fact store (one\n"
      "SQLite file, created when missing). HTML pages (.html, .htm, WARC\n"
      "records) are scraped; .txt files are taken as article text.\n"
      "Directories are walked; '-' reads one page (or a WARC) from\n"
      "standard input.\n\n"
      "An article is keyed by its canonical URL (else the WARC record URI,\n"
      "else its path) and the SHA-256 of its bytes: an unchanged page adds\n"
      "nothing, a changed one becomes a new version. Pages are scraped and\n"
      "extracted on worker threads and stored by one writer in batched\n"
      "transactions, each article atomic (a savepoint): several ingests may\n"
      "run at once, and a killed run loses only its last uncommitted batch.\n"
      "Resume: a page whose bytes are already stored under its name is\n"
      "skipped before it is scraped, so re-running the same inputs finishes\n"
      "the rest only.\n\n"
      "options:\n"
      "  --db PATH       the store (required)\n"
      "  --rules DIR     rule pack (default: $CLAIMTRACK_RULES or the\n"
      "                  bundled pack)\n"
      "  --from-jsonl    the inputs are JSON Lines written by 'claimtrack\n"
      "                  extract' (e.g. on other machines): each run of\n"
      "                  lines with one \"doc\" is an article keyed by that\n"
      "                  doc, hashed over its lines; headline claims\n"
      "                  (\"<doc>#title\") are not stored, as in a direct\n"
      "                  ingest; the article text keeps only the claims'\n"
      "                  spans\n" CLI_BATCH_HELP
      "  -h, --help      this help\n\n" CLI_BATCH_INPUT_HELP "\n"
      "A summary goes to stderr: added, unchanged, new versions, failed.\n"
      "exit codes: 0 every input stored; 2 usage error, unusable store or\n"
      "an input failed (the others are still stored)\n",
      f);
}

/* Articles per transaction (one fsync per batch instead of one per
 * article), and the longest a batch stays open: small, so that concurrent
 * ingests wait little and a killed run loses at most a few articles. */
#define BATCH_ARTICLES 4
#define BATCH_NS 200000000LL

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A diagnostic from the main thread (clears the progress line). */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  char msg[2048];
  int n = snprintf(msg, sizeof msg, "claimtrack: ingest: ");
  va_list ap;
  va_start(ap, fmt);
  int m = vsnprintf(msg + n, sizeof msg - (size_t)n - 1, fmt, ap);
  va_end(ap);
  size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
  if (len > sizeof msg - 2)
    len = sizeof msg - 2;
  msg[len++] = '\n';
  cli_batch_message(msg, len);
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

typedef struct counts {
  size_t added, unchanged, versioned, failed, claims;
} counts;

/* The single writer: counts and the open batch. */
typedef struct writer {
  ct_store *store;
  counts n;
  size_t pending;     /* articles stored in the open batch */
  size_t pending_new; /* of which added or new versions */
  size_t pending_claims;
  int64_t batch_start;
  bool unwritable; /* the store failed itself (disk full, I/O): stop */
} writer;

/* Report a failed store call; a failure of the store itself (disk full,
 * I/O error, read-only file) stops all further writes with one message. */
static void writer_failed(writer *w, const char *what, const ct_error *err,
                          ct_status st) {
  const char *msg = err->message[0] ? err->message : ct_strerror(st);
  if (!ct_store_unwritable(err)) {
    say("%s: %s", what, msg);
    return;
  }
  w->unwritable = true;
  say("%s: %s; the store cannot be written, stopping (articles committed "
      "before stay; run the same ingest again to complete it)",
      what, msg);
}

static bool writer_commit(writer *w) {
  if (!w->pending && !w->batch_start)
    return true;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_store_commit_batch(w->store, &err);
  bool ok = st == CT_OK;
  if (!ok) {
    char what[64];
    snprintf(what, sizeof what, "commit of %zu article%s", w->pending_new,
             w->pending_new == 1 ? "" : "s");
    writer_failed(w, what, &err, st);
    w->n.failed += w->pending_new;
    w->n.added -= w->pending_new <= w->n.added ? w->pending_new : w->n.added;
    w->n.claims -= w->pending_claims <= w->n.claims ? w->pending_claims : 0;
  }
  w->pending = w->pending_new = w->pending_claims = 0;
  w->batch_start = 0;
  return ok;
}

/* Store one article inside the current batch (opened on demand). */
static bool writer_put(writer *w, const ct_ingest_input *in, size_t nc,
                       const char *name) {
  ct_error err;
  memset(&err, 0, sizeof err);
  if (w->unwritable) {
    w->n.failed++;
    return false;
  }
  if (!w->batch_start) {
    ct_status st = ct_store_begin_batch(w->store, &err);
    if (st != CT_OK) {
      writer_failed(w, name, &err, st);
      w->n.failed++;
      return false;
    }
    w->batch_start = now_ns();
  }
  ct_ingest_outcome outcome;
  int version = 0;
  ct_status st = ct_store_ingest(w->store, in, &outcome, &version, &err);
  if (st != CT_OK) {
    writer_failed(w, name, &err, st);
    w->n.failed++;
  } else if (outcome == CT_INGEST_ADDED) {
    w->n.added++;
    w->n.claims += nc;
    w->pending_new++;
    w->pending_claims += nc;
  } else if (outcome == CT_INGEST_NEW_VERSION) {
    w->n.versioned++;
    w->n.claims += nc;
    w->pending_new++;
    w->pending_claims += nc;
    say("%s: changed, stored as version %d", in->key, version);
  } else {
    w->n.unchanged++;
  }
  w->pending++;
  if (w->pending >= BATCH_ARTICLES || now_ns() - w->batch_start >= BATCH_NS)
    writer_commit(w);
  return st == CT_OK;
}

/* ---- pages: scrape + extract on workers, store on the main thread ---- */

typedef struct page_ctx {
  const ct_engine *engine;
  const char *db;
  writer *w;
} page_ctx;

typedef struct worker {
  ct_extractor *ex;
  ct_store *ro; /* read-only connection for the resume check, or NULL */
} worker;

/* What a worker prepared for the writer. */
typedef struct prepared {
  bool already; /* resume: these bytes are stored under this name */
  ct_article *scraped;
  ct_article text_article;
  const ct_article *article;
  ct_doc *doc;
  const ct_claim **claims;
  size_t n_claims;
} prepared;

static void prepared_free(void *c, void *p) {
  (void)c;
  prepared *r = p;
  if (!r)
    return;
  free(r->claims);
  ct_doc_free(r->doc);
  ct_article_free(r->scraped);
  free(r);
}

static ct_status page_init(void *c, unsigned worker_no, void **state) {
  page_ctx *x = c;
  (void)worker_no;
  worker *wk = calloc(1, sizeof *wk);
  if (!wk)
    return CT_ENOMEM;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_extractor_new(x->engine, &wk->ex, &err);
  if (st != CT_OK) {
    free(wk);
    return st;
  }
  /* best effort: without it every page is scraped and compared by the
   * writer (still correct, only slower) */
  if (ct_store_open(x->db, CT_STORE_READ_ONLY, &wk->ro, &err) != CT_OK)
    wk->ro = NULL;
  *state = wk;
  return CT_OK;
}

static void page_fini(void *c, void *state) {
  (void)c;
  worker *wk = state;
  if (!wk)
    return;
  ct_extractor_free(wk->ex);
  ct_store_close(wk->ro);
  free(wk);
}

/* The name an article is stored under: the path without leading "./". */
static const char *file_name(const char *name) {
  while (strncmp(name, "./", 2) == 0)
    name += 2;
  return name;
}

static bool page_work(void *c, void *state, const ct_input_item *item,
                      void **extra, size_t *claims) {
  (void)c;
  worker *wk = state;
  const char *path = item->name;
  const char *file = file_name(path);
  prepared *r = calloc(1, sizeof *r);
  if (!r) {
    cli_err("ingest: %s: out of memory", path);
    return false;
  }
  *extra = r;
  ct_error err;
  memset(&err, 0, sizeof err);
  /* Resume: hash the bytes before any scraping. */
  bool found = false;
  if (wk->ro && strcmp(file, "-") != 0 &&
      ct_store_has_content(wk->ro, item->bytes, item->len, file, item->uri,
                           &found, &err) == CT_OK &&
      found) {
    r->already = true;
    return true;
  }
  ct_status st;
  if (!item->uri && (ends_with(path, ".txt") || ends_with(path, ".txt.gz"))) {
    r->text_article.text = item->bytes;
    r->text_article.text_len = item->len;
    r->article = &r->text_article;
  } else {
    /* item->uri: the record URI, used when no canonical URL */
    if (!cli_scrape(path, item->bytes, item->len, item->charset_hint, item->uri,
                    &r->scraped))
      return false;
    r->article = r->scraped;
  }
  ct_extract_options eo = CT_EXTRACT_OPTIONS_INIT;
  eo.published = r->article->published;
  eo.doc = path;
  st = ct_extract_text(wk->ex, r->article->text, r->article->text_len, &eo,
                       &r->doc, &err);
  if (st != CT_OK) {
    cli_err("ingest: %s: %s", path,
            err.message[0] ? err.message : ct_strerror(st));
    return false;
  }
  size_t nc = ct_doc_claim_count(r->doc);
  r->claims = calloc(nc ? nc : 1, sizeof *r->claims);
  if (!r->claims) {
    cli_err("ingest: %s: out of memory", path);
    return false;
  }
  for (size_t i = 0; i < nc; i++)
    r->claims[i] = ct_doc_claim(r->doc, i);
  r->n_claims = nc;
  *claims = nc;
  return true;
}

static bool page_consume(void *c, const ct_input_item *item, bool ok,
                         void *extra, bool has_output, size_t *claims) {
  page_ctx *x = c;
  prepared *r = extra;
  (void)has_output;
  bool stored = false;
  if (!ok || !r) {
    x->w->n.failed++;
  } else if (r->already) {
    x->w->n.unchanged++;
    *claims = 0;
    stored = true;
  } else {
    const char *file = file_name(item->name);
    const char *key = r->article->url ? r->article->url : file;
    ct_ingest_input in = {key,
                          item->bytes,
                          item->len,
                          r->article,
                          r->claims,
                          r->n_claims,
                          strcmp(file, "-") ? file : NULL};
    stored = writer_put(x->w, &in, r->n_claims, item->name);
  }
  prepared_free(NULL, r);
  return stored;
}

/* ---- --from-jsonl: claims extracted elsewhere ---- */

/* An article for a group of claims: the text holds each claim's bytes at
 * its span (spaces elsewhere), so that offsets stay valid. */
static bool jsonl_group(writer *w, const ct_jsonl_doc *g, size_t *titles) {
  if (!g->doc || !*g->doc) {
    say("line %zu: claims without a \"doc\"", g->first_line);
    w->n.failed++;
    return false;
  }
  if (ends_with(g->doc, "#title")) { /* headline claims: not stored */
    (*titles)++;
    return true;
  }
  size_t tlen = 0;
  for (size_t i = 0; i < g->n_claims; i++)
    if (g->claims[i].end > tlen)
      tlen = g->claims[i].end;
  if (tlen > CT_MAX_INPUT_BYTES) {
    say("%s (line %zu): claim offsets beyond the input limit", g->doc,
        g->first_line);
    w->n.failed++;
    return false;
  }
  char *text = malloc(tlen + 1);
  const ct_claim **cl = calloc(g->n_claims ? g->n_claims : 1, sizeof *cl);
  if (!text || !cl) {
    free(text);
    free(cl);
    say("%s: out of memory", g->doc);
    w->n.failed++;
    return false;
  }
  memset(text, ' ', tlen);
  text[tlen] = '\0';
  for (size_t i = 0; i < g->n_claims; i++) {
    const ct_claim *k = &g->claims[i];
    cl[i] = k;
    if (k->text && k->start <= k->end && strlen(k->text) == k->end - k->start)
      memcpy(text + k->start, k->text, k->end - k->start);
  }
  ct_article a;
  memset(&a, 0, sizeof a);
  a.text = text;
  a.text_len = tlen;
  if (strncmp(g->doc, "http://", 7) == 0 || strncmp(g->doc, "https://", 8) == 0)
    a.url = g->doc;
  ct_ingest_input in = {g->doc, g->lines,    g->lines_len, &a,
                        cl,     g->n_claims, NULL};
  bool ok = writer_put(w, &in, g->n_claims, g->doc);
  free(cl);
  free(text);
  return ok;
}

static void from_jsonl(writer *w, char **files, int n, bool quiet) {
  ct_progress *pr = NULL;
  if (ct_progress_new(2, quiet, -1, &pr) != CT_OK)
    pr = NULL;
  size_t titles = 0;
  for (int i = 0; i < n; i++) {
    ct_jsonl_reader *rd = NULL;
    ct_error err;
    memset(&err, 0, sizeof err);
    ct_status st = ct_jsonl_open(files[i], &rd, &err);
    if (st != CT_OK) {
      say("%s", err.message[0] ? err.message : ct_strerror(st));
      w->n.failed++;
      if (pr)
        ct_progress_add(pr, 0, 0, 1);
      continue;
    }
    for (;;) {
      ct_jsonl_doc *g = NULL;
      memset(&err, 0, sizeof err);
      st = ct_jsonl_next(rd, &g, &err);
      if (st == CT_EPARSE) { /* a malformed line: skipped */
        say("%s", err.message);
        w->n.failed++;
        if (pr)
          ct_progress_add(pr, 0, 0, 1);
        continue;
      }
      if (st != CT_OK) {
        say("%s: %s", files[i], err.message[0] ? err.message : ct_strerror(st));
        w->n.failed++;
        if (pr)
          ct_progress_add(pr, 0, 0, 1);
        break;
      }
      if (!g)
        break;
      size_t before = titles;
      bool ok = jsonl_group(w, g, &titles);
      if (pr && titles == before) /* headline groups are not articles */
        ct_progress_add(pr, 1, g->n_claims, ok ? 0 : 1);
      ct_jsonl_doc_free(g);
    }
    ct_jsonl_close(rd);
  }
  if (pr) {
    ct_progress_finish(pr);
    ct_progress_free(pr);
  }
}

int ct_cmd_ingest(int argc, char **argv) {
  /* batch options and --from-jsonl first; the rest is cli_store_parse's */
  cli_batch_opts bopts = CLI_BATCH_OPTS_INIT;
  bool jsonl = false;
  char **av = calloc((size_t)argc + 1, sizeof *av);
  if (!av) {
    cli_err("out of memory");
    return CT_EXIT_USAGE;
  }
  int ac = 0;
  for (int i = 0; i < argc; i++) {
    if (i > 0 && strcmp(argv[i], "--") == 0) {
      while (i < argc)
        av[ac++] = argv[i++];
      break;
    }
    if (i > 0 && strcmp(argv[i], "--from-jsonl") == 0) {
      jsonl = true;
      continue;
    }
    int b = i > 0 ? cli_batch_option("ingest", argc, argv, &i, &bopts) : 0;
    if (b < 0) {
      free(av);
      return CT_EXIT_USAGE;
    }
    if (b == 0)
      av[ac++] = argv[i];
  }
  cli_store_args args;
  int rc = cli_store_parse("ingest", ac, av, CLI_OPT_RULES, usage, &args);
  if (rc >= 0) {
    cli_store_args_free(&args);
    free(av);
    return rc;
  }
  if (args.n_rest == 0) {
    cli_err("ingest: no input (give FILE..., DIR or - for stdin)");
    usage(stderr);
    cli_store_args_free(&args);
    free(av);
    return CT_EXIT_USAGE;
  }
  ct_engine *engine = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  rc = CT_EXIT_USAGE;
  writer w;
  memset(&w, 0, sizeof w);
  w.store = cli_store_open("ingest", args.db, false);
  if (!w.store)
    goto done;
  if (jsonl) {
    from_jsonl(&w, args.rest, args.n_rest, bopts.quiet);
  } else {
    ct_status st = ct_engine_new(cli_rules_dir(args.rules), &engine, &err);
    if (st != CT_OK) {
      cli_err("ingest: %s", err.message[0] ? err.message : ct_strerror(st));
      goto done;
    }
    static const char *const exts[] = {".html", ".htm",  ".txt",
                                       ".gz",   ".warc", NULL};
    page_ctx x = {engine, args.db, &w};
    cli_batch_job job = {&x,        page_init,    page_fini,
                         page_work, page_consume, prepared_free};
    size_t failed = 0;
    cli_batch_run("ingest", args.rest, args.n_rest, exts, &bopts, &job,
                  &failed);
    if (failed > w.n.failed) /* inputs that failed before the writer */
      w.n.failed = failed;
  }
  writer_commit(&w);
  fprintf(stderr,
          "claimtrack: ingest: %zu added, %zu unchanged, %zu new version%s, "
          "%zu failed (%zu claims stored)\n",
          w.n.added, w.n.unchanged, w.n.versioned,
          w.n.versioned == 1 ? "" : "s", w.n.failed, w.n.claims);
  rc = w.n.failed ? CT_EXIT_USAGE : CT_EXIT_OK;
done:
  ct_engine_free(engine);
  if (ct_store_close(w.store) != CT_OK) {
    cli_err("ingest: closing the store failed");
    rc = CT_EXIT_USAGE;
  }
  cli_store_args_free(&args);
  free(av);
  return rc;
}
