/* SPDX-License-Identifier: MIT */
/* Reference packs: RFC 4180 parsing (quotes, doubled quotes, embedded
 * newlines), file:line errors, the all-or-nothing import, the shipped
 * pack. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_int.h"

#define HEADER                                                                 \
  "subject,subject_en,metric,metric_en,period,value,low,high,unit,"            \
  "tolerance,source,url,note\n"

static ct_status parse(const char *csv, ct_arena *a, ct_reference **rows,
                       size_t *n, ct_error *err) {
  return ct_store_parse_refs("pack.csv", csv, strlen(csv), a, rows, n, err);
}

static void test_quoted_fields(void **state) {
  (void)state;
  ct_arena a;
  ct_arena_init(&a);
  ct_reference *r = NULL;
  size_t n = 0;
  ct_error err;
  const char *csv = HEADER
      "中国,China,稀土储量,\"rare-earth reserves, t\",2025,44000000,,,t,0.05,"
      "USGS,https://x,\"conf=high. He said \"\"44 Mt\"\"\nsecond line\"\r\n"
      "\n"
      "全球,World,稀土储量,,2025,90000000,90000000,,t,,USGS,,\n";
  assert_int_equal(parse(csv, &a, &r, &n, &err), CT_OK);
  assert_int_equal(n, 2);
  assert_string_equal(r[0].subject, "中国");
  assert_string_equal(r[0].metric_en, "rare-earth reserves, t");
  assert_string_equal(r[0].note, "conf=high. He said \"44 Mt\"\nsecond line");
  assert_true(r[0].has_value && r[0].value == 44000000);
  assert_false(r[0].has_low);
  assert_true(r[0].has_tolerance && r[0].tolerance == 0.05);
  assert_int_equal(r[0].line, 2);
  /* The quoted newline moves the next row's line number. */
  assert_int_equal(r[1].line, 5);
  assert_true(r[1].has_low && r[1].low == 90000000);
  assert_false(r[1].has_tolerance);
  assert_null(r[1].metric_en);
  assert_null(r[1].note);
  ct_arena_release(&a);
}

static void expect_error(const char *csv, const char *msg) {
  ct_arena a;
  ct_arena_init(&a);
  ct_reference *r = NULL;
  size_t n = 0;
  ct_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(parse(csv, &a, &r, &n, &err), CT_ERULE);
  if (!strstr(err.message, msg))
    fail_msg("expected '%s' in '%s'", msg, err.message);
  ct_arena_release(&a);
}

static void test_errors_name_file_and_line(void **state) {
  (void)state;
  expect_error("", "pack.csv:1: empty pack");
  expect_error("subject,metric\n", "pack.csv:1: header must be");
  expect_error(HEADER "a,b,c\n", "pack.csv:2: 3 fields, the header has 13");
  expect_error(HEADER "中国,,m,,2025,4x,,,t,,,,\n",
               "pack.csv:2: value is not a number");
  expect_error(HEADER "中国,,m,,2025,1,,,t,,,,\n"
                      "中国,,m,,2025,1,,,,,,,\n",
               "pack.csv:3: unit is empty");
  expect_error(HEADER "中国,,m,,2025,1,,,t,,\"open,,\n",
               "pack.csv:2: unterminated quoted field");
  expect_error(HEADER "中国,,m,,2025,1,,,t,,\"q\"x,,\n",
               "pack.csv:2: text after a closing quote");
  expect_error(HEADER "中国,,m,,2025,1,,,t,-1,,,\n", "pack.csv:2: tolerance");
  expect_error(HEADER "中国,,m,,2025,1,5,2,t,,,,\n",
               "pack.csv:2: low is above high");
  expect_error(HEADER "\xff\xfe,,m,,2025,1,,,t,,,,\n", "not valid UTF-8");
}

static void test_import_all_or_nothing(void **state) {
  (void)state;
  char dir[] = "/tmp/ct_test_refs_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[64];
  snprintf(path, sizeof path, "%s/s.db", dir);
  ct_store *s = NULL;
  ct_error err;
  assert_int_equal(ct_store_open(path, 0, &s, &err), CT_OK);
  const char *good = HEADER "中国,,稀土储量,,2025,44000000,,,t,0.05,,,\n"
                            "美国,,稀土储量,,2025,1900000,,,t,0.05,,,\n";
  size_t n = 0;
  assert_int_equal(
      ct_store_import_refs(s, "p.csv", good, strlen(good), &n, &err), CT_OK);
  assert_int_equal(n, 2);
  const char *bad = HEADER "中国,,稀土储量,,2025,1,,,t,0.05,,,\n"
                           "美国,,稀土储量,,2025,oops,,,t,0.05,,,\n";
  assert_int_equal(ct_store_import_refs(s, "p.csv", bad, strlen(bad), &n, &err),
                   CT_ERULE);
  assert_string_equal(err.message, "p.csv:3: value is not a number");
  ct_check *c = NULL;
  assert_int_equal(ct_store_list_refs(s, &c, &err), CT_OK);
  assert_int_equal(ct_check_reference_count(c), 2);
  assert_true(ct_check_reference(c, 0)->value == 44000000);
  ct_check_free(c);
  /* Re-importing a pack replaces its rows (no duplicates). */
  assert_int_equal(
      ct_store_import_refs(s, "p.csv", good, strlen(good), &n, &err), CT_OK);
  assert_int_equal(ct_store_list_refs(s, &c, &err), CT_OK);
  assert_int_equal(ct_check_reference_count(c), 2);
  ct_check_free(c);
  ct_store_close(s);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

static void test_shipped_pack_parses(void **state) {
  (void)state;
  FILE *f = fopen(CT_SOURCE_DIR "/corpus/reference/rare_earths.csv", "rb");
  assert_non_null(f);
  static char buf[1 << 20];
  size_t len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  ct_arena a;
  ct_arena_init(&a);
  ct_reference *r = NULL;
  size_t n = 0;
  ct_error err;
  assert_int_equal(
      ct_store_parse_refs("rare_earths.csv", buf, len, &a, &r, &n, &err),
      CT_OK);
  assert_true(n >= 81);
  bool found = false;
  for (size_t i = 0; i < n; i++)
    if (strcmp(r[i].subject, "中国") == 0 &&
        strcmp(r[i].metric, "稀土储量") == 0 && r[i].period &&
        strcmp(r[i].period, "2025") == 0) {
      found = true;
      assert_true(r[i].value == 44000000);
      assert_string_equal(r[i].unit, "t");
    }
  assert_true(found);
  ct_arena_release(&a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_quoted_fields),
      cmocka_unit_test(test_errors_name_file_and_line),
      cmocka_unit_test(test_import_all_or_nothing),
      cmocka_unit_test(test_shipped_pack_parses),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
