/* SPDX-License-Identifier: MIT */
/* Unit tests for NFKC normalisation (norm stage): mappings the rule packs
 * rely on, UTF-8 repair, NUL bytes, limits, OOM, idempotence and agreement
 * with utf8proc_map on valid text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <utf8proc.h>

#include "norm/norm.h"
#include "util/util.h"

static ct_normtext norm_ok(const char *s, size_t len) {
  ct_normtext nt;
  ct_error err;
  assert_int_equal(ct_norm(s, len, &nt, &err), CT_OK);
  assert_non_null(nt.text);
  assert_true(nt.len == 0 || nt.n_pieces > 0);
  assert_int_equal(nt.text[nt.len], '\0');
  assert_int_equal(ct_norm_src_at(&nt, nt.len), len);
  assert_int_equal(nt.src_len, len);
  return nt;
}

static void expect_norm(const char *in, const char *want) {
  ct_normtext nt = norm_ok(in, strlen(in));
  if (nt.len != strlen(want) || memcmp(nt.text, want, nt.len) != 0)
    fail_msg("NFKC(\"%s\") = \"%s\", want \"%s\"", in, nt.text, want);
  ct_normtext_release(&nt);
}

static void test_mappings(void **state) {
  (void)state;
  expect_norm("４４００万吨", "4400万吨");
  expect_norm("７２％", "72%");
  expect_norm("中国，美国；欧盟：", "中国,美国;欧盟:");
  expect_norm("（一）", "(一)");
  expect_norm("２０～１００个", "20~100个");
  expect_norm("稀土\xE3\x80\x80产能", "稀土 产能"); /* U+3000 */
  expect_norm("12\xC2\xA0km", "12 km");             /* NBSP */
  expect_norm("5km\xC2\xB2", "5km2");               /* km² */
  expect_norm("30\xE3\x8E\xA1", "30m2");            /* ㎡ */
  expect_norm("\xC2\xBD", "1\xE2\x81\x84"
                          "2");        /* ½ -> 1⁄2 */
  expect_norm("一、二。", "一、二。"); /* stay */
  expect_norm("“去中国化”。", "“去中国化”。");
  expect_norm("萬億兩", "萬億兩"); /* no T->S */
  expect_norm("ＡＢＣ－１２", "ABC-12");
  expect_norm("e\xCC\x81", "\xC3\xA9");                    /* e + acute */
  expect_norm("\xE1\x84\x80\xE1\x85\xA1", "\xEA\xB0\x80"); /* jamo -> 가 */
  expect_norm("\xEA\xB0\x80\xE1\x86\xA8", "\xEA\xB0\x81"); /* 가+ᆨ -> 각 */
  expect_norm("\xEF\xBD\xB6\xEF\xBE\x9E", "\xE3\x82\xAC"); /* ｶﾞ -> ガ */
  expect_norm("\xE2\x80\xB0", "\xE2\x80\xB0");             /* ‰ stays */
  expect_norm("\xE2\x80\xA6", "...");                      /* … */
  expect_norm("\xEF\xAC\x81", "fi");                       /* ﬁ ligature */
  /* marks reorder canonically: a + dot below(220) + acute(230) either way */
  expect_norm("a\xCC\x81\xCC\xA3", "\xE1\xBA\xA1\xCC\x81");
  expect_norm("a\xCC\xA3\xCC\x81", "\xE1\xBA\xA1\xCC\x81");
}

