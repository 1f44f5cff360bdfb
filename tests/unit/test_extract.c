/* SPDX-License-Identifier: MIT */
/* Extraction end to end with the bundled pack: exact values, units, bounds
 * and non-claims; JSON key order; and the claim invariants (text ==
 * input[start:end], sentence contains text, low <= high, finite numbers,
 * deterministic output) on the corpus texts and on random mutations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim/claim.h"

static ct_engine *eng;
static ct_extractor *ex;

static int setup(void **state) {
  (void)state;
  ct_error err;
  if (ct_engine_new(CT_SOURCE_DIR "/rules", &eng, &err) != CT_OK) {
    fprintf(stderr, "%s\n", err.message);
    return -1;
  }
  return ct_extractor_new(eng, &ex, &err) == CT_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  ct_extractor_free(ex);
  ct_engine_free(eng);
  return 0;
}

static ct_doc *run(const char *text) {
  ct_doc *doc = NULL;
  ct_error err;
  assert_int_equal(ct_extract_text(ex, text, strlen(text), NULL, &doc, &err),
                   CT_OK);
  return doc;
}

/* The one claim whose text is `text`. */
static const ct_claim *find(const ct_doc *d, const char *text) {
  for (size_t i = 0; i < ct_doc_claim_count(d); i++)
    if (strcmp(ct_doc_claim(d, i)->text, text) == 0)
      return ct_doc_claim(d, i);
  fail_msg("no claim '%s'", text);
  return NULL;
}

static void test_values(void **state) {
  (void)state;
  ct_doc *d = run("营业收入16.4亿元,比上年提高0.84个百分点;利润500多亿元,"
                  "出口超过１２．５％,资源储量约四千四百万吨,联合十几国,"
                  "在40%至50%之间,占全球的百分之七十二,近两成企业,"
                  "产能达到1,100万辆以上,价格1.25兆日元,年产3至5万吨。");
  const ct_claim *c = find(d, "16.4亿元");
  assert_true(c->has_value && c->value == 1640000000.0);
  assert_string_equal(c->unit, "CNY");
  assert_int_equal(c->kind, CT_KIND_MONEY);
  c = find(d, "0.84个百分点");
  assert_true(c->value == 0.84);
  assert_string_equal(c->unit, "pp");
  c = find(d, "500多亿元");
  assert_true(c->value == 5e10 && c->has_low && c->low == 5e10);
  assert_int_equal(c->bound, CT_BOUND_GT);
  c = find(d, "１２．５％");
  assert_true(c->value == 12.5);
  assert_int_equal(c->bound, CT_BOUND_GT);
  c = find(d, "四千四百万吨");
  assert_true(c->value == 44000000.0);
  assert_string_equal(c->unit, "t");
  assert_int_equal(c->bound, CT_BOUND_APPROX);
  c = find(d, "十几国");
  assert_false(c->has_value);
  assert_true(c->low == 11 && c->high == 19);
  assert_int_equal(c->bound, CT_BOUND_RANGE);
  c = find(d, "40%至50%");
  assert_true(!c->has_value && c->low == 40 && c->high == 50);
  c = find(d, "百分之七十二");
  assert_true(c->value == 72);
  assert_string_equal(c->unit, "%");
  c = find(d, "两成");
  assert_true(c->value == 20);
  assert_int_equal(c->bound, CT_BOUND_APPROX);
  c = find(d, "1,100万辆");
  assert_true(c->value == 11000000 && c->low == 11000000);
  assert_int_equal(c->bound, CT_BOUND_GE);
  assert_string_equal(c->unit, "vehicle");
  c = find(d, "1.25兆日元");
  assert_true(c->value == 1.25e12);
  c = find(d, "3至5万吨");
  assert_true(c->low == 30000 && c->high == 50000);
  ct_doc_free(d);
}

static void test_not_claims(void **state) {
  (void)state;
  static const char *const texts[] = {
      "G7成员国联合欧盟、澳大利亚开会。",
      "5G网络和F-35战机,还有COP28会议。",
      "十四五规划提出,第一产业稳定发展。",
      "一方面要发展,另一方面要稳定,一个接着一个地访华。",
      "五角大楼表示这是唯一的出路,之一。",
      "国办发〔2021〕24号文件,第24号令。",
      "一、总体要求",
      "(1)加强领导",
      "马克龙在前几天与普京通话。",
      "前11个月出口增长。",
      NULL};
  for (int i = 0; texts[i]; i++) {
    ct_doc *d = run(texts[i]);
    if (ct_doc_claim_count(d))
      fail_msg("'%s' gave claim '%s' (%s)", texts[i], ct_doc_claim(d, 0)->text,
               ct_doc_claim(d, 0)->rule);
    ct_doc_free(d);
  }
}

