/* SPDX-License-Identifier: MIT */
/* Pattern prefilter (rules stage): the alphabet and requirement read from
 * a pattern, the patterns it refuses (no filter), and the lookup table
 * built from a pack. That the filter never changes what the matcher finds
 * is test_lead's job. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "util/util.h"

static ct_arena arena;

/* The set as text: characters and lo-hi ranges, in order. */
static void show(const ct_cprange *v, size_t n, char *out, size_t cap) {
  size_t k = 0;
  out[0] = '\0';
  for (size_t i = 0; i < n && k + 12 < cap; i++) {
    char a[5] = {0}, b[5] = {0};
    ct_utf8_encode(v[i].lo, a);
    ct_utf8_encode(v[i].hi, b);
    k += (size_t)snprintf(out + k, cap - k, v[i].lo == v[i].hi ? "%s" : "%s-%s",
                          a, b);
  }
}

/* Analyse pat (matches start at the characters of `starts`); expect the
 * requirement `req` and alphabet `alpha` as show() writes them, or no
 * filter when req is NULL. */
static void expect(const char *pat, const char *starts, const char *req,
                   const char *alpha) {
  uint32_t cps[64];
  size_t n = 0;
  for (size_t i = 0, len = strlen(starts); i < len && n < 64;)
    i += ct_utf8_decode((const unsigned char *)starts + i, len - i, &cps[n++]);
  ct_prefilter pf;
  assert_int_equal(ct_prefilter_analyse(pat, strlen(pat), cps, n, &arena, &pf),
                   CT_OK);
  if (!req) {
    if (pf.alpha)
      fail_msg("'%s': a filter where none was expected", pat);
    return;
  }
  if (!pf.alpha)
    fail_msg("'%s': no filter", pat);
  char got[512];
  show(pf.req, pf.n_req, got, sizeof got);
  if (strcmp(got, req) != 0)
    fail_msg("'%s': requirement '%s', expected '%s'", pat, got, req);
  show(pf.alpha, pf.n_alpha, got, sizeof got);
  if (alpha && strcmp(got, alpha) != 0)
    fail_msg("'%s': alphabet '%s', expected '%s'", pat, got, alpha);
}

static void test_sets(void **state) {
  (void)state;
  ct_arena_init(&arena);
  /* the required character is the one the start cannot give */
  expect("(?<![0-9])(?=[0-9])(?<v>[0-9]++)\\s?%", "0123456789", "%",
         "\t-\r %0-9");
  expect("[0-9]++(?:万|亿)?+吨", "0123456789", "吨", "0-9万亿吨");
  /* alternatives: one requirement from each branch */
  expect("[0-9]++(?:号|號)|第[0-9]++[号號]", "0123456789第", "号號", NULL);
  expect("(?:19|20)[0-9]{2}年", "0123456789", "年", "0-9年");
  /* lookarounds consume nothing; \b, ^ and $ neither */
  expect("(?<=约)(?=[0-9])[0-9]+(?![万亿])\\b个$", "0123456789", "个", "0-9个");
  /* a named group's characters stand in for its back reference
   * ("--/" is the range - . /, merged with 0-9 into one range) */
  expect("[0-9]{4}(?<sep>[-/.])[0-9]{2}\\k<sep>[0-9]{2}", "0123456789", "--/",
         "--9");
  /* escaped punctuation and class ranges */
  expect("[1-3]\\.[a-c]", "123", ".", ".1-3a-c"); /* the smaller */
  /* an optional atom is never required */
  expect("[0-9]+(?:元)?", "0123456789", "0-9", "0-9元");
  /* refused: anything that could match more than the reader knows */
  expect("[0-9]+.", "0123456789", NULL, NULL);
  expect("[0-9]+[^a]", "0123456789", NULL, NULL);
  expect("(?i)[0-9]+x", "0123456789", NULL, NULL);
  expect("[0-9]+\\p{Han}", "0123456789", NULL, NULL);
  expect("[0-9]+\\1", "0123456789", NULL, NULL);
  expect("([0-9]+)(*SKIP)x", "0123456789", NULL, NULL);
  expect("[[:digit:]]x", "0123456789", NULL, NULL);
  expect("x|", "x", NULL, NULL); /* can match nothing */
  expect("[0-9]+)x", "0123456789", NULL, NULL);
  ct_arena_release(&arena);
}

/* The table of the bundled pack: lead and alphabet bits where the rules
 * say, nothing for characters no rule uses. */
static void test_table(void **state) {
  (void)state;
  ct_pack *p = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  if (ct_rules_pack_load(CT_SOURCE_DIR "/rules/zh", &p, &err) != CT_OK)
    fail_msg("%s", err.message);
  assert_non_null(p->pf);
  size_t pct = SIZE_MAX;
  for (size_t i = 0; i < p->n_rules; i++)
    if (strcmp(p->rules[i].id, "zh.percent") == 0)
      pct = i;
  assert_true(pct < 64);
  uint64_t bit = (uint64_t)1 << pct;
  assert_true(p->pf->filtered & bit);
  assert_true(ct_pf_lookup(p->pf, '7')->lead & bit);
  assert_true(ct_pf_lookup(p->pf, '7')->alpha & bit);
  assert_true(ct_pf_lookup(p->pf, '%')->req & bit);
  assert_false(ct_pf_lookup(p->pf, '7')->req & bit);
  assert_false(ct_pf_lookup(p->pf, 0x5428 /* 吨 */)->alpha & bit);
  assert_true(ct_pf_lookup(p->pf, 'A')->na & bit); /* {NB}: not after A */
  const ct_pf_masks *none = ct_pf_lookup(p->pf, 0x1F600); /* an emoji */
  assert_int_equal(none->lead | none->na, 0);
  none = ct_pf_lookup(p->pf, 0xAC00); /* Hangul: no rule uses it */
  assert_int_equal(none->lead | none->na | none->alpha | none->req, 0);
  ct_rules_pack_free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sets),
      cmocka_unit_test(test_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
