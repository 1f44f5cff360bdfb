/* SPDX-License-Identifier: MIT */
/* Unit tests for the unit lexicon (rules/units.c): the real
 * rules/zh/units.tsv, lookups, longest match, agreement with the numeral
 * parser on where a multiplier sits, the {UNIT} pattern, loader errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "claim/claim.h"
#include "norm/norm.h"
#include "rules/numparse.h"
#include "rules/units.h"

#define ZH_UNITS CT_SOURCE_DIR "/rules/zh/units.tsv"

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    size_t r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (r == 0)
      break;
    if (n == cap) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = nb;
      cap *= 2;
    }
  }
  fclose(f);
  *len = n;
  return buf;
}

static int setup_zh(void **state) {
  size_t len;
  char *data = read_file(ZH_UNITS, &len);
  if (!data)
    return -1;
  ct_units *u = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  ct_status st = ct_units_load(ZH_UNITS, data, len, &u, &err);
  free(data);
  if (st != CT_OK) {
    print_message("load failed: %s\n", err.message);
    return -1;
  }
  *state = u;
  return 0;
}

static int teardown_zh(void **state) {
  ct_units_free(*state);
  return 0;
}

static const ct_unit *find(const ct_units *u, const char *s) {
  return ct_units_find(u, s, strlen(s));
}

static void expect_unit(const ct_units *u, const char *surface,
                        const char *canonical, double scale, ct_kind kind) {
  const ct_unit *x = find(u, surface);
  if (!x) {
    print_message("missing unit %s\n", surface);
    fail();
  }
  assert_string_equal(x->surface, surface);
  assert_string_equal(x->canonical, canonical);
  if (x->scale != scale) {
    print_message("%s: scale %.17g want %.17g\n", surface, x->scale, scale);
    fail();
  }
  assert_int_equal(x->kind, kind);
}

static void test_zh_lookups(void **state) {
  const ct_units *u = *state;
  assert_true(ct_units_count(u) > 150);
  expect_unit(u, "%", "%", 1, CT_KIND_PERCENT);
  expect_unit(u, "个百分点", "pp", 1, CT_KIND_PERCENT);
  expect_unit(u, "百分点", "pp", 1, CT_KIND_PERCENT);
  expect_unit(u, "‰", "‰", 1, CT_KIND_RATIO);
  expect_unit(u, "倍", "times", 1, CT_KIND_RATIO);
  expect_unit(u, "吨", "t", 1, CT_KIND_QUANTITY);
  expect_unit(u, "t", "t", 1, CT_KIND_QUANTITY);
  expect_unit(u, "万吨", "t", 1e4, CT_KIND_QUANTITY);
  expect_unit(u, "亿吨", "t", 1e8, CT_KIND_QUANTITY);
  expect_unit(u, "千克", "kg", 1, CT_KIND_QUANTITY);
  expect_unit(u, "公斤", "kg", 1, CT_KIND_QUANTITY);
  expect_unit(u, "斤", "kg", 0.5, CT_KIND_QUANTITY);
  expect_unit(u, "千瓦时", "kWh", 1, CT_KIND_QUANTITY);
  expect_unit(u, "亿千瓦时", "kWh", 1e8, CT_KIND_QUANTITY);
  expect_unit(u, "万千瓦", "kW", 1e4, CT_KIND_QUANTITY);
  expect_unit(u, "GW", "kW", 1e6, CT_KIND_QUANTITY);
  expect_unit(u, "亩", "mu", 1, CT_KIND_QUANTITY);
  expect_unit(u, "万亩", "mu", 1e4, CT_KIND_QUANTITY);
  expect_unit(u, "公顷", "ha", 1, CT_KIND_QUANTITY);
  expect_unit(u, "平方公里", "km2", 1, CT_KIND_QUANTITY);
  expect_unit(u, "km2", "km2", 1, CT_KIND_QUANTITY); /* written km² */
  expect_unit(u, "m2", "m2", 1, CT_KIND_QUANTITY);   /* written m² */
  expect_unit(u, "°C", "°C", 1, CT_KIND_QUANTITY);   /* written ℃ */
  expect_unit(u, "公里", "km", 1, CT_KIND_QUANTITY);
  expect_unit(u, "立方米", "m3", 1, CT_KIND_QUANTITY);
  expect_unit(u, "桶", "barrel", 1, CT_KIND_QUANTITY);
  expect_unit(u, "元", "CNY", 1, CT_KIND_MONEY);
  expect_unit(u, "人民币", "CNY", 1, CT_KIND_MONEY);
  expect_unit(u, "万元", "CNY", 1e4, CT_KIND_MONEY);
  expect_unit(u, "亿元", "CNY", 1e8, CT_KIND_MONEY);
  expect_unit(u, "万亿元", "CNY", 1e12, CT_KIND_MONEY);
  expect_unit(u, "美元", "USD", 1, CT_KIND_MONEY);
  expect_unit(u, "亿美元", "USD", 1e8, CT_KIND_MONEY);
  expect_unit(u, "万美元", "USD", 1e4, CT_KIND_MONEY);
  expect_unit(u, "欧元", "EUR", 1, CT_KIND_MONEY);
  expect_unit(u, "日元", "JPY", 1, CT_KIND_MONEY);
  expect_unit(u, "港元", "HKD", 1, CT_KIND_MONEY);
  expect_unit(u, "港币", "HKD", 1, CT_KIND_MONEY);
  expect_unit(u, "英镑", "GBP", 1, CT_KIND_MONEY);
  expect_unit(u, "韩元", "KRW", 1, CT_KIND_MONEY);
  expect_unit(u, "卢布", "RUB", 1, CT_KIND_MONEY);
  expect_unit(u, "人", "person", 1, CT_KIND_COUNT);
  expect_unit(u, "名", "person", 1, CT_KIND_COUNT);
  expect_unit(u, "人次", "person", 1, CT_KIND_COUNT);
  expect_unit(u, "家", "company", 1, CT_KIND_COUNT);
  expect_unit(u, "个", "item", 1, CT_KIND_COUNT);
  expect_unit(u, "国", "country", 1, CT_KIND_COUNT);
  expect_unit(u, "个国家", "country", 1, CT_KIND_COUNT);
  expect_unit(u, "项", "item", 1, CT_KIND_COUNT);
  expect_unit(u, "辆", "vehicle", 1, CT_KIND_COUNT);
  expect_unit(u, "户", "household", 1, CT_KIND_COUNT);
  /* multipliers are the numeral parser's; 年 is a year, not a unit */
  assert_null(find(u, "万"));
  assert_null(find(u, "亿"));
  assert_null(find(u, "万亿"));
  assert_null(find(u, "兆"));
  assert_null(find(u, "年"));
  assert_null(find(u, "日"));
  /* exact lookup is exact */
  assert_null(find(u, "万吨钢"));
  assert_null(find(u, ""));
  assert_null(ct_units_find(u, "吨", 1)); /* a cut UTF-8 sequence */
  assert_null(find(u, "km²"));            /* callers pass NFKC text */
}

