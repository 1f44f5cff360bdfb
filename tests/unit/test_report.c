/* SPDX-License-Identifier: MIT */
/* Reports: HTML escaping, CSV quoting, the audit page (one mark per claim,
 * nothing unescaped, no external assets), JSON Lines and ClaimReview
 * shapes, the East Asian text table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

static void test_html_escape(void **state) {
  (void)state;
  ct_buf b = CT_BUF_INIT;
  const char *s = "<script>alert('x')</script> & \"q\" \xff 中";
  ct_report_html_escape(&b, s, strlen(s));
  assert_string_equal(b.data, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
                              " &amp; &quot;q&quot; \xEF\xBF\xBD 中");
  ct_buf_release(&b);
}

static void test_csv_field(void **state) {
  (void)state;
  ct_buf b = CT_BUF_INIT;
  ct_report_csv_field(&b, "plain");
  ct_buf_putc(&b, '|');
  ct_report_csv_field(&b, "a,b");
  ct_buf_putc(&b, '|');
  ct_report_csv_field(&b, "say \"hi\"\nthere");
  assert_string_equal(b.data, "plain|\"a,b\"|\"say \"\"hi\"\"\nthere\"");
  ct_buf_release(&b);
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
    n++;
  return n;
}

/* A store with one hostile article and a reference pack. */
static ct_check *make_check(char *dir) {
  char path[128];
  snprintf(path, 128, "%s/r.db", dir);
  ct_store *s = NULL;
  ct_error err;
  assert_int_equal(ct_store_open(path, 0, &s, &err), CT_OK);
  const char *pack =
      "subject,subject_en,metric,metric_en,period,value,low,high,unit,"
      "tolerance,source,url,note\n"
      "中国,China,稀土冶炼分离(精炼)占全球比重,,2024,91,,,%,,IEA <b>,"
      "\"https://example.org/?a=1&b=\"\"2\"\"\",n\n";
  assert_int_equal(
      ct_store_import_refs(s, "p.csv", pack, strlen(pack), NULL, &err), CT_OK);
  const char *text = "<b>标题</b>\n全球稀土冶炼分离产能中,中国占比高达72%,"
                     "另一说法为约90%。";
  ct_article a;
  memset(&a, 0, sizeof a);
  a.text = text;
  a.text_len = strlen(text);
  a.title = "<script>alert(1)</script>";
  a.source = "基斯默默";
  ct_claim c[2];
  memset(c, 0, sizeof c);
  const char *p72 = strstr(text, "72%");
  const char *p90 = strstr(text, "90%");
  c[0].text = "72%";
  c[0].start = (size_t)(p72 - text);
  c[0].end = c[0].start + 3;
  c[0].kind = CT_KIND_PERCENT;
  c[0].has_value = true;
  c[0].value = 72;
  c[0].unit = "%";
  c[0].subject = "中国";
  c[0].metric = "稀土冶炼分离产能占比";
  c[0].sentence = "全球稀土冶炼分离产能中,中国占比高达72%";
  c[1] = c[0];
  c[1].text = "90%";
  c[1].start = (size_t)(p90 - text);
  c[1].end = c[1].start + 3;
  c[1].value = 90;
  c[1].bound = CT_BOUND_APPROX;
  const ct_claim *ptrs[2] = {&c[0], &c[1]};
  ct_ingest_input in = {"dir/a&b.html", NULL, 0, &a, ptrs, 2, NULL};
  assert_int_equal(ct_store_ingest(s, &in, NULL, NULL, &err), CT_OK);
  ct_check_options o = CT_CHECK_OPTIONS_INIT;
  o.review_date = "2026-01-20";
  ct_check *chk = NULL;
  assert_int_equal(ct_store_check(s, &o, NULL, 0, &chk, &err), CT_OK);
  ct_store_close(s);
  return chk;
}

