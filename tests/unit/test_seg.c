/* SPDX-License-Identifier: MIT */
/* Unit tests for segmentation (seg stage): ICU sentence spans of Chinese
 * text, newline splits, the length cap, word boundaries, OOM, and a speed
 * report (MB/s of ct_norm, ct_seg_sentences and bare ICU). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "norm/norm.h"
#include "seg/seg.h"
#include "util/util.h"

static ct_segmenter *g_seg;

static int setup(void **state) {
  (void)state;
  ct_error err;
  return ct_seg_new(&g_seg, &err) == CT_OK ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  ct_seg_free(g_seg);
  g_seg = NULL;
  return 0;
}

/* Spans cover [0, len) in order, within the cap, on character
 * boundaries, and no span holds a '\n' except as its last byte. */
static void check_spans(const char *t, size_t len, const ct_span *sp,
                        size_t n) {
  size_t pos = 0;
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(sp[i].start, pos);
    assert_true(sp[i].end > sp[i].start);
    assert_true(sp[i].end - sp[i].start <= CT_MAX_SENTENCE_BYTES);
    assert_true(sp[i].end == len ||
                ((unsigned char)t[sp[i].end] & 0xC0) != 0x80);
    const char *nl = memchr(t + sp[i].start, '\n', sp[i].end - sp[i].start);
    assert_true(nl == NULL || nl == t + sp[i].end - 1);
    pos = sp[i].end;
  }
  assert_int_equal(pos, len);
}

static size_t sentences(const char *t, size_t len, ct_span **sp) {
  size_t n;
  ct_error err;
  assert_int_equal(ct_seg_sentences(g_seg, t, len, sp, &n, &err), CT_OK);
  check_spans(t, len, *sp, n);
  return n;
}

static void expect_sentences(const char *t, const char *const *want,
                             size_t nwant) {
  ct_span *sp;
  size_t n = sentences(t, strlen(t), &sp);
  for (size_t i = 0; i < n && i < nwant; i++) {
    size_t l = sp[i].end - sp[i].start;
    if (l != strlen(want[i]) || memcmp(t + sp[i].start, want[i], l) != 0)
      fail_msg("sentence %zu is \"%.*s\", want \"%s\"", i, (int)l,
               t + sp[i].start, want[i]);
  }
  assert_int_equal(n, nwant);
  ct_free(sp);
}

static void test_chinese(void **state) {
  (void)state;
  /* the text as the rule engine sees it: after NFKC */
  const char *w1[] = {"嘴上喊着“去中国化”,却一个接着一个地访华。",
                      "欧美到底是自我欺骗?", "还是另有图谋?"};
  expect_sentences("嘴上喊着“去中国化”,却一个接着一个地访华。"
                   "欧美到底是自我欺骗?还是另有图谋?",
                   w1, 3);
  /* ';' and ',' do not break; '!' does; a closing quote stays */
  const char *w2[] = {"他说:“中国掌控着命脉。”",
                      "还提出了三项举措;设定价格下限!", "对中国加征关税。"};
  expect_sentences("他说:“中国掌控着命脉。”还提出了三项举措;设定价格下限!"
                   "对中国加征关税。",
                   w2, 3);
  /* full-width ！？ break too (text that skipped normalisation) */
  const char *w3[] = {"他说“好！”", "然后走了。", "真的吗？", "是的。"};
  expect_sentences("他说“好！”然后走了。真的吗？是的。", w3, 4);
  /* decimals and percentages stay whole */
  const char *w4[] = {"中国占比高达72%,海外不足45%;印度约5.5%。",
                      "全球第二大。"};
  expect_sentences("中国占比高达72%,海外不足45%;印度约5.5%。全球第二大。", w4,
                   2);
}

