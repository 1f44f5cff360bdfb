/* SPDX-License-Identifier: MIT */
/* Attribution: subject (clause subject, sentence topic, earlier sentences,
 * aliases, partners after 对/与, denominators after 占), metric (noun
 * phrase before the number, shares, change phrases, nouns after ranks and
 * counts) and period (year in the sentence, else the paragraph). */
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
  if (ct_engine_new(CT_SOURCE_DIR "/rules", &eng, &err) != CT_OK)
    return -1;
  return ct_extractor_new(eng, &ex, &err) == CT_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  ct_extractor_free(ex);
  ct_engine_free(eng);
  return 0;
}

/* Extract `text` and check the claim whose text is `claim`. NULL wants
 * mean "must be null"; "*" means "don't care". */
static void check(const char *text, const char *claim, const char *subject,
                  const char *metric, const char *period) {
  ct_doc *d = NULL;
  ct_error err;
  assert_int_equal(ct_extract_text(ex, text, strlen(text), NULL, &d, &err),
                   CT_OK);
  const ct_claim *c = NULL;
  for (size_t i = 0; i < ct_doc_claim_count(d); i++)
    if (strcmp(ct_doc_claim(d, i)->text, claim) == 0)
      c = ct_doc_claim(d, i);
  if (!c)
    fail_msg("%s: no claim '%s'", text, claim);
  const char *want[3] = {subject, metric, period};
  const char *got[3] = {c->subject, c->metric, c->period};
  static const char *const names[3] = {"subject", "metric", "period"};
  for (int k = 0; k < 3; k++) {
    if (want[k] && strcmp(want[k], "*") == 0)
      continue;
    bool ok = want[k] ? (got[k] && strcmp(got[k], want[k]) == 0) : !got[k];
    if (!ok)
      fail_msg("%s: %s: %s = '%s', want '%s'", text, claim, names[k],
               got[k] ? got[k] : "(null)", want[k] ? want[k] : "(null)");
  }
  ct_doc_free(d);
}

static void test_subject(void **state) {
  (void)state;
  check("在加工环节,全球稀土冶炼分离产能中,中国占比高达72%,海外产能利用率"
        "还不足45%。",
        "72%", "中国", "稀土冶炼分离产能占比", NULL);
  check("在加工环节,全球稀土冶炼分离产能中,中国占比高达72%,海外产能利用率"
        "还不足45%。",
        "45%", "海外", "产能利用率", NULL);
  check("我国对美国进出口4.01万亿元,下降16.9%。", "4.01万亿元", "中国", "*",
        NULL);
  check("欧盟为我国第二大贸易伙伴。", "第二大", "欧盟", "贸易伙伴", NULL);
  check("2025年中国稀土资源储量约4400万吨,占全球40%至50%。", "40%至50%", "中国",
        "*", "2025");
  check("澳大利亚作为全球第二大稀土精矿出口国,可现实是其85%的稀土精矿都要"
        "出口到中国。",
        "85%", "澳大利亚", "稀土精矿", NULL);
  check("美方宣布加征关税,税率达25%。", "25%", "美国", "税率", NULL);
  check("中國稀土儲量約4400萬噸。", "4400萬噸", "中国", "稀土儲量", NULL);
  /* no subject in the sentence: the topic of an earlier one */
  check("国家统计局发布数据。全国粮食总产量达到14,130亿斤。其中夏粮产量"
        "2,994亿斤。",
        "2,994亿斤", "中国", "夏粮产量", NULL);
  check("产量增长了5%。", "5%", NULL, "产量增长", NULL);
}

static void test_metric(void **state) {
  (void)state;
  check("全国居民人均可支配收入43377元,比上年增长5.1%。", "5.1%", "中国",
        "居民人均可支配收入增长", NULL);
  check("城镇常住人口94,350万人,占全国人口比重为67.00%。", "67.00%", "*",
        "城镇常住人口占全国人口比重", NULL);
  check("民营企业进出口超过23万亿元,占比提升至57.3%。", "57.3%", "*",
        "民营企业进出口占比", NULL);
  check("会上还提出了三项具体举措。", "三项", "*", "具体举措", NULL);
  check("我国能源消费总量中,煤炭占比降至53%以下。", "53%", "中国", "煤炭占比",
        NULL);
  check("2025年全国粮食总产量达到14,130亿斤。", "14,130亿斤", "中国",
        "粮食总产量", "2025");
}

static void test_period(void **state) {
  (void)state;
  check("2024年情况如下。产量增长5%。", "5%", "*", "*", "2024");
  check("产量增长5%,比2023年高。", "5%", "*", "*", "2023");
  check("2024年情况如下。\n产量增长5%。", "5%", "*", "*", NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_subject),
      cmocka_unit_test(test_metric),
      cmocka_unit_test(test_period),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
