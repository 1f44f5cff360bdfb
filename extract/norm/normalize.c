/* SPDX-License-Identifier: MIT */
/* NFKC normalisation (norm stage): one pass over the source, invalid bytes
 * repaired to U+FFFD, each normalisation segment composed with utf8proc, and
 * a map from every normalised byte back to its source character. */
#include <pthread.h>
#include <string.h>

#include <utf8proc.h>

#include "norm/norm.h"
#include "util/util.h"

/* Normalisation segments.  A segment starts at a source character whose
 * full compatibility decomposition begins with a "boundary" code point:
 * combining class 0 and never the second element of a canonical
 * composition.  Nothing before such a code point can reorder or compose
 * with anything from it onwards, so NFKC of the text is the concatenation
 * of NFKC of its segments, and every normalised byte of a segment maps to
 * the segment's source start.  Most segments are a single character.
 *
 * Stream-safe format (UAX #15): after 30 consecutive non-starters a
 * COMBINING GRAPHEME JOINER (U+034F, a boundary) is inserted, which bounds
 * the canonical reordering work per segment and keeps the output
 * idempotent under NFKC. */

#define DECOMP_MAX 32 /* longest NFKD of one code point is 18 */
#define STREAM_SAFE_MAX 30
#define CGJ 0x034F
#define COMPOSE_MAX_CP 0x30000 /* no canonical decomposition above this */
/* Normalised text may be at most this many times the source (plus 4 KiB):
 * repaired bytes triple, U+FDFA alone grows elevenfold, and the offset map
 * costs four bytes per normalised byte, so hostile input must not
 * multiply memory without bound. */
#define NORM_EXPANSION_MAX 4
/* the offset map holds source offsets in 32 bits */
_Static_assert(CT_MAX_INPUT_BYTES <= UINT32_MAX, "map entries are 32-bit");

/* Code points with combining class 0 that are a later element of some
 * canonical decomposition, i.e. may compose with the starter before them
 * (Hangul V and T jamo, a few Indic vowel signs).  Built once from the
 * linked utf8proc so it follows its Unicode version. */
static unsigned char g_backward[COMPOSE_MAX_CP / 8];
static pthread_once_t g_backward_once = PTHREAD_ONCE_INIT;

static void build_backward(void) {
  utf8proc_int32_t d[DECOMP_MAX];
  for (utf8proc_int32_t cp = 0x80; cp < COMPOSE_MAX_CP; cp++) {
    if (utf8proc_get_property(cp)->decomp_seqindex == UINT16_MAX &&
        !(cp >= 0xAC00 && cp <= 0xD7A3))
      continue;
    utf8proc_ssize_t n =
        utf8proc_decompose_char(cp, d, DECOMP_MAX, UTF8PROC_DECOMPOSE, NULL);
    if (n < 2 || n > DECOMP_MAX)
      continue;
    for (utf8proc_ssize_t i = 1; i < n; i++) {
      utf8proc_int32_t c = d[i];
      if (c >= 0 && c < COMPOSE_MAX_CP &&
          utf8proc_get_property(c)->combining_class == 0)
        g_backward[c >> 3] |= (unsigned char)(1u << (c & 7));
    }
  }
}

static int ccc(utf8proc_int32_t c) {
  return utf8proc_get_property(c)->combining_class;
}

/* True when the code point starts a normalisation segment. */
static bool is_boundary(utf8proc_int32_t c) {
  if (c < 0x80)
    return true;
  if (ccc(c) != 0)
    return false;
  return c >= COMPOSE_MAX_CP || !(g_backward[c >> 3] & (1u << (c & 7)));
}

/* Characters that are their own NFKC, are boundaries, and never start a
 * composition: they can be copied without consulting utf8proc. ASCII is
 * handled separately (letters can start a composition). */
static bool is_inert(uint32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         c == 0x3001 || c == 0x3002 || (c >= 0x3008 && c <= 0x3011) ||
         c == 0x2014 || c == 0x2018 || c == 0x2019 || c == 0x201C ||
         c == 0x201D || c == 0xFFFD || c == 0x00B7;
}

