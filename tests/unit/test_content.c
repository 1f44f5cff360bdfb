/* SPDX-License-Identifier: MIT */
/* Unit tests for the content scorer (extract/html/content.c), boilerplate
 * line tests and paragraph collection through ct_scrape. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "html/html.h"

static xmlDoc *parse(const char *html) {
  xmlDoc *d = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
                             HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                                 HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  assert_non_null(d);
  return d;
}

static const char *best_id(xmlDoc *d) {
  xmlNode *b = ct_html_best_container(xmlDocGetRootElement(d));
  return b ? ct_html_attr(b, "id") : NULL;
}

#define NAV                                                                        \
  "<div id=nav><a href=/a>首页</a> <a href=/b>新闻</a> <a href=/c>财经</a> " \
  "<a href=/d>科技</a> <a href=/e>体育</a> <a href=/f>娱乐</a></div>"
#define LIST                                                                                 \
  "<div id=side><ul><li><a href=/1>某公司砸40亿布局稀土产业链上下游</a></li>" \
  "<li><a href=/2>6545文章数的账号又出爆款文章</a></li>"                         \
  "<li><a href=/3>专家解读产能利用率不足45%的背后原因</a></li>"              \
  "<li><a href=/4>海外稀土项目接连上马，能否撼动格局</a></li></ul></div>"
#define P1                                                                     \
  "<p>当地时间1月12日，七国集团在华盛顿召开会议，讨论稀土供应链问题。</p>"
#define P2                                                                         \
  "<p>在加工环节，全球稀土冶炼分离产能中，中国占比高达72%" \
  "，海外产能利用率还不足45%。</p>"
#define P3 "<p>分析人士认为，这一格局短期内难以改变，各国仍需与中国合作。</p>"

static void test_picks_article(void **state) {
  (void)state;
  xmlDoc *d =
      parse("<html><body>" NAV "<div id=wrap>" LIST "<div id=art>" P1 P2 P3
            "</div></div>"
            "<div id=foot>版权所有 © 2026 某某网 All Rights Reserved</div>"
            "</body></html>");
  assert_string_equal(best_id(d), "art");
  xmlFreeDoc(d);
}

/* Text split by an ad into sibling blocks: the parent holds the article. */
static void test_split_body(void **state) {
  (void)state;
  xmlDoc *d = parse("<html><body>" NAV LIST "<div id=main><div id=a1>" P1 P2
                    "</div><div class=ad><a href=/ad>广告</a></div>"
                    "<div id=a2>" P3 P2 P1 "</div></div></body></html>");
  assert_string_equal(best_id(d), "main");
  xmlFreeDoc(d);
}

/* Link-dense blocks never win even when long. */
static void test_link_density(void **state) {
  (void)state;
  xmlDoc *d = parse("<html><body><div id=links>" LIST LIST LIST LIST
                    "</div><div id=art>" P1 P2 "</div></body></html>");
  assert_string_equal(best_id(d), "art");
  xmlFreeDoc(d);
}

/* Deep nesting is walked without recursion. */
static void test_deep(void **state) {
  (void)state;
  enum { N = 5000 };
  static char html[N * 11 + 512];
  char *p = html;
  p += sprintf(p, "<html><body>");
  for (int i = 0; i < N; i++)
    p += sprintf(p, "<div>");
  p += sprintf(p, "%s", P1);
  for (int i = 0; i < N; i++)
    p += sprintf(p, "</div>");
  sprintf(p, "</body></html>");
  xmlDoc *d = parse(html);
  (void)ct_html_best_container(xmlDocGetRootElement(d));
  xmlFreeDoc(d);
}

static void test_count(void **state) {
  (void)state;
  ct_html_textstat st = {0, 0};
  const char *t = "　　中国占比高达72%，海外不足45%。 ok, fine";
  ct_html_count_text(t, strlen(t), &st);
  assert_int_equal(st.chars, 25); /* 18 CJK/digits/marks + "ok," + "fine" */
  assert_int_equal(st.punct, 3);
}

static bool bp(const char *s) {
  return ct_html_is_boilerplate_line(s, strlen(s));
}

static void test_boilerplate_lines(void **state) {
  (void)state;
  assert_true(bp("（原标题：多地项目连环爆雷 狂奔的龙湖集团“暗伤”曝露？）"));
  assert_true(bp("原标题：视界丨这个中国人习以为常的地方"));
  assert_true(bp("本文来源：证券市场红周刊 责任编辑：杨倩_NF4425"));
  assert_true(bp("(责编：汤诗瑶、丁涛)"));
  assert_true(bp("特别声明：以上内容为自媒体平台“网易号”用户上传并发布"));
  assert_true(bp("Notice: The content above (including the pictures) is"));
  assert_true(bp("【1】【2】【3】【4】"));
  assert_true(bp("上一页 1 2 3 下一页"));
  assert_true(bp("来源: 尹娟"));
  assert_false(bp("01"));
  assert_false(bp("2025年中国稀土资源储量约4400万吨，占全球40%至50%。"));
  assert_false(bp("来源于市场的压力正在加大，这是很多企业的共同感受，但他们仍然"
                  "选择继续投入研发，希望在下一轮竞争中占据主动。"));
  assert_false(bp("图片来自网络，如有侵权，请联系删除。"));
}

