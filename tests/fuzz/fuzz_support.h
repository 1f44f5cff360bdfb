/* SPDX-License-Identifier: MIT */
/* Shared harness code of the fuzz targets: an independent JSON and UTF-8
 * validator, the claim invariants of RELIABILITY.md section 7, and helpers.
 * An invariant break traps (harness code, never the library). */
#ifndef CT_FUZZ_SUPPORT_H
#define CT_FUZZ_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "claimtrack/claimtrack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Report a broken invariant on stderr and trap. */
#define FZ_CHECK(cond, what)                                                   \
  do {                                                                         \
    if (!(cond))                                                               \
      fz_fail(__FILE__, __LINE__, #cond, (what));                              \
  } while (0)
_Noreturn void fz_fail(const char *file, int line, const char *cond,
                       const char *what);

/* Strict UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
bool fz_utf8_valid(const char *s, size_t len);
/* A NULL string is fine; otherwise NUL-terminated valid UTF-8. */
bool fz_cstr_ok(const char *s);
/* One complete JSON value (RFC 8259), valid UTF-8, no raw controls, no
 * NaN/Infinity, nothing after it but whitespace. */
bool fz_json_valid(const char *s, size_t len);

/* A heap byte string for determinism comparisons (plain malloc). */
typedef struct fz_bytes {
  char *p;
  size_t len, cap;
} fz_bytes;
void fz_bytes_put(fz_bytes *b, const void *p, size_t len);
void fz_bytes_free(fz_bytes *b);

/* Check every claim of `doc` against `in[0..len)` (section 7 invariants)
 * and append the claims' JSON lines to `out` (may be NULL). */
void fz_check_doc(const char *in, size_t len, const ct_doc *doc,
                  const char *docname, fz_bytes *out);
/* Check one claim; `in` is the text the claim's offsets point into. */
void fz_check_claim(const char *in, size_t len, const unsigned char *bounds,
                    const ct_claim *c, const char *docname, fz_bytes *out);
/* Boundary map of in[0..len): bounds[i] = 1 where a character starts
 * (invalid bytes are one character each); bounds[len] = 1. malloc'd. */
unsigned char *fz_boundaries(const char *in, size_t len);

/* Check an article's fields; append its JSON to out (may be NULL). */
void fz_check_article(const ct_article *a, fz_bytes *out);

/* Status is one of the ct_status values; when not CT_OK the error
 * message is non-empty and NUL-terminated. */
void fz_check_status(ct_status st, const ct_error *err);

/* The source tree's rule pack, loaded once (traps when it fails). */
const ct_engine *fz_engine(void);
ct_extractor *fz_extractor(void);

#endif
