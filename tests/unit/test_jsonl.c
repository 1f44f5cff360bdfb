/* SPDX-License-Identifier: MIT */
/* Unit tests for the JSON Lines claims reader: extract output read back
 * into claims grouped by doc, escapes and surrogate pairs, and malformed
 * lines reported with their line number. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/batch.h"

static const char good[] =
    "{\"doc\": \"a.html\", \"text\": \"72%\", \"start\": 1234, \"end\": 1237, "
    "\"kind\": \"percent\", \"value\": 72, \"low\": null, \"high\": null, "
    "\"unit\": \"%\", \"bound\": \"eq\", \"subject\": \"中国\", "
    "\"metric\": \"稀土冶炼分离产能占比\", \"period\": null, \"sentence\": "
    "\"在加工环节,中国占比高达72%。\", \"rule\": \"zh.share.of-total\"}\n"
    "{\"doc\":\"a.html\",\"text\":\"40%至50%\",\"start\":5,\"end\":15,"
    "\"kind\":\"percent\",\"value\":null,\"low\":40,\"high\":50,\"unit\":\"%\","
    "\"bound\":\"range\",\"subject\":null,\"metric\":null,\"period\":null,"
    "\"sentence\":\"tab\\there \\\"q\\\" \\u4e2d\\ud83d\\ude00\\/\","
    "\"rule\":\"r\"}\r\n"
    "\n"
    "{\"doc\":\"b.html\",\"text\":\"16.4亿\",\"start\":0,\"end\":8,"
    "\"kind\":\"money\",\"value\":1640000000,\"low\":null,\"high\":null,"
    "\"unit\":\"CNY\",\"bound\":\"approx\",\"subject\":null,\"metric\":null,"
    "\"period\":\"2025-Q1/2025-Q3\",\"sentence\":\"s\",\"rule\":\"r2\","
    "\"verdict\":\"supported\",\"extra\":true}\n"
    "{\"doc\":\"b.html\",\"text\":\"1.25兆\",\"start\":9,\"end\":17,"
    "\"kind\":\"money\",\"value\":1.25e12,\"low\":-0.5,\"high\":null,"
    "\"unit\":null,\"bound\":\"gt\",\"subject\":null,\"metric\":null,"
    "\"period\":null,\"sentence\":null,\"rule\":\"r3\"}";

static void test_groups(void **state) {
  (void)state;
  ct_jsonl_reader *r = NULL;
  ct_error err;
  assert_int_equal(ct_jsonl_open_mem(good, strlen(good), &r, &err), CT_OK);
  ct_jsonl_doc *d = NULL;
  assert_int_equal(ct_jsonl_next(r, &d, &err), CT_OK);
  assert_non_null(d);
  assert_string_equal(d->doc, "a.html");
  assert_int_equal(d->n_claims, 2);
  assert_int_equal(d->first_line, 1);
  const ct_claim *c = &d->claims[0];
  assert_string_equal(c->text, "72%");
  assert_int_equal(c->start, 1234);
  assert_int_equal(c->end, 1237);
  assert_int_equal(c->kind, CT_KIND_PERCENT);
  assert_true(c->has_value);
  assert_true(c->value == 72.0);
  assert_false(c->has_low);
  assert_int_equal(c->bound, CT_BOUND_EQ);
  assert_string_equal(c->subject, "中国");
  assert_string_equal(c->metric, "稀土冶炼分离产能占比");
  assert_null(c->period);
  assert_string_equal(c->rule, "zh.share.of-total");
  c = &d->claims[1];
  assert_false(c->has_value);
  assert_true(c->has_low && c->low == 40.0);
  assert_true(c->has_high && c->high == 50.0);
  assert_int_equal(c->bound, CT_BOUND_RANGE);
  assert_string_equal(c->sentence, "tab\there \"q\" 中\xF0\x9F\x98\x80/");
  /* the raw lines: both lines, CR stripped, each ending in a newline */
  assert_int_equal(d->lines_len, strlen(d->lines));
  assert_true(strncmp(d->lines, "{\"doc\": \"a.html\",", 17) == 0);
  assert_non_null(strstr(d->lines, "\"rule\":\"r\"}\n"));
  assert_null(strchr(d->lines, '\r'));
  assert_int_equal(d->lines[d->lines_len - 1], '\n');
  ct_jsonl_doc_free(d);
  assert_int_equal(ct_jsonl_next(r, &d, &err), CT_OK);
  assert_non_null(d);
  assert_string_equal(d->doc, "b.html");
  assert_int_equal(d->first_line, 4);
  assert_int_equal(d->n_claims, 2);
  assert_true(d->claims[0].value == 1640000000.0);
  assert_int_equal(d->claims[0].bound, CT_BOUND_APPROX);
  assert_string_equal(d->claims[0].period, "2025-Q1/2025-Q3");
  assert_true(d->claims[1].value == 1.25e12);
  assert_true(d->claims[1].low == -0.5);
  assert_null(d->claims[1].unit);
  assert_null(d->claims[1].sentence);
  ct_jsonl_doc_free(d);
  assert_int_equal(ct_jsonl_next(r, &d, &err), CT_OK);
  assert_null(d);
  ct_jsonl_close(r);
}