static void test_paragraphs(void **state) {
  (void)state;
  const char *html =
      "<html><body>" NAV "<h1 class=title>稀土格局</h1>"
      "<div class=info>2019-03-08 10:21 来源：某某报</div>"
      "<div id=art><p>　　第一段，中国占比高达72%。</p>"
      "<p>&nbsp;&nbsp;第二段，海外不足45%。<br></p><p><br></p><p> </p>"
      "<p style=\"display:none\">隐藏的99%。</p>"
      "<p>第三段，<a href=/k>关键词</a>链接在句中。</p>"
      "<div class=gg200x300><a href=/ad>广告</a></div>"
      "<p>责任编辑：王五</p></div>" LIST "</body></html>";
  ct_article *a = NULL;
  assert_int_equal(ct_scrape(html, strlen(html), NULL, &a, NULL), CT_OK);
  assert_int_equal(a->n_paragraphs, 3);
  assert_string_equal(a->paragraphs[0], "第一段，中国占比高达72%。");
  assert_string_equal(a->paragraphs[1], "第二段，海外不足45%。");
  assert_string_equal(a->paragraphs[2], "第三段，关键词链接在句中。");
  assert_string_equal(a->text,
                      "第一段，中国占比高达72%。\n第二段，海外不足45%。\n"
                      "第三段，关键词链接在句中。");
  assert_int_equal(a->text_len, strlen(a->text));
  assert_string_equal(a->title, "稀土格局");
  assert_string_equal(a->source, "某某报");
  assert_string_equal(a->published, "2019-03-08T10:21:00+08:00");
  assert_string_equal(a->layout, "generic");
  size_t jl = 0;
  char *json = ct_article_json_dup(a, &jl);
  assert_non_null(json);
  assert_int_equal(jl, strlen(json));
  assert_true(strncmp(json,
                      "{\"url\": null, \"title\": \"稀土格局\", "
                      "\"source\": \"某某报\", \"author\": null, "
                      "\"published\": ",
                      strlen("{\"url\": null, \"title\": \"稀土格局\", "
                             "\"source\": \"某某报\", \"author\": null, "
                             "\"published\": ")) == 0);
  ct_free(json);
  ct_article_free(a);
}

static void test_limits(void **state) {
  (void)state;
  ct_article *a = (ct_article *)1;
  ct_scrape_options o = CT_SCRAPE_OPTIONS_INIT;
  o.max_input_bytes = 10;
  ct_error err;
  assert_int_equal(ct_scrape("<p>12345678901</p>", 18, &o, &a, &err),
                   CT_ELIMIT);
  assert_null(a);
  assert_non_null(strstr(err.message, "limit"));
  assert_int_equal(ct_scrape(NULL, 5, NULL, &a, NULL), CT_EINVAL);
  ct_article_free(NULL);
}

/* ct_scrape from several threads gives the same articles as one thread. */
typedef struct job {
  const char *page;
  size_t len;
  const char *want;
  int ok;
} job;

static void *run_job(void *arg) {
  job *j = arg;
  j->ok = 1;
  for (int i = 0; i < 5; i++) {
    ct_article *a = NULL;
    if (ct_scrape(j->page, j->len, NULL, &a, NULL) != CT_OK) {
      j->ok = 0;
      break;
    }
    char *json = ct_article_json_dup(a, NULL);
    if (!json || strcmp(json, j->want) != 0)
      j->ok = 0;
    ct_free(json);
    ct_article_free(a);
  }
  return NULL;
}

static char *slurp(const char *name, size_t *len) {
  char path[1024];
  snprintf(path, sizeof path, "%s/corpus/pages/%s", CT_SOURCE_DIR, name);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static void test_threads(void **state) {
  (void)state;
  static const char *const names[] = {"seed-163-post2020.html",
                                      "cwced-5acac71b.html", "gne-163-9.html",
                                      "gne-sina-1.html"};
  enum { N = 4 };
  job jobs[N];
  char *pages[N], *wants[N];
  pthread_t th[N];
  for (int i = 0; i < N; i++) {
    pages[i] = slurp(names[i], &jobs[i].len);
    ct_article *a = NULL;
    assert_int_equal(ct_scrape(pages[i], jobs[i].len, NULL, &a, NULL), CT_OK);
    assert_true(a->n_paragraphs > 0);
    wants[i] = ct_article_json_dup(a, NULL);
    ct_article_free(a);
    jobs[i].page = pages[i];
    jobs[i].want = wants[i];
  }
  for (int i = 0; i < N; i++)
    assert_int_equal(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
  for (int i = 0; i < N; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(jobs[i].ok, 1);
    free(pages[i]);
    ct_free(wants[i]);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_picks_article),
      cmocka_unit_test(test_split_body),
      cmocka_unit_test(test_link_density),
      cmocka_unit_test(test_deep),
      cmocka_unit_test(test_count),
      cmocka_unit_test(test_boilerplate_lines),
      cmocka_unit_test(test_paragraphs),
      cmocka_unit_test(test_limits),
      cmocka_unit_test(test_threads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
