/* SPDX-License-Identifier: MIT */
/* Benchmark (not a test): pages/s of ct_scrape over a directory of pages in
 * one process, beside bare htmlReadMemory over the same pages in the same
 * run, and their ratio (target >= 0.7).
 * usage: bench_scrape [DIR (default corpus/pages)] [SECONDS per side] */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "claimtrack/claimtrack.h"

typedef struct page {
  char *data;
  size_t len;
} page;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void quiet(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

static int load(const char *dir, page **out, size_t *n) {
  DIR *d = opendir(dir);
  if (!d) {
    perror(dir);
    return -1;
  }
  size_t cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l < 5 || strcmp(e->d_name + l - 5, ".html") != 0)
      continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    FILE *f = fopen(path, "rb");
    if (!f)
      continue;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (sz <= 0) {
      fclose(f);
      continue;
    }
    char *buf = malloc((size_t)sz);
    if (!buf || fread(buf, 1, (size_t)sz, f) != (size_t)sz) {
      free(buf);
      fclose(f);
      continue;
    }
    fclose(f);
    if (*n == cap) {
      cap = cap ? cap * 2 : 32;
      page *p = realloc(*out, cap * sizeof *p);
      if (!p)
        return -1;
      *out = p;
    }
    (*out)[(*n)++] = (page){buf, (size_t)sz};
  }
  closedir(d);
  return 0;
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "corpus/pages";
  double secs = argc > 2 ? atof(argv[2]) : 2.0;
  page *pages = NULL;
  size_t n = 0, bytes = 0;
  if (load(dir, &pages, &n) != 0 || n == 0) {
    fprintf(stderr, "bench_scrape: no .html pages in %s\n", dir);
    return 2;
  }
  for (size_t i = 0; i < n; i++)
    bytes += pages[i].len;
  xmlInitParser();
  xmlSetGenericErrorFunc(NULL, quiet);
  const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                   HTML_PARSE_NOWARNING;
  /* warm-up: one pass each */
  for (size_t i = 0; i < n; i++) {
    xmlDoc *d =
        htmlReadMemory(pages[i].data, (int)pages[i].len, NULL, NULL, opts);
    xmlFreeDoc(d);
    ct_article *a = NULL;
    if (ct_scrape(pages[i].data, pages[i].len, NULL, &a, NULL) == CT_OK)
      ct_article_free(a);
  }
  size_t bare_pages = 0, scrape_pages = 0;
  double t0 = now(), t_bare = 0, t_scrape = 0;
  /* alternate rounds so both sides see the same machine load */
  while (t_bare < secs || t_scrape < secs) {
    double s = now();
    for (size_t i = 0; i < n; i++) {
      xmlDoc *d =
          htmlReadMemory(pages[i].data, (int)pages[i].len, NULL, NULL, opts);
      xmlFreeDoc(d);
    }
    t_bare += now() - s;
    bare_pages += n;
    s = now();
    for (size_t i = 0; i < n; i++) {
      ct_article *a = NULL;
      if (ct_scrape(pages[i].data, pages[i].len, NULL, &a, NULL) == CT_OK)
        ct_article_free(a);
    }
    t_scrape += now() - s;
    scrape_pages += n;
    if (now() - t0 > 20 * secs)
      break;
  }
  double bare = (double)bare_pages / t_bare;
  double scrape = (double)scrape_pages / t_scrape;
  printf("pages: %zu (%.1f KiB)\n", n, (double)bytes / 1024.0);
  printf("bare htmlReadMemory: %8.1f pages/s\n", bare);
  printf("ct_scrape:           %8.1f pages/s\n", scrape);
  printf("ratio scrape/bare:   %8.2f (target >= 0.70)\n", scrape / bare);
  for (size_t i = 0; i < n; i++)
    free(pages[i].data);
  free(pages);
  return 0;
}