static void test_locale_independent(void **state) {
  (void)state;
  /* a caller's numeric locale must not change "1.5" */
  if (!setlocale(LC_NUMERIC, "de_DE.UTF-8") &&
      !setlocale(LC_NUMERIC, "fr_FR.UTF-8"))
    skip();
  const char *l = "{\"doc\":\"x\",\"text\":\"t\",\"start\":0,\"end\":1,"
                  "\"kind\":\"number\",\"value\":1.5,\"bound\":\"eq\"}";
  ct_jsonl_reader *r = NULL;
  assert_int_equal(ct_jsonl_open_mem(l, strlen(l), &r, NULL), CT_OK);
  ct_jsonl_doc *d = NULL;
  assert_int_equal(ct_jsonl_next(r, &d, NULL), CT_OK);
  setlocale(LC_NUMERIC, "C");
  assert_non_null(d);
  assert_true(d->claims[0].value == 1.5);
  ct_jsonl_doc_free(d);
  ct_jsonl_close(r);
}

static const char *const base =
    "\"text\":\"t\",\"start\":0,\"end\":1,\"kind\":\"number\",\"bound\":\"eq\"";

static void expect_error(const char *line, const char *why) {
  /* a good line, the bad one, a good line: error names line 2 and the
   * reader goes on to give both good claims */
  char buf[2048];
  snprintf(buf, sizeof buf, "{\"doc\":\"x\",%s}\n%s\n{\"doc\":\"x\",%s}\n",
           base, line, base);
  ct_jsonl_reader *r = NULL;
  ct_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(ct_jsonl_open_mem(buf, strlen(buf), &r, &err), CT_OK);
  ct_jsonl_doc *d = NULL;
  ct_status st = ct_jsonl_next(r, &d, &err);
  if (st != CT_EPARSE || !strstr(err.message, why))
    fail_msg("line %s: status %d message '%s', wanted '%s'", line, (int)st,
             err.message, why);
  assert_null(d);
  assert_true(strncmp(err.message, "<memory>:2: ", 12) == 0);
  assert_int_equal(ct_jsonl_next(r, &d, &err), CT_OK);
  assert_non_null(d);
  assert_int_equal(d->n_claims, 2);
  ct_jsonl_doc_free(d);
  ct_jsonl_close(r);
}

