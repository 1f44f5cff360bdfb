/* SPDX-License-Identifier: MIT */
/* Numeral detection of the matcher's scan window (rules stage): every
 * code point U+3000..U+9FFF is a numeral exactly when it is one of the
 * listed characters (the window's bitmap against this list), with the
 * lone-一 rule, whatever surrounds it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "rules/rules.h"
#include "util/util.h"

/* the numerals a claim can start with (U+3007 and U+4E00..U+9FFF) */
static const char kNumerals[] = "〇一七万三两九二五亿仟伍佰億兆兩八六几十千半叁"
                                "參四壹幾拾捌数數柒玖百肆萬貳贰陆陸零";

static bool listed(uint32_t cp) {
  const unsigned char *u = (const unsigned char *)kNumerals;
  size_t n = strlen(kNumerals);
  for (size_t i = 0; i < n;) {
    uint32_t c;
    i += ct_utf8_decode(u + i, n - i, &c);
    if (c == cp)
      return true;
  }
  return false;
}

static void test_every_code_point(void **state) {
  (void)state;
  size_t found = 0;
  for (uint32_t cp = 0x3000; cp <= 0x9FFF; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF)
      continue;
    char b[16];
    size_t n = ct_utf8_encode(cp, b);
    bool want = listed(cp) && cp != 0x4E00; /* a lone 一 does not count */
    unsigned got = ct_rules_numeral_flags(b, n);
    if (want != (got == 2u))
      fail_msg("U+%04X: flags %u", (unsigned)cp, got);
    /* inside text, after a letter and before a full stop */
    memmove(b + 1, b, n);
    b[0] = 'x';
    memcpy(b + 1 + n, "。", 3);
    got = ct_rules_numeral_flags(b, n + 4);
    if (want != (got == 2u))
      fail_msg("U+%04X in text: flags %u", (unsigned)cp, got);
    /* cut short: no numeral */
    assert_int_equal(ct_rules_numeral_flags(b + 1, n - 1), 0);
    found += want;
  }
  assert_int_equal(found, 40);
}

static void test_lone_one(void **state) {
  (void)state;
  assert_int_equal(ct_rules_numeral_flags("一个", strlen("一个")), 0);
  assert_int_equal(ct_rules_numeral_flags("统一", strlen("统一")), 0);
  assert_int_equal(ct_rules_numeral_flags("第一", strlen("第一")), 2);
  assert_int_equal(ct_rules_numeral_flags("一万", strlen("一万")), 2);
  assert_int_equal(ct_rules_numeral_flags("十一", strlen("十一")), 2);
  assert_int_equal(ct_rules_numeral_flags("增长5%", strlen("增长5%")), 1);
  assert_int_equal(ct_rules_numeral_flags("5万", strlen("5万")), 3);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_code_point),
      cmocka_unit_test(test_lone_one),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
