/* SPDX-License-Identifier: MIT */
/* Fuzz target: the scraper (ct_scrape). The first two bytes choose options
 * (charset hint, URL, a small size cap, extraction of the result) as in
 * libxml2's fuzz/html.c; the rest is the page. Oracles: status and article
 * invariants, valid JSON, the same bytes on a second run. */
#include <string.h>

#include "fuzz_support.h"

static const char *const k_hints[] = {
    "utf-8",  "gb2312",   "gbk",          "GB18030", "big5",
    "latin1", "utf-16le", "windows-1252", "x-bogus", ""};

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

static ct_status scrape(const char *page, size_t len,
                        const ct_scrape_options *o, fz_bytes *out,
                        ct_article **keep) {
  ct_article *a = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_scrape(page, len, o, &a, &err);
  fz_check_status(st, &err);
  if (st != CT_OK) {
    FZ_CHECK(a == NULL, "no article on failure");
    return st;
  }
  fz_check_article(a, out);
  if (keep)
    *keep = a;
  else
    ct_article_free(a);
  return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  uint8_t flags = data[0], sel = data[1];
  const char *page = (const char *)data + 2;
  size_t len = size - 2;
  ct_scrape_options o = CT_SCRAPE_OPTIONS_INIT;
  if (flags & 1)
    o.charset_hint = k_hints[sel % (sizeof k_hints / sizeof *k_hints)];
  if (flags & 2)
    o.url = "https://www.163.com/dy/article/FUZZ.html";
  if (flags & 4)
    o.max_input_bytes = (size_t)(sel & 0x3F) * 64 + 1;

  fz_bytes a1 = {0}, a2 = {0};
  ct_article *art = NULL;
  ct_status s1 = scrape(page, len, &o, &a1, &art);
  if (o.max_input_bytes && len > o.max_input_bytes)
    FZ_CHECK(s1 == CT_ELIMIT, "a page over the cap is CT_ELIMIT");
  ct_status s2 = scrape(page, len, &o, &a2, NULL);
  FZ_CHECK(s1 == s2, "same status on a second run");
  FZ_CHECK(a1.len == a2.len && (a1.len == 0 || memcmp(a1.p, a2.p, a1.len) == 0),
           "same article JSON on a second run");

  if (art && (flags & 8)) {
    /* The scraped text through the whole pipeline. */
    ct_doc *doc = NULL;
    ct_error err;
    memset(&err, 0, sizeof err);
    ct_extract_options eo = CT_EXTRACT_OPTIONS_INIT;
    eo.published = art->published;
    ct_status st = ct_extract_text(fz_extractor(), art->text, art->text_len,
                                   &eo, &doc, &err);
    fz_check_status(st, &err);
    if (st == CT_OK) {
      fz_check_doc(art->text, art->text_len, doc, "fuzz", NULL);
      ct_doc_free(doc);
    }
  }
  ct_article_free(art);
  fz_bytes_free(&a1);
  fz_bytes_free(&a2);
  return 0;
}