static void test_repair(void **state) {
  (void)state;
  struct {
    const char *in;
    size_t len;
    const char *want;
    size_t replaced;
  } cases[] = {
      {"a\xFF"
       "b",
       3,
       "a\xEF\xBF\xBD"
       "b",
       1},
      {"\xC3", 1, "\xEF\xBF\xBD", 1},                 /* truncated */
      {"\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 2}, /* overlong */
      {"\xED\xA0\x80", 3, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD",
       3}, /* surrogate */
      {"\xE4\xB8", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 2},
      {"\xEF\xBF\xBD", 3, "\xEF\xBF\xBD", 0}, /* real U+FFFD */
      {"７\x80２", 7,
       "7\xEF\xBF\xBD"
       "2",
       1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ct_normtext nt = norm_ok(cases[i].in, cases[i].len);
    assert_int_equal(nt.len, strlen(cases[i].want));
    assert_memory_equal(nt.text, cases[i].want, nt.len);
    assert_int_equal(nt.n_replaced, cases[i].replaced);
    ct_normtext_release(&nt);
  }
}

static void test_nul_and_empty(void **state) {
  (void)state;
  ct_normtext nt = norm_ok("a\0b\0", 4);
  assert_int_equal(nt.len, 4);
  assert_memory_equal(nt.text, "a b ", 4);
  assert_int_equal(ct_norm_src_at(&nt, 1), 1);
  ct_normtext_release(&nt);

  nt = norm_ok("", 0);
  assert_int_equal(nt.len, 0);
  assert_string_equal(nt.text, "");
  size_t s = 9, e = 9;
  ct_norm_span(&nt, 0, 0, &s, &e);
  assert_int_equal(s, 0);
  assert_int_equal(e, 0);
  ct_normtext_release(&nt);
  ct_normtext_release(&nt); /* released twice is harmless */
  ct_normtext_release(NULL);
}

static void test_limit(void **state) {
  (void)state;
  ct_normtext nt;
  ct_error err;
  static const char one = 'x';
  /* the length is checked before any byte is read */
  assert_int_equal(ct_norm(&one, CT_MAX_INPUT_BYTES + 1, &nt, &err), CT_ELIMIT);
  assert_null(nt.text);
  assert_null(nt.pieces);
  assert_int_equal(err.status, CT_ELIMIT);
}

/* ---- failing allocator: fail the Nth allocation, sweep N ---- */
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

static void test_oom_sweep(void **state) {
  (void)state;
  /* long enough to grow the buffers and use the segment buffer */
  ct_buf b = CT_BUF_INIT;
  for (int i = 0; i < 200; i++)
    ct_buf_puts(&b, "中国占比高达７２％，e\xCC\x81\xCC\xA3 ㎡\xFF ");
  assert_false(b.oom);
  const ct_mem mem = {fail_malloc, fail_realloc, free};
  ct_set_mem(&mem);
  int saw_ok = 0;
  for (long n = 0; n < 64 && !saw_ok; n++) {
    g_alloc_left = n;
    ct_normtext nt;
    ct_error err;
    ct_status st = ct_norm(b.data, b.len, &nt, &err);
    if (st == CT_OK) {
      saw_ok = 1;
      ct_normtext_release(&nt);
    } else {
      assert_int_equal(st, CT_ENOMEM);
      assert_null(nt.text);
      assert_null(nt.pieces);
    }
  }
  g_alloc_left = -1;
  ct_set_mem(NULL);
  ct_buf_release(&b);
  assert_true(saw_ok);
}

/* ---- idempotence and agreement with utf8proc on a corpus page ---- */

/* Crude JSON string reader: the value of the first "text" key. */
static char *read_corpus_text(size_t *len) {
  const char *path =
      CT_SOURCE_DIR "/corpus/pages/seed-163-post2020.expected.json";
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  ct_buf raw = CT_BUF_INIT;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    ct_buf_put(&raw, chunk, n);
  fclose(f);
  const char *k = raw.data ? strstr(raw.data, "\"text\": \"") : NULL;
  if (!k) {
    ct_buf_release(&raw);
    return NULL;
  }
  ct_buf out = CT_BUF_INIT;
  for (const char *p = k + 9; *p && *p != '"'; p++) {
    if (*p != '\\') {
      ct_buf_putc(&out, *p);
      continue;
    }
    p++;
    switch (*p) {
    case 'n':
      ct_buf_putc(&out, '\n');
      break;
    case 't':
      ct_buf_putc(&out, '\t');
      break;
    case 'u': {
      unsigned cp = 0;
      if (sscanf(p + 1, "%4x", &cp) == 1) {
        char e[4];
        ct_buf_put(&out, e, ct_utf8_encode(cp, e));
        p += 4;
      }
      break;
    }
    default:
      ct_buf_putc(&out, *p);
    }
  }
  ct_buf_release(&raw);
  return ct_buf_take(&out, len);
}

static void assert_matches_utf8proc(const char *s, size_t len) {
  ct_normtext nt = norm_ok(s, len);
  utf8proc_uint8_t *ref = NULL;
  utf8proc_ssize_t rl =
      utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &ref,
                   UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
  assert_true(rl >= 0);
  assert_int_equal(nt.len, (size_t)rl);
  assert_memory_equal(nt.text, ref, nt.len);
  free(ref);
  ct_normtext_release(&nt);
}

static void test_corpus_idempotent(void **state) {
  (void)state;
  size_t len = 0;
  char *text = read_corpus_text(&len);
  assert_non_null(text);
  assert_true(len > 1000);
  /* make it interesting: the page in full-width and with marks */
  ct_buf wide = CT_BUF_INIT;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c > 0x20 && c < 0x7F) {
      char e[4];
      ct_buf_put(&wide, e, ct_utf8_encode(0xFF00u + c - 0x20u, e));
    } else {
      ct_buf_putc(&wide, (char)c);
    }
  }
  ct_buf_puts(&wide, "Ａ\xCC\x81 ㎡ ½ 가\xE1\x86\xA8 \xE3\x80\x80 ｶﾞ");
  const char *inputs[] = {text, wide.data};
  size_t lens[] = {len, wide.len};
  for (int k = 0; k < 2; k++) {
    ct_normtext a = norm_ok(inputs[k], lens[k]);
    ct_normtext b = norm_ok(a.text, a.len);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.text, b.text, a.len);
    assert_int_equal(a.n_replaced, 0);
    assert_matches_utf8proc(inputs[k], lens[k]);
    if (k == 1) {
      /* full-width became ASCII, so the result is shorter */
      assert_true(a.len < lens[k]);
      assert_non_null(strstr(a.text, "G7"));
    }
    ct_normtext_release(&a);
    ct_normtext_release(&b);
  }
  ct_buf_release(&wide);
  ct_free(text);
}