static void test_dates(void **state) {
  (void)state;
  ct_extract_options o = CT_EXTRACT_OPTIONS_INIT;
  o.published = "2024-05-01T10:00:00+08:00";
  const char *t = "1月12日开会,2025年12月3日访华,2025年1-9月增长,"
                  "2026-01-13发布,2025年第三季度。";
  ct_doc *d = NULL;
  ct_error err;
  assert_int_equal(ct_extract_text(ex, t, strlen(t), &o, &d, &err), CT_OK);
  assert_string_equal(find(d, "1月12日")->period, "2024-01-12");
  assert_string_equal(find(d, "2025年12月3日")->period, "2025-12-03");
  assert_string_equal(find(d, "2025年1-9月")->period, "2025-01/2025-09");
  assert_string_equal(find(d, "2026-01-13")->period, "2026-01-13");
  assert_string_equal(find(d, "2025年第三季度")->period, "2025-Q3");
  assert_false(find(d, "1月12日")->has_value);
  ct_doc_free(d);
  /* no article date: the latest year among the text's full dates */
  d = run("1月12日开会。环球网:2026-01-13:报道。");
  assert_string_equal(find(d, "1月12日")->period, "2026-01-12");
  ct_doc_free(d);
  /* no year anywhere: --MM-DD */
  d = run("1月12日开会。");
  assert_string_equal(find(d, "1月12日")->period, "--01-12");
  ct_doc_free(d);
  d = run("2025年全年产量。");
  const ct_claim *c = find(d, "2025年");
  assert_int_equal(c->kind, CT_KIND_YEAR);
  assert_true(c->value == 2025);
  ct_doc_free(d);
}

static void test_json(void **state) {
  (void)state;
  ct_doc *d = run("中国占比高达72%。");
  assert_int_equal(ct_doc_claim_count(d), 1);
  size_t n = 0;
  char *js = ct_claim_json_dup(ct_doc_claim(d, 0), "x.html", &n);
  assert_non_null(js);
  assert_int_equal(strlen(js), n);
  assert_string_equal(
      js,
      "{\"doc\": \"x.html\", \"text\": \"72%\", \"start\": 18, \"end\": 21, "
      "\"kind\": \"percent\", \"value\": 72, \"low\": null, \"high\": null, "
      "\"unit\": \"%\", \"bound\": \"eq\", \"subject\": \"中国\", "
      "\"metric\": \"占比\", \"period\": null, "
      "\"sentence\": \"中国占比高达72%。\", \"rule\": \"zh.percent\"}");
  ct_free(js);
  js = ct_claim_json_dup(ct_doc_claim(d, 0), NULL, NULL);
  assert_non_null(strstr(js, "{\"doc\": null,"));
  ct_free(js);
  ct_doc_stats st = ct_doc_get_stats(d);
  assert_int_equal(st.claims, 1);
  assert_int_equal(st.sentences, 1);
  assert_true(st.matches >= 1);
  ct_doc_free(d);
  assert_null(ct_doc_claim(NULL, 0));
  assert_int_equal(ct_doc_claim_count(NULL), 0);
}

/* ---- invariants ---- */

static char *doc_json(ct_doc *d) {
  ct_buf b = CT_BUF_INIT;
  for (size_t i = 0; i < ct_doc_claim_count(d); i++) {
    char *js = ct_claim_json_dup(ct_doc_claim(d, i), NULL, NULL);
    assert_non_null(js);
    ct_buf_puts(&b, js);
    ct_buf_putc(&b, '\n');
    ct_free(js);
  }
  ct_buf_putc(&b, '\0');
  return ct_buf_take(&b, NULL);
}

static const char *find_bytes(const char *h, size_t hl, const char *n,
                              size_t nl) {
  for (size_t i = 0; nl <= hl && i <= hl - nl; i++)
    if (memcmp(h + i, n, nl) == 0)
      return h + i;
  return NULL;
}

static size_t check_invariants(const char *in, size_t len) {
  ct_doc *d = NULL;
  ct_error err;
  assert_int_equal(ct_extract_text(ex, in, len, NULL, &d, &err), CT_OK);
  size_t prev = 0;
  for (size_t i = 0; i < ct_doc_claim_count(d); i++) {
    const ct_claim *c = ct_doc_claim(d, i);
    assert_true(c->start < c->end && c->end <= len);
    assert_true(c->start >= prev); /* text order */
    prev = c->start;
    assert_int_equal(strlen(c->text), c->end - c->start);
    assert_memory_equal(c->text, in + c->start, c->end - c->start);
    /* the sentence holds the span (memmem: a NUL byte may be inside) */
    size_t sl = c->sentence_end - c->sentence_start;
    assert_true(c->sentence_start <= c->start && c->end <= c->sentence_end);
    assert_memory_equal(c->sentence, in + c->sentence_start, sl);
    assert_non_null(find_bytes(c->sentence, sl, c->text, c->end - c->start));
    assert_true(c->sentence_start <= c->start && c->end <= c->sentence_end);
    assert_true(!c->has_value || isfinite(c->value));
    assert_true(!c->has_low || isfinite(c->low));
    assert_true(!c->has_high || isfinite(c->high));
    if (c->has_low && c->has_high)
      assert_true(c->low <= c->high);
    assert_true((unsigned)c->kind <= CT_KIND_DATE);
    assert_true((unsigned)c->bound <= CT_BOUND_RANGE);
    assert_true(ct_utf8_is_valid(c->text, strlen(c->text)));
  }
  char *a = doc_json(d);
  size_t n = ct_doc_claim_count(d);
  ct_doc_free(d);
  assert_int_equal(ct_extract_text(ex, in, len, NULL, &d, &err), CT_OK);
  char *b = doc_json(d);
  assert_string_equal(a, b); /* deterministic */
  ct_free(a);
  ct_free(b);
  ct_doc_free(d);
  return n;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  assert_non_null(s);
  assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  s[n] = '\0';
  *len = (size_t)n;
  return s;
}

