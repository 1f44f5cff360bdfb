/* SPDX-License-Identifier: MIT */
/* Pathological inputs (RELIABILITY.md section 8): each case builds one
 * hostile page or text, runs it through ct_scrape and ct_extract_text, and
 * checks a clean result or a clear error within the time budget (2 s; 6 s
 * in sanitizer builds, which run several times slower).
 *   test_pathological CASE      (ctest runs one case per test) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claimtrack/claimtrack.h"

#if defined(__SANITIZE_ADDRESS__)
#define CT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CT_SANITIZED 1
#endif
#endif
#ifdef CT_SANITIZED
static const double k_budget = 6.0;
#else
static const double k_budget = 2.0;
#endif

static int g_fail;
#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);          \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
      g_fail = 1;                                                              \
    }                                                                          \
  } while (0)

/* ---- a growable input buffer ---- */
typedef struct gbuf {
  char *p;
  size_t len, cap;
} gbuf;

static void put(gbuf *b, const void *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1)
      cap *= 2;
    char *q = realloc(b->p, cap);
    if (!q) {
      fprintf(stderr, "out of memory building the input\n");
      exit(2);
    }
    b->p = q;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}
static void puts_(gbuf *b, const char *s) { put(b, s, strlen(s)); }
static void rep(gbuf *b, const char *s, size_t times) {
  size_t n = strlen(s);
  for (size_t i = 0; i < times; i++)
    put(b, s, n);
}

