/* SPDX-License-Identifier: MIT */
/* Segmentation (seg stage): ICU sentence and word boundaries over UTF-8
 * through one reused UText, so boundaries are byte offsets; sentences are
 * also split at '\n' and capped at CT_MAX_SENTENCE_BYTES. */
#include <stdint.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "seg/seg.h"
#include "util/util.h"

struct ct_segmenter {
  UBreakIterator *sent;
  UBreakIterator *word; /* opened on the first ct_seg_words call */
  UText *ut;            /* reused for every text */
};

static ct_status icu_fail(ct_error *err, UErrorCode st, const char *what) {
  ct_status s = st == U_MEMORY_ALLOCATION_ERROR ? CT_ENOMEM : CT_EINVAL;
  s = ct_fail(err, s, "seg", "%s: %s", what, u_errorName(st));
  if (err)
    err->native = (int)st;
  return s;
}

ct_status ct_seg_new(ct_segmenter **out, ct_error *err) {
  *out = NULL;
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

typedef struct spanvec {
  ct_span *v;
  size_t n, cap;
} spanvec;

static bool push(spanvec *sv, size_t start, size_t end) {
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
 * the length cap. */
static bool push_split(spanvec *sv, const char *text, size_t a, size_t b) {
  while (a < b) {
    const char *nl = memchr(text + a, '\n', b - a);
    size_t e = nl ? (size_t)(nl - text) + 1 : b;
    while (e - a > CT_MAX_SENTENCE_BYTES) {
      size_t cut = cap_cut(text, a);
      if (!push(sv, a, cut))
        return false;
      a = cut;
    }
    if (!push(sv, a, e))
      return false;
    a = e;
  }
  return true;
}

/* One character of UTF-8 at u[0..rem) (rem > 0): its length in bytes,
 * its UTF-16 code point in *cp (U+FFFD for an invalid byte, as the UTF-8
 * UText reads it) and its number of UTF-16 units (1 or 2). */
static inline size_t u8_step(const unsigned char *u, size_t rem, uint32_t *cp) {
  unsigned char c = u[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xE1 && c <= 0xEC && rem >= 3 && (u[1] & 0xC0) == 0x80 &&
      (u[2] & 0xC0) == 0x80) { /* well-formed: CJK and punctuation */
    *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
          (u[2] & 0x3Fu);
    return 3;
  }
  return ct_utf8_decode(u, rem, cp);
}

/* text[0..len) as UTF-16 into *out (ct_malloc'd); *n16 units. ICU reads
 * UTF-16 natively, the UTF-8 UText converts chunk by chunk, so iterating
 * the UTF-16 copy and mapping the boundaries back costs about half as
 * much. */
static bool to_utf16(const char *text, size_t len, UChar **out, size_t *n16) {
  const unsigned char *u = (const unsigned char *)text;
  size_t bytes;
  *out = NULL;
  *n16 = 0;
  if (!ct_size_mul(len + 1, sizeof(UChar), &bytes))
    return false;
  UChar *w = ct_malloc(bytes);
  if (!w)
    return false;
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    unsigned char c = u[i];
    if (c < 0x80) {
      w[o++] = c;
      i++;
      continue;
    }
    uint32_t cp;
    i += u8_step(u + i, len - i, &cp);
    if (cp > 0xFFFF) { /* 4 bytes in, 2 units out: fits */
      w[o++] = (UChar)(0xD7C0 + (cp >> 10));
      w[o++] = (UChar)(0xDC00 | (cp & 0x3FF));
    } else {
      w[o++] = (UChar)cp;
    }
  }
  *out = w;
  *n16 = o;
  return true;
}

static const UChar k_empty16[1] = {0};

ct_status ct_seg_sentences(ct_segmenter *s, const char *text, size_t len,
                           ct_span **spans, size_t *n, ct_error *err) {
  *spans = NULL;
  *n = 0;
  if (len > (size_t)INT32_MAX)
    return ct_fail(err, CT_ELIMIT, "seg",
                   "text of %zu bytes is over the ICU limit of %d bytes", len,
                   INT32_MAX);
  if (!len)
    text = "";
  UChar *w = NULL;
  size_t n16 = 0;
  if (!to_utf16(text, len, &w, &n16))
    return ct_fail(err, CT_ENOMEM, "seg", "out of memory");
  UErrorCode ust = U_ZERO_ERROR;
  ubrk_setText(s->sent, w, (int32_t)n16, &ust);
  if (U_FAILURE(ust)) {
    ct_free(w);
    return icu_fail(err, ust, "ubrk_setText");
  }
  const unsigned char *u = (const unsigned char *)text;
  spanvec sv = {NULL, 0, 0};
  size_t prev = 0;
  size_t at16 = 0, at8 = 0; /* the same position in UTF-16 and UTF-8 */
  int32_t b = ubrk_first(s->sent);
  while ((b = ubrk_next(s->sent)) != UBRK_DONE) {
    size_t b16 = (size_t)b;
    while (at16 < b16 && at8 < len) { /* walk to the boundary */
      if (u[at8] < 0x80) {
        at8++;
        at16++;
        continue;
      }
      uint32_t cp;
      at8 += u8_step(u + at8, len - at8, &cp);
      at16 += cp > 0xFFFF ? 2 : 1;
    }
    size_t e = at8;
    if (e <= prev || e > len)
      continue; /* cannot happen; keep the spans ordered and in range */
    if (!push_split(&sv, text, prev, e))
      goto oom;
    prev = e;
  }
  /* the iterator must not keep a pointer to the freed copy */
  ust = U_ZERO_ERROR;
  ubrk_setText(s->sent, k_empty16, 0, &ust);
  ct_free(w);
  w = NULL;
  if (prev < len && !push_split(&sv, text, prev, len))
    goto oom;
  *spans = sv.v;
  *n = sv.n;
  return CT_OK;
oom:
  if (w) {
    ust = U_ZERO_ERROR;
    ubrk_setText(s->sent, k_empty16, 0, &ust);
    ct_free(w);
  }
  ct_free(sv.v);
  return ct_fail(err, CT_ENOMEM, "seg", "out of memory");
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