typedef struct nstate {
  char *text;
  uint32_t *map;
  size_t len, cap;
  size_t limit;    /* most normalised bytes allowed */
  bool over_limit; /* a reserve failed on the limit, not on memory */
  /* pending segment (decomposed code points), not yet written */
  utf8proc_int32_t *run;
  size_t run_len, run_cap;
  size_t run_src;      /* source offset of the segment start */
  size_t run_trailing; /* consecutive non-starters at its end */
  bool pending;
  /* the last segment written, which a following non-boundary reopens */
  size_t last_out, last_src;
} nstate;

static bool out_reserve(nstate *st, size_t extra) {
  size_t need;
  if (!ct_size_add(st->len, extra, &need) || !ct_size_add(need, 1, &need))
    return false;
  if (need <= st->cap)
    return true;
  if (need > st->limit) {
    st->over_limit = true;
    return false;
  }
  size_t ncap = st->cap ? st->cap : 64;
  while (ncap < need) {
    if (!ct_size_mul(ncap, 2, &ncap))
      return false;
  }
  if (ncap > st->limit)
    ncap = st->limit;
  size_t map_bytes;
  if (!ct_size_mul(ncap, sizeof(uint32_t), &map_bytes))
    return false;
  char *t = ct_realloc(st->text, ncap);
  if (!t)
    return false;
  st->text = t;
  uint32_t *m = ct_realloc(st->map, map_bytes);
  if (!m)
    return false;
  st->map = m;
  st->cap = ncap;
  return true;
}

static bool run_reserve(nstate *st, size_t extra) {
  size_t need;
  if (!ct_size_add(st->run_len, extra, &need))
    return false;
  if (need <= st->run_cap)
    return true;
  size_t ncap = st->run_cap ? st->run_cap : 64;
  while (ncap < need) {
    if (!ct_size_mul(ncap, 2, &ncap))
      return false;
  }
  size_t bytes;
  if (!ct_size_mul(ncap, sizeof(utf8proc_int32_t), &bytes))
    return false;
  utf8proc_int32_t *r = ct_realloc(st->run, bytes);
  if (!r)
    return false;
  st->run = r;
  st->run_cap = ncap;
  return true;
}

/* Append the NFKD of one code point to the pending segment. */
static bool run_add(nstate *st, utf8proc_int32_t cp) {
  if (!run_reserve(st, DECOMP_MAX))
    return false;
  utf8proc_ssize_t n =
      utf8proc_decompose_char(cp, st->run + st->run_len, DECOMP_MAX,
                              UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, NULL);
  if (n < 1 || n > DECOMP_MAX) { /* cannot happen without REJECTNA */
    st->run[st->run_len] = 0xFFFD;
    n = 1;
  }
  for (utf8proc_ssize_t i = 0; i < n; i++) {
    if (ccc(st->run[st->run_len + (size_t)i]) != 0)
      st->run_trailing++;
    else
      st->run_trailing = 0;
  }
  st->run_len += (size_t)n;
  return true;
}

/* Canonical ordering: stable insertion sort of each non-starter sequence by
 * combining class (bounded by the stream-safe limit). */
static void run_reorder(utf8proc_int32_t *r, size_t n) {
  for (size_t i = 1; i < n; i++) {
    utf8proc_int32_t c = r[i];
    int cc = ccc(c);
    if (cc == 0)
      continue;
    size_t j = i;
    while (j > 0) {
      int pc = ccc(r[j - 1]);
      if (pc == 0 || pc <= cc)
        break;
      r[j] = r[j - 1];
      j--;
    }
    r[j] = c;
  }
}

static bool emit_cp(nstate *st, utf8proc_int32_t cp, size_t src) {
  if (!out_reserve(st, 4))
    return false;
  char b[4];
  size_t n = ct_utf8_encode((uint32_t)cp, b);
  for (size_t k = 0; k < n; k++) {
    st->text[st->len] = b[k];
    st->map[st->len++] = (uint32_t)src;
  }
  return true;
}