static void test_normalised_page(void **state) {
  (void)state;
  /* full-width punctuation through ct_norm, then segmentation */
  const char *src = "在加工环节，全球稀土冶炼分离产能中，中国占比高达７２％，"
                    "海外产能利用率还不足４５％。澳大利亚呢？";
  ct_normtext nt;
  ct_error err;
  assert_int_equal(ct_norm(src, strlen(src), &nt, &err), CT_OK);
  ct_span *sp;
  size_t n = sentences(nt.text, nt.len, &sp);
  assert_int_equal(n, 2);
  assert_int_equal(sp[0].end - sp[0].start,
                   strlen("在加工环节,全球稀土冶炼分离产能中,中国占比高达72%,"
                          "海外产能利用率还不足45%。"));
  size_t ss, se;
  ct_norm_span(&nt, sp[1].start, sp[1].end, &ss, &se);
  assert_int_equal(se, strlen(src));
  assert_string_equal(src + ss, "澳大利亚呢？");
  ct_free(sp);
  ct_normtext_release(&nt);
}

static void test_newlines(void **state) {
  (void)state;
  const char *w[] = {"第二段\n", "第三段没有句号\n", "\n", "第四段。", "第五"};
  expect_sentences("第二段\n第三段没有句号\n\n第四段。第五", w, 5);
  const char *w2[] = {"a\n"};
  expect_sentences("a\n", w2, 1);
}

static void test_empty_and_reuse(void **state) {
  (void)state;
  ct_span *sp = (ct_span *)&sp;
  size_t n = 7;
  ct_error err;
  assert_int_equal(ct_seg_sentences(g_seg, "", 0, &sp, &n, &err), CT_OK);
  assert_int_equal(n, 0);
  ct_free(sp);
  assert_int_equal(ct_seg_sentences(g_seg, NULL, 0, &sp, &n, &err), CT_OK);
  assert_int_equal(n, 0);
  /* invalid UTF-8 does not upset the spans */
  const char bad[] = "\xFF\xFE中。\xE4\xB8好!";
  n = sentences(bad, sizeof bad - 1, &sp);
  assert_true(n >= 2);
  ct_free(sp);
  /* the limit is checked before the text is read */
  assert_int_equal(
      ct_seg_sentences(g_seg, "x", (size_t)INT32_MAX + 1, &sp, &n, &err),
      CT_ELIMIT);
  assert_null(sp);
  size_t *b;
  assert_int_equal(
      ct_seg_words(g_seg, "x", (size_t)INT32_MAX + 1, &b, &n, &err), CT_ELIMIT);
  /* and the segmenter still works afterwards */
  const char *w[] = {"好。", "是。"};
  expect_sentences("好。是。", w, 2);
}

/* The spans that hold a character of the mark set: the segmenter reads
 * it in its conversion pass (ASCII, CJK runs it collapses for ICU, and
 * characters it decodes apart), NULL marks every span. */
static void test_marks(void **state) {
  (void)state;
  uint8_t mark[8192];
  memset(mark, 0, sizeof mark);
  static const uint32_t cps[] = {'7', 0x4E09 /* 三 */, 0x00B7 /* · */};
  for (size_t k = 0; k < 3; k++)
    mark[cps[k] >> 3] |= (uint8_t)(1u << (cps[k] & 7));
  static const char t[] =
      "没有数字。增长7%。中国有三家。点·点。全是汉字\n再来一句。";
  static const bool want[] = {false, true, true, true, false, false};
  ct_spans sp = {NULL, 0, 0};
  ct_error err;
  assert_int_equal(
      ct_seg_sentences_append(g_seg, t, sizeof t - 1, 100, mark, &sp, &err),
      CT_OK);
  assert_int_equal(sp.n, 6);
  for (size_t k = 0; k < sp.n; k++) {
    if (sp.v[k].marked != want[k])
      fail_msg("span %zu '%.*s': marked %d", k,
               (int)(sp.v[k].end - sp.v[k].start), t + sp.v[k].start - 100,
               sp.v[k].marked);
  }
  sp.n = 0;
  assert_int_equal(
      ct_seg_sentences_append(g_seg, t, sizeof t - 1, 0, NULL, &sp, &err),
      CT_OK);
  for (size_t k = 0; k < sp.n; k++)
    assert_true(sp.v[k].marked);
  ct_free(sp.v);
}

