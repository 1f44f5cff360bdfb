/* SPDX-License-Identifier: MIT */
/* Fuzz target: the rule-pack loader (ct_engine_new). A private pack
 * directory holds the shipped lexicons and 00-defines.rules; the first
 * input byte chooses which file the rest of the input becomes (a new
 * .rules file or one of the .tsv lexicons). Oracles: a known status with a
 * message on failure; on success the pack's self-test runs and extraction
 * of a fixed text keeps the claim invariants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_support.h"

static const char *const k_files[] = {
    "fuzz.rules", "units.tsv", "qualifiers.tsv", "subjects.tsv", "metrics.tsv"};
#define N_FILES (sizeof k_files / sizeof *k_files)
static const char *const k_copy[] = {"00-defines.rules", "units.tsv",
                                     "qualifiers.tsv", "subjects.tsv",
                                     "metrics.tsv"};
#define N_COPY (sizeof k_copy / sizeof *k_copy)

static char g_dir[64];
static fz_bytes g_orig[N_FILES];

static void cleanup(void) {
  char path[256];
  for (size_t i = 0; i < N_COPY; i++) {
    snprintf(path, sizeof path, "%s/%s", g_dir, k_copy[i]);
    unlink(path);
  }
  snprintf(path, sizeof path, "%s/fuzz.rules", g_dir);
  unlink(path);
  rmdir(g_dir);
}

static void write_file(const char *name, const void *p, size_t len) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", g_dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || (len && fwrite(p, 1, len, f) != len) || fclose(f) != 0) {
    perror(path);
    abort();
  }
}

static void read_file(const char *path, fz_bytes *b) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    abort();
  }
  char tmp[8192];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
    fz_bytes_put(b, tmp, n);
  fz_bytes_put(b, "", 0);
  fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  snprintf(g_dir, sizeof g_dir, "/tmp/ct-fuzz-rules-XXXXXX");
  if (!mkdtemp(g_dir)) {
    perror("mkdtemp");
    abort();
  }
  atexit(cleanup);
  for (size_t i = 0; i < N_COPY; i++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/zh/%s", CT_FUZZ_RULES_DIR, k_copy[i]);
    fz_bytes b = {0};
    read_file(path, &b);
    write_file(k_copy[i], b.p, b.len);
    for (size_t j = 1; j < N_FILES; j++)
      if (strcmp(k_files[j], k_copy[i]) == 0)
        g_orig[j] = b, b.p = NULL;
    fz_bytes_free(&b);
  }
  return 0;
}

static const char k_text[] =
    "据统计,2025年中国稀土产量约为27万吨,同比增长5.2%左右。\n"
    "在加工环节,全球稀土冶炼分离产能中,中国占比高达72%,海外不足45%。\n"
    "出口增长超过１２．５％,比上年提高0.84个百分点,收入16.4亿元。";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 64 * 1024)
    return 0;
  size_t which = data[0] % N_FILES;
  write_file(k_files[which], data + 1, size - 1);

  ct_engine *e = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_engine_new(g_dir, &e, &err);
  fz_check_status(st, &err);
  if (st != CT_OK) {
    FZ_CHECK(e == NULL, "no engine on failure");
    FZ_CHECK(st == CT_ERULE || st == CT_ENOMEM || st == CT_ELIMIT,
             "a bad pack is CT_ERULE");
  } else {
    size_t total = 0, failed = 0;
    char *report = NULL;
    ct_status s2 = ct_engine_selftest(e, &total, &failed, &report);
    fz_check_status(s2, NULL);
    FZ_CHECK(failed <= total, "failed <= total");
    FZ_CHECK(fz_cstr_ok(report) || s2 != CT_OK || report != NULL,
             "self-test report");
    ct_free(report);
    ct_extractor *ex = NULL;
    if (ct_extractor_new(e, &ex, &err) == CT_OK) {
      ct_doc *doc = NULL;
      ct_extract_options o = CT_EXTRACT_OPTIONS_INIT;
      st = ct_extract_text(ex, k_text, sizeof k_text - 1, &o, &doc, &err);
      fz_check_status(st, &err);
      if (st == CT_OK) {
        fz_check_doc(k_text, sizeof k_text - 1, doc, NULL, NULL);
        ct_doc_free(doc);
      }
      ct_extractor_free(ex);
    }
    ct_engine_free(e);
  }
  /* put the shipped file back */
  if (which == 0)
    write_file(k_files[0], "", 0);
  else
    write_file(k_files[which], g_orig[which].p, g_orig[which].len);
  return 0;
}
