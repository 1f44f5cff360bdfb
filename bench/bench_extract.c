/* SPDX-License-Identifier: MIT */
/* Benchmark of claim extraction (`extract --input text` through the public
 * API: engine compiled once, claims formatted as JSON) beside bare ICU
 * sentence iteration over the same text in the same run; prints MB/s of
 * both and their ratio (target >= 0.3); the two sides are timed in turn,
 * 3 rounds each, and the best round of each kept.
 * usage: bench_extract [-m MB] [-r RULES_DIR] [-t] [FILE...]
 *   default: the article texts of the real pages corpus/pages/ *.html
 *   (CT_SOURCE_DIR or .; scraped with ct_scrape; the synthetic trap pages
 *   left out) repeated to ~20 MB; -t: the
 *   statistical texts corpus/texts/ *.txt instead (a claim every ~30
 *   bytes, the densest input we have); FILE...: those files. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ROUNDS 3 /* each side timed ROUNDS times, best kept */

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "claimtrack/claimtrack.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int append_file(const char *path, char **buf, size_t *len, size_t *cap) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "bench_extract: cannot open %s\n", path);
    return -1;
  }
  char tmp[65536];
  size_t got;
  while ((got = fread(tmp, 1, sizeof tmp, f)) > 0) {
    if (*len + got + 1 > *cap) {
      size_t ncap = (*cap ? *cap * 2 : 1 << 20) + got;
      char *nb = realloc(*buf, ncap);
      if (!nb) {
        fclose(f);
        return -1;
      }
      *buf = nb;
      *cap = ncap;
    }
    memcpy(*buf + *len, tmp, got);
    *len += got;
  }
  fclose(f);
  if (*len && (*buf)[*len - 1] != '\n')
    (*buf)[(*len)++] = '\n';
  return 0;
}

static void append_bytes(const char *b, size_t n, char **buf, size_t *len,
                         size_t *cap) {
  if (*len + n + 2 > *cap) {
    size_t ncap = (*cap ? *cap * 2 : 1 << 20) + n;
    char *nb = realloc(*buf, ncap);
    if (!nb) {
      fprintf(stderr, "bench_extract: out of memory\n");
      exit(2);
    }
    *buf = nb;
    *cap = ncap;
  }
  memcpy(*buf + *len, b, n);
  *len += n;
  if (*len && (*buf)[*len - 1] != '\n')
    (*buf)[(*len)++] = '\n';
}

/* The article text of an HTML page, as `claimtrack scrape` gives it. */
static int append_article(const char *path, char **buf, size_t *len,
                          size_t *cap) {
  char *html = NULL;
  size_t hl = 0, hc = 0;
  if (append_file(path, &html, &hl, &hc))
    return -1;
  ct_scrape_options so = CT_SCRAPE_OPTIONS_INIT;
  ct_article *art = NULL;
  ct_error err;
  if (ct_scrape(html, hl, &so, &art, &err) != CT_OK) {
    fprintf(stderr, "bench_extract: %s: %s\n", path, err.message);
    free(html);
    return -1;
  }
  if (art->text_len)
    append_bytes(art->text, art->text_len, buf, len, cap);
  ct_article_free(art);
  free(html);
  return 0;
}

static int cmp_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of src/sub ending in `ext`, in name order, through add. */
static int append_dir(const char *src, const char *sub, const char *ext,
                      int (*add)(const char *, char **, size_t *, size_t *),
                      char **buf, size_t *len, size_t *cap) {
  char dir[1024];
  snprintf(dir, sizeof dir, "%s/%s", src, sub);
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "bench_extract: no %s (set CT_SOURCE_DIR)\n", dir);
    return -1;
  }
  struct dirent *de;
  char *names[1024];
  size_t nn = 0, el = strlen(ext);
  while ((de = readdir(d)) != NULL && nn < 1024) {
    size_t l = strlen(de->d_name);
    /* the synthetic trap pages (corpus/pages/SYNTHETIC.md) are not news */
    if (l > el && strcmp(de->d_name + l - el, ext) == 0 &&
        strncmp(de->d_name, "synthetic-", 10) != 0)
      names[nn++] = strdup(de->d_name);
  }
  closedir(d);
  qsort(names, nn, sizeof *names, cmp_name);
  int rc = 0;
  for (size_t k = 0; k < nn; k++) {
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, names[k]);
    if (!rc && add(path, buf, len, cap))
      rc = -1;
    free(names[k]);
  }
  return rc;
}

