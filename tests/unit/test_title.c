/* SPDX-License-Identifier: MIT */
/* Unit tests for headline clean-up (<title> site suffixes) and headline
 * choice (logo h1, headline containers, NetEase og:title never used). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "html/html.h"

static void clean(const char *in, const char *want) {
  char buf[512];
  strcpy(buf, in);
  size_t n = ct_html_clean_title(buf, strlen(buf));
  assert_int_equal(n, strlen(want));
  assert_string_equal(buf, want);
}

static void test_suffixes(void **state) {
  (void)state;
  clean("多地项目连环爆雷 狂奔的龙湖集团\"暗伤\"曝露？_网易财经",
        "多地项目连环爆雷 狂奔的龙湖集团\"暗伤\"曝露？");
  clean("法国全国大罢工再次严重影响交通-新华网",
        "法国全国大罢工再次严重影响交通");
  clean("中国人习以为常的地方 为何老外却说“了不得”？|公园_新浪新闻",
        "中国人习以为常的地方 为何老外却说“了不得”？");
  clean("女儿出嫁，郑板桥画了几笔兰花当嫁妆--文化--人民网 ",
        "女儿出嫁，郑板桥画了几笔兰花当嫁妆");
  clean("四年前中500万现穷困潦倒 一夜暴富后如何经营__商贸_产业资讯_新浪网",
        "四年前中500万现穷困潦倒 一夜暴富后如何经营");
  clean("马克龙星期一在莫斯科与普京会面 - 法国报纸摘要",
        "马克龙星期一在莫斯科与普京会面");
  /* a long tail after a dash is part of the headline */
  clean("G7-欧盟峰会结束后各国纷纷宣布新的稀土合作计划",
        "G7-欧盟峰会结束后各国纷纷宣布新的稀土合作计划");
  /* never cut down to a stub */
  clean("新闻_网易", "新闻_网易");
  clean("", "");
}

static ct_article *scrape(const char *html) {
  ct_article *a = NULL;
  assert_int_equal(ct_scrape(html, strlen(html), NULL, &a, NULL), CT_OK);
  return a;
}

static void test_choice(void **state) {
  (void)state;
  /* logo h1 first; headline h1 with a title class */
  ct_article *a = scrape(
      "<html><head><title>某地公园成网红打卡地|公园_新浪新闻</title>"
      "<meta property=\"og:title\" content=\"某地公园成网红\"></head><body>"
      "<h1 class=\"channel-logo\"><a href=\"/\"><span>新闻中心</span></a></h1>"
      "<h1 class=\"main-title\">某地公园成网红打卡地</h1>"
      "<div><p>正文第一段，公园里活跃着各个年龄层的市民。</p></div></body></"
      "html>");
  assert_string_equal(a->title, "某地公园成网红打卡地");
  ct_article_free(a);
  /* empty h1, headline container confirmed by <title> */
  a = scrape("<html><head><title>法国全国大罢工再次严重影响交通-新华网</title>"
             "</head><body><h1></h1><div class=\"h-title\">\n"
             "法国全国大罢工再次严重影响交通\n</div>"
             "<div id=\"detail\"><p>新华社巴黎电，法国再次爆发大罢工。</p>"
             "</div></body></html>");
  assert_string_equal(a->title, "法国全国大罢工再次严重影响交通");
  ct_article_free(a);
  /* no headline element: <title> without suffix, never og:title */
  a = scrape("<html><head><title>四年前中500万现穷困潦倒__商贸_新浪网</title>"
             "<meta property=\"og:title\" content=\"四年前中500万\"></head>"
             "<body><p>人生如戏，一夜之间。</p></body></html>");
  assert_string_equal(a->title, "四年前中500万现穷困潦倒");
  ct_article_free(a);
  /* nothing at all: null */
  a = scrape("<html><body><p>只有正文，没有标题。</p></body></html>");
  assert_null(a->title);
  ct_article_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_suffixes),
      cmocka_unit_test(test_choice),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