static void test_zh_match(void **state) {
  const ct_units *u = *state;
  static const struct {
    const char *text, *surface;
  } cases[] = {
      {"万吨稀土", "万吨"},
      {"吨钢", "吨"},
      {"个百分点。", "个百分点"},
      {"个国家和地区的", "个国家和地区"},
      {"个国家,", "个国家"},
      {"个人", "个"},
      {"亿元人民币", "亿元人民币"},
      {"亿元,同比", "亿元"},
      {"万亿元", "万亿元"},
      {"亿千瓦时电", "亿千瓦时"},
      {"千瓦", "千瓦"},
      {"%,", "%"},
      {"公里/小时", "公里/小时"},
      {"公里路", "公里"},
      {"平方公里", "平方公里"},
      {"人次", "人次"},
      {"人口", "人"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    size_t ml = 99;
    const ct_unit *x =
        ct_units_match(u, cases[i].text, strlen(cases[i].text), &ml);
    if (!x || ml != strlen(cases[i].surface) ||
        strcmp(x->surface, cases[i].surface) != 0) {
      print_message("match %s: got %s (%zu)\n", cases[i].text,
                    x ? x->surface : "NULL", ml);
      fail();
    }
  }
  size_t ml = 99;
  assert_null(ct_units_match(u, "万", strlen("万"), &ml));
  assert_int_equal(ml, 0);
  assert_null(ct_units_match(u, "稀土", strlen("稀土"), &ml));
  assert_null(ct_units_match(u, "", 0, &ml));
  assert_null(ct_units_match(u, "万吨", 4, &ml)); /* 万 + a cut 吨 */
  assert_non_null(ct_units_match(u, "万吨", 6, NULL));
  /* length is honoured: 万吨 cut to 万 then to nothing */
  assert_null(ct_units_match(u, "亿元", 3, &ml));
}

/* A multiplier may be captured with the number or with the unit: 4400万 +
 * 吨 and 4400 + 万吨 must give the same value, for every compound unit in
 * the lexicon whose tail is itself a unit. */
static void test_zh_split_agrees(void **state) {
  const ct_units *u = *state;
  int checked = 0, traps = 0;
  for (size_t i = 0; i < ct_units_count(u); i++) {
    const ct_unit *full = ct_units_at(u, i);
    size_t n = strlen(full->surface);
    for (size_t k = 3; k < n; k += 3) {
      const ct_unit *tail = find(u, full->surface + k);
      if (!tail)
        continue;
      char num[64];
      int w = snprintf(num, sizeof num, "4400%.*s", (int)k, full->surface);
      assert_true(w > 0 && (size_t)w < sizeof num);
      ct_numval a, b;
      if (ct_num_parse(num, strlen(num), &a) != CT_OK)
        continue; /* the head is not a multiplier (个 in 个百分点) */
      assert_int_equal(ct_num_parse("4400", 4, &b), CT_OK);
      /* scaled the way claims are: exactly, by decimal shift */
      double v1 = ct_claim_scale(a.value, tail->scale),
             v2 = ct_claim_scale(b.value, full->scale);
      /* Known traps the rule patterns must avoid (units.tsv header):
       * 千米 is km but 千 + 米 gives m; 兆瓦 is a megawatt but 兆 as a
       * multiplier is 10^12; 千字节/兆字节 are KB/MB. Each must really
       * disagree, so the list stays honest. */
      if (strcmp(full->surface, "千米") == 0 ||
          strcmp(full->surface, "兆瓦") == 0 ||
          strcmp(full->surface, "兆瓦时") == 0 ||
          strcmp(full->surface, "千字节") == 0 ||
          strcmp(full->surface, "兆字节") == 0) {
        assert_true(v1 != v2 || strcmp(full->canonical, tail->canonical));
        traps++;
        continue;
      }
      if (v1 != v2 || strcmp(full->canonical, tail->canonical) != 0 ||
          full->kind != tail->kind) {
        print_message("%s vs %s: %.17g %s / %.17g %s\n", num, full->surface + k,
                      v1, tail->canonical, v2, full->canonical);
        fail();
      }
      checked++;
    }
  }
  print_message("%d multiplier splits agree, %d known traps\n", checked, traps);
  assert_true(checked > 50);
  assert_int_equal(traps, 5);
  const ct_unit *t = find(u, "吨"), *wt = find(u, "万吨");
  ct_numval a, b;
  assert_int_equal(ct_num_parse("4400万", strlen("4400万"), &a), CT_OK);
  assert_int_equal(ct_num_parse("4400", 4, &b), CT_OK);
  assert_true(a.value * t->scale == 44000000.0);
  assert_true(b.value * wt->scale == 44000000.0);
}

/* Every surface of the pack is NFKC-stable: the loader normalises, and
 * the normalised text is what patterns see. */
static void test_zh_nfkc(void **state) {
  const ct_units *u = *state;
  for (size_t i = 0; i < ct_units_count(u); i++) {
    const char *s = ct_units_at(u, i)->surface;
    ct_normtext nt;
    assert_int_equal(ct_norm(s, strlen(s), &nt, NULL), CT_OK);
    assert_int_equal(nt.len, strlen(s));
    assert_memory_equal(nt.text, s, nt.len);
    ct_normtext_release(&nt);
  }
}

static void test_zh_pattern(void **state) {
  const ct_units *u = *state;
  const char *pat = ct_units_pattern(u);
  assert_non_null(pat);
  assert_non_null(strstr(pat, "\\%"));
  assert_non_null(strstr(pat, "公里\\/小时"));
  assert_null(strstr(pat, "||"));
  /* longest first: 万亿元 is listed before 亿元 and 亿元 before 元 */
  const char *a = strstr(pat, "万亿元|"), *b = strstr(pat, "|亿元|"),
             *c = strstr(pat, "|元|");
  assert_non_null(a);
  assert_non_null(b);
  assert_non_null(c);
  assert_true(a < b && b < c);
  int ec;
  PCRE2_SIZE eo;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                 PCRE2_UTF | PCRE2_ANCHORED, &ec, &eo, NULL);
  assert_non_null(re);
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
  assert_non_null(md);
  /* anchored on each surface (plus a trailing char), the alternation takes
   * the whole surface: nothing shorter shadows it */
  for (size_t i = 0; i < ct_units_count(u); i++) {
    const char *s = ct_units_at(u, i)->surface;
    char subj[256];
    snprintf(subj, sizeof subj, "%s的", s);
    int rc = pcre2_match(re, (PCRE2_SPTR)subj, strlen(subj), 0, 0, md, NULL);
    assert_true(rc > 0);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (ov[1] != strlen(s)) {
      print_message("pattern on %s matched %zu bytes\n", s, (size_t)ov[1]);
      fail();
    }
  }
  assert_true(pcre2_match(re, (PCRE2_SPTR) "稀土", 6, 0, 0, md, NULL) < 0);
  assert_true(pcre2_match(re, (PCRE2_SPTR) "万", 3, 0, 0, md, NULL) < 0);
  pcre2_match_data_free(md);
  pcre2_code_free(re);
}