static size_t icu_sentences(const char *text, size_t len) {
  UErrorCode ec = U_ZERO_ERROR;
  UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &ec);
  UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "zh", NULL, 0, &ec);
  ubrk_setUText(bi, ut, &ec);
  size_t n = 0;
  if (U_SUCCESS(ec))
    for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi))
      n++;
  ubrk_close(bi);
  utext_close(ut);
  return n;
}

int main(int argc, char **argv) {
  double target_mb = 20;
  const char *src = getenv("CT_SOURCE_DIR");
  if (!src)
    src = ".";
  char rules_default[1024];
  snprintf(rules_default, sizeof rules_default, "%s/rules", src);
  const char *rules = rules_default;
  char *one = NULL;
  size_t one_len = 0, one_cap = 0;
  bool stats = false;
  int i = 1;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "-m") == 0 && i + 1 < argc)
      target_mb = atof(argv[++i]);
    else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
      rules = argv[++i];
    else if (strcmp(argv[i], "-t") == 0)
      stats = true;
    else
      break;
  }
  if (i < argc) {
    for (; i < argc; i++)
      if (append_file(argv[i], &one, &one_len, &one_cap))
        return 2;
  } else if (append_dir(src, stats ? "corpus/texts" : "corpus/pages",
                        stats ? ".txt" : ".html",
                        stats ? append_file : append_article, &one, &one_len,
                        &one_cap)) {
    return 2;
  }
  if (!one_len) {
    fprintf(stderr, "bench_extract: empty input\n");
    return 2;
  }
  size_t want = (size_t)(target_mb * 1024 * 1024);
  if (want > CT_MAX_INPUT_BYTES)
    want = CT_MAX_INPUT_BYTES;
  size_t reps = want / one_len ? want / one_len : 1;
  size_t len = reps * one_len;
  char *text = malloc(len + 1);
  if (!text)
    return 2;
  for (size_t k = 0; k < reps; k++)
    memcpy(text + k * one_len, one, one_len);
  text[len] = '\0';
  double mb = (double)len / (1024.0 * 1024.0);

  ct_engine *eng = NULL;
  ct_extractor *ex = NULL;
  ct_error err;
  double t0 = now_s();
  if (ct_engine_new(rules, &eng, &err) != CT_OK ||
      ct_extractor_new(eng, &ex, &err) != CT_OK) {
    fprintf(stderr, "bench_extract: %s\n", err.message);
    return 2;
  }
  double t_compile = now_s() - t0;

  /* The two sides in turn, ROUNDS each; the best round of each: the
   * machine is shared, and the best run is the one least disturbed. */
  double t_icu = 0, t_ext = 0;
  size_t nsent = 0, out_bytes = 0;
  ct_doc *doc = NULL;
  for (int round = 0; round < ROUNDS; round++) {
    t0 = now_s();
    nsent = icu_sentences(text, len);
    double t = now_s() - t0;
    if (round == 0 || t < t_icu)
      t_icu = t;

    ct_doc_free(doc);
    doc = NULL;
    t0 = now_s();
    if (ct_extract_text(ex, text, len, NULL, &doc, &err) != CT_OK) {
      fprintf(stderr, "bench_extract: %s\n", err.message);
      return 2;
    }
    out_bytes = 0;
    for (size_t k = 0; k < ct_doc_claim_count(doc); k++) {
      size_t n = 0;
      char *js = ct_claim_json_dup(ct_doc_claim(doc, k), "bench", &n);
      out_bytes += n;
      ct_free(js);
    }
    t = now_s() - t0;
    if (round == 0 || t < t_ext)
      t_ext = t;
  }
  ct_doc_stats st = ct_doc_get_stats(doc);
  printf("input_mb %.2f\n", mb);
  printf("icu_sentences %zu\n", nsent);
  printf("icu_mb_s %.2f\n", mb / t_icu);
  printf("compile_ms %.1f\n", t_compile * 1000);
  printf("extract_sentences %zu\n", st.sentences);
  printf("extract_claims %zu\n", st.claims);
  printf("extract_json_bytes %zu\n", out_bytes);
  printf("extract_mb_s %.2f\n", mb / t_ext);
  printf("ratio %.3f\n", (mb / t_ext) / (mb / t_icu));
  FILE *la = fopen("/proc/loadavg", "r"); /* Linux; absent elsewhere */
  double load[3];
  if (la && fscanf(la, "%lf %lf %lf", &load[0], &load[1], &load[2]) == 3)
    printf("load_average %.2f %.2f %.2f\n", load[0], load[1], load[2]);
  if (la)
    fclose(la);
  ct_doc_free(doc);
  ct_extractor_free(ex);
  ct_engine_free(eng);
  free(text);
  free(one);
  return 0;
}