static void test_reports(void **state) {
  (void)state;
  char dir[] = "/tmp/ct_test_report_XXXXXX";
  assert_non_null(mkdtemp(dir));
  ct_check *chk = make_check(dir);
  assert_int_equal(ct_check_verdict_count(chk), 2);
  assert_int_equal(ct_check_verdict(chk, 0)->verdict, CT_VERDICT_CONTRADICTED);
  assert_int_equal(ct_check_verdict(chk, 1)->verdict, CT_VERDICT_SUPPORTED);

  size_t len = 0;
  char *html = ct_check_report_dup(chk, CT_REPORT_HTML, &len);
  assert_non_null(html);
  assert_int_equal(strlen(html), len);
  assert_int_equal(count(html, "<mark class=\"claim "), 2);
  assert_int_equal(count(html, "<mark class=\"claim v-contradicted"), 1);
  assert_int_equal(count(html, "<mark class=\"claim v-supported"), 1);
  assert_int_equal(count(html, "<tr class=\"v-"), 2);
  /* The hostile title and text are escaped; one <script> (ours). */
  assert_null(strstr(html, "<script>alert"));
  assert_int_equal(count(html, "<script"), 1);
  assert_null(strstr(html, "<b>"));
  assert_non_null(strstr(html, "&lt;b&gt;标题&lt;/b&gt;"));
  assert_non_null(strstr(html, ">72%</mark>"));
  /* No external assets: nothing loads from a URL. */
  assert_null(strstr(html, " src="));
  assert_null(strstr(html, "<link"));
  assert_non_null(
      strstr(html, "href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""));
  ct_free(html);

  char *jsonl = ct_check_report_dup(chk, CT_REPORT_JSONL, &len);
  assert_non_null(jsonl);
  assert_int_equal(count(jsonl, "\n"), 2);
  assert_non_null(strstr(jsonl, "{\"doc\": \"dir/a&b.html\", \"text\": "
                                "\"72%\""));
  assert_non_null(strstr(jsonl, "\"verdict\": \"contradicted\", "
                                "\"reference\": {\"subject\": \"中国\""));
  assert_non_null(strstr(jsonl, "\"gap\": -19"));
  ct_free(jsonl);

  char *cr = ct_check_report_dup(chk, CT_REPORT_CLAIMREVIEW, &len);
  assert_non_null(cr);
  assert_non_null(strstr(cr, "\"@type\": \"ClaimReview\""));
  assert_non_null(strstr(cr, "\"alternateName\": \"Contradicted\", "
                             "\"ratingValue\": 1"));
  assert_non_null(strstr(cr, "\"datePublished\": \"2026-01-20\""));
  assert_non_null(strstr(cr, "\"inLanguage\": \"zh-CN\""));
  ct_free(cr);

  char *csv = ct_check_report_dup(chk, CT_REPORT_CSV, &len);
  assert_non_null(csv);
  assert_int_equal(count(csv, "\r\n"), 3);
  ct_free(csv);

  /* Text table: the columns line up in display width. */
  char *txt = ct_check_report_dup(chk, CT_REPORT_TEXT, &len);
  assert_non_null(txt);
  const char *h = strstr(txt, "VERDICT");
  const char *r1 = strstr(txt, "contradicted");
  assert_non_null(h);
  assert_non_null(r1);
  const char *hc = strstr(h, "REFERENCE");
  const char *rc = strstr(r1, "91%");
  assert_int_equal(ct_utf8_width(h, (size_t)(hc - h)),
                   ct_utf8_width(r1, (size_t)(rc - r1)));
  ct_free(txt);

  char *cf = ct_check_conflicts_dup(chk, CT_REPORT_TEXT, &len);
  assert_non_null(cf);
  assert_non_null(strstr(cf, "0 conflicts")); /* one article only */
  ct_free(cf);
  ct_check_free(chk);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

/* Overlapping, nested and mid-character claim spans still give one mark
 * per claim and valid UTF-8. */
static void test_overlaps(void **state) {
  (void)state;
  char dir[] = "/tmp/ct_test_report2_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[128];
  snprintf(path, sizeof path, "%s/o.db", dir);
  ct_store *s = NULL;
  ct_error err;
  assert_int_equal(ct_store_open(path, 0, &s, &err), CT_OK);
  const char *text = "中国占比高达72%至80%。";
  ct_article a;
  memset(&a, 0, sizeof a);
  a.text = text;
  a.text_len = strlen(text);
  ct_claim c[4];
  memset(c, 0, sizeof c);
  size_t spans[4][2] = {{18, 27}, {18, 21}, {24, 30}, {1, 4}};
  for (int i = 0; i < 4; i++) {
    c[i].text = "x";
    c[i].start = spans[i][0];
    c[i].end = spans[i][1];
    c[i].has_value = true;
    c[i].value = 72;
    c[i].unit = "%";
  }
  const ct_claim *ptrs[4] = {&c[0], &c[1], &c[2], &c[3]};
  ct_ingest_input in = {"o.html", NULL, 0, &a, ptrs, 4, NULL};
  assert_int_equal(ct_store_ingest(s, &in, NULL, NULL, &err), CT_OK);
  ct_check *chk = NULL;
  assert_int_equal(ct_store_check(s, NULL, NULL, 0, &chk, &err), CT_OK);
  size_t len = 0;
  char *html = ct_check_report_dup(chk, CT_REPORT_HTML, &len);
  assert_non_null(html);
  assert_int_equal(count(html, "<mark class=\"claim "), 4);
  assert_int_equal(count(html, "</mark>"), 4);
  assert_true(ct_utf8_is_valid(html, len));
  /* A span inside a character snaps to the character boundary; a nested
   * claim is an empty mark; a partial overlap is clipped. */
  assert_int_equal(count(html, ">中</mark>国占比高达"), 1);
  assert_int_equal(count(html, ">72%至80%</mark><mark"), 1);
  assert_int_equal(count(html, "\"></mark>"), 1);
  assert_int_equal(count(html, ">。</mark>"), 1);
  ct_free(html);
  ct_check_free(chk);
  ct_store_close(s);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_html_escape),
      cmocka_unit_test(test_csv_field),
      cmocka_unit_test(test_reports),
      cmocka_unit_test(test_overlaps),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