static void test_malformed(void **state) {
  (void)state;
  char l[1024];
  expect_error("not json", "expected '{'");
  expect_error("{\"doc\":\"x\",", "expected a key");
  expect_error("{\"doc\":", "missing value");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s", base);
  expect_error(l, "expected ',' or '}'");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s} x", base);
  expect_error(l, "text after the object");
  expect_error("{\"doc\":\"x\"}", "missing \"text\"");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"value\":01}", base);
  expect_error(l, "expected ',' or '}'");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"value\":1.}", base);
  expect_error(l, "bad number");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"value\":\"7\"}", base);
  expect_error(l, "\"value\" must be a number or null");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"unit\":\"\\ud83d\"}", base);
  expect_error(l, "lone high surrogate");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"unit\":\"\\ude00\"}", base);
  expect_error(l, "lone low surrogate");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"unit\":\"\\ud83d\\u0041\"}", base);
  expect_error(l, "bad low surrogate");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"unit\":\"\\x\"}", base);
  expect_error(l, "bad escape");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"unit\":\"a\tb\"}", base);
  expect_error(l, "control character");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"unit\":\"\xff\"}", base);
  expect_error(l, "invalid UTF-8");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"unit\":\"abc}", base);
  expect_error(l, "unterminated string");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"ref\":{\"a\":1}}", base);
  expect_error(l, "nested value");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"text\":\"again\"}", base);
  expect_error(l, "duplicate key \"text\"");
  expect_error("{\"doc\":\"x\",\"text\":\"t\",\"start\":3,\"end\":1,"
               "\"kind\":\"number\",\"bound\":\"eq\"}",
               "\"end\" is before \"start\"");
  expect_error("{\"doc\":\"x\",\"text\":\"t\",\"start\":1.5,\"end\":2,"
               "\"kind\":\"number\",\"bound\":\"eq\"}",
               "\"start\" must be a byte offset");
  expect_error("{\"doc\":\"x\",\"text\":\"t\",\"start\":0,\"end\":1,"
               "\"kind\":\"weight\",\"bound\":\"eq\"}",
               "unknown kind \"weight\"");
  expect_error("{\"doc\":\"x\",\"text\":\"t\",\"start\":0,\"end\":1,"
               "\"kind\":\"number\",\"bound\":\"about\"}",
               "unknown bound \"about\"");
  snprintf(l, sizeof l, "{\"doc\":\"x\",%s,\"value\":1e999}", base);
  expect_error(l, "out of range");
}

static void test_file_and_missing(void **state) {
  (void)state;
  char path[] = "/tmp/ct_test_jsonl_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  /* many lines, so the reader refills across blocks */
  FILE *fp = fdopen(fd, "w");
  for (int i = 0; i < 5000; i++)
    fprintf(fp,
            "{\"doc\":\"d%d\",\"text\":\"%d%%\",\"start\":%d,\"end\":%d,"
            "\"kind\":\"percent\",\"value\":%d,\"bound\":\"eq\","
            "\"sentence\":\"%0100d\"}\n",
            i / 3, i, i, i + 2, i, i);
  fclose(fp);
  ct_jsonl_reader *r = NULL;
  assert_int_equal(ct_jsonl_open(path, &r, NULL), CT_OK);
  size_t groups = 0, claims = 0;
  ct_jsonl_doc *d;
  while (ct_jsonl_next(r, &d, NULL) == CT_OK && d) {
    char want[32];
    snprintf(want, sizeof want, "d%zu", groups);
    assert_string_equal(d->doc, want);
    for (size_t i = 0; i < d->n_claims; i++)
      assert_true(d->claims[i].value == (double)(claims + i));
    claims += d->n_claims;
    groups++;
    ct_jsonl_doc_free(d);
  }
  assert_int_equal(claims, 5000);
  assert_int_equal(groups, 1667);
  ct_jsonl_close(r);
  unlink(path);
  ct_error err;
  assert_int_equal(ct_jsonl_open("/nonexistent/x.jsonl", &r, &err), CT_EIO);
  assert_non_null(strstr(err.message, "/nonexistent/x.jsonl"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_groups),
      cmocka_unit_test(test_locale_independent),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_file_and_missing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
