/* SPDX-License-Identifier: MIT */
/* Fuzz target: text extraction (normalise, segment, rules, claims) with the
 * source tree's rule pack. The first byte chooses options (a publication
 * date, a document name). Oracles: the claim invariants of RELIABILITY.md
 * section 7 and the same JSON bytes on a second run of the same
 * extractor. */
#include <stdio.h>
#include <string.h>

#include "fuzz_support.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  (void)fz_extractor();
  return 0;
}

static ct_status run(const char *text, size_t len, const ct_extract_options *o,
                     fz_bytes *out) {
  ct_doc *doc = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_extract_text(fz_extractor(), text, len, o, &doc, &err);
  fz_check_status(st, &err);
  if (st != CT_OK) {
    FZ_CHECK(doc == NULL, "no doc on failure");
    return st;
  }
  fz_check_doc(text, len, doc, o->doc, out);
  ct_doc_stats s = ct_doc_get_stats(doc);
  char line[160];
  int n =
      snprintf(line, sizeof line, "stats %zu %zu %zu %zu %zu\n", s.sentences,
               s.matches, s.claims, s.rule_limit_hits, s.replaced_bytes);
  fz_bytes_put(out, line, (size_t)n);
  ct_doc_free(doc);
  return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 256 * 1024)
    return 0;
  uint8_t flags = data[0];
  const char *text = (const char *)data + 1;
  size_t len = size - 1;
  ct_extract_options o = CT_EXTRACT_OPTIONS_INIT;
  if (flags & 1)
    o.published = "2025-03-14T08:30:00+08:00";
  if (flags & 2)
    o.doc = "fuzz\"doc\\\n\x01";
  fz_bytes r1 = {0}, r2 = {0};
  ct_status s1 = run(text, len, &o, &r1);
  ct_status s2 = run(text, len, &o, &r2);
  FZ_CHECK(s1 == s2, "same status on a second run");
  FZ_CHECK(r1.len == r2.len && (r1.len == 0 || memcmp(r1.p, r2.p, r1.len) == 0),
           "same claims JSON on a second run");
  fz_bytes_free(&r1);
  fz_bytes_free(&r2);
  return 0;
}