/* ---- the loader on small files ---- */

static ct_status load(const char *text, ct_units **u, ct_error *err) {
  memset(err, 0, sizeof *err);
  *u = NULL;
  return ct_units_load("t.tsv", text, strlen(text), u, err);
}

static void expect_error(const char *text, const char *message) {
  ct_units *u;
  ct_error err;
  ct_status st = load(text, &u, &err);
  if (st != CT_ERULE || u != NULL || strcmp(err.message, message) != 0) {
    print_message("got status %d message '%s'\nwant '%s'\n", st, err.message,
                  message);
    fail();
  }
}

static void test_load_errors(void **state) {
  (void)state;
  expect_error("吨\tt\t1\n", "t.tsv:1: expected 4 tab-separated columns "
                             "(surface, canonical, scale, kind), found 3");
  expect_error("# c\n\n吨\tt\t1\tquantity\tx\n",
               "t.tsv:3: expected 4 tab-separated columns (surface, "
               "canonical, scale, kind), found 5");
  expect_error("吨 t 1 quantity\n",
               "t.tsv:1: expected 4 tab-separated columns (surface, "
               "canonical, scale, kind), found 1");
  expect_error("吨\tt\tabc\tquantity\n",
               "t.tsv:1: bad scale 'abc' (a positive number such as 1, "
               "10000 or 1e8, at most 1e16)");
  const char *bad_scales[] = {"0",  "-1",   "1e99",  "1.",   ".",
                              "1e", "1e+",  "1,000", "0x10", "1e8x",
                              "",   "1..2", "inf",   "nan",  "1e17"};
  for (size_t i = 0; i < sizeof bad_scales / sizeof *bad_scales; i++) {
    char text[128], msg[256];
    snprintf(text, sizeof text, "吨\tt\t1\tquantity\n万吨\tt\t%s\tquantity\n",
             bad_scales[i]);
    snprintf(msg, sizeof msg,
             "t.tsv:2: bad scale '%s' (a positive number such as 1, 10000 "
             "or 1e8, at most 1e16)",
             bad_scales[i]);
    expect_error(text, msg);
  }
  expect_error("吨\tt\t1\tweight\n",
               "t.tsv:1: unknown kind 'weight' (percent, quantity, money, "
               "count, number, ratio)");
  expect_error("吨\tt\t1\tQuantity\n",
               "t.tsv:1: unknown kind 'Quantity' (percent, quantity, money, "
               "count, number, ratio)");
  expect_error("吨\tt\t1\tquantity\n元\tCNY\t1\tmoney\n吨\tton\t1\tquantity\n",
               "t.tsv:3: duplicate surface '吨' (first on line 1)");
  /* the same surface after NFKC */
  expect_error("km²\tkm2\t1\tquantity\nkm2\tkm2\t1\tquantity\n",
               "t.tsv:2: duplicate surface 'km2' (first on line 1)");
  expect_error("\tt\t1\tquantity\n", "t.tsv:1: empty surface");
  expect_error("吨\t\t1\tquantity\n", "t.tsv:1: empty canonical unit");
  expect_error("\xFF\tt\t1\tquantity\n", "t.tsv:1: invalid UTF-8");
  char longs[512] = "";
  for (int i = 0; i < 50; i++)
    strcat(longs, "吨");
  strcat(longs, "\tt\t1\tquantity\n");
  expect_error(longs, "t.tsv:1: surface longer than 128 bytes");
  /* the error names the first bad line, and nothing is loaded */
  expect_error("吨\tt\t1\tquantity\n元\tCNY\t1\tcash\n万\tx\ty\n",
               "t.tsv:2: unknown kind 'cash' (percent, quantity, money, "
               "count, number, ratio)");
}

