/* SPDX-License-Identifier: MIT */
/* Reconciliation: precision intervals, metric facets, verdicts against
 * several references (closest, gap, notes), periods, conflicts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

static ct_claim mk(const char *text, double value, const char *unit,
                   ct_bound bound, const char *subject, const char *metric,
                   const char *period) {
  ct_claim c;
  memset(&c, 0, sizeof c);
  c.text = text;
  c.end = strlen(text);
  c.kind = unit && strcmp(unit, "%") == 0 ? CT_KIND_PERCENT : CT_KIND_QUANTITY;
  c.has_value = true;
  c.value = value;
  c.unit = unit;
  c.bound = bound;
  c.subject = subject;
  c.metric = metric;
  c.period = period;
  c.sentence = metric;
  return c;
}

static void test_half_unit(void **state) {
  (void)state;
  assert_true(ct_reconcile_half_unit("72%", 72) == 0.5);
  assert_true(ct_reconcile_half_unit("4400万吨", 44000000) == 5000);
  assert_true(fabs(ct_reconcile_half_unit("16.4亿", 1.64e9) - 5e6) < 1e-3);
  assert_true(fabs(ct_reconcile_half_unit("0.84个百分点", 0.84) - 0.005) <
              1e-12);
  assert_true(ct_reconcile_half_unit("１２％", 12) == 0.5); /* full-width */
  assert_true(ct_reconcile_half_unit("1,200吨", 1200) == 0.5);
  /* Chinese numerals: the last significant digit of the value. */
  assert_true(ct_reconcile_half_unit("三成", 30) == 5);
  assert_true(ct_reconcile_half_unit("十一", 11) == 0.5);
}

static void test_intervals(void **state) {
  (void)state;
  double lo, hi;
  ct_claim c = mk("72%", 72, "%", CT_BOUND_EQ, NULL, NULL, NULL);
  assert_true(ct_reconcile_interval(&c, &lo, &hi));
  assert_true(lo == 71.5 && hi == 72.5);
  c = mk("4400万吨", 44000000, "t", CT_BOUND_APPROX, NULL, NULL, NULL);
  assert_true(ct_reconcile_interval(&c, &lo, &hi));
  assert_true(lo == 43995000 && hi == 44005000);
  c = mk("45%", 45, "%", CT_BOUND_LT, NULL, NULL, NULL);
  c.has_high = true;
  c.high = 45;
  assert_true(ct_reconcile_interval(&c, &lo, &hi));
  assert_true(isinf(lo) && lo < 0 && hi == 45);
  c = mk("90%", 90, "%", CT_BOUND_GT, NULL, NULL, NULL);
  assert_true(ct_reconcile_interval(&c, &lo, &hi));
  assert_true(lo == 90 && isinf(hi));
  c = mk("40%至50%", 0, "%", CT_BOUND_RANGE, NULL, NULL, NULL);
  c.has_value = false;
  c.has_low = c.has_high = true;
  c.low = 40;
  c.high = 50;
  assert_true(ct_reconcile_interval(&c, &lo, &hi));
  assert_true(lo == 39.5 && hi == 50.5);
  c = mk("2025年", 2025, NULL, CT_BOUND_EQ, NULL, NULL, NULL);
  c.kind = CT_KIND_YEAR;
  assert_false(ct_reconcile_interval(&c, &lo, &hi));
}