static double clock_s(clockid_t id) {
  struct timespec t;
  clock_gettime(id, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
/* The budget is checked on CPU time (the test machine is shared, so wall
 * time also counts other processes); wall time gets three budgets. */
static double now(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }
static double wall(void) { return clock_s(CLOCK_MONOTONIC); }

static ct_engine *g_engine;
static ct_extractor *g_ex;

/* Result of one run. */
typedef struct run {
  ct_status scrape, extract;
  size_t text_len, claims, sentences, limit_hits, replaced;
  bool text_has_72; /* the scraped text contains "72%" */
  size_t max_sentence;
  double secs, scrape_secs, wall_secs;
} run;

static void check_claims(const char *text, size_t len, const ct_doc *doc,
                         run *r) {
  size_t n = ct_doc_claim_count(doc);
  for (size_t i = 0; i < n; i++) {
    const ct_claim *c = ct_doc_claim(doc, i);
    CHECK(c->start < c->end && c->end <= len, "claim span in range");
    CHECK(memcmp(c->text, text + c->start, c->end - c->start) == 0,
          "text == input[start:end]");
    CHECK(!c->has_value || isfinite(c->value), "finite value");
    size_t sl = c->sentence_end - c->sentence_start;
    if (sl > r->max_sentence)
      r->max_sentence = sl;
  }
}

/* Extract from text (when it is not NULL) and time it with the scrape. */
static void extract(const char *text, size_t len, run *r) {
  ct_doc *doc = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  r->extract = ct_extract_text(g_ex, text, len, NULL, &doc, &err);
  if (r->extract != CT_OK) {
    CHECK(err.message[0] != '\0', "a failed extraction says why");
    printf("  extract: %s: %s\n", ct_strerror(r->extract), err.message);
    return;
  }
  ct_doc_stats s = ct_doc_get_stats(doc);
  r->claims = ct_doc_claim_count(doc);
  r->sentences = s.sentences;
  r->limit_hits = s.rule_limit_hits;
  check_claims(text, len, doc, r);
  ct_doc_free(doc);
}

static run scrape_extract(const char *page, size_t len, const char *hint) {
  run r;
  memset(&r, 0, sizeof r);
  r.extract = CT_OK;
  double t0 = now(), w0 = wall();
  ct_article *a = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_scrape_options o = CT_SCRAPE_OPTIONS_INIT;
  o.charset_hint = hint;
  r.scrape = ct_scrape(page, len, &o, &a, &err);
  if (r.scrape == CT_OK) {
    r.text_len = a->text_len;
    r.replaced = a->n_replaced;
    r.text_has_72 = strstr(a->text, "72%") != NULL;
    r.scrape_secs = now() - t0;
    extract(a->text, a->text_len, &r);
    ct_article_free(a);
  } else {
    CHECK(err.message[0] != '\0', "a failed scrape says why");
    CHECK(a == NULL, "no article on failure");
    printf("  scrape: %s: %s\n", ct_strerror(r.scrape), err.message);
  }
  r.secs = now() - t0;
  r.wall_secs = wall() - w0;
  return r;
}

static run text_only(const char *text, size_t len) {
  run r;
  memset(&r, 0, sizeof r);
  double t0 = now(), w0 = wall();
  extract(text, len, &r);
  r.secs = now() - t0;
  r.wall_secs = wall() - w0;
  return r;
}

static void report(const char *name, size_t in_len, const run *r) {
  printf("%-14s %9zu bytes in: scrape %-8s extract %-8s %8zu text bytes %6zu "
         "sentences %6zu claims %4zu limit hits  cpu %.3f s (scrape %.3f) "
         "wall %.3f s (budget %.0f s)\n",
         name, in_len, ct_strerror(r->scrape), ct_strerror(r->extract),
         r->text_len, r->sentences, r->claims, r->limit_hits, r->secs,
         r->scrape_secs, r->wall_secs, k_budget);
  CHECK(r->secs < k_budget, "%s took %.3f s of CPU", name, r->secs);
  CHECK(r->wall_secs < 3 * k_budget, "%s took %.3f s", name, r->wall_secs);
  CHECK(r->max_sentence <= CT_MAX_SENTENCE_BYTES,
        "sentence of %zu bytes over the cap", r->max_sentence);
}

static const char k_head[] = "<html><head><meta charset=\"utf-8\"><title>"
                             "稀土</title></head><body>";

/* xorshift, fixed seed: the same "random" bytes every run */
static uint64_t g_rng = 0x9E3779B97F4A7C15u;
static uint8_t rnd(void) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 7;
  g_rng ^= g_rng << 17;
  return (uint8_t)(g_rng >> 24);
}

/* Write `body` as DIR/evil.rules and load the pack. */
static ct_status load_pack(const char *dir, const char *body, ct_engine **e,
                           ct_error *err) {
  char path[256];
  snprintf(path, sizeof path, "%s/evil.rules", dir);
  FILE *f = fopen(path, "wb");
  if (!f || fputs(body, f) < 0 || fclose(f) != 0) {
    perror(path);
    exit(2);
  }
  memset(err, 0, sizeof *err);
  *e = NULL;
  return ct_engine_new(dir, e, err);
}

/* Rule-pack limits: pattern size, parenthesis nesting, and a rule that
 * backtracks catastrophically (the PCRE2 match limit stops it; the hit is
 * counted and extraction goes on). */
static int rule_limits(void) {
  char dir[] = "/tmp/ct-patho-rules-XXXXXX";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 2;
  }
  gbuf b = {0};
  ct_engine *e = NULL;
  ct_error err;
  /* a pattern over the 64 KiB compile limit */
  puts_(&b, "Rule: evil.big\nKind: number\nPattern: (?<value>[0-9]++)");
  rep(&b, "(?:x)?", 12000);
  puts_(&b, "\n");
  double t0 = now();
  ct_status st = load_pack(dir, b.p, &e, &err);
  printf("pattern of %zu bytes: %s: %s (%.3f s)\n", b.len, ct_strerror(st),
         err.message, now() - t0);
  CHECK(st == CT_ERULE && strstr(err.message, "evil.rules:"),
        "oversized pattern is CT_ERULE naming the file");
  ct_engine_free(e);
  /* parentheses nested 200 deep (limit 64) */
  b.len = 0;
  puts_(&b, "Rule: evil.nest\nKind: number\nPattern: ");
  rep(&b, "(?:", 200);
  puts_(&b, "(?<value>[0-9]++)");
  rep(&b, ")", 200);
  puts_(&b, "\n");
  st = load_pack(dir, b.p, &e, &err);
  printf("nesting 200: %s: %s\n", ct_strerror(st), err.message);
  CHECK(st == CT_ERULE && strstr(err.message, "evil.rules:"),
        "deep nesting is CT_ERULE naming the file");
  ct_engine_free(e);
  /* catastrophic backtracking: nested unlimited repeats */
  st = load_pack(dir,
                 "Rule: evil.backtrack\nKind: number\n"
                 "Pattern: (?<value>(?:[0-9]+)+)%[a-z]y\n",
                 &e, &err);
  CHECK(st == CT_OK, "the backtracking rule loads: %s", err.message);
  if (st == CT_OK) {
    ct_extractor *x = NULL;
    CHECK(ct_extractor_new(e, &x, &err) == CT_OK, "extractor");
    b.len = 0;
    puts_(&b, "增长");
    rep(&b, "1", 3000);
    puts_(&b, "%,ay。"); /* 'y' present: no early "required y" exit */
    ct_doc *doc = NULL;
    t0 = now();
    st = ct_extract_text(x, b.p, b.len, NULL, &doc, &err);
    double secs = now() - t0;
    ct_doc_stats s = doc ? ct_doc_get_stats(doc) : (ct_doc_stats){0};
    printf("backtracking rule on %zu digits: %s, %zu limit hits, %.3f s\n",
           b.len, ct_strerror(st), s.rule_limit_hits, secs);
    CHECK(st == CT_OK, "extraction goes on");
    CHECK(s.rule_limit_hits > 0, "the PCRE2 limit hit is counted");
    CHECK(secs < k_budget, "stopped within the budget");
    ct_doc_free(doc);
    ct_extractor_free(x);
  }
  ct_engine_free(e);
  char path[256];
  snprintf(path, sizeof path, "%s/evil.rules", dir);
  remove(path);
  remove(dir);
  free(b.p);
  return 0;
}

