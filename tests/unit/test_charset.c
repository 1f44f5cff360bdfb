/* SPDX-License-Identifier: MIT */
/* Unit tests for charset sniffing and decoding (extract/html/charset.c):
 * BOM, a lying gb2312 label on UTF-8 bytes, real GBK with a GBK-only
 * character under a gb2312 label, <script charset> ignored, no label. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "html/html.h"

static const char *sniff(const char *buf, size_t len, const char *hint,
                         size_t *bom) {
  static char name[48];
  return ct_html_sniff(buf, len, hint, name, sizeof name, bom);
}

static void test_bom(void **state) {
  (void)state;
  size_t bom = 0;
  const char utf8[] = "\xEF\xBB\xBF<meta charset=gbk><p>\xE4\xB8\xAD</p>";
  assert_string_equal(sniff(utf8, sizeof utf8 - 1, NULL, &bom), "UTF-8");
  assert_int_equal(bom, 3);
  const char le[] = "\xFF\xFE<\0p\0";
  assert_string_equal(sniff(le, sizeof le - 1, NULL, &bom), "UTF-16LE");
  assert_int_equal(bom, 2);
  const char be[] = "\xFE\xFF\0<\0p";
  assert_string_equal(sniff(be, sizeof be - 1, NULL, &bom), "UTF-16BE");
}

/* "中国占比" in UTF-8 under a gb2312 meta: the bytes win. */
static void test_lying_label_utf8(void **state) {
  (void)state;
  const char page[] = "<html><head><meta http-equiv=\"Content-Type\" "
                      "content=\"text/html; charset=gb2312\"></head><body>"
                      "\xE4\xB8\xAD\xE5\x9B\xBD\xE5\x8D\xA0\xE6\xAF\x94"
                      "72%</body></html>";
  size_t bom;
  assert_string_equal(sniff(page, sizeof page - 1, NULL, &bom), "UTF-8");
  ct_buf out = CT_BUF_INIT;
  const char *data;
  size_t dlen;
  char name[48];
  const char *cs;
  size_t rep = 99;
  assert_int_equal(ct_html_decode(page, sizeof page - 1, NULL, &out, name,
                                  sizeof name, &cs, &rep, &data, &dlen, NULL),
                   CT_OK);
  assert_int_equal(rep, 0);
  assert_non_null(strstr(data, "中国占比72%"));
  ct_buf_release(&out);
}

/* GBK bytes with 镕 (E9 46, not in GB2312) under a gb2312 label: decoded
 * as GB18030, nothing lost after it. */
static void test_gbk_only_char(void **state) {
  (void)state;
  const char page[] = "<html><head><meta charset=\"gb2312\">"
                      "<script src=a.js charset=\"utf-8\"></script></head>"
                      "<body><p>\xD6\xEC\xE9\x46\xBB\xF9 "      /* 朱镕基 */
                      "\xD5\xBC\xB1\xC8 72%</p></body></html>"; /* 占比 */
  size_t bom;
  assert_string_equal(sniff(page, sizeof page - 1, NULL, &bom), "GB18030");
  ct_buf out = CT_BUF_INIT;
  const char *data;
  size_t dlen;
  char name[48];
  const char *cs;
  size_t rep = 99;
  assert_int_equal(ct_html_decode(page, sizeof page - 1, NULL, &out, name,
                                  sizeof name, &cs, &rep, &data, &dlen, NULL),
                   CT_OK);
  assert_string_equal(cs, "GB18030");
  assert_int_equal(rep, 0);
  assert_non_null(strstr(data, "朱镕基 占比 72%</p>"));
  ct_buf_release(&out);
}