static void test_facets(void **state) {
  (void)state;
  ct_facets a, b, m, h, q, u;
  ct_reconcile_facets("稀土冶炼分离产能占比", NULL, "%", &a);
  ct_reconcile_facets("稀土冶炼分离(精炼)占全球比重", NULL, "%", &b);
  assert_int_equal(a.stage, b.stage);
  assert_int_equal(a.form, b.form);
  assert_int_equal(a.scope, b.scope);
  assert_int_equal(a.measure, CT_MEASURE_CAPACITY);
  assert_int_equal(b.measure, CT_MEASURE_OUTPUT);
  /* Magnet rare earths and medium/heavy rare earths are other scopes. */
  ct_reconcile_facets("稀土(磁体用稀土)精炼产量占全球比重", NULL, "%", &m);
  assert_int_equal(m.stage, b.stage);
  assert_int_not_equal(m.scope, b.scope);
  ct_reconcile_facets("中重稀土产量占比", NULL, "%", &h);
  assert_int_not_equal(h.scope, b.scope);
  /* A quota is not output; a utilisation rate is not a share. */
  ct_reconcile_facets("稀土开采总量控制指标", NULL, "t", &q);
  ct_facets mo;
  ct_reconcile_facets("稀土矿山产量", NULL, "t", &mo);
  assert_int_equal(q.stage, mo.stage);
  assert_int_not_equal(q.measure, mo.measure);
  ct_reconcile_facets("海外产能利用率", "海外稀土产能利用率还不足45%", "%", &u);
  assert_int_not_equal(u.form, a.form);
  /* Reserves: 资源储量 and 储量 are the same measure. */
  ct_facets r1, r2;
  ct_reconcile_facets("稀土资源储量", NULL, "t", &r1);
  ct_reconcile_facets("稀土储量", NULL, "t", &r2);
  assert_memory_equal(&r1, &r2, sizeof r1);
  /* The commodity may come from the sentence when the metric omits it. */
  ct_facets s1;
  ct_reconcile_facets("储量", "中国稀土储量约4400万吨", "t", &s1);
  assert_int_equal(s1.commodity, r2.commodity);
  ct_reconcile_facets("储量", "煤和稀土储量", "t", &s1);
  assert_int_equal(s1.commodity, 0); /* two commodities: unknown */
}

static ct_reference ref(const char *subject, const char *metric,
                        const char *period, double value, const char *unit) {
  ct_reference r;
  memset(&r, 0, sizeof r);
  r.subject = subject;
  r.metric = metric;
  r.period = period;
  r.has_value = true;
  r.value = value;
  r.unit = unit;
  r.source = "test source";
  return r;
}

static void judge(ct_verdict *v, const ct_claim *c, const ct_reference *refs,
                  size_t n, ct_arena *a, const char *published) {
  memset(v, 0, sizeof *v);
  v->claim = *c;
  ct_stored_article art;
  memset(&art, 0, sizeof art);
  art.key = "a";
  art.published = published;
  ct_lexicon lx = {0};
  ct_reconcile_judge(&lx, &lx, &art, refs, n, a, v);
}

