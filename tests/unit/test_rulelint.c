/* SPDX-License-Identifier: MIT */
/* Rule linter: every rule of the bundled pack runs over hostile strings
 * (long digit runs, '%' x 100,000, CJK/digit soup, 10,000 x 约, separators,
 * multipliers) with a low PCRE2 match limit. No rule may hit the limit,
 * and each must finish fast: no catastrophic backtracking. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rules/rules.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *repeat(const char *unit, size_t times, size_t *len) {
  size_t ul = strlen(unit);
  char *s = malloc(ul * times + 1);
  assert_non_null(s);
  for (size_t i = 0; i < times; i++)
    memcpy(s + i * ul, unit, ul);
  s[ul * times] = '\0';
  *len = ul * times;
  return s;
}

static char *soup(size_t n_pieces, unsigned seed, size_t *len) {
  static const char *const pieces[] = {
      "1",  "9",  "0",    ".",  ",",    "%",    "万", "亿",   "千",     "百",
      "十", "几", "多",   "余", "约",   "第",   "年", "月",   "日",     "-",
      "至", "成", "分之", "吨", "元",   "个",   "两", "一",   "〔",     "号",
      "G",  " ",  "，",   "。", "以上", "左右", "近", "超过", "百分之", "‰"};
  size_t np = sizeof pieces / sizeof *pieces;
  char *s = malloc(n_pieces * 9 + 1);
  assert_non_null(s);
  size_t k = 0;
  unsigned x = seed;
  for (size_t i = 0; i < n_pieces; i++) {
    x = x * 1103515245u + 12345u;
    const char *p = pieces[(x >> 16) % np];
    size_t l = strlen(p);
    memcpy(s + k, p, l);
    k += l;
  }
  s[k] = '\0';
  *len = k;
  return s;
}

static void lint(const ct_pack *p, ct_matcher *m, const char *name,
                 const char *s, size_t len) {
  for (size_t r = 0; r < p->n_rules; r++) {
    ct_mentions ms = {NULL, 0, 0};
    size_t hits = 0;
    double t0 = now_s();
    assert_int_equal(ct_rules_scan(m, p, s, 0, len, r, &ms, &hits), CT_OK);
    double dt = now_s() - t0;
    if (hits)
      fail_msg("rule %s (%s:%d) hit the match limit on %s", p->rules[r].id,
               p->rules[r].file, p->rules[r].line, name);
    if (dt > 2.0)
      fail_msg("rule %s took %.2f s on %s (%zu bytes)", p->rules[r].id, dt,
               name, len);
    for (size_t i = 0; i < ms.n; i++)
      assert_true(ms.v[i].start < ms.v[i].end && ms.v[i].end <= len);
    free(ms.v);
  }
}

static void test_hostile(void **state) {
  (void)state;
  ct_pack *p = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  if (ct_rules_pack_load(CT_SOURCE_DIR "/rules", &p, &err) != CT_OK)
    fail_msg("%s", err.message);
  ct_matcher *m = NULL;
  assert_int_equal(ct_rules_matcher_new(p, &m, &err), CT_OK);
  ct_rules_matcher_set_limit(m, 100000);
  size_t len;
  char *s;
  double t0 = now_s();

  s = repeat("7", 50000, &len);
  lint(p, m, "50,000 digits", s, len);
  free(s);
  s = repeat("%", 100000, &len);
  lint(p, m, "100,000 '%'", s, len);
  free(s);
  s = repeat("约", 10000, &len);
  lint(p, m, "10,000 '约'", s, len);
  free(s);
  s = repeat("1,", 20000, &len);
  lint(p, m, "'1,' x 20,000", s, len);
  free(s);
  s = repeat("1.", 20000, &len);
  lint(p, m, "'1.' x 20,000", s, len);
  free(s);
  s = repeat("万", 20000, &len);
  lint(p, m, "20,000 '万'", s, len);
  free(s);
  s = repeat("十几", 10000, &len);
  lint(p, m, "'十几' x 10,000", s, len);
  free(s);
  s = repeat("第", 20000, &len);
  lint(p, m, "20,000 '第'", s, len);
  free(s);
  s = repeat("1-", 20000, &len);
  lint(p, m, "'1-' x 20,000", s, len);
  free(s);
  s = repeat("2025年1", 10000, &len);
  lint(p, m, "'2025年1' x 10,000", s, len);
  free(s);
  for (unsigned seed = 1; seed <= 4; seed++) {
    s = soup(20000, seed, &len);
    lint(p, m, "CJK/digit soup", s, len);
    free(s);
  }
  /* invalid UTF-8 is a barrier, never a crash */
  s = repeat("\xff"
             "12\xe4\xb8"
             "%\xc0",
             10000, &len);
  lint(p, m, "invalid UTF-8", s, len);
  free(s);
  double total = now_s() - t0;
  print_message("rulelint: %zu rules, hostile inputs in %.2f s\n", p->n_rules,
                total);
  ct_rules_matcher_free(m);
  ct_rules_pack_free(p);
}