/* charset= on <script>/<link> is not a declaration; the meta after it is. */
static void test_script_charset_ignored(void **state) {
  (void)state;
  const char page[] = "<head><script charset=\"big5\" src=x></script>"
                      "<link rel=stylesheet charset=\"big5\" href=y>"
                      "<!-- <meta charset=big5> -->"
                      "<meta charset=\"gbk\"></head><body>\xD6\xD0</body>";
  size_t bom;
  assert_string_equal(sniff(page, sizeof page - 1, NULL, &bom), "GB18030");
  /* A declaration of another legacy charset is honoured. */
  const char big5[] = "<head><meta charset=\"Big5\"></head><body>\xA4\xA4"
                      "\xA4\xE5</body>";
  const char *cs = sniff(big5, sizeof big5 - 1, NULL, &bom);
  assert_string_equal(cs, "big5");
  ct_buf out = CT_BUF_INIT;
  const char *data;
  size_t dlen;
  char name[48];
  size_t rep;
  assert_int_equal(ct_html_decode(big5, sizeof big5 - 1, NULL, &out, name,
                                  sizeof name, &cs, &rep, &data, &dlen, NULL),
                   CT_OK);
  assert_non_null(strstr(data, "中文"));
  ct_buf_release(&out);
}

/* No label and GBK bytes: GB18030; a few corrupt bytes become U+FFFD and
 * are counted, the rest of the page is kept. */
static void test_missing_label_and_corrupt(void **state) {
  (void)state;
  const char page[] = "<body>\xD6\xD0\xB9\xFA\xFF\xD5\xBC\xB1\xC8</body>";
  size_t bom;
  assert_string_equal(sniff(page, sizeof page - 1, NULL, &bom), "GB18030");
  ct_buf out = CT_BUF_INIT;
  const char *data;
  size_t dlen;
  char name[48];
  const char *cs;
  size_t rep = 0;
  assert_int_equal(ct_html_decode(page, sizeof page - 1, NULL, &out, name,
                                  sizeof name, &cs, &rep, &data, &dlen, NULL),
                   CT_OK);
  assert_int_equal(rep, 1);
  assert_memory_equal(data, "<body>中国\xEF\xBF\xBD占比</body>", dlen);
  ct_buf_release(&out);
}

static void test_nul_and_hint(void **state) {
  (void)state;
  const char page[] = "<p>a\0b</p>";
  ct_buf out = CT_BUF_INIT;
  const char *data;
  size_t dlen;
  char name[48];
  const char *cs;
  size_t rep;
  assert_int_equal(ct_html_decode(page, sizeof page - 1, NULL, &out, name,
                                  sizeof name, &cs, &rep, &data, &dlen, NULL),
                   CT_OK);
  assert_int_equal(dlen, 9);
  assert_memory_equal(data, "<p>ab</p>", 9);
  ct_buf_release(&out);
  /* the HTTP hint is used for non-UTF-8 bytes */
  size_t bom;
  const char gbk[] = "<p>\xD6\xD0\xB9\xFA</p>";
  assert_string_equal(sniff(gbk, sizeof gbk - 1, "x-gbk", &bom), "GB18030");
}

static void test_canon(void **state) {
  (void)state;
  char out[40];
  static const char *const gb[] = {"gb2312",     "GBK",     "x-gbk",
                                   "GB_2312-80", "gb18030", "\"gb2312\""};
  for (size_t i = 0; i < sizeof gb / sizeof gb[0]; i++)
    assert_string_equal(
        ct_html_charset_canon(gb[i], strlen(gb[i]), out, sizeof out),
        "GB18030");
  assert_string_equal(ct_html_charset_canon("UTF8", 4, out, sizeof out),
                      "UTF-8");
  assert_null(ct_html_charset_canon("", 0, out, sizeof out));
  assert_null(ct_html_charset_canon("a<b", 3, out, sizeof out));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bom),
      cmocka_unit_test(test_lying_label_utf8),
      cmocka_unit_test(test_gbk_only_char),
      cmocka_unit_test(test_script_charset_ignored),
      cmocka_unit_test(test_missing_label_and_corrupt),
      cmocka_unit_test(test_nul_and_hint),
      cmocka_unit_test(test_canon),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
