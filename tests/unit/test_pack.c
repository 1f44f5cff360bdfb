/* SPDX-License-Identifier: MIT */
/* Rule-pack loader: a valid pack loads and expands macros; every kind of
 * broken pack fails with CT_ERULE, "file:line: reason", and loads nothing.
 * Packs are written into a temporary directory at test time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/rules.h"

static char tmpdir[256];

static void write_file(const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void clear_dir(void) {
  static const char *const names[] = {
      "a.rules",     "b.rules",   "qualifiers.tsv", "subjects.tsv",
      "metrics.tsv", "units.tsv", "other.tsv",      NULL};
  char path[512];
  for (int i = 0; names[i]; i++) {
    snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
    unlink(path);
  }
}

static int setup(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/ct_test_pack_XXXXXX");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  clear_dir();
  rmdir(tmpdir);
  return 0;
}

/* Load the pack in tmpdir and expect failure with `want` in the message. */
static void expect_error(const char *want) {
  ct_engine *eng = (ct_engine *)0x1;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_engine_new(tmpdir, &eng, &err);
  if (st == CT_OK || !strstr(err.message, want))
    fail_msg("wanted '%s', got status %d message '%s'", want, (int)st,
             err.message);
  assert_int_equal(st, CT_ERULE);
  assert_null(eng);
  assert_string_equal(err.stage, "rules");
  clear_dir();
}

static void test_valid_pack(void **state) {
  (void)state;
  write_file("qualifiers.tsv", "# c\n约\tapprox\n以上\tge\tpost\n");
  write_file("subjects.tsv", "我国\t中国\n中国\t中国\n");
  write_file("units.tsv", "万吨\tt\t10000\tquantity\n吨\tt\t1\tquantity\n");
  write_file("a.rules",
             "# comment\n"
             "Define: N\n"
             "Pattern: [0-9]++\n"
             "\n"
             "Rule: t.q\n"
             "Kind: auto\n"
             "Pattern: (?:(?<bound>{QUAL}))?(?<value>{N})\n"
             "  (?<unit>{UNIT})(?<boundsuf>{QUALSUF})?\n"
             "Example: 我国产量约44万吨\n"
             "Expect: value=440000 unit=t bound=approx subject=中国\n"
             "Counterexample: 没有数字\n");
  ct_pack *p = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_rules_pack_load(tmpdir, &p, &err);
  if (st != CT_OK)
    fail_msg("%s", err.message);
  assert_int_equal(p->n_rules, 1);
  assert_string_equal(p->rules[0].id, "t.q");
  assert_int_equal(p->rules[0].n_examples, 2);
  assert_true(p->rules[0].grp[CT_G_VALUE] > 0);
  assert_true(p->rules[0].grp[CT_G_BOUNDSUF] > 0);
  assert_int_equal(p->rules[0].grp[CT_G_LOW], 0);
  assert_int_equal(p->quals.n, 2);
  const ct_lex_entry *e = ct_rules_lex_find(&p->quals, "以上", strlen("以上"));
  assert_non_null(e);
  assert_int_equal(e->bound, CT_BOUND_GE);
  assert_true(e->suffix);
  assert_string_equal(
      ct_rules_lex_find(&p->subjects, "我国", strlen("我国"))->canonical,
      "中国");
  ct_rules_pack_free(p);

  /* the same pack through the public API, with its self-test */
  ct_engine *eng = NULL;
  assert_int_equal(ct_engine_new(tmpdir, &eng, &err), CT_OK);
  size_t total = 0, failed = 9;
  char *report = NULL;
  assert_int_equal(ct_engine_selftest(eng, &total, &failed, &report), CT_OK);
  if (failed)
    fail_msg("%s", report);
  assert_int_equal(total, 2);
  assert_null(report);
  ct_engine_free(eng);
  clear_dir();
}

static void test_selftest_reports_failures(void **state) {
  (void)state;
  write_file("a.rules", "Rule: t.p\nKind: percent\nUnit: %\n"
                        "Pattern: (?<value>[0-9]+)%\n"
                        "Example: 增长5%\nExpect: value=6 unit=%\n"
                        "Counterexample: 下降7%\n");
  ct_engine *eng = NULL;
  ct_error err;
  assert_int_equal(ct_engine_new(tmpdir, &eng, &err), CT_OK);
  size_t total = 0, failed = 0;
  char *report = NULL;
  assert_int_equal(ct_engine_selftest(eng, &total, &failed, &report), CT_OK);
  assert_int_equal(total, 2);
  assert_int_equal(failed, 2);
  assert_non_null(report);
  assert_non_null(strstr(report, "a.rules:5: t.p: example '增长5%'"));
  assert_non_null(strstr(report, "got value=5"));
  assert_non_null(strstr(report, "a.rules:7: t.p: counterexample"));
  ct_free(report);
  ct_engine_free(eng);
  clear_dir();
}