static int run_case(const char *name) {
  gbuf b = {0};
  run r;
  if (strcmp(name, "nested") == 0) { /* 200,000 nested tags */
    puts_(&b, k_head);
    rep(&b, "<div>", 200000);
    puts_(&b, "<p>中国稀土产量占全球的72%。</p>");
    rep(&b, "</div>", 200000);
    puts_(&b, "</body></html>");
    r = scrape_extract(b.p, b.len, NULL);
    CHECK(r.scrape == CT_OK || r.scrape == CT_EPARSE, "clean or EPARSE");
  } else if (strcmp(name, "nested_mixed") == 0) { /* unclosed, mixed tags */
    puts_(&b, k_head);
    for (int i = 0; i < 200000; i++)
      puts_(&b, i % 3 == 0 ? "<div>" : i % 3 == 1 ? "<span>" : "<p><b>");
    puts_(&b, "增长72%");
    r = scrape_extract(b.p, b.len, NULL);
    CHECK(r.scrape == CT_OK || r.scrape == CT_EPARSE, "clean or EPARSE");
  } else if (strcmp(name, "paragraph10mb") == 0) { /* a 10 MB paragraph */
    puts_(&b, k_head);
    puts_(&b, "<p>");
    while (b.len < 10u * 1024 * 1024)
      puts_(&b, "稀土产业链上下游企业数量持续增加而且市场规模不断扩大");
    puts_(&b, "</p></body></html>");
    r = scrape_extract(b.p, b.len, NULL);
    CHECK(r.scrape == CT_OK || r.scrape == CT_ELIMIT || r.scrape == CT_EPARSE,
          "clean or a limit");
  } else if (strcmp(name, "dense_claims") == 0) {
    /* 4 MiB on one line, a claim every 108 bytes (~39,000 claims): cost
     * grows with the claims, not only the bytes (README "Limits"); the
     * size is in KiB for experiments */
    const char *kb = getenv("CT_PATHOLOGICAL_KB");
    size_t cap = (kb ? (size_t)atoi(kb) : 4096u) * 1024;
    while (b.len < cap)
      puts_(&b, "稀土产业链上下游企业数量持续增加，市场规模不断扩大，"
                "其中出口同比增长12%。");
    r = text_only(b.p, b.len);
    CHECK(r.extract == CT_OK && r.claims >= cap / 108 - 1, "every claim found");
  } else if (strcmp(name, "digits200k") == 0) { /* 200,000 digits */
    puts_(&b, k_head);
    puts_(&b, "<p>产量为");
    rep(&b, "7", 200000);
    puts_(&b, "%,另一数字为72%。</p></body></html>");
    r = scrape_extract(b.p, b.len, NULL);
    CHECK(r.scrape == CT_OK, "scrape ok");
    CHECK(r.text_has_72, "text kept");
  } else if (strcmp(name, "percent1m") == 0) { /* a million % */
    puts_(&b, k_head);
    puts_(&b, "<p>增长72");
    rep(&b, "%", 1000000);
    puts_(&b, "</p></body></html>");
    r = scrape_extract(b.p, b.len, NULL);
    CHECK(r.scrape == CT_OK, "scrape ok");
  } else if (strcmp(name, "numbers_commas") == 0) { /* regex stress */
    puts_(&b, "约");
    for (int i = 0; i < 100000; i++)
      puts_(&b, i % 2 ? "1,000" : "万亿");
    puts_(&b, "多%以上");
    r = text_only(b.p, b.len);
    CHECK(r.extract == CT_OK, "extract ok");
  } else if (strcmp(name, "random") == 0) { /* 1 MB of random bytes */
    for (int i = 0; i < 1 << 20; i++) {
      char c = (char)rnd();
      put(&b, &c, 1);
    }
    r = scrape_extract(b.p, b.len, NULL);
    CHECK(r.scrape == CT_OK || r.scrape == CT_EPARSE ||
              r.scrape == CT_EENCODING,
          "clean or a parse/encoding error");
    run t = text_only(b.p, b.len);
    report("random(text)", b.len, &t);
    CHECK(t.extract == CT_OK, "random text extracts");
  } else if (strcmp(name, "nul") == 0) { /* NUL bytes */
    puts_(&b, k_head);
    static const char p1[] = "<p>据统计,中国稀土\0产量占全球的72%。\0\0\0"
                             "</p><p>出口增长\0\0 5.2%,收入16.4亿元。</p>";
    put(&b, p1, sizeof p1 - 1);
    for (int i = 0; i < 100000; i++)
      put(&b, "\0", 1);
    puts_(&b, "</body></html>");
    r = scrape_extract(b.p, b.len, NULL);
    CHECK(r.scrape == CT_OK, "scrape ok");
    CHECK(r.text_has_72, "text after a NUL is kept");
    run t = text_only(b.p, b.len);
    report("nul(text)", b.len, &t);
    CHECK(t.extract == CT_OK, "text with NULs extracts");
  } else if (strcmp(name, "invalid_utf8") == 0) { /* invalid UTF-8 */
    puts_(&b, k_head);
    puts_(&b, "<p>产量\xff\xfe\xc0\xaf\xed\xa0\x80增长\xe4\xb8");
    puts_(&b, "72%。\xf4\x90\x80\x80\x80</p>");
    for (int i = 0; i < 200000; i++)
      puts_(&b, "\xe4\xb8\xad\x80");
    puts_(&b, "</body></html>");
    r = scrape_extract(b.p, b.len, NULL);
    CHECK(r.scrape == CT_OK, "scrape ok");
    CHECK(r.text_has_72, "text kept");
    CHECK(r.replaced > 0, "invalid bytes counted");
    run t = text_only(b.p, b.len);
    report("invalid(text)", b.len, &t);
    CHECK(t.extract == CT_OK && t.claims >= 1, "claims from invalid text");
  } else if (strcmp(name, "gbk_gb2312") == 0) { /* GBK bytes, gb2312 label */
    puts_(&b, "<html><head><meta http-equiv=\"Content-Type\" content=\"text/"
              "html; charset=gb2312\"><title>x</title></head><body><p>");
    /* 朱镕基 (镕 = E9 46 is GBK only) then 中国占比72%。 in GBK */
    puts_(&b, "\xd6\xec\xe9\x46\xbb\xf9\xd6\xd0\xb9\xfa\xd5\xbc\xb1\xc8"
              "72%\xa1\xa3</p>");
    for (int i = 0; i < 20000; i++) /* 中国 */
      puts_(&b, "<p>\xd6\xd0\xb9\xfa</p>");
    puts_(&b, "</body></html>");
    r = scrape_extract(b.p, b.len, NULL);
    CHECK(r.scrape == CT_OK, "scrape ok");
    CHECK(r.text_has_72, "no silent truncation at the GBK-only byte");
    CHECK(r.replaced == 0, "GBK decodes without replacement");
    CHECK(r.claims >= 1, "the 72%% claim is found");
  } else if (strcmp(name, "over_cap") == 0) { /* input over the cap */
    size_t n = CT_MAX_INPUT_BYTES + 1;
    b.p = malloc(n);
    if (!b.p)
      return 2;
    memset(b.p, 'a', n);
    b.len = n;
    r = scrape_extract(b.p, b.len, NULL);
    CHECK(r.scrape == CT_ELIMIT, "CT_ELIMIT");
    run t = text_only(b.p, b.len);
    report("over_cap(text)", b.len, &t);
    CHECK(t.extract == CT_ELIMIT, "text over the cap: CT_ELIMIT");
  } else if (strcmp(name, "rule_limits") == 0) {
    return rule_limits();
  } else {
    fprintf(stderr, "unknown case %s\n", name);
    return 2;
  }
  report(name, b.len, &r);
  free(b.p);
  return 0;
}

int main(int argc, char **argv) {
  ct_error err;
  memset(&err, 0, sizeof err);
  if (ct_engine_new(CT_SOURCE_DIR "/rules", &g_engine, &err) != CT_OK ||
      ct_extractor_new(g_engine, &g_ex, &err) != CT_OK) {
    fprintf(stderr, "rule pack: %s\n", err.message);
    return 2;
  }
  int rc = 0;
  for (int i = 1; i < argc; i++)
    rc |= run_case(argv[i]);
  ct_extractor_free(g_ex);
  ct_engine_free(g_engine);
  return rc ? rc : g_fail;
}