static void test_cap(void **state) {
  (void)state;
  /* 100 KB with no break opportunity at all: CJK, then ASCII */
  ct_buf b = CT_BUF_INIT;
  for (int i = 0; i < 100 * 1024 / 3; i++)
    ct_buf_puts(&b, "中");
  ct_span *sp;
  size_t n = sentences(b.data, b.len, &sp);
  assert_int_equal(n, (b.len + 4094) / 4095); /* 1365 chars per span */
  ct_free(sp);
  ct_buf_clear(&b);
  for (int i = 0; i < 100 * 1024; i++)
    ct_buf_putc(&b, 'a');
  n = sentences(b.data, b.len, &sp);
  assert_int_equal(n, 25);
  assert_int_equal(sp[0].end, CT_MAX_SENTENCE_BYTES);
  ct_free(sp);
  /* a long sentence is cut after a separator, not inside a number */
  ct_buf_clear(&b);
  while (b.len < 10000)
    ct_buf_puts(&b, "产能占比高达72.5%,");
  ct_buf_puts(&b, "。");
  n = sentences(b.data, b.len, &sp);
  assert_true(n >= 3);
  for (size_t i = 0; i + 1 < n; i++)
    assert_int_equal(b.data[sp[i].end - 1], ',');
  ct_free(sp);
  ct_buf_release(&b);
}

static void test_words(void **state) {
  (void)state;
  const char *t = "中国占比高达72%";
  size_t *b, n;
  ct_error err;
  assert_int_equal(ct_seg_words(g_seg, t, strlen(t), &b, &n, &err), CT_OK);
  /* 中国|占|比|高达|72|% : ICU splits the number from its unit */
  const size_t want[] = {0, 6, 9, 12, 18, 20, 21};
  assert_int_equal(n, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < n; i++)
    assert_int_equal(b[i], want[i]);
  ct_free(b);
  /* sentences still work after words (separate iterators) */
  const char *w[] = {"好。", "是。"};
  expect_sentences("好。是。", w, 2);
  assert_int_equal(ct_seg_words(g_seg, "", 0, &b, &n, &err), CT_OK);
  assert_int_equal(n, 1);
  assert_int_equal(b[0], 0);
  ct_free(b);
}

/* ---- failing allocator ---- */
static long g_alloc_left = -1;
static void *fail_malloc(size_t n) {
  if (g_alloc_left == 0)
    return NULL;
  if (g_alloc_left > 0)
    g_alloc_left--;
  return malloc(n);
}
static void *fail_realloc(void *p, size_t n) {
  if (g_alloc_left == 0)
    return NULL;
  if (g_alloc_left > 0)
    g_alloc_left--;
  return realloc(p, n);
}

static void test_oom(void **state) {
  (void)state;
  ct_buf text = CT_BUF_INIT;
  for (int i = 0; i < 300; i++)
    ct_buf_puts(&text, "中国占比高达72%。");
  const ct_mem mem = {fail_malloc, fail_realloc, free};
  ct_set_mem(&mem);
  int ok = 0;
  for (long k = 0; k < 32 && !ok; k++) {
    g_alloc_left = k;
    ct_segmenter *s = NULL;
    ct_error err;
    ct_status st = ct_seg_new(&s, &err);
    if (st != CT_OK) {
      assert_int_equal(st, CT_ENOMEM);
      assert_null(s);
      continue;
    }
    ct_span *sp;
    size_t n;
    st = ct_seg_sentences(s, text.data, text.len, &sp, &n, &err);
    if (st == CT_OK) {
      size_t *wb;
      st = ct_seg_words(s, text.data, 60, &wb, &n, &err);
      if (st == CT_OK) {
        ok = 1;
        ct_free(wb);
      }
      ct_free(sp);
    } else {
      assert_null(sp);
    }
    if (!ok)
      assert_int_equal(st, CT_ENOMEM);
    ct_seg_free(s);
  }
  g_alloc_left = -1;
  ct_set_mem(NULL);
  ct_buf_release(&text);
  assert_true(ok);
}

