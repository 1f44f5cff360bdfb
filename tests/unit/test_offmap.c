/* SPDX-License-Identifier: MIT */
/* Unit tests for the normalisation offset map (norm stage): every
 * normalised span maps to a source span on character boundaries, and at
 * segment boundaries re-normalising the source span gives the span. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "norm/norm.h"
#include "util/util.h"

/* is_start[i]: a source character starts at byte i (an invalid byte is a
 * character of its own, as the repair pass treats it). */
static void char_starts(const char *s, size_t len, unsigned char *is_start) {
  memset(is_start, 0, len + 1);
  size_t i = 0;
  while (i < len) {
    is_start[i] = 1;
    size_t n = ct_utf8_valid_len((const unsigned char *)s + i, len - i);
    i += n ? n : 1;
  }
  is_start[len] = 1;
}

static bool norm_char_start(const ct_normtext *nt, size_t i) {
  return i == nt->len || ((unsigned char)nt->text[i] & 0xC0) != 0x80;
}

/* A segment boundary of the normalised text: the source character
 * changes there. */
static bool seg_boundary(const ct_normtext *nt, size_t i) {
  return i == 0 || i == nt->len ||
         ct_norm_src_at(nt, i) != ct_norm_src_at(nt, i - 1);
}

static size_t g_checked, g_renorm;

static void check_string(const char *s, size_t len) {
  ct_normtext nt;
  ct_error err;
  assert_int_equal(ct_norm(s, len, &nt, &err), CT_OK);
  unsigned char is_start[512];
  assert_true(len < sizeof is_start);
  char_starts(s, len, is_start);
  /* the map is non-decreasing and points at character starts */
  for (size_t i = 0; i <= nt.len; i++) {
    assert_true(ct_norm_src_at(&nt, i) <= len);
    assert_true(is_start[ct_norm_src_at(&nt, i)]);
    if (i > 0)
      assert_true(ct_norm_src_at(&nt, i) >= ct_norm_src_at(&nt, i - 1));
  }
  for (size_t a = 0; a <= nt.len; a++) {
    if (!norm_char_start(&nt, a))
      continue;
    for (size_t b = a + 1; b <= nt.len; b++) {
      if (!norm_char_start(&nt, b))
        continue;
      size_t ss, se;
      ct_norm_span(&nt, a, b, &ss, &se);
      g_checked++;
      assert_true(ss < se);
      assert_true(se <= len);
      assert_true(is_start[ss]);
      assert_true(is_start[se]);
      assert_int_equal(ss, ct_norm_src_at(&nt, a));
      /* the end is where the source character behind byte b-1 ends: the
       * next larger map entry, found here by a plain scan */
      size_t j = b;
      while (j < nt.len && ct_norm_src_at(&nt, j) == ct_norm_src_at(&nt, b - 1))
        j++;
      assert_int_equal(se, ct_norm_src_at(&nt, j));
      if (!seg_boundary(&nt, a) || !seg_boundary(&nt, b))
        continue;
      /* at segment boundaries the source span normalises to the span */
      assert_int_equal(se, ct_norm_src_at(&nt, b));
      ct_normtext sub;
      assert_int_equal(ct_norm(s + ss, se - ss, &sub, &err), CT_OK);
      if (sub.len != b - a || memcmp(sub.text, nt.text + a, b - a) != 0)
        fail_msg("span [%zu,%zu) -> source [%zu,%zu) renormalises to "
                 "\"%s\"",
                 a, b, ss, se, sub.text);
      g_renorm++;
      ct_normtext_release(&sub);
    }
  }
  ct_normtext_release(&nt);
}

static void test_examples(void **state) {
  (void)state;
  const char *cases[] = {
      "中国占比高达７２％，海外不足４５％。",
      "储量约４４００万吨（约占全球的４８％）",
      "面积30㎡,约½亩;5km² e\xCC\x81\xCC\xA3 x",
      "\xCC\x81 starts with a mark",
      "한국어 \xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8 가\xE1\x86\xA8",
      "ｶﾞｷﾞ ガ \xE3\x81\x8B\xE3\x82\x99",
      "bad\xFF\xFE bytes \xE4\xB8 end\xC3",
      "nul\0inside\0",
      "\xEF\xB7\xBA and \xE2\x80\xA6 and \xEF\xAC\x81",
      "\xE2\x85\xA7 \xE2\x91\xA0 \xE3\x8D\xBB\xE3\x8E\x8F",
  };
  size_t lens[] = {0, 0, 0, 0, 0, 0, 0, 11, 0, 0};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    check_string(cases[i], lens[i] ? lens[i] : strlen(cases[i]));
}

static uint32_t g_rng = 99;
static uint32_t rnd(void) {
  g_rng = g_rng * 1103515245u + 12345u;
  return (g_rng >> 8) & 0xFFFFFF;
}