static void test_errors(void **state) {
  (void)state;
  write_file("a.rules", "Rule: t\nPatern: [0-9]+\n");
  expect_error("a.rules:2: unknown key 'Patern'");
  write_file("a.rules", "Rule: t\nKind: percent\n");
  expect_error("a.rules:1: Rule 't' has no Pattern");
  write_file("a.rules", "Rule: t\nPattern: {NOPE}[0-9]\n");
  expect_error("a.rules:2: undefined macro {NOPE}");
  write_file("a.rules", "Define: A\nPattern: x{B}\n\nDefine: B\nPattern: {A}\n"
                        "\nRule: t\nPattern: {A}\n");
  expect_error("recursive macro {A}");
  write_file("a.rules", "Rule: t\nPattern: ([0-9]+\n");
  expect_error("a.rules:2: rule 't': pattern error at offset");
  write_file("a.rules", "Rule: t\nPattern: [0-9]+\nExpect: value=1\n");
  expect_error("a.rules:3: Expect without Example");
  write_file("a.rules", "Rule: t\nKind: size\nPattern: [0-9]+\n");
  expect_error("a.rules:2: bad Kind 'size'");
  write_file("a.rules", "Rule: t\nPattern: [0-9]+\n\nRule: t\nPattern: x\n");
  expect_error("a.rules:4: duplicate rule id 't' (first at");
  write_file("a.rules", "Rule: t\nPattern: [0-9]+\n");
  write_file("b.rules", "Rule: t\nPattern: [0-9]+\n");
  expect_error("b.rules:1: duplicate rule id 't'");
  write_file("a.rules", "Rule: t\nPattern: [0-9]+\nBound: roughly\n");
  expect_error("a.rules:3: bad Bound 'roughly'");
  write_file("a.rules", "Rule: t\nPattern: [0-9]+\nPriority: high\n");
  expect_error("a.rules:3: bad Priority 'high'");
  write_file("a.rules", "  Pattern: [0-9]+\n");
  expect_error("a.rules:1: continuation line without a key");
  write_file("a.rules", "Kind: percent\nPattern: [0-9]+\n");
  expect_error("a.rules:1: block has neither Rule nor Define");
  write_file("a.rules", "Rule: t\nno colon here\n");
  expect_error("a.rules:2: expected 'Key: value'");
  write_file("a.rules", "Define: lower\nPattern: x\n\nRule: t\nPattern: x\n");
  expect_error("a.rules:1: Define name 'lower'");
  write_file("a.rules", "Rule: t\nPattern: {UNIT}\n");
  expect_error("a.rules:2: undefined macro {UNIT}");
  write_file("a.rules", "# nothing\n");
  expect_error("the pack has no rules");
  /* lexicons */
  write_file("a.rules", "Rule: t\nPattern: [0-9]+\n");
  write_file("qualifiers.tsv", "约\tapprox\n左右\tmaybe\n");
  expect_error("qualifiers.tsv:2: bad bound 'maybe'");
  write_file("a.rules", "Rule: t\nPattern: [0-9]+\n");
  write_file("subjects.tsv", "# header\n我国 中国\n");
  expect_error("subjects.tsv:2: expected 'surface<TAB>canonical'");
  write_file("a.rules", "Rule: t\nPattern: [0-9]+\n");
  write_file("qualifiers.tsv", "左右\tapprox\tafter\n");
  expect_error("qualifiers.tsv:1: bad position 'after'");
  write_file("a.rules", "Rule: t\nPattern: [0-9]+\n");
  write_file("other.tsv", "x\ty\n");
  expect_error("other.tsv:1: unknown lexicon");
  /* a pattern that only fails after macro expansion */
  write_file("a.rules", "Define: OPEN\nPattern: (\n\nRule: t.m\n"
                        "Pattern: {OPEN}[0-9]+\n");
  expect_error("a.rules:5: rule 't.m': pattern error");
}

static void test_missing_dir(void **state) {
  (void)state;
  ct_engine *eng = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(ct_engine_new("/nonexistent/ct/pack", &eng, &err), CT_ERULE);
  assert_null(eng);
  assert_non_null(strstr(err.message, "/nonexistent/ct/pack"));
}

static void test_bundled_pack(void **state) {
  (void)state;
  ct_engine *eng = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_engine_new(CT_SOURCE_DIR "/rules", &eng, &err);
  if (st != CT_OK)
    fail_msg("%s", err.message);
  size_t total = 0, failed = 0;
  char *report = NULL;
  assert_int_equal(ct_engine_selftest(eng, &total, &failed, &report), CT_OK);
  if (failed)
    fail_msg("%s", report);
  assert_true(total >= 50);
  ct_engine_free(eng);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid_pack),
      cmocka_unit_test(test_selftest_reports_failures),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_missing_dir),
      cmocka_unit_test(test_bundled_pack),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