/* ---- speed report ---- */
static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_speed(void **state) {
  (void)state;
  const char *env = getenv("CT_BENCH_MB");
  size_t mb = env ? (size_t)atoi(env) : 2;
  if (mb == 0 || mb > 30)
    mb = 2;
  /* generated Chinese news text: full-width digits and punctuation */
  const char *pieces[] = {
      "据统计，中国稀土储量约４４００万吨，约占全球的４８％。",
      "在加工环节，全球稀土冶炼分离产能中，中国占比高达７２％，",
      "海外产能利用率还不足４５％；",
      "澳大利亚作为全球第二大稀土精矿出口国，看似是G7计划的重要支撑。",
      "欧盟委员会此前就明确表态，对华政策是“去风险而非脱钩”。",
      "2025年1-9月，出口额同比增长12.5%！",
      "\n"};
  ct_buf b = CT_BUF_INIT;
  uint32_t r = 7;
  while (b.len < mb * 1024 * 1024) {
    r = r * 1103515245u + 12345u;
    ct_buf_puts(&b, pieces[(r >> 8) % 7]);
  }
  assert_false(b.oom);
  /* best of three runs each: the machine is shared */
  ct_normtext nt = {0};
  ct_error err;
  ct_span *sp = NULL;
  size_t n = 0, icu_n = 0;
  double best_norm = 1e9, best_seg = 1e9, best_icu = 1e9;
  UErrorCode st = U_ZERO_ERROR;
  UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "zh", NULL, 0, &st);
  assert_false(U_FAILURE(st));
  UText *ut = NULL;
  for (int rep = 0; rep < 3; rep++) {
    ct_normtext_release(&nt);
    ct_free(sp);
    double t0 = now_s();
    assert_int_equal(ct_norm(b.data, b.len, &nt, &err), CT_OK);
    double t1 = now_s();
    assert_int_equal(ct_seg_sentences(g_seg, nt.text, nt.len, &sp, &n, &err),
                     CT_OK);
    double t2 = now_s();
    /* bare ICU sentence iteration over the same (normalised) text */
    ut = utext_openUTF8(ut, nt.text, (int64_t)nt.len, &st);
    ubrk_setUText(bi, ut, &st);
    assert_false(U_FAILURE(st));
    icu_n = 0;
    for (int32_t q = ubrk_first(bi); q != UBRK_DONE; q = ubrk_next(bi))
      icu_n++;
    double t3 = now_s();
    if (t1 - t0 < best_norm)
      best_norm = t1 - t0;
    if (t2 - t1 < best_seg)
      best_seg = t2 - t1;
    if (t3 - t2 < best_icu)
      best_icu = t3 - t2;
  }
  ubrk_close(bi);
  utext_close(ut);
  double size_mb = (double)b.len / (1024.0 * 1024.0);
  printf("# speed over %.1f MB: ct_norm %.1f MB/s, ct_seg_sentences %.1f "
         "MB/s, bare ICU sentences %.1f MB/s (%zu spans, %zu ICU "
         "boundaries)\n",
         size_mb, size_mb / best_norm, size_mb / best_seg, size_mb / best_icu,
         n, icu_n);
  assert_true(n + 1 >= icu_n); /* our spans refine ICU's */
  ct_free(sp);
  ct_normtext_release(&nt);
  ct_buf_release(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chinese),  cmocka_unit_test(test_normalised_page),
      cmocka_unit_test(test_newlines), cmocka_unit_test(test_empty_and_reuse),
      cmocka_unit_test(test_cap),      cmocka_unit_test(test_words),
      cmocka_unit_test(test_oom),      cmocka_unit_test(test_speed),
      cmocka_unit_test(test_marks),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
