/* SPDX-License-Identifier: MIT */
/* Segmentation (seg stage): ICU sentence and word boundaries over UTF-8
 * through one reused UText, so boundaries are byte offsets; sentences are
 * also split at '\n' and capped at CT_MAX_SENTENCE_BYTES. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include "seg/seg.h"
#include "util/util.h"

struct ct_segmenter {
  UBreakIterator *sent;
  UBreakIterator *word; /* opened on the first ct_seg_words call */
  UText *ut;            /* reused for every text */
  /* UTF-16 copy of the text being split and, for each unit, the UTF-8
   * offset it maps back to; kept between calls up to U16_KEEP units */
  UChar *u16;
  uint32_t *u16_at;
  size_t u16_cap;
  /* where the characters of the caller's mark set stand (byte offsets,
   * ascending); marks_all when that list could not grow */
  const uint8_t *mark;
  uint32_t *marks;
  size_t n_marks, marks_cap;
  bool marks_all;
};

/* Buffers of at most this many UTF-16 units stay allocated between calls
 * (6 bytes a unit): enough for the blocks ct_extract_text splits. */
#define U16_KEEP ((size_t)1 << 18)

/* CJK ideographs that are Sentence_Break=OLetter in the linked ICU. ICU
 * never breaks between two OLetter characters (UAX #29 SB998), and its
 * sentence rules treat every OLetter alike and one as many (they appear
 * only as "not a terminator" and as what stops rule 8's look-ahead), so a
 * run of them is given to ICU as its first character: the boundaries are
 * the same, found over a fraction of the units. Checked against the
 * uncollapsed text on the test corpora and random text. */
static unsigned char g_olrun[0x10000 / 8];
static pthread_once_t g_olrun_once = PTHREAD_ONCE_INIT;