static void test_invariants_corpus(void **state) {
  (void)state;
  DIR *dir = opendir(CT_SOURCE_DIR "/corpus/texts");
  assert_non_null(dir);
  struct dirent *de;
  size_t files = 0, claims = 0, mutants = 0;
  unsigned x = 12345;
  while ((de = readdir(dir)) != NULL) {
    size_t nl = strlen(de->d_name);
    if (nl < 5 || strcmp(de->d_name + nl - 4, ".txt") != 0)
      continue;
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/texts/%s", CT_SOURCE_DIR,
             de->d_name);
    size_t len;
    char *s = slurp(path, &len);
    files++;
    claims += check_invariants(s, len);
    /* random mutations: flip, insert, delete, duplicate bytes */
    for (int round = 0; round < 30; round++) {
      char *m = malloc(len * 2 + 64);
      assert_non_null(m);
      memcpy(m, s, len);
      size_t ml = len;
      for (int k = 0; k < 6; k++) {
        x = x * 1103515245u + 12345u;
        size_t pos = ml ? (x >> 8) % ml : 0;
        int op = (int)((x >> 4) % 4);
        x = x * 1103515245u + 12345u;
        if (op == 0 && ml) {
          m[pos] = (char)(x >> 16);
        } else if (op == 1) {
          static const char *const ins[] = {"%",  "万", "\xe4", "约", "0",
                                            "\n", "。", "-",    "第", "\xff"};
          const char *p = ins[(x >> 12) % 10];
          size_t pl = strlen(p);
          memmove(m + pos + pl, m + pos, ml - pos);
          memcpy(m + pos, p, pl);
          ml += pl;
        } else if (op == 2 && ml > 8) {
          size_t dl = 1 + (x >> 12) % 7;
          if (pos + dl > ml)
            dl = ml - pos;
          memmove(m + pos, m + pos + dl, ml - pos - dl);
          ml -= dl;
        } else if (ml > 8 && ml + 16 < len * 2 + 64) {
          size_t dl = 1 + (x >> 12) % 12;
          if (pos + dl > ml)
            dl = ml - pos;
          memmove(m + pos + dl, m + pos, ml - pos);
          ml += dl;
        }
      }
      check_invariants(m, ml);
      mutants++;
      free(m);
    }
    free(s);
  }
  closedir(dir);
  print_message("invariants: %zu texts (%zu claims), %zu mutants\n", files,
                claims, mutants);
  assert_true(files >= 5);
  assert_true(claims >= 50);
}

static void test_invariants_edge(void **state) {
  (void)state;
  check_invariants("", 0);
  check_invariants("\0\0\0", 3);
  check_invariants("72%", 3);
  check_invariants("\xff\xfe 72% \xe4", 8);
  char big[20000];
  for (size_t i = 0; i < sizeof big; i++)
    big[i] = "1%万年,"[i % 7];
  check_invariants(big, sizeof big);
}

static void test_scale(void **state) {
  (void)state;
  assert_true(ct_claim_scale(16.4, 1e8) == 1640000000.0);
  assert_true(ct_claim_scale(0.84, 1) == 0.84);
  assert_true(ct_claim_scale(1.25, 1e12) == 1.25e12);
  assert_true(ct_claim_scale(0.1, 1e4) == 1000.0);
  assert_true(ct_claim_scale(3.3, 1e4) == 33000.0);
  assert_true(ct_claim_scale(1.1, 1e-3) == 0.0011);
  assert_true(ct_claim_scale(5, 0.5) == 2.5);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_values),
      cmocka_unit_test(test_not_claims),
      cmocka_unit_test(test_dates),
      cmocka_unit_test(test_json),
      cmocka_unit_test(test_invariants_corpus),
      cmocka_unit_test(test_invariants_edge),
      cmocka_unit_test(test_scale),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