/* Random strings of interesting code points against utf8proc_map. */
static const uint32_t g_alphabet[] = {
    'a',     'e',    'A',    '7',    ' ',    0x4E2D, 0x56FD, 0x3002,  0x3001,
    0xFF14,  0xFF05, 0xFF0C, 0x3000, 0x00A0, 0x00B2, 0x33A1, 0x00BD,  0x0301,
    0x0323,  0x0308, 0x0344, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xAC01,  0xFF76,
    0xFF9E,  0x3099, 0x304B, 0x0CC6, 0x0CD5, 0x0B47, 0x0B3E, 0xFDFA,  0x2026,
    0xFB01,  0x212B, 0x0041, 0x030A, 0x1E0A, 0x0307, 0x0F73, 0x1D15E, 0xF900,
    0x2F800, 0x00C5, 0x0DD9, 0x0DCF, 0x0DCA, 0x05B0, 0x0591};

static uint32_t g_rng = 12345;
static uint32_t rnd(void) {
  g_rng = g_rng * 1103515245u + 12345u;
  return (g_rng >> 8) & 0xFFFFFF;
}

static void test_random_vs_utf8proc(void **state) {
  (void)state;
  size_t na = sizeof g_alphabet / sizeof g_alphabet[0];
  for (int iter = 0; iter < 5000; iter++) {
    char s[128];
    size_t len = 0, nchars = 1 + rnd() % 14;
    for (size_t i = 0; i < nchars; i++)
      len += ct_utf8_encode(g_alphabet[rnd() % na], s + len);
    assert_matches_utf8proc(s, len);
    ct_normtext a = norm_ok(s, len);
    ct_normtext b = norm_ok(a.text, a.len);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.text, b.text, a.len);
    ct_normtext_release(&a);
    ct_normtext_release(&b);
  }
}

/* Every code point of planes 0-2 between contexts that compose (a letter
 * and a mark, a Hangul LV syllable and a trailing jamo, a Sinhala vowel
 * sign pair): the segment table and the fast paths agree with utf8proc. */
