/* SPDX-License-Identifier: MIT */
/* Unit tests for the util stage: line iteration, JSON strings and numbers,
 * UTF-8 repair and display width. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/util.h"

static void test_lines(void **state) {
  (void)state;
  const char *text = "a\r\nbb\n\nlast";
  size_t pos = 0, n = 0, len = strlen(text);
  const char *want[] = {"a", "bb", "", "last"};
  for (size_t i = 0; i < 4; i++) {
    const char *s = ct_line_next(text, len, &pos, &n);
    assert_non_null(s);
    assert_int_equal(n, strlen(want[i]));
    assert_memory_equal(s, want[i], n);
  }
  assert_null(ct_line_next(text, len, &pos, &n));
  pos = 0;
  assert_null(ct_line_next("", 0, &pos, &n)); /* no lines in nothing */
  pos = 0;
  assert_non_null(ct_line_next("x\n", 2, &pos, &n)); /* one, not two */
  assert_null(ct_line_next("x\n", 2, &pos, &n));
}

static char *json_of(const char *s, size_t len) {
  ct_buf b = CT_BUF_INIT;
  ct_json_str(&b, s, len);
  return ct_buf_take(&b, NULL);
}

static void test_json_str(void **state) {
  (void)state;
  struct {
    const char *in;
    size_t len;
    const char *out;
  } cases[] = {
      {"中国占比72%", 0, "\"中国占比72%\""},           /* plain: copied */
      {"a\"b\\c", 0, "\"a\\\"b\\\\c\""},               /* quotes escaped */
      {"x\n\t\x01", 0, "\"x\\n\\t\\u0001\""},          /* controls escaped */
      {"\xE4\xB8", 0, "\"\xEF\xBF\xBD\xEF\xBF\xBD\""}, /* cut char: U+FFFD */
      {"a\0b", 3, "\"a\\u0000b\""},                    /* NUL inside */
      {"\xF0\x9F\x98\x80", 0, "\"\xF0\x9F\x98\x80\""}, /* 4-byte kept */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t len = cases[i].len ? cases[i].len : strlen(cases[i].in);
    char *got = json_of(cases[i].in, len);
    assert_non_null(got);
    assert_string_equal(got, cases[i].out);
    ct_free(got);
  }
}

static void test_json_num(void **state) {
  (void)state;
  struct {
    double v;
    const char *out;
  } cases[] = {{1640000000.0, "1640000000"},
               {16.4 * 1e8, "1639999999.9999998"}, /* a float artefact shows */
               {0.84, "0.84"},
               {72, "72"},
               {-3, "-3"},
               {0, "0"},
               {1.25e12, "1250000000000"},
               {33.333333333333336, "33.333333333333336"},
               {1e30, "1e+30"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ct_buf b = CT_BUF_INIT;
    assert_true(ct_json_num(&b, cases[i].v));
    assert_string_equal(b.data, cases[i].out);
    ct_buf_release(&b);
  }
  ct_buf b = CT_BUF_INIT;
  ct_json_opt_num(&b, false, 5);
  ct_buf_putc(&b, ',');
  ct_json_opt_num(&b, true, 5);
  assert_string_equal(b.data, "null,5");
  ct_buf_release(&b);
}

static void test_utf8(void **state) {
  (void)state;
  ct_buf b = CT_BUF_INIT;
  size_t bad = 0;
  assert_true(ct_utf8_repair(&b, "a\xC0\xAFz", 4, &bad));
  assert_int_equal(bad, 2); /* an overlong pair: two bytes replaced */
  assert_string_equal(b.data, "a\xEF\xBF\xBD\xEF\xBF\xBDz");
  ct_buf_release(&b);
  assert_int_equal(ct_utf8_width("中国72%", strlen("中国72%")), 7);
  assert_false(ct_utf8_is_valid("\xED\xA0\x80", 3)); /* a surrogate */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lines),
      cmocka_unit_test(test_json_str),
      cmocka_unit_test(test_json_num),
      cmocka_unit_test(test_utf8),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