static void test_verdicts(void **state) {
  (void)state;
  ct_arena a;
  ct_arena_init(&a);
  ct_reference refs[6] = {
      ref("中国", "稀土冶炼分离(精炼)占全球比重", "2024", 91, "%"),
      ref("中国", "稀土加工(精炼)占全球比重", "2024", 92, "%"),
      ref("中国", "稀土储量", "2025", 44000000, "t"),
      ref("中国", "稀土储量", "2024", 44000000, "t"),
      ref("中国", "稀土储量占全球比重", "2025", 48.9, "%"),
      ref("中国", "稀土储量占世界总储量比重", "2012", 23, "%")};
  refs[2].has_tolerance = true;
  refs[2].tolerance = 0.05;
  refs[4].has_high = true;
  refs[4].high = 48.9;
  ct_verdict v;

  /* 72% of capacity vs 91/92% of output: contradicted, closest 91. */
  ct_claim c =
      mk("72%", 72, "%", CT_BOUND_EQ, "中国", "稀土冶炼分离产能占比", NULL);
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_CONTRADICTED);
  assert_ptr_equal(v.reference, &refs[0]);
  assert_true(v.has_gap && v.gap == -19);
  assert_non_null(strstr(v.note, "capacity and the reference output"));
  assert_non_null(strstr(v.note, "all 2 comparable"));

  /* About 90%: within ±3 pp of 91 -> supported. */
  c = mk("90%", 90, "%", CT_BOUND_APPROX, "中国", "稀土冶炼分离产能占比", NULL);
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_SUPPORTED);
  assert_ptr_equal(v.reference, &refs[0]);

  /* 约4400万吨 reserves in 2025: supported by the 2025 row, gap 0. */
  c = mk("4400万吨", 44000000, "t", CT_BOUND_APPROX, "中国", "稀土资源储量",
         "2025");
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_SUPPORTED);
  assert_ptr_equal(v.reference, &refs[2]);
  assert_true(v.gap == 0);
  /* 5000万吨 is outside ±5%. */
  c = mk("5000万吨", 50000000, "t", CT_BOUND_EQ, "中国", "稀土储量", "2025");
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_CONTRADICTED);
  assert_true(v.gap == 6000000);

  /* 40%..50% of world reserves (2025) meets <=48.9 (+3 pp); the 2012
   * figure of 23% is not used when a 2025 one exists. */
  c = mk("40%至50%", 0, "%", CT_BOUND_RANGE, "中国", "稀土资源储量占比",
         "2025");
  c.has_value = false;
  c.has_low = c.has_high = true;
  c.low = 40;
  c.high = 50;
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_SUPPORTED);
  assert_ptr_equal(v.reference, &refs[4]);

  /* A later claim year uses the latest earlier reference, with a note. */
  c = mk("4400万吨", 44000000, "t", CT_BOUND_EQ, "中国", "稀土储量", "2027");
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_SUPPORTED);
  assert_ptr_equal(v.reference, &refs[2]);
  assert_non_null(strstr(v.note, "2 years older"));
  /* Only later references: unverifiable. */
  c = mk("4400万吨", 44000000, "t", CT_BOUND_EQ, "中国", "稀土储量", "2020");
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_UNVERIFIABLE);
  assert_null(v.reference);
  assert_false(v.has_gap);

  /* Unit mismatch, other subject, other measure: unverifiable. */
  c = mk("72万吨", 720000, "t", CT_BOUND_EQ, "中国", "稀土冶炼分离产能", NULL);
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_UNVERIFIABLE);
  c = mk("72%", 72, "%", CT_BOUND_EQ, "美国", "稀土冶炼分离产能占比", NULL);
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_UNVERIFIABLE);
  c = mk("95%", 95, "%", CT_BOUND_EQ, "中国", "深部矿区采收率", NULL);
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_UNVERIFIABLE);
  assert_non_null(v.note);
  c = mk("68%", 68, "%", CT_BOUND_EQ, "中国", "中重稀土产量占比", NULL);
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_UNVERIFIABLE);

  /* The scope comes from the nearest commodity mention before the number
   * when the metric names none. */
  const char *sent = "2025年中国稀土资源储量约4400万吨,占全球40%至50%,"
                     "尤其是中重稀土,占全球产量的68%,而中重稀土正是核心原料";
  ct_reference mine = ref("中国", "稀土矿山产量占全球比重", "2024", 69.2, "%");
  c = mk("68%", 68, "%", CT_BOUND_EQ, "中国", "产量", "2025");
  c.sentence = sent;
  judge(&v, &c, &mine, 1, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_UNVERIFIABLE);
  c = mk("68%", 68, "%", CT_BOUND_EQ, "中国", "产量", "2025");
  c.sentence = "中国稀土占全球产量的68%";
  judge(&v, &c, &mine, 1, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_SUPPORTED);
  assert_non_null(strstr(v.note, "1 year older"));
  c = mk("4400万吨", 44000000, "t", CT_BOUND_APPROX, "中国", "稀土资源储量",
         "2025");
  c.sentence = sent;
  judge(&v, &c, refs, 6, &a, NULL);
  assert_int_equal(v.verdict, CT_VERDICT_SUPPORTED);

  /* A claim without a year in an article of 2023 is not judged against
   * a 2024 figure. */
  c = mk("72%", 72, "%", CT_BOUND_EQ, "中国", "稀土冶炼分离产能占比", NULL);
  judge(&v, &c, refs, 6, &a, "2023-05-01T10:00:00+08:00");
  assert_int_equal(v.verdict, CT_VERDICT_UNVERIFIABLE);
  ct_arena_release(&a);
}

static void test_conflicts(void **state) {
  (void)state;
  ct_check chk;
  memset(&chk, 0, sizeof chk);
  ct_arena_init(&chk.arena);
  ct_stored_article arts[2];
  memset(arts, 0, sizeof arts);
  arts[0].key = "seed.html";
  arts[1].key = "other.html";
  ct_verdict v[4];
  memset(v, 0, sizeof v);
  v[0].claim =
      mk("72%", 72, "%", CT_BOUND_EQ, "中国", "稀土冶炼分离产能占比", NULL);
  v[0].article = &arts[0];
  v[1].claim =
      mk("90%", 90, "%", CT_BOUND_APPROX, "中国", "稀土冶炼分离产能占比", NULL);
  v[1].article = &arts[1];
  /* Same article: never a conflict; other period: not compared. */
  v[2].claim =
      mk("95%", 95, "%", CT_BOUND_EQ, "中国", "稀土冶炼分离产能占比", NULL);
  v[2].article = &arts[0];
  v[3].claim =
      mk("50%", 50, "%", CT_BOUND_EQ, "中国", "稀土冶炼分离产能占比", "2019");
  v[3].article = &arts[1];
  chk.verdicts = v;
  chk.n_verdicts = 4;
  ct_lexicon lx = {0};
  assert_int_equal(ct_reconcile_conflicts(&chk, &lx, &lx), CT_OK);
  /* 72 vs ~90 and 95 vs ~90 (86.5..93.5 does not reach 94.5). */
  assert_int_equal(chk.n_conflicts, 2);
  assert_ptr_equal(chk.conflicts[0].a, &v[0]);
  assert_ptr_equal(chk.conflicts[0].b, &v[1]);
  assert_non_null(strstr(chk.conflicts[0].note, "seed.html says 72%"));
  ct_free(chk.conflicts);
  ct_arena_release(&chk.arena);
}

