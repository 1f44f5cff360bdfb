/* SPDX-License-Identifier: MIT */
/* Unit tests for publication-date parsing (extract/html/date.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "html/html.h"

static void expect(const char *text, const char *iso) {
  char out[40];
  size_t p, e;
  bool ok = ct_html_find_date(text, strlen(text), out, &p, &e);
  if (!iso) {
    assert_false(ok);
    return;
  }
  assert_true(ok);
  assert_string_equal(out, iso);
}

static void test_formats(void **state) {
  (void)state;
  expect("2019-09-07 13:43:45　来源: 证券市场红周刊",
         "2019-09-07T13:43:45+08:00");
  expect("2019年11月25日 18:57", "2019-11-25T18:57:00+08:00");
  expect("2019年06月15日08:18&nbsp;来源：人民网", "2019-06-15T08:18:00+08:00");
  expect("2005-5-7 21:23:57", "2005-05-07T21:23:57+08:00");
  expect("发布时间：2019-05-17", "2019-05-17");
  expect("2019/05/17 · 苏皖城市报道", "2019-05-17");
  expect("2019.12.10", "2019-12-10");
  expect("http://www.sina.net 2005年03月21日 11:21 《理财周刊》",
         "2005-03-21T11:21:00+08:00");
  expect("2022-02-06T12:48:06+00:00", "2022-02-06T12:48:06+00:00");
  expect("2021-02-18T07:02:10Z", "2021-02-18T07:02:10+00:00");
  expect("06/02/2022 - 13:48", "2022-02-06T13:48:00+08:00");
  expect("2019年11月25日18时57分", "2019-11-25T18:57:00+08:00");
}

static void test_rejects(void **state) {
  (void)state;
  expect("共有2019人参加", NULL);
  expect("2019-13-01", NULL);
  expect("2019-12-32", NULL);
  expect("12019-01-01", NULL);
  expect("2019-01", NULL);
  expect("", NULL);
  /* a bad time keeps the date only */
  expect("2019-01-02 25:61", "2019-01-02");
}

static void test_position(void **state) {
  (void)state;
  const char *t = "阅读 12 次 2019-09-07 13:43 来源";
  char out[40];
  size_t p, e;
  assert_true(ct_html_find_date(t, strlen(t), out, &p, &e));
  assert_int_equal(p, strlen("阅读 12 次 "));
  assert_int_equal(e, strlen("阅读 12 次 2019-09-07 13:43"));
}

static void test_machine(void **state) {
  (void)state;
  char out[40];
  assert_true(ct_html_parse_machine_date("2021-02-18 07:02:10", out));
  assert_string_equal(out, "2021-02-18T07:02:10+08:00");
  assert_true(ct_html_parse_machine_date(" 2019-11-25T18:57:38+08:00 ", out));
  assert_string_equal(out, "2019-11-25T18:57:38+08:00");
  assert_true(ct_html_parse_machine_date("1566000000", out));
  assert_string_equal(out, "2019-08-17T08:00:00+08:00");
  assert_true(ct_html_parse_machine_date("1566000000000", out));
  assert_string_equal(out, "2019-08-17T08:00:00+08:00");
  assert_false(ct_html_parse_machine_date("yesterday", out));
  assert_false(ct_html_parse_machine_date(NULL, out));
}

static void test_url(void **state) {
  (void)state;
  char out[40];
  assert_true(ct_html_url_date(
      "https://news.sina.com.cn/c/2019-11-25/doc-iihnzahi3275702.shtml", out));
  assert_string_equal(out, "2019-11-25");
  assert_true(ct_html_url_date(
      "http://www.xinhuanet.com/world/2019-12/10/c_1125327450.htm", out));
  assert_string_equal(out, "2019-12-10");
  assert_true(ct_html_url_date("http://a.cn/n1/2019/0615/c1013-1.html", out));
  assert_string_equal(out, "2019-06-15");
  assert_true(ct_html_url_date("http://a.cn/2005/05/07/x.html", out));
  assert_string_equal(out, "2005-05-07");
  assert_true(ct_html_url_date("http://a.cn/a/20210218/x.html", out));
  assert_string_equal(out, "2021-02-18");
  assert_false(
      ct_html_url_date("https://www.163.com/dy/article/G33O1QTA.html", out));
  assert_false(ct_html_url_date("http://a.cn/id/201912345678.html", out));
  assert_false(ct_html_url_date(NULL, out));
}

/* Dates through ct_scrape: JSON-LD, a hidden render time and a related
 * list never win, the byline does. */
static void test_scrape_dates(void **state) {
  (void)state;
  const char *page =
      "<html><head><script type=\"application/ld+json\">{\"@type\":"
      "\"NewsArticle\",\"datePublished\": \"2022-02-06T12:48:06+08:00\"}"
      "</script><script>var list=[{\"ptime\":\"2018-01-01 00:00:00\"}];"
      "</script></head><body><h1>标题在这里呀</h1><div>"
      "<p>正文第一段，2019年1月1日发生了一件事。</p></div>"
      "<ul><li><a href=/x>相关新闻</a> 2017-05-05 10:00</li></ul>"
      "<span style=\"display:none\">2026-01-19 11:44:49</span></body></html>";
  ct_article *a = NULL;
  assert_int_equal(ct_scrape(page, strlen(page), NULL, &a, NULL), CT_OK);
  assert_string_equal(a->published, "2022-02-06T12:48:06+08:00");
  ct_article_free(a);
  const char *none = "<html><body><h1>标题在这里呀</h1><div><p>正文第一段，"
                     "2019年1月1日发生了一件事。</p></div><span "
                     "style=\"display:none\">2026-01-19 11:44:49</span>"
                     "</body></html>";
  assert_int_equal(ct_scrape(none, strlen(none), NULL, &a, NULL), CT_OK);
  assert_null(a->published);
  ct_article_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_formats),  cmocka_unit_test(test_rejects),
      cmocka_unit_test(test_position), cmocka_unit_test(test_machine),
      cmocka_unit_test(test_url),      cmocka_unit_test(test_scrape_dates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
