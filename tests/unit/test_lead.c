/* SPDX-License-Identifier: MIT */
/* Lead-class filter of the matcher (rules stage): which patterns get one
 * (a leading one-class lookahead, macros entered, top-level alternations
 * and non-plain classes refused), and that the filter never changes what
 * is found: the same mentions with it on and off over the corpus texts,
 * the rule examples and random mutations of them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
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

static const ct_rule *rule(const ct_pack *p, const char *id) {
  for (size_t i = 0; i < p->n_rules; i++)
    if (strcmp(p->rules[i].id, id) == 0)
      return &p->rules[i];
  fail_msg("no rule %s", id);
  return NULL;
}

/* The matcher appends mentions in no set order (ct_rules_resolve orders
 * them): compare them sorted. */
static int cmp_mention(const void *a, const void *b) {
  const ct_mention *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static void sort_mentions(ct_mentions *ms) {
  if (ms->n > 1)
    qsort(ms->v, ms->n, sizeof *ms->v, cmp_mention);
}

static void test_which_patterns(void **state) {
  (void)state;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/ct_test_lead_XXXXXX");
  assert_non_null(mkdtemp(tmpdir));
  write_file("a.rules",
             "\nDefine: NB\n"
             "Pattern: (?<![a-z._])(?<![a-z]-)\n"
             "\nDefine: AT\n"
             "Pattern: (?=[-0-9])\n"
             "\nRule: t.plain\n"
             "Kind: number\n"
             "Pattern: (?=[0-9])(?<value>[0-9]++)x\n"
             "\nRule: t.macro\n"
             "Kind: number\n"
             "Pattern: {NB}{AT}(?<value>-?[0-9]++)\n"
             "\nRule: t.alt\n"
             "Kind: number\n"
             "Pattern: (?=[0-9])(?<value>[0-9]++)x|y\n"
             "\nRule: t.escape\n"
             "Kind: number\n"
             "Pattern: (?=\\d)(?<value>[0-9]++)\n"
             "\nRule: t.negated\n"
             "Kind: number\n"
             "Pattern: (?=[^a])(?<value>[0-9]++)\n"
             "\nRule: t.cjk\n"
             "Kind: number\n"
             "Pattern: (?<![第])(?=[一二三\\-])(?<value>[一二三]++)\n");
  ct_pack *p = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_rules_pack_load(tmpdir, &p, &err);
  char path[512];
  snprintf(path, sizeof path, "%s/a.rules", tmpdir);
  unlink(path);
  rmdir(tmpdir);
  if (st != CT_OK)
    fail_msg("%s", err.message);

  const ct_rule *r = rule(p, "t.plain");
  assert_non_null(r->acode);
  assert_int_equal(r->n_lead, 10);
  assert_int_equal(r->n_not_after, 0);
  r = rule(p, "t.macro"); /* inside the (?:...) of the expanded macros */
  assert_non_null(r->acode);
  assert_int_equal(r->n_lead, 11);
  assert_int_equal(r->n_not_after, 28); /* a-z . _ */
  /* without a usable lead lookahead (branch 1's only, \d) the lead class
   * is what a match's first character can be; a negated class is not
   * read at all */
  r = rule(p, "t.alt");
  assert_non_null(r->acode);
  assert_int_equal(r->n_lead, 11); /* 0-9 y */
  assert_int_equal(rule(p, "t.escape")->n_lead, 10);
  assert_null(rule(p, "t.negated")->acode);
  r = rule(p, "t.cjk");
  assert_non_null(r->acode);
  assert_int_equal(r->n_lead, 4);
  assert_int_equal(r->n_not_after, 1);

  /* the filtered scan still finds what the plain scan finds */
  ct_matcher *m = NULL;
  assert_int_equal(ct_rules_matcher_new(p, &m, &err), CT_OK);
  static const char text[] = "12x y a-5 -7 第一 二三 3y";
  ct_mentions a = {0}, b = {0};
  size_t hits = 0;
  assert_int_equal(
      ct_rules_scan(m, p, text, 0, strlen(text), SIZE_MAX, &a, &hits), CT_OK);
  ct_rules_matcher_set_lead(m, false);
  assert_int_equal(
      ct_rules_scan(m, p, text, 0, strlen(text), SIZE_MAX, &b, &hits), CT_OK);
  sort_mentions(&a);
  sort_mentions(&b);
  assert_int_equal(a.n, b.n);
  assert_true(a.n >= 6);
  for (size_t i = 0; i < a.n; i++) {
    assert_int_equal(a.v[i].rule, b.v[i].rule);
    assert_int_equal(a.v[i].start, b.v[i].start);
    assert_int_equal(a.v[i].end, b.v[i].end);
  }
  ct_free(a.v);
  ct_free(b.v);
  ct_rules_matcher_free(m);
  ct_rules_pack_free(p);
}

/* ---- same mentions with and without the filter ---- */

static ct_pack *pack;
static ct_matcher *with, *without;
static ct_mentions ma, mb;
static size_t n_compared, n_found;

static void same_on(const char *text, size_t len) {
  /* sentences: split after 。 ！ ？ and newlines, as a segmenter would */
  size_t s = 0;
  for (size_t i = 0; i <= len; i++) {
    bool end = i == len || text[i] == '\n';
    size_t after = i + 1;
    if (!end && i + 3 <= len &&
        (memcmp(text + i, "。", 3) == 0 || memcmp(text + i, "！", 3) == 0 ||
         memcmp(text + i, "？", 3) == 0)) {
      end = true;
      after = i + 3;
    }
    if (!end)
      continue;
    size_t e = after <= len ? after : len;
    if (e > s) {
      size_t h1 = 0, h2 = 0;
      ma.n = mb.n = 0;
      assert_int_equal(
          ct_rules_scan(with, pack, text, s, e, SIZE_MAX, &ma, &h1), CT_OK);
      assert_int_equal(
          ct_rules_scan(without, pack, text, s, e, SIZE_MAX, &mb, &h2), CT_OK);
      assert_int_equal(h1, h2);
      sort_mentions(&ma);
      sort_mentions(&mb);
      if (ma.n != mb.n)
        fail_msg("%zu vs %zu mentions in '%.*s'", ma.n, mb.n, (int)(e - s),
                 text + s);
      for (size_t k = 0; k < ma.n; k++)
        if (memcmp(&ma.v[k], &mb.v[k], sizeof ma.v[k]) != 0)
          fail_msg("mention %zu differs in '%.*s'", k, (int)(e - s), text + s);
      n_compared++;
      n_found += ma.n;
    }
    s = e;
    if (after > i + 1)
      i = after - 1;
  }
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  size_t got = fread(buf, 1, (size_t)n, f);
  fclose(f);
  buf[got] = '\0';
  *len = got;
  return buf;
}

/* Random edits that stress the filters: characters from the lead classes
 * and the not-after sets moved next to numbers, and Chinese characters
 * swapped for numerals, units, hedges, range words and the required
 * characters of the prefilters (年 月 号 成 分 岁 ...). */
static void mutate(char *t, size_t len, unsigned *seed) {
  static const char swaps[] = "0123456789-.,A_%";
  static const char cjk[] = "万亿吨元个年月号號成分之至到约超近第岁两十百千点米"
                            "人亩倍家国项辆";
  for (size_t k = 0; k < len / 40 + 1; k++) {
    *seed = *seed * 1103515245u + 12345u;
    size_t at = (*seed >> 8) % len;
    unsigned char c = (unsigned char)t[at];
    if (c < 0x80 && t[at] != '\n') {
      t[at] = swaps[(*seed >> 4) % (sizeof swaps - 1)];
    } else if (c >= 0xE0 && c <= 0xEF && at + 3 <= len) {
      size_t pick = ((*seed >> 4) % ((sizeof cjk - 1) / 3)) * 3;
      memcpy(t + at, cjk + pick, 3); /* three-byte for three-byte */
    }
  }
}

static void test_same_mentions(void **state) {
  (void)state;
  ct_error err;
  memset(&err, 0, sizeof err);
  if (ct_rules_pack_load(CT_SOURCE_DIR "/rules/zh", &pack, &err) != CT_OK)
    fail_msg("%s", err.message);
  assert_int_equal(ct_rules_matcher_new(pack, &with, &err), CT_OK);
  assert_int_equal(ct_rules_matcher_new(pack, &without, &err), CT_OK);
  ct_rules_matcher_set_lead(without, false);

  /* every example of the pack */
  for (size_t r = 0; r < pack->n_rules; r++)
    for (size_t e = 0; e < pack->rules[r].n_examples; e++) {
      const char *t = pack->rules[r].examples[e].text;
      same_on(t, strlen(t));
    }
  /* the corpus texts, as they are and mutated */
  DIR *d = opendir(CT_SOURCE_DIR "/corpus/texts");
  assert_non_null(d);
  struct dirent *de;
  unsigned seed = 7;
  size_t files = 0;
  while ((de = readdir(d))) {
    size_t nl = strlen(de->d_name);
    if (nl < 5 || strcmp(de->d_name + nl - 4, ".txt") != 0)
      continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/corpus/texts/%s", CT_SOURCE_DIR,
             de->d_name);
    size_t len = 0;
    char *t = read_file(path, &len);
    assert_non_null(t);
    same_on(t, len);
    for (int round = 0; round < 20 && len; round++) {
      mutate(t, len, &seed);
      same_on(t, len);
    }
    free(t);
    files++;
  }
  closedir(d);
  assert_true(files >= 3);
  assert_true(n_compared > 500);
  assert_true(n_found > 500);
  ct_free(ma.v);
  ct_free(mb.v);
  ct_rules_matcher_free(with);
  ct_rules_matcher_free(without);
  ct_rules_pack_free(pack);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_which_patterns),
      cmocka_unit_test(test_same_mentions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