static void test_random(void **state) {
  (void)state;
  static const uint32_t alpha[] = {
      'a',     'e',     '4',    '%',    ' ',    0,      0x4E2D, 0x4E07,
      0x3002,  0xFF14,  0xFF05, 0xFF0C, 0x3000, 0x00A0, 0x00B2, 0x33A1,
      0x00BD,  0x0301,  0x0323, 0x0344, 0x1100, 0x1161, 0x11A8, 0xAC00,
      0xFF76,  0xFF9E,  0x3099, 0x0CC6, 0x0CD5, 0xFDFA, 0x2026, 0x212B,
      0x1D15E, 0x2F800, 0x0DD9, 0x0DCF, 0x0F73, 0x5168};
  size_t na = sizeof alpha / sizeof alpha[0];
  for (int iter = 0; iter < 3000; iter++) {
    char s[160];
    size_t len = 0, nchars = 1 + rnd() % 16;
    for (size_t i = 0; i < nchars; i++) {
      uint32_t r = rnd();
      if (r % 23 == 0) {
        s[len++] = (char)(0x80 + r % 0x7F); /* a stray invalid byte */
        continue;
      }
      len += ct_utf8_encode(alpha[r % na], s + len);
    }
    check_string(s, len);
  }
  /* the property was exercised, including the re-normalisation branch */
  assert_true(g_checked > 100000);
  assert_true(g_renorm > 10000);
}

static void test_span_edges(void **state) {
  (void)state;
  const char *s = "ab４５％";
  ct_normtext nt;
  ct_error err;
  assert_int_equal(ct_norm(s, strlen(s), &nt, &err), CT_OK);
  assert_string_equal(nt.text, "ab45%");
  size_t ss, se;
  ct_norm_span(&nt, 2, 5, &ss, &se); /* "45%" */
  assert_int_equal(ss, 2);
  assert_int_equal(se, strlen(s));
  ct_norm_span(&nt, 3, 4, &ss, &se); /* "5" */
  assert_int_equal(ss, 5);
  assert_int_equal(se, 8);
  ct_norm_span(&nt, 4, 99, &ss, &se); /* clamped */
  assert_int_equal(ss, 8);
  assert_int_equal(se, 11);
  ct_norm_span(&nt, 5, 5, &ss, &se); /* empty at the end */
  assert_int_equal(ss, 11);
  assert_int_equal(se, 11);
  ct_normtext_release(&nt);
}

/* The seed page's text (crude JSON string read), made full-width. */
static char *corpus_wide(size_t *len) {
  FILE *f = fopen(CT_SOURCE_DIR "/corpus/pages/seed-163-post2020.expected.json",
                  "rb");
  if (!f)
    return NULL;
  ct_buf raw = CT_BUF_INIT, out = CT_BUF_INIT;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    ct_buf_put(&raw, chunk, n);
  fclose(f);
  const char *k = raw.data ? strstr(raw.data, "\"text\": \"") : NULL;
  for (const char *p = k ? k + 9 : ""; *p && *p != '"'; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '\\') {
      p++;
      ct_buf_putc(&out, *p == 'n' ? '\n' : *p);
    } else if (c > 0x20 && c < 0x7F) {
      char e[4];
      ct_buf_put(&out, e, ct_utf8_encode(0xFF00u + c - 0x20u, e));
    } else {
      ct_buf_putc(&out, (char)c);
    }
  }
  ct_buf_release(&raw);
  return ct_buf_take(&out, len);
}

/* Random character-aligned spans of a real page: the source span covers
 * exactly the characters, and (all segments being single characters here)
 * re-normalises to the span. */
static void test_corpus_spans(void **state) {
  (void)state;
  size_t len = 0;
  char *src = corpus_wide(&len);
  assert_non_null(src);
  assert_true(len > 3000);
  ct_normtext nt;
  ct_error err;
  assert_int_equal(ct_norm(src, len, &nt, &err), CT_OK);
  assert_true(nt.len < len); /* full-width digits and commas shrank */
  for (int k = 0; k < 5000; k++) {
    size_t a = rnd() % nt.len, b = a + 1 + rnd() % 200;
    if (b > nt.len)
      b = nt.len;
    while (a > 0 && !norm_char_start(&nt, a))
      a--;
    while (!norm_char_start(&nt, b))
      b++;
    size_t ss, se;
    ct_norm_span(&nt, a, b, &ss, &se);
    assert_true(ss < se && se <= len);
    assert_true(ct_utf8_is_valid(src + ss, se - ss));
    ct_normtext sub;
    assert_int_equal(ct_norm(src + ss, se - ss, &sub, &err), CT_OK);
    assert_int_equal(sub.len, b - a);
    assert_memory_equal(sub.text, nt.text + a, b - a);
    ct_normtext_release(&sub);
  }
  ct_normtext_release(&nt);
  ct_free(src);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_examples),
      cmocka_unit_test(test_random),
      cmocka_unit_test(test_span_edges),
      cmocka_unit_test(test_corpus_spans),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