static void test_all_code_points(void **state) {
  (void)state;
  const char *pre[] = {"a", "\xEA\xB0\x80", "\xE0\xB7\x99"};
  const char *post[] = {"\xCC\x81\xE4\xB8\xAD", "\xE1\x86\xA8", "\xE0\xB7\x8F"};
  size_t checked = 0;
  for (uint32_t cp = 1; cp < 0x30000; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF)
      continue;
    for (int k = 0; k < 3; k++) {
      /* utf8proc composes LV + U+11A7 (T index 0, a vowel since Unicode
       * 5.2) and drops the U+11A7; we keep it, as UAX #15 requires */
      if (k == 1 && cp == 0x11A7)
        continue;
      char s[32];
      size_t n = strlen(pre[k]);
      memcpy(s, pre[k], n);
      n += ct_utf8_encode(cp, s + n);
      memcpy(s + n, post[k], strlen(post[k]));
      n += strlen(post[k]);
      assert_matches_utf8proc(s, n);
      checked++;
    }
  }
  assert_true(checked > 500000);
  expect_norm("\xEA\xB0\x80\xE1\x86\xA7", "\xEA\xB0\x80\xE1\x86\xA7");
}

/* More than 30 marks: a CGJ keeps the text stream-safe and the work
 * linear; the result stays idempotent. */
static void test_stream_safe(void **state) {
  (void)state;
  ct_buf b = CT_BUF_INIT;
  ct_buf_putc(&b, 'a');
  for (int i = 0; i < 20000; i++)
    ct_buf_puts(&b, (i & 1) ? "\xCC\x81" : "\xCC\xA3"); /* 230, 220 */
  ct_buf_puts(&b, "72%");
  ct_normtext a = norm_ok(b.data, b.len);
  assert_non_null(strstr(a.text, "\xCD\x8F")); /* U+034F */
  assert_memory_equal(a.text + a.len - 3, "72%", 3);
  ct_normtext c = norm_ok(a.text, a.len);
  assert_int_equal(a.len, c.len);
  assert_memory_equal(a.text, c.text, a.len);
  ct_normtext_release(&a);
  ct_normtext_release(&c);
  ct_buf_release(&b);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Hostile inputs stay linear: 1 MB of lone marks, of Hangul vowel jamo
 * (one long segment), of byte soup; an explosive expansion is refused. */
static void test_pathological(void **state) {
  (void)state;
  alarm(120); /* a quadratic regression dies here instead of hanging */
  const char *units[] = {"\xCC\x81", "\xCC\x81\xCC\xA3", "\xE1\x85\xA1",
                         "\xFF\xC3\xE4\xB8\x80\xED\xA0\x80", "a\xCC\x81"};
  for (size_t k = 0; k < sizeof units / sizeof units[0]; k++) {
    ct_buf b = CT_BUF_INIT;
    while (b.len < 1024 * 1024)
      ct_buf_puts(&b, units[k]);
    double t0 = now_s();
    ct_normtext nt = norm_ok(b.data, b.len);
    double t = now_s() - t0;
    if (t > 3.0) /* about 0.05 s; quadratic behaviour takes hours */
      fail_msg("unit %zu: %.2f s for 1 MB", k, t);
    ct_normtext_release(&nt);
    ct_buf_release(&b);
  }
  /* U+FDFA expands elevenfold: over the limit, refused as CT_ELIMIT */
  ct_buf b = CT_BUF_INIT;
  while (b.len < 300000)
    ct_buf_puts(&b, "\xEF\xB7\xBA");
  ct_normtext nt;
  ct_error err;
  assert_int_equal(ct_norm(b.data, b.len, &nt, &err), CT_ELIMIT);
  assert_null(nt.text);
  /* a few of them in ordinary text are fine */
  ct_buf_clear(&b);
  for (int i = 0; i < 1000; i++)
    ct_buf_puts(&b, "中国占比高达72%。\xEF\xB7\xBA");
  nt = norm_ok(b.data, b.len);
  assert_true(nt.len > b.len);
  ct_normtext_release(&nt);
  ct_buf_release(&b);
  alarm(0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mappings),
      cmocka_unit_test(test_repair),
      cmocka_unit_test(test_nul_and_empty),
      cmocka_unit_test(test_limit),
      cmocka_unit_test(test_oom_sweep),
      cmocka_unit_test(test_corpus_idempotent),
      cmocka_unit_test(test_random_vs_utf8proc),
      cmocka_unit_test(test_all_code_points),
      cmocka_unit_test(test_stream_safe),
      cmocka_unit_test(test_pathological),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