/* Claims without a year are dated by their articles: a 2012 article's 23%
 * does not conflict with a 2025 article's 45%. */
static void test_conflicts_article_year(void **state) {
  (void)state;
  ct_check chk;
  memset(&chk, 0, sizeof chk);
  ct_arena_init(&chk.arena);
  ct_stored_article arts[3];
  memset(arts, 0, sizeof arts);
  arts[0].key = "old.html";
  arts[0].published = "2012-06-21T05:39:00+08:00";
  arts[1].key = "new.html";
  arts[1].published = "2025-03-01";
  arts[2].key = "new2.html";
  arts[2].published = "2025-11-30T08:00:00+08:00";
  ct_verdict v[3];
  memset(v, 0, sizeof v);
  for (int i = 0; i < 3; i++) {
    v[i].claim = mk(i ? "45%" : "23%", i ? 45 : 23, "%", CT_BOUND_EQ, "中国",
                    "稀土储量占比", NULL);
    v[i].article = &arts[i];
  }
  v[2].claim = mk("30%", 30, "%", CT_BOUND_EQ, "中国", "稀土储量占比", NULL);
  chk.verdicts = v;
  chk.n_verdicts = 3;
  ct_lexicon lx = {0};
  assert_int_equal(ct_reconcile_conflicts(&chk, &lx, &lx), CT_OK);
  assert_int_equal(chk.n_conflicts, 1); /* only the two 2025 articles */
  assert_ptr_equal(chk.conflicts[0].a, &v[1]);
  assert_ptr_equal(chk.conflicts[0].b, &v[2]);
  ct_free(chk.conflicts);
  ct_arena_release(&chk.arena);
}

static void test_aliases(void **state) {
  (void)state;
  char path[] = "/tmp/ct_test_lexicon_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("# comment\n我国\t中国\n\nno tab here\n稀土资源量\t稀土储量\textra\n",
        f);
  fclose(f);
  ct_arena a;
  ct_arena_init(&a);
  ct_lexicon lx = {0};
  ct_error err;
  assert_int_equal(ct_lexicon_load(&lx, &a, path, &err), CT_OK);
  remove(path);
  assert_int_equal(lx.n, 2);
  assert_string_equal(ct_lexicon_canon(&lx, "我国"), "中国");
  assert_string_equal(ct_lexicon_canon(&lx, "稀土资源量"), "稀土储量");
  assert_string_equal(ct_lexicon_canon(&lx, "美国"), "美国");
  /* A missing file is an empty lexicon. */
  ct_lexicon none = {0};
  assert_int_equal(ct_lexicon_load(&none, &a, "/nonexistent/x.tsv", &err),
                   CT_OK);
  assert_int_equal(none.n, 0);
  /* The subject alias makes the 中国 row apply to a 我国 claim. */
  ct_reference r = ref("中国", "稀土储量", "2025", 44000000, "t");
  ct_claim c =
      mk("4400万吨", 44000000, "t", CT_BOUND_EQ, "我国", "稀土资源量", "2025");
  ct_verdict v;
  memset(&v, 0, sizeof v);
  v.claim = c;
  ct_reconcile_judge(&lx, &lx, NULL, &r, 1, &a, &v);
  assert_int_equal(v.verdict, CT_VERDICT_SUPPORTED);
  ct_lexicon empty = {0};
  ct_reconcile_judge(&empty, &empty, NULL, &r, 1, &a, &v);
  assert_int_equal(v.verdict, CT_VERDICT_UNVERIFIABLE);
  ct_free(lx.alias);
  ct_free(lx.canon);
  ct_arena_release(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_half_unit),
      cmocka_unit_test(test_intervals),
      cmocka_unit_test(test_facets),
      cmocka_unit_test(test_verdicts),
      cmocka_unit_test(test_conflicts),
      cmocka_unit_test(test_aliases),
      cmocka_unit_test(test_conflicts_article_year),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
