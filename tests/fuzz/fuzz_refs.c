/* SPDX-License-Identifier: MIT */
/* Fuzz target: the reference-pack CSV loader (ct_store_parse_refs, and
 * ct_store_import_refs into an in-memory store when the first byte is odd).
 * Oracles: CT_OK or CT_ERULE with "NAME:LINE: reason"; on CT_OK every row
 * has valid UTF-8 strings, a subject, metric and unit, finite numbers,
 * low <= high, tolerance >= 0, rising line numbers; the same rows twice;
 * an import stores exactly the parsed row count. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_support.h"
#include "store/store_int.h"

static ct_store *g_store;
static char g_dir[64], g_db[96];

static void cleanup(void) {
  static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
  char p[128];
  ct_store_close(g_store);
  for (size_t i = 0; i < 4; i++) {
    snprintf(p, sizeof p, "%s%s", g_db, sfx[i]);
    unlink(p);
  }
  rmdir(g_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  ct_error err;
  memset(&err, 0, sizeof err);
  snprintf(g_dir, sizeof g_dir, "/tmp/ct-fuzz-refs-XXXXXX");
  if (!mkdtemp(g_dir))
    return 0; /* import mode is then skipped */
  snprintf(g_db, sizeof g_db, "%s/store.db", g_dir);
  if (ct_store_open(g_db, 0, &g_store, &err) != CT_OK) {
    fprintf(stderr, "fuzz_refs: store: %s\n", err.message);
    g_store = NULL;
  }
  atexit(cleanup);
  return 0;
}

static void check_row(const ct_reference *r, const char *name) {
  FZ_CHECK(r->subject && *r->subject && fz_cstr_ok(r->subject), "subject");
  FZ_CHECK(r->metric && *r->metric && fz_cstr_ok(r->metric), "metric");
  FZ_CHECK(r->unit && *r->unit && fz_cstr_ok(r->unit), "unit");
  FZ_CHECK(fz_cstr_ok(r->subject_en) && fz_cstr_ok(r->metric_en) &&
               fz_cstr_ok(r->period) && fz_cstr_ok(r->source) &&
               fz_cstr_ok(r->url) && fz_cstr_ok(r->note),
           "optional strings valid UTF-8");
  FZ_CHECK((!r->has_value || isfinite(r->value)) &&
               (!r->has_low || isfinite(r->low)) &&
               (!r->has_high || isfinite(r->high)) &&
               (!r->has_tolerance || isfinite(r->tolerance)),
           "finite numbers");
  FZ_CHECK(!(r->has_low && r->has_high) || r->low <= r->high, "low <= high");
  FZ_CHECK(!r->has_tolerance || r->tolerance >= 0, "tolerance >= 0");
  FZ_CHECK(r->pack && strcmp(r->pack, name) == 0, "pack name");
}

static bool same_str(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  const char *csv = (const char *)data + 1;
  size_t len = size - 1;
  const char *name = "fuzz.csv";
  ct_arena a1, a2;
  ct_arena_init(&a1);
  ct_arena_init(&a2);
  ct_reference *r1 = NULL, *r2 = NULL;
  size_t n1 = 0, n2 = 0;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status s1 = ct_store_parse_refs(name, csv, len, &a1, &r1, &n1, &err);
  fz_check_status(s1, &err);
  FZ_CHECK(s1 == CT_OK || s1 == CT_ERULE || s1 == CT_ENOMEM,
           "CT_OK or CT_ERULE");
  if (s1 == CT_ERULE)
    FZ_CHECK(strncmp(err.message, "fuzz.csv:", 9) == 0,
             "message is NAME:LINE: reason");
  ct_status s2 = ct_store_parse_refs(name, csv, len, &a2, &r2, &n2, &err);
  FZ_CHECK(s1 == s2 && n1 == n2, "same result twice");
  if (s1 == CT_OK) {
    for (size_t i = 0; i < n1; i++) {
      check_row(&r1[i], name);
      if (i)
        FZ_CHECK(r1[i].line > r1[i - 1].line, "rising line numbers");
      FZ_CHECK(same_str(r1[i].subject, r2[i].subject) &&
                   same_str(r1[i].note, r2[i].note) &&
                   r1[i].has_value == r2[i].has_value &&
                   (!r1[i].has_value || r1[i].value == r2[i].value) &&
                   r1[i].line == r2[i].line,
               "same rows twice");
    }
  }
  if ((data[0] & 1) && g_store && size <= 16 * 1024) {
    size_t n = 0;
    ct_status s3 = ct_store_import_refs(g_store, name, csv, len, &n, &err);
    fz_check_status(s3, &err);
    if (s1 == CT_OK) {
      FZ_CHECK(s3 == CT_OK || s3 == CT_EDB, "import of a parsed pack");
      if (s3 == CT_OK) {
        FZ_CHECK(n == n1, "imported rows == parsed rows");
        ct_check *chk = NULL;
        if (ct_store_list_refs(g_store, &chk, &err) == CT_OK) {
          FZ_CHECK(ct_check_reference_count(chk) == n1,
                   "stored rows == parsed rows");
          ct_check_free(chk);
        }
      }
    } else {
      FZ_CHECK(s3 == s1, "import fails like the parser");
    }
  }
  ct_arena_release(&a1);
  ct_arena_release(&a2);
  return 0;
}