/* Compose and write the pending segment. */
static bool run_flush(nstate *st) {
  if (!st->pending)
    return true;
  st->pending = false;
  size_t n = st->run_len;
  if (n > 1) {
    run_reorder(st->run, n);
    utf8proc_ssize_t m = utf8proc_normalize_utf32(
        st->run, (utf8proc_ssize_t)n, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (m >= 0 && (size_t)m <= n)
      n = (size_t)m;
  }
  st->last_out = st->len;
  st->last_src = st->run_src;
  for (size_t i = 0; i < n; i++) {
    if (!emit_cp(st, st->run[i], st->run_src))
      return false;
  }
  st->run_len = 0;
  st->run_trailing = 0;
  return true;
}

static void run_start(nstate *st, size_t src) {
  st->pending = true;
  st->run_len = 0;
  st->run_trailing = 0;
  st->run_src = src;
}

/* Take the last written segment back into the pending buffer because a
 * character that may combine with it follows. */
static bool run_reopen(nstate *st, size_t src) {
  if (st->len == 0) { /* text starts with a non-boundary */
    run_start(st, src);
    return true;
  }
  size_t from = st->last_out, end = st->len;
  run_start(st, st->last_src);
  size_t i = from;
  while (i < end) {
    uint32_t cp;
    i += ct_utf8_decode((const unsigned char *)st->text + i, end - i, &cp);
    if (!run_add(st, (utf8proc_int32_t)cp))
      return false;
  }
  st->len = from;
  return true;
}

/* A character that needs utf8proc (not ASCII, not inert). */
static bool add_general(nstate *st, utf8proc_int32_t cp, size_t src) {
  utf8proc_int32_t d[DECOMP_MAX];
  utf8proc_ssize_t n = utf8proc_decompose_char(
      cp, d, DECOMP_MAX, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, NULL);
  if (n < 1 || n > DECOMP_MAX) {
    d[0] = 0xFFFD;
    n = 1;
  }
  if (is_boundary(d[0])) {
    if (!run_flush(st))
      return false;
    run_start(st, src);
  } else if (!st->pending) {
    if (!run_reopen(st, src))
      return false;
  }
  if (ccc(d[0]) != 0 && st->run_trailing >= STREAM_SAFE_MAX) {
    if (!run_flush(st))
      return false;
    st->last_out = st->len;
    st->last_src = src;
    if (!emit_cp(st, CGJ, src))
      return false;
    run_start(st, src);
  }
  return run_add(st, cp);
}

void ct_normtext_release(ct_normtext *nt) {
  if (!nt)
    return;
  ct_free(nt->text);
  ct_free(nt->map);
  memset(nt, 0, sizeof *nt);
}

ct_status ct_norm(const char *src, size_t len, ct_normtext *out,
                  ct_error *err) {
  memset(out, 0, sizeof *out);
  if (len > CT_MAX_INPUT_BYTES)
    return ct_fail(err, CT_ELIMIT, "norm",
                   "text of %zu bytes is over the %zu-byte limit", len,
                   CT_MAX_INPUT_BYTES);
  pthread_once(&g_backward_once, build_backward);

  nstate st;
  memset(&st, 0, sizeof st);
  const unsigned char *p = (const unsigned char *)src;
  size_t replaced = 0;
  size_t i = 0;
  st.limit = NORM_EXPANSION_MAX * len + 4096;
  if (!out_reserve(&st, len + len / 8 + 16))
    goto oom;
  /* The hot loop keeps the output cursor in locals (map writes through a
   * size_t pointer would otherwise force st.len to be reloaded) and syncs
   * them around the slow paths. */
  char *text = st.text;
  uint32_t *map = st.map;
  size_t o = 0, cap = st.cap;
#define SYNC_OUT() (st.len = o)
#define LOAD_OUT() (o = st.len, text = st.text, map = st.map, cap = st.cap)
  /* a fast-path character is a boundary: write the pending segment first */
#define FLUSH_PENDING()                                                        \
  do {                                                                         \
    if (st.pending) {                                                          \
      SYNC_OUT();                                                              \
      if (!run_flush(&st) || !out_reserve(&st, 4))                             \
        goto oom;                                                              \
      LOAD_OUT();                                                              \
    }                                                                          \
  } while (0)
  while (i < len) {
    if (o + 4 >= cap) {
      SYNC_OUT();
      if (!out_reserve(&st, 4))
        goto oom;
      LOAD_OUT();
    }
    unsigned char c = p[i];
    if (c < 0x80) {
      /* ASCII: its own segment, but letters may take following marks */
      FLUSH_PENDING();
      st.last_out = o;
      st.last_src = i;
      text[o] = c ? (char)c : ' ';
      map[o++] = (uint32_t)i++;
      continue;
    }
    uint32_t cp = 0;
    if ((c & 0xF0) == 0xE0 && len - i >= 3 && (p[i + 1] & 0xC0) == 0x80 &&
        (p[i + 2] & 0xC0) == 0x80) {
      cp = ((uint32_t)(c & 0x0F) << 12) | ((p[i + 1] & 0x3Fu) << 6) |
           (p[i + 2] & 0x3Fu);
      if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0; /* overlong or surrogate: the general path repairs it */
    }
    if (cp) {
      if (is_inert(cp)) {
        FLUSH_PENDING();
        st.last_out = o;
        st.last_src = i;
        text[o] = (char)c;
        text[o + 1] = (char)p[i + 1];
        text[o + 2] = (char)p[i + 2];
        map[o] = map[o + 1] = map[o + 2] = (uint32_t)i;
        o += 3;
        i += 3;
        continue;
      }
      if ((cp >= 0xFF01 && cp <= 0xFF5E) || cp == 0x3000) {
        /* full-width ASCII and the ideographic space: NFKC is one ASCII
         * character, a segment start like any ASCII */
        FLUSH_PENDING();
        st.last_out = o;
        st.last_src = i;
        text[o] = cp == 0x3000 ? ' ' : (char)(cp - 0xFEE0);
        map[o++] = (uint32_t)i;
        i += 3;
        continue;
      }
    }
    /* everything else: full decode, repair, utf8proc */
    size_t n = ct_utf8_valid_len(p + i, len - i);
    if (n == 0) {
      cp = 0xFFFD;
      replaced++;
      n = 1;
    } else if (n == 2) {
      cp = ((uint32_t)(c & 0x1F) << 6) | (p[i + 1] & 0x3Fu);
    } else if (n == 3) {
      cp = ((uint32_t)(c & 0x0F) << 12) | ((p[i + 1] & 0x3Fu) << 6) |
           (p[i + 2] & 0x3Fu);
    } else {
      cp = ((uint32_t)(c & 0x07) << 18) | ((p[i + 1] & 0x3Fu) << 12) |
           ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3Fu);
    }
    SYNC_OUT();
    if (!add_general(&st, (utf8proc_int32_t)cp, i))
      goto oom;
    LOAD_OUT();
    i += n;
  }
  SYNC_OUT();
#undef SYNC_OUT
#undef LOAD_OUT
#undef FLUSH_PENDING
  if (!run_flush(&st) || !out_reserve(&st, 0))
    goto oom;
  st.text[st.len] = '\0';
  st.map[st.len] = (uint32_t)len;
  ct_free(st.run);
  out->text = st.text;
  out->map = st.map;
  out->len = st.len;
  out->src_len = len;
  out->n_replaced = replaced;
  return CT_OK;
oom:
  ct_free(st.run);
  ct_free(st.text);
  ct_free(st.map);
  if (st.over_limit)
    return ct_fail(err, CT_ELIMIT, "norm",
                   "normalised text would be over %d times the %zu-byte "
                   "source",
                   NORM_EXPANSION_MAX, len);
  return ct_fail(err, CT_ENOMEM, "norm", "out of memory normalising %zu bytes",
                 len);
}