static void test_load_forms(void **state) {
  (void)state;
  ct_units *u;
  ct_error err;
  /* comments, blank lines, CRLF, spaces around fields, a trailing comment
   * column, no final newline, scale spellings */
  const char *text = "# header\r\n"
                     "\r\n"
                     "  # indented comment\n"
                     "吨\tt\t1\tquantity\r\n"
                     "万吨\tt\t1e4\tquantity\t# ten thousand\n"
                     "亿吨 \t t \t 100000000 \t quantity\n"
                     "斤\tkg\t0.5\tquantity\n"
                     "a.b\tx\t2.5E+3\tnumber\n"
                     "千分之\t‰\t1e-0\tratio\n"
                     "毫\tx\t1e-3\tquantity\n"
                     "cent\tc\t0.01\tmoney";
  assert_int_equal(load(text, &u, &err), CT_OK);
  assert_int_equal(ct_units_count(u), 8);
  assert_string_equal(ct_units_at(u, 0)->surface, "吨");
  assert_string_equal(ct_units_at(u, 7)->surface, "cent");
  assert_null(ct_units_at(u, 8));
  assert_true(find(u, "万吨")->scale == 1e4);
  assert_true(find(u, "亿吨")->scale == 1e8);
  assert_string_equal(find(u, "亿吨")->canonical, "t");
  assert_true(find(u, "斤")->scale == 0.5);
  assert_true(find(u, "a.b")->scale == 2500.0);
  assert_true(find(u, "千分之")->scale == 1.0);
  assert_true(find(u, "毫")->scale == 0.001);
  assert_true(find(u, "cent")->scale == 0.01);
  assert_int_equal(find(u, "cent")->kind, CT_KIND_MONEY);
  assert_int_equal(find(u, "a.b")->kind, CT_KIND_NUMBER);
  /* '.' is escaped in the pattern, so a.b does not match axb */
  const char *pat = ct_units_pattern(u);
  assert_non_null(strstr(pat, "a\\.b"));
  int ec;
  PCRE2_SIZE eo;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                 PCRE2_UTF, &ec, &eo, NULL);
  assert_non_null(re);
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
  assert_true(pcre2_match(re, (PCRE2_SPTR) "axb", 3, 0, 0, md, NULL) < 0);
  assert_true(pcre2_match(re, (PCRE2_SPTR) "a.b", 3, 0, 0, md, NULL) > 0);
  pcre2_match_data_free(md);
  pcre2_code_free(re);
  ct_units_free(u);

  /* an empty lexicon loads, finds nothing, and its pattern never matches */
  assert_int_equal(load("# nothing\n\n", &u, &err), CT_OK);
  assert_int_equal(ct_units_count(u), 0);
  assert_null(find(u, "吨"));
  assert_null(ct_units_match(u, "吨", 3, NULL));
  assert_string_equal(ct_units_pattern(u), "(*FAIL)");
  ct_units_free(u);
  assert_int_equal(ct_units_load("e.tsv", NULL, 0, &u, &err), CT_OK);
  ct_units_free(u);
  ct_units_free(NULL);
  assert_null(ct_units_find(NULL, "吨", 3));
  assert_null(ct_units_match(NULL, "吨", 3, NULL));
  assert_null(ct_units_pattern(NULL));
  assert_int_equal(ct_units_count(NULL), 0);
  assert_int_equal(ct_units_load("x", "a", 1, NULL, &err), CT_EINVAL);
}

