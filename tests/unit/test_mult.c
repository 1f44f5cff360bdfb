/* SPDX-License-Identifier: MIT */
/* {MULT} before units that start with a multiplier character: the longest
 * unit wins (5兆瓦时 is 5000 kWh, not 5e12 Wh; 5千米 is 5 km, not 5000 m),
 * while a multiplier before a plain unit still scales it (4400万吨). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
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

/* The only claim of `text`: its text, value and unit. */
static void one(const char *text, const char *claim, double value,
                const char *unit) {
  ct_doc *d = NULL;
  ct_error err;
  assert_int_equal(ct_extract_text(ex, text, strlen(text), NULL, &d, &err),
                   CT_OK);
  if (ct_doc_claim_count(d) != 1)
    fail_msg("%zu claims in '%s'", ct_doc_claim_count(d), text);
  const ct_claim *c = ct_doc_claim(d, 0);
  assert_string_equal(c->text, claim);
  assert_true(c->has_value);
  if (c->value != value)
    fail_msg("'%s': value %.17g, wanted %.17g", text, c->value, value);
  assert_non_null(c->unit);
  assert_string_equal(c->unit, unit);
  ct_doc_free(d);
}

static void test_unit_over_multiplier(void **state) {
  (void)state;
  one("储能电站容量为5兆瓦时。", "5兆瓦时", 5000, "kWh");
  one("线路全长5千米。", "5千米", 5, "km");
  one("包裹重5千克。", "5千克", 5, "kg");
  one("装机5千瓦。", "5千瓦", 5, "kW");
  one("新增装机3兆瓦。", "3兆瓦", 3000, "kW");
  one("全年发电约1.2万度。", "1.2万度", 12000, "kWh");
}

static void test_multiplier_still_scales(void **state) {
  (void)state;
  one("储量约4400万吨。", "4400万吨", 44000000, "t");
  one("投资5千万元。", "5千万元", 50000000, "CNY");
  one("储能规模达3万千瓦时。", "3万千瓦时", 30000, "kWh");
  one("价格1.25兆日元。", "1.25兆日元", 1.25e12, "JPY");
  one("营业收入16.4亿元。", "16.4亿元", 1640000000, "CNY");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_unit_over_multiplier),
      cmocka_unit_test(test_multiplier_still_scales),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
