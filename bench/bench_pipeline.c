/* SPDX-License-Identifier: MIT */
/* Benchmark driver for bench/run.sh: one measurement per run, printed as
 * "key value" lines. The pipeline goes through the public API only; the
 * baselines call libxml2 and ICU directly on the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "claimtrack/claimtrack.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
         (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static long peak_rss_kib(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static void quiet(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

static void usage(void) {
  fputs("usage: ct_bench_pipeline MODE [--jobs N] [--repeat R] [--rules DIR]\n"
        "                         [--out DIR] INPUT...\n"
        "modes: html     HTML -> claims through ct_batch_run (pages/s)\n"
        "       libxml2  bare htmlReadMemory over the same pages (pages/s)\n"
        "       text     article text -> claims (MB/s of text)\n"
        "       icu      bare ICU sentence iteration over the same text\n"
        "       ingest   store articles + claims in a new SQLite file\n"
        "       texts    write each article's text to --out DIR\n",
        stderr);
}

/* ---- pages in memory (read once through the batch input iterator) ---- */
typedef struct page {
  char *name, *uri, *charset;
  char *bytes;
  size_t len;
} page;
typedef struct pages {
  page *v;
  size_t n;
  size_t bytes;
} pages;

static char *xdup(const char *s) { return s ? strdup(s) : NULL; }

static int load_pages(char **args, int n, pages *out) {
  ct_input_iter *it = NULL;
  ct_error err;
  memset(out, 0, sizeof *out);
  if (ct_input_iter_new((const char *const *)args, (size_t)n, NULL, &it,
                        &err) != CT_OK)
    return -1;
  for (;;) {
    ct_input_item *item = NULL;
    if (ct_input_iter_next(it, &item) != CT_OK)
      return -1;
    if (!item)
      break;
    if (item->status == CT_OK) {
      out->v = realloc(out->v, (out->n + 1) * sizeof *out->v);
      page *p = &out->v[out->n++];
      p->name = xdup(item->name);
      p->uri = xdup(item->uri);
      p->charset = xdup(item->charset_hint);
      p->bytes = malloc(item->len + 1);
      memcpy(p->bytes, item->bytes, item->len + 1);
      p->len = item->len;
      out->bytes += item->len;
    } else {
      fprintf(stderr, "bench: skipping %s\n", item->error);
    }
    ct_input_item_free(item);
  }
  ct_input_iter_free(it);
  return 0;
}

/* ---- html: the pipeline through the worker pool ---- */
typedef struct run_ctx {
  const ct_engine *engine;
  size_t claims, pages, errors;
} run_ctx;

typedef struct result {
  size_t claims;
  bool ok;
} result;

static ct_status w_init(void *c, unsigned worker, void **state) {
  run_ctx *x = c;
  (void)worker;
  return ct_extractor_new(x->engine, (ct_extractor **)state, NULL);
}

static void w_fini(void *c, void *state) {
  (void)c;
  ct_extractor_free(state);
}

static void *w_work(void *c, void *state, const ct_input_item *item) {
  (void)c;
  result *r = calloc(1, sizeof *r);
  ct_scrape_options so = CT_SCRAPE_OPTIONS_INIT;
  so.charset_hint = item->charset_hint;
  so.url = item->uri;
  ct_article *art = NULL;
  if (ct_scrape(item->bytes, item->len, &so, &art, NULL) != CT_OK)
    return r;
  ct_extract_options eo = CT_EXTRACT_OPTIONS_INIT;
  eo.published = art->published;
  eo.doc = art->url ? art->url : item->uri ? item->uri : item->name;
  ct_doc *doc = NULL;
  if (ct_extract_text(state, art->text, art->text_len, &eo, &doc, NULL) ==
      CT_OK) {
    r->claims = ct_doc_claim_count(doc);
    r->ok = true;
    /* the output a user would get: every claim as JSON */
    for (size_t i = 0; i < r->claims; i++)
      ct_free(ct_claim_json_dup(ct_doc_claim(doc, i), eo.doc, NULL));
  }
  ct_doc_free(doc);
  ct_article_free(art);
  return r;
}

static bool w_consume(void *c, const ct_input_item *item, void *res) {
  run_ctx *x = c;
  result *r = res;
  (void)item;
  x->pages++;
  if (r && r->ok)
    x->claims += r->claims;
  else
    x->errors++;
  free(r);
  return true;
}