/* ---- allocation failure at every point of a load ---- */

static long g_alloc_left;
static void *fail_malloc(size_t n) {
  return g_alloc_left-- > 0 ? malloc(n) : NULL;
}
static void *fail_realloc(void *p, size_t n) {
  return g_alloc_left-- > 0 ? realloc(p, n) : NULL;
}

static void test_load_oom(void **state) {
  (void)state;
  size_t len;
  char *data = read_file(ZH_UNITS, &len);
  assert_non_null(data);
  ct_mem mem = {fail_malloc, fail_realloc, free};
  int ok = 0, oom = 0;
  for (long n = 0; n < 100000; n += n < 60 ? 1 : 37) {
    g_alloc_left = n;
    ct_set_mem(&mem);
    ct_units *u = NULL;
    ct_error err;
    ct_status st = ct_units_load(ZH_UNITS, data, len, &u, &err);
    ct_set_mem(NULL);
    if (st == CT_OK) {
      ok++;
      assert_non_null(u);
      ct_units_free(u);
      break;
    }
    assert_int_equal(st, CT_ENOMEM);
    assert_null(u);
    oom++;
  }
  free(data);
  assert_int_equal(ok, 1);
  assert_true(oom > 10);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_zh_lookups, setup_zh, teardown_zh),
      cmocka_unit_test_setup_teardown(test_zh_match, setup_zh, teardown_zh),
      cmocka_unit_test_setup_teardown(test_zh_split_agrees, setup_zh,
                                      teardown_zh),
      cmocka_unit_test_setup_teardown(test_zh_nfkc, setup_zh, teardown_zh),
      cmocka_unit_test_setup_teardown(test_zh_pattern, setup_zh, teardown_zh),
      cmocka_unit_test(test_load_errors),
      cmocka_unit_test(test_load_forms),
      cmocka_unit_test(test_load_oom),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