/* The limit itself works: a pattern built to backtrack is stopped and
 * counted, not run to completion. */
static void test_limit_counted(void **state) {
  (void)state;
  char dir[] = "/tmp/ct_rulelint_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/bad.rules", dir);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  /* nested repeats that backtrack forever when the second letter is
   * missing (the one letter present lets the prefilter try the rule) */
  fputs("Rule: t.bad\nPattern: (?:[0-9]+)+[a-z]{2}\n", f);
  fclose(f);
  ct_pack *p = NULL;
  ct_error err;
  assert_int_equal(ct_rules_pack_load(dir, &p, &err), CT_OK);
  ct_matcher *m = NULL;
  assert_int_equal(ct_rules_matcher_new(p, &m, &err), CT_OK);
  ct_rules_matcher_set_limit(m, 100000);
  size_t len;
  char *s = repeat("1", 40, &len);
  s[len - 2] = 'a';
  s[len - 1] = '!';
  ct_mentions ms = {NULL, 0, 0};
  size_t hits = 0;
  assert_int_equal(ct_rules_scan(m, p, s, 0, len, SIZE_MAX, &ms, &hits), CT_OK);
  assert_int_equal(hits, 1);
  assert_int_equal(ms.n, 0);
  free(s);
  free(ms.v);
  ct_rules_matcher_free(m);
  ct_rules_pack_free(p);
  remove(path);
  remove(dir);
}

/* Speed of each rule over ordinary news text (the corpus texts), printed
 * for tuning; fails only when one rule is absurdly slow. */
static void test_speed(void **state) {
  (void)state;
  ct_pack *p = NULL;
  ct_error err;
  if (ct_rules_pack_load(CT_SOURCE_DIR "/rules", &p, &err) != CT_OK)
    fail_msg("%s", err.message);
  ct_matcher *m = NULL;
  assert_int_equal(ct_rules_matcher_new(p, &m, &err), CT_OK);
  static const char *const files[] = {"gdp",   "trade", "population", "energy",
                                      "grain", "cars",  NULL};
  char *text = NULL;
  size_t len = 0;
  const char *other = getenv("CT_RULELINT_TEXT"); /* tuning on a file */
  for (int i = 0; other ? i < 1 : files[i] != NULL; i++) {
    char path[512];
    if (other)
      snprintf(path, sizeof path, "%s", other);
    else
      snprintf(path, sizeof path, "%s/corpus/texts/%s.txt", CT_SOURCE_DIR,
               files[i]);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char buf[65536];
    size_t got = fread(buf, 1, sizeof buf, f);
    fclose(f);
    text = realloc(text, len + got);
    assert_non_null(text);
    memcpy(text + len, buf, got);
    len += got;
  }
  for (size_t r = 0; r < p->n_rules; r++) {
    double t0 = now_s();
    size_t hits = 0, found = 0;
    for (int rep = 0; rep < 20; rep++) {
      size_t s0 = 0;
      for (size_t i = 0; i <= len; i++) { /* one line = one sentence */
        if (i < len && text[i] != '\n')
          continue;
        ct_mentions ms = {NULL, 0, 0};
        assert_int_equal(ct_rules_scan(m, p, text, s0, i, r, &ms, &hits),
                         CT_OK);
        found += ms.n;
        free(ms.v);
        s0 = i + 1;
      }
    }
    double dt = now_s() - t0;
    double mbs = (double)len * 20 / 1048576.0 / dt;
    print_message("rule %-26s %8.1f MB/s %6zu matches\n", p->rules[r].id, mbs,
                  found / 20);
    assert_true(mbs > 0.5);
  }
  free(text);
  ct_rules_matcher_free(m);
  ct_rules_pack_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hostile),
      cmocka_unit_test(test_limit_counted),
      cmocka_unit_test(test_speed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