static void w_drop(void *c, void *res) {
  (void)c;
  free(res);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    usage();
    return 2;
  }
  const char *mode = argv[1];
  unsigned jobs = 1;
  int repeat = 1;
  const char *rules = "rules";
  const char *outdir = NULL;
  int i = 2;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc)
      jobs = (unsigned)atoi(argv[++i]);
    else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
      repeat = atoi(argv[++i]);
    else if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc)
      rules = argv[++i];
    else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
      outdir = argv[++i];
    else
      break;
  }
  if (i >= argc || repeat < 1) {
    usage();
    return 2;
  }
  pages pg;
  if (load_pages(argv + i, argc - i, &pg) != 0 || pg.n == 0) {
    fprintf(stderr, "bench: no pages\n");
    return 2;
  }
  printf("pages %zu\nbytes %zu\nrepeat %d\njobs %u\n", pg.n, pg.bytes, repeat,
         jobs);

  if (strcmp(mode, "libxml2") == 0) {
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, quiet);
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
               HTML_PARSE_NOWARNING;
    double t0 = now_s(), c0 = cpu_s();
    for (int r = 0; r < repeat; r++)
      for (size_t k = 0; k < pg.n; k++) {
        htmlDocPtr d = htmlReadMemory(pg.v[k].bytes, (int)pg.v[k].len,
                                      pg.v[k].uri, pg.v[k].charset, opts);
        xmlFreeDoc(d);
      }
    double t = now_s() - t0, c = cpu_s() - c0;
    printf("seconds %.4f\npages_per_s %.2f\npages_per_cpu_s %.2f\n", t,
           (double)pg.n * repeat / t, (double)pg.n * repeat / c);
    printf("peak_rss_kib %ld\n", peak_rss_kib());
    return 0;
  }

  ct_engine *engine = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  if (ct_engine_new(rules, &engine, &err) != CT_OK) {
    fprintf(stderr, "bench: rules %s: %s\n", rules, err.message);
    return 2;
  }

  if (strcmp(mode, "html") == 0) {
    /* the pages are given again to the input iterator each round: reading
     * and decompressing is part of the pipeline (from the page cache) */
    run_ctx x = {engine, 0, 0, 0};
    ct_batch_callbacks cb = {&x, w_init, w_work, w_consume, w_drop, w_fini};
    ct_batch_options bo = CT_BATCH_OPTIONS_INIT;
    bo.jobs = jobs;
    double t0 = now_s(), c0 = cpu_s();
    for (int r = 0; r < repeat; r++) {
      ct_input_iter *it = NULL;
      ct_input_iter_new((const char *const *)(argv + i), (size_t)(argc - i),
                        NULL, &it, NULL);
      ct_status st = ct_batch_run(&bo, it, &cb, &err);
      ct_input_iter_free(it);
      if (st != CT_OK) {
        fprintf(stderr, "bench: %s\n", err.message);
        return 2;
      }
    }
    double t = now_s() - t0, c = cpu_s() - c0;
    printf("seconds %.4f\npages_per_s %.2f\npages_per_cpu_s %.2f\nclaims %zu\n"
           "errors %zu\n",
           t, (double)x.pages / t, (double)x.pages / c,
           x.claims / (size_t)repeat, x.errors / (size_t)repeat);
    printf("peak_rss_kib %ld\n", peak_rss_kib());
    ct_engine_free(engine);
    return 0;
  }

  /* the remaining modes work on article texts */
  char **texts = calloc(pg.n, sizeof *texts);
  size_t *lens = calloc(pg.n, sizeof *lens);
  ct_article **arts = calloc(pg.n, sizeof *arts);
  size_t text_bytes = 0;
  for (size_t k = 0; k < pg.n; k++) {
    ct_scrape_options so = CT_SCRAPE_OPTIONS_INIT;
    so.charset_hint = pg.v[k].charset;
    so.url = pg.v[k].uri;
    if (ct_scrape(pg.v[k].bytes, pg.v[k].len, &so, &arts[k], NULL) != CT_OK)
      continue;
    texts[k] = (char *)arts[k]->text;
    lens[k] = arts[k]->text_len;
    text_bytes += lens[k];
  }
  printf("text_bytes %zu\n", text_bytes);

  if (strcmp(mode, "texts") == 0) {
    for (size_t k = 0; outdir && k < pg.n; k++) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%04zu.txt", outdir, k);
      FILE *f = fopen(path, "wb");
      if (!f)
        return 2;
      fwrite(texts[k] ? texts[k] : "", 1, lens[k], f);
      fclose(f);
    }
  } else if (strcmp(mode, "text") == 0) {
    ct_extractor *ex = NULL;
    ct_extractor_new(engine, &ex, NULL);
    size_t claims = 0;
    double t0 = now_s();
    for (int r = 0; r < repeat; r++)
      for (size_t k = 0; k < pg.n; k++) {
        if (!texts[k])
          continue;
        ct_extract_options eo = CT_EXTRACT_OPTIONS_INIT;
        eo.published = arts[k]->published;
        ct_doc *doc = NULL;
        if (ct_extract_text(ex, texts[k], lens[k], &eo, &doc, NULL) == CT_OK)
          claims += ct_doc_claim_count(doc);
        ct_doc_free(doc);
      }
    double t = now_s() - t0;
    printf("seconds %.4f\nmb_per_s %.3f\nclaims %zu\n", t,
           (double)text_bytes * repeat / t / 1e6, claims / (size_t)repeat);
    ct_extractor_free(ex);
  } else if (strcmp(mode, "icu") == 0) {
    UErrorCode ue = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "zh", NULL, 0, &ue);
    size_t sentences = 0;
    double t0 = now_s();
    for (int r = 0; r < repeat && U_SUCCESS(ue); r++)
      for (size_t k = 0; k < pg.n; k++) {
        if (!texts[k])
          continue;
        UText *ut = utext_openUTF8(NULL, texts[k], (int64_t)lens[k], &ue);
        ubrk_setUText(bi, ut, &ue);
        for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
          sentences++;
        utext_close(ut);
      }
    double t = now_s() - t0;
    ubrk_close(bi);
    if (U_FAILURE(ue)) {
      fprintf(stderr, "bench: ICU: %s\n", u_errorName(ue));
      return 2;
    }
    printf("seconds %.4f\nmb_per_s %.3f\nsentences %zu\n", t,
           (double)text_bytes * repeat / t / 1e6, sentences / (size_t)repeat);
  } else if (strcmp(mode, "ingest") == 0) {
    if (!outdir) {
      fprintf(stderr, "bench: ingest needs --out FILE.db\n");
      return 2;
    }
    ct_store *store = NULL;
    if (ct_store_open(outdir, 0, &store, &err) != CT_OK) {
      fprintf(stderr, "bench: store: %s\n", err.message);
      return 2;
    }
    ct_extractor *ex = NULL;
    ct_extractor_new(engine, &ex, NULL);
    ct_doc **docs = calloc(pg.n, sizeof *docs);
    for (size_t k = 0; k < pg.n; k++) {
      ct_extract_options eo = CT_EXTRACT_OPTIONS_INIT;
      eo.published = texts[k] ? arts[k]->published : NULL;
      if (texts[k])
        ct_extract_text(ex, texts[k], lens[k], &eo, &docs[k], NULL);
    }
    size_t rows = 0, articles = 0;
    double t0 = now_s();
    for (int r = 0; r < repeat; r++)
      for (size_t k = 0; k < pg.n; k++) {
        if (!docs[k])
          continue;
        size_t nc = ct_doc_claim_count(docs[k]);
        const ct_claim **cl = calloc(nc ? nc : 1, sizeof *cl);
        for (size_t c = 0; c < nc; c++)
          cl[c] = ct_doc_claim(docs[k], c);
        char key[4200];
        snprintf(key, sizeof key, "%s#bench-%d", pg.v[k].name, r);
        ct_ingest_input in = {key, NULL, 0, arts[k], cl, nc, NULL};
        ct_ingest_outcome oc;
        /* content differs per round through the key only: hash the key */
        in.content = key;
        in.content_len = strlen(key);
        if (ct_store_ingest(store, &in, &oc, NULL, &err) == CT_OK) {
          rows += nc;
          articles++;
        }
        free(cl);
      }
    double t = now_s() - t0;
    printf("seconds %.4f\narticles %zu\nclaim_rows %zu\nrows_per_s %.1f\n"
           "articles_per_s %.1f\n",
           t, articles, rows, (double)rows / t, (double)articles / t);
    for (size_t k = 0; k < pg.n; k++)
      ct_doc_free(docs[k]);
    free(docs);
    ct_extractor_free(ex);
    ct_store_close(store);
  } else {
    usage();
    return 2;
  }
  printf("peak_rss_kib %ld\n", peak_rss_kib());
  for (size_t k = 0; k < pg.n; k++)
    ct_article_free(arts[k]);
  ct_engine_free(engine);
  return 0;
}