static void build_olrun(void) {
  for (UChar32 c = 0x3400; c <= 0x9FFF; c++)
    if (u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK) == U_SB_OLETTER)
      g_olrun[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static ct_status icu_fail(ct_error *err, UErrorCode st, const char *what) {
  ct_status s = st == U_MEMORY_ALLOCATION_ERROR ? CT_ENOMEM : CT_EINVAL;
  s = ct_fail(err, s, "seg", "%s: %s", what, u_errorName(st));
  if (err)
    err->native = (int)st;
  return s;
}

ct_status ct_seg_new(ct_segmenter **out, ct_error *err) {
  *out = NULL;
  pthread_once(&g_olrun_once, build_olrun);
  ct_segmenter *s = ct_calloc(1, sizeof *s);
  if (!s)
    return ct_fail(err, CT_ENOMEM, "seg", "out of memory");
  UErrorCode st = U_ZERO_ERROR;
  s->sent = ubrk_open(UBRK_SENTENCE, "zh", NULL, 0, &st);
  if (U_FAILURE(st)) {
    s->sent = NULL;
    ct_seg_free(s);
    return icu_fail(err, st, "ubrk_open(UBRK_SENTENCE)");
  }
  st = U_ZERO_ERROR;
  s->ut = utext_openUTF8(NULL, "", 0, &st);
  if (U_FAILURE(st)) {
    s->ut = NULL;
    ct_seg_free(s);
    return icu_fail(err, st, "utext_openUTF8");
  }
  *out = s;
  return CT_OK;
}

void ct_seg_free(ct_segmenter *s) {
  if (!s)
    return;
  if (s->sent)
    ubrk_close(s->sent);
  if (s->word)
    ubrk_close(s->word);
  if (s->ut)
    utext_close(s->ut);
  ct_free(s->u16);
  ct_free(s->u16_at);
  ct_free(s->marks);
  ct_free(s);
}

/* Point the reused UText and the iterator at text[0..len). */
static ct_status set_text(ct_segmenter *s, UBreakIterator *bi, const char *text,
                          size_t len, ct_error *err) {
  if (len > (size_t)INT32_MAX)
    return ct_fail(err, CT_ELIMIT, "seg",
                   "text of %zu bytes is over the ICU limit of %d bytes", len,
                   INT32_MAX);
  UErrorCode st = U_ZERO_ERROR;
  UText *ut = utext_openUTF8(s->ut, len ? text : "", (int64_t)len, &st);
  if (U_FAILURE(st))
    return icu_fail(err, st, "utext_openUTF8");
  s->ut = ut;
  st = U_ZERO_ERROR;
  ubrk_setUText(bi, s->ut, &st);
  if (U_FAILURE(st))
    return icu_fail(err, st, "ubrk_setUText");
  return CT_OK;
}

static bool push(ct_spans *sv, size_t start, size_t end) {
  if (sv->n == sv->cap) {
    size_t ncap = sv->cap ? sv->cap * 2 : 64, bytes;
    if (!ct_size_mul(ncap, sizeof(ct_span), &bytes))
      return false;
    ct_span *nv = ct_realloc(sv->v, bytes);
    if (!nv)
      return false;
    sv->v = nv;
    sv->cap = ncap;
  }
  sv->v[sv->n].start = start;
  sv->v[sv->n].end = end;
  sv->n++;
  return true;
}

/* Where to cut text[a..) that is longer than the cap: after a separator
 * (',' ';' ':' ' ' or U+3001) near the cap when there is one, so a number
 * is not cut in two, else at the last character boundary within it. */
static size_t cap_cut(const char *text, size_t a) {
  size_t lim = a + CT_MAX_SENTENCE_BYTES;
  size_t floor_ = lim - CT_MAX_SENTENCE_BYTES / 4;
  for (size_t i = lim; i > floor_; i--) {
    char c = text[i - 1];
    if (c == ',' || c == ';' || c == ':' || c == ' ' || c == '\t')
      return i;
    if (i >= 3 && memcmp(text + i - 3, "\xE3\x80\x81", 3) == 0)
      return i; /* 、 */
  }
  size_t cut = lim;
  while (cut > a && ((unsigned char)text[cut] & 0xC0) == 0x80)
    cut--;
  return cut > a ? cut : lim;
}

/* Split [a, b) at '\n' (the newline stays with the text before it) and at
 * the length cap; spans are pushed offset by base. */
static bool push_split(ct_spans *sv, const char *text, size_t a, size_t b,
                       size_t base) {
  while (a < b) {
    const char *nl = memchr(text + a, '\n', b - a);
    size_t e = nl ? (size_t)(nl - text) + 1 : b;
    while (e - a > CT_MAX_SENTENCE_BYTES) {
      size_t cut = cap_cut(text, a);
      if (!push(sv, base + a, base + cut))
        return false;
      a = cut;
    }
    if (!push(sv, base + a, base + e))
      return false;
    a = e;
  }
  return true;
}

/* One character at u[i..len) that convert16's loop leaves (anything but
 * ASCII and plain 3-byte sequences, or near the end): its units to w and
 * offsets to at; returns units written and sets *n to the bytes read. */
/* Note that a character of the mark set stands at byte i. */
static __attribute__((noinline)) void add_mark(ct_segmenter *s, size_t i) {
  if (s->n_marks == s->marks_cap) {
    size_t ncap = s->marks_cap ? s->marks_cap * 2 : 256;
    uint32_t *nv = ct_realloc(s->marks, ncap * sizeof *nv);
    if (!nv) { /* then every span counts as marked: slower, not wrong */
      s->marks_all = true;
      return;
    }
    s->marks = nv;
    s->marks_cap = ncap;
  }
  s->marks[s->n_marks++] = (uint32_t)i;
}

static inline bool is_marked(const uint8_t *mark, uint32_t cp) {
  return mark && cp <= 0xFFFF && ((mark[cp >> 3] >> (cp & 7)) & 1u);
}

static __attribute__((noinline)) size_t
convert16_other(ct_segmenter *s, const unsigned char *u, size_t i, size_t len,
                UChar *w, uint32_t *at, size_t *n) {
  uint32_t cp;
  *n = ct_utf8_decode(u + i, len - i, &cp); /* U+FFFD per bad byte, as
                                                the UTF-8 UText reads it */
  if (is_marked(s->mark, cp))
    add_mark(s, i);
  if (cp > 0xFFFF) { /* 4 bytes in, 2 units out: fits */
    w[0] = (UChar)(0xD7C0 + (cp >> 10));
    at[0] = (uint32_t)i;
    w[1] = (UChar)(0xDC00 | (cp & 0x3FF));
    at[1] = (uint32_t)(i + *n);
    return 2;
  }
  w[0] = (UChar)cp;
  at[0] = (uint32_t)i;
  return 1;
}

/* UTF-16 of u[0..len) into w and, for each unit, the UTF-8 offset of its
 * character into at (the second unit of a pair maps to the next
 * character), then at[units] = len. Returns the units written. */
static size_t convert16(ct_segmenter *s, const unsigned char *restrict u,
                        size_t len, UChar *restrict w, uint32_t *restrict at) {
  const uint8_t *mark = s->mark;
  size_t o = 0, i = 0;
  size_t end3 = len > 2 ? len - 2 : 0; /* below it u[i + 2] is readable */
  while (i < len) {
    bool run = false;  /* the last unit is a collapsed ideograph */
    while (i < end3) { /* ASCII and well-formed 3-byte characters */
      unsigned c = u[i];
      if (c < 0x80) {
        if (is_marked(mark, c))
          add_mark(s, i);
        w[o] = (UChar)c;
        at[o++] = (uint32_t)i++;
        run = false;
        continue;
      }
      /* leads whose 3-byte sequences are all well-formed (not E0, ED) */
      unsigned x1 = u[i + 1] ^ 0x80u, x2 = u[i + 2] ^ 0x80u;
      if (c - 0xE1u >= 15u || c == 0xED || (x1 | x2) >= 0x40)
        break;
      unsigned cp = ((c & 0x0F) << 12) | (x1 << 6) | x2;
      if (is_marked(mark, cp))
        add_mark(s, i);
      if (g_olrun[cp >> 3] & (1u << (cp & 7))) {
        if (run) { /* one unit stands for the whole run */
          i += 3;
          continue;
        }
        run = true;
      } else {
        run = false;
      }
      w[o] = (UChar)cp;
      at[o++] = (uint32_t)i;
      i += 3;
    }
    if (i >= len)
      break;
    size_t n;
    o += convert16_other(s, u, i, len, w + o, at + o, &n);
    i += n;
  }
  at[o] = (uint32_t)len;
  return o;
}

/* text[0..len) as UTF-16 into s->u16 (*n16 units) and, for each unit,
 * the UTF-8 offset of its character in s->u16_at (the second unit of a
 * pair maps to the next character, as does the end). ICU reads UTF-16
 * natively, the UTF-8 UText converts chunk by chunk, so iterating the
 * UTF-16 copy and mapping the boundaries back costs about half as much. */
static bool to_utf16(ct_segmenter *s, const char *text, size_t len,
                     size_t *n16) {
  const unsigned char *u = (const unsigned char *)text;
  *n16 = 0;
  if (len + 1 > s->u16_cap) { /* at most one unit per byte, plus the end */
    size_t b16, b32;
    if (!ct_size_mul(len + 1, sizeof(UChar), &b16) ||
        !ct_size_mul(len + 1, sizeof(uint32_t), &b32))
      return false;
    /* grown in place; on failure both keep their old size */
    UChar *w = ct_realloc(s->u16, b16);
    if (!w)
      return false;
    s->u16 = w;
    uint32_t *at = ct_realloc(s->u16_at, b32);
    if (!at)
      return false;
    s->u16_at = at;
    s->u16_cap = len + 1;
  }
  *n16 = convert16(s, u, len, s->u16, s->u16_at);
  return true;
}

static const UChar k_empty16[1] = {0};

ct_status ct_seg_sentences_append(ct_segmenter *s, const char *text, size_t len,
                                  size_t base, const uint8_t *mark,
                                  ct_spans *out, ct_error *err) {
  if (len > (size_t)INT32_MAX)
    return ct_fail(err, CT_ELIMIT, "seg",
                   "text of %zu bytes is over the ICU limit of %d bytes", len,
                   INT32_MAX);
  if (!len)
    return CT_OK;
  size_t n0 = out->n, n16 = 0;
  s->mark = mark;
  s->n_marks = 0;
  s->marks_all = !mark;
  if (!to_utf16(s, text, len, &n16))
    return ct_fail(err, CT_ENOMEM, "seg", "out of memory");
  UErrorCode ust = U_ZERO_ERROR;
  ubrk_setText(s->sent, s->u16, (int32_t)n16, &ust);
  if (U_FAILURE(ust))
    return icu_fail(err, ust, "ubrk_setText");
  const uint32_t *at = s->u16_at;
  bool ok = true;
  size_t prev = 0;
  int32_t b = ubrk_first(s->sent);
  while (ok && (b = ubrk_next(s->sent)) != UBRK_DONE) {
    size_t b16 = (size_t)b;
    size_t e = at[b16 < n16 ? b16 : n16];
    if (e <= prev || e > len)
      continue; /* cannot happen; keep the spans ordered and in range */
    ok = push_split(out, text, prev, e, base);
    prev = e;
  }
  /* the iterator must not keep a pointer to a buffer that may go */
  ust = U_ZERO_ERROR;
  ubrk_setText(s->sent, k_empty16, 0, &ust);
  if (s->u16_cap > U16_KEEP) {
    ct_free(s->u16);
    ct_free(s->u16_at);
    s->u16 = NULL;
    s->u16_at = NULL;
    s->u16_cap = 0;
  }
  if (ok && prev < len)
    ok = push_split(out, text, prev, len, base);
  if (!ok) {
    out->n = n0;
    return ct_fail(err, CT_ENOMEM, "seg", "out of memory");
  }
  /* which of the new spans hold a marked character */
  size_t j = 0;
  for (size_t k = n0; k < out->n; k++) {
    size_t a = out->v[k].start - base, e = out->v[k].end - base;
    while (j < s->n_marks && s->marks[j] < a)
      j++;
    out->v[k].marked = s->marks_all || (j < s->n_marks && s->marks[j] < e);
  }
  if (s->marks_cap > U16_KEEP / 16) {
    ct_free(s->marks);
    s->marks = NULL;
    s->marks_cap = 0;
  }
  return CT_OK;
}

ct_status ct_seg_sentences(ct_segmenter *s, const char *text, size_t len,
                           ct_span **spans, size_t *n, ct_error *err) {
  *spans = NULL;
  *n = 0;
  if (!len)
    text = "";
  ct_spans sv = {NULL, 0, 0};
  ct_status st = ct_seg_sentences_append(s, text, len, 0, NULL, &sv, err);
  if (st != CT_OK) {
    ct_free(sv.v);
    return st;
  }
  *spans = sv.v;
  *n = sv.n;
  return CT_OK;
}

ct_status ct_seg_words(ct_segmenter *s, const char *text, size_t len,
                       size_t **bounds, size_t *n, ct_error *err) {
  *bounds = NULL;
  *n = 0;
  if (!s->word) {
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *w = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
    if (U_FAILURE(st))
      return icu_fail(err, st, "ubrk_open(UBRK_WORD)");
    s->word = w;
  }
  ct_status rc = set_text(s, s->word, text, len, err);
  if (rc != CT_OK)
    return rc;
  size_t cap = 16, cnt = 0;
  size_t *v = ct_malloc(cap * sizeof *v);
  if (!v)
    goto oom;
  v[cnt++] = 0;
  int32_t b = ubrk_first(s->word);
  while ((b = ubrk_next(s->word)) != UBRK_DONE) {
    size_t e = (size_t)b;
    if (e <= v[cnt - 1] || e > len)
      continue;
    if (cnt == cap) {
      size_t bytes;
      if (!ct_size_mul(cap, 2 * sizeof *v, &bytes))
        goto oom;
      size_t *nv = ct_realloc(v, bytes);
      if (!nv)
        goto oom;
      v = nv;
      cap *= 2;
    }
    v[cnt++] = e;
  }
  if (v[cnt - 1] != len) { /* ICU always ends at len; be sure */
    if (cnt == cap) {
      size_t *nv = ct_realloc(v, (cap + 1) * sizeof *v);
      if (!nv)
        goto oom;
      v = nv;
    }
    v[cnt++] = len;
  }
  *bounds = v;
  *n = cnt;
  return CT_OK;
oom:
  ct_free(v);
  return ct_fail(err, CT_ENOMEM, "seg", "out of memory");
}
