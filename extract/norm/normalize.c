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
 * grows with it, so hostile input must not multiply memory without
 * bound. */
#define NORM_EXPANSION_MAX 4
/* the offset map holds source (and normalised) offsets in 32 bits */
_Static_assert(CT_MAX_INPUT_BYTES *NORM_EXPANSION_MAX + 4096 <= UINT32_MAX,
               "map entries are 32-bit");

/* Code points with combining class 0 that are a later element of some
 * canonical decomposition, i.e. may compose with the starter before them
 * (Hangul V and T jamo, a few Indic vowel signs).  Built once from the
 * linked utf8proc so it follows its Unicode version. */
static unsigned char g_backward[COMPOSE_MAX_CP / 8];
static pthread_once_t g_tables_once = PTHREAD_ONCE_INIT;

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

/* Characters copied without consulting utf8proc: no decomposition at all
 * (so their NFKC alone is themselves) and a segment boundary (so nothing
 * before them composes with them). A following combining mark reopens
 * them like any written segment. Bit per code point below U+10000, built
 * once from the linked utf8proc; ASCII is handled separately (NUL). */
static unsigned char g_copy[0x10000 / 8];

/* g_lead[c]: every 3-byte character with lead byte c is in g_copy
 * (E4..E9: U+4000..U+9FFF, the CJK ideographs), so the code point need not
 * be assembled. */
static bool g_lead[256];

static bool is_copy(uint32_t c) { return g_copy[c >> 3] & (1u << (c & 7)); }

static void build_tables(void) {
  build_backward();
  for (utf8proc_int32_t cp = 0x80; cp < 0x10000; cp++) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0xAC00 && cp <= 0xD7A3))
      continue; /* surrogates; Hangul syllables decompose algorithmically */
    if (utf8proc_get_property(cp)->decomp_seqindex != UINT16_MAX ||
        !is_boundary(cp))
      continue;
    g_copy[cp >> 3] |= (unsigned char)(1u << (cp & 7));
  }
  for (uint32_t lead = 0xE1; lead <= 0xEF; lead++) {
    bool all = true;
    for (uint32_t cp = (lead & 0x0F) << 12;
         all && cp < ((lead & 0x0F) + 1) << 12; cp++)
      all = is_copy(cp);
    g_lead[lead] = all;
  }
}

/* Unaligned loads and stores (memcpy compiles to one move). */
static inline uint32_t load32(const unsigned char *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
static inline uint64_t load64(const unsigned char *p) {
  uint64_t v;
  memcpy(&v, p, 8);
  return v;
}

/* Eight ASCII bytes, none of them NUL. */
static inline bool ascii8(uint64_t w) {
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  return ((w | ((w - ones) & ~w)) & highs) == 0;
}

typedef struct nstate {
  char *text;
  size_t len, cap;
  size_t limit;    /* most normalised bytes allowed */
  bool over_limit; /* a reserve failed on the limit, not on memory */
  /* the sparse offset map (see ct_norm_piece) */
  ct_norm_piece *pieces;
  size_t n_pieces, pieces_cap;
  size_t delta; /* src - out of the last piece (mod 2^64) */
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
  if (need > st->limit) { /* also with a larger buffer kept from before */
    st->over_limit = true;
    return false;
  }
  if (need <= st->cap)
    return true;
  size_t ncap = st->cap ? st->cap : 64;
  while (ncap < need) {
    if (!ct_size_mul(ncap, 2, &ncap))
      return false;
  }
  if (ncap > st->limit)
    ncap = st->limit;
  char *t = ct_realloc(st->text, ncap);
  if (!t)
    return false;
  st->text = t;
  st->cap = ncap;
  return true;
}

static bool piece_push(nstate *st, size_t out, size_t src) {
  if (st->n_pieces == st->pieces_cap) {
    size_t ncap = st->pieces_cap ? st->pieces_cap * 2 : 256, bytes;
    if (!ct_size_mul(ncap, sizeof(ct_norm_piece), &bytes))
      return false;
    ct_norm_piece *np = ct_realloc(st->pieces, bytes);
    if (!np)
      return false;
    st->pieces = np;
    st->pieces_cap = ncap;
  }
  st->pieces[st->n_pieces].out = (uint32_t)out;
  st->pieces[st->n_pieces].src = (uint32_t)src;
  st->n_pieces++;
  st->delta = src - out;
  return true;
}

/* The character written at `out` comes from source offset `src`: start a
 * piece unless the current one already says so. */
static bool map_char(nstate *st, size_t out, size_t src) {
  if (src - out == st->delta && st->n_pieces)
    return true;
  return piece_push(st, out, src);
}

/* Output is cut back to `out` (a reopened segment): drop the pieces that
 * start there or later. */
static void map_truncate(nstate *st, size_t out) {
  while (st->n_pieces && st->pieces[st->n_pieces - 1].out >= out)
    st->n_pieces--;
  if (st->n_pieces) {
    const ct_norm_piece *pc = &st->pieces[st->n_pieces - 1];
    st->delta = (size_t)pc->src - pc->out;
  }
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
  if (!out_reserve(st, 4) || !map_char(st, st->len, src))
    return false;
  st->len += ct_utf8_encode((uint32_t)cp, st->text + st->len);
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
  map_truncate(st, from);
  return true;
}

/* A character that needs utf8proc (not ASCII, not copied as is). */
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
  ct_free(nt->pieces);
  ct_free(nt->piece_at);
  memset(nt, 0, sizeof *nt);
}

ct_status ct_norm(const char *src, size_t len, ct_normtext *out,
                  ct_error *err) {
  memset(out, 0, sizeof *out);
  ct_status st = ct_norm_reuse(src, len, out, err);
  if (st != CT_OK)
    ct_normtext_release(out);
  return st;
}

ct_status ct_norm_reuse(const char *src, size_t len, ct_normtext *out,
                        ct_error *err) {
  if (len > CT_MAX_INPUT_BYTES) {
    out->len = out->n_pieces = out->src_len = out->n_replaced = 0;
    return ct_fail(err, CT_ELIMIT, "norm",
                   "text of %zu bytes is over the %zu-byte limit", len,
                   CT_MAX_INPUT_BYTES);
  }
  pthread_once(&g_tables_once, build_tables);

  nstate st;
  memset(&st, 0, sizeof st);
  st.text = out->text; /* buffers kept from an earlier call */
  st.cap = out->text ? out->text_cap : 0;
  st.pieces = out->pieces;
  st.pieces_cap = out->pieces ? out->pieces_cap : 0;
  uint32_t *piece_at = out->piece_at;
  size_t piece_at_cap = piece_at ? out->piece_at_cap : 0;
  memset(out, 0, sizeof *out);
  const unsigned char *p = (const unsigned char *)src;
  size_t replaced = 0;
  size_t i = 0;
  st.limit = NORM_EXPANSION_MAX * len + 4096;
  if (!out_reserve(&st, len + len / 8 + 16))
    goto oom;
  /* The hot loop keeps the output cursor in locals and syncs them around
   * the slow paths. Its `cap` is at most the limit (a buffer kept from a
   * larger text may be bigger), so out_reserve sees every step that could
   * pass the limit. */
  char *text = st.text;
  size_t o = 0, cap = 0;
#define SYNC_OUT() (st.len = o)
#define LOAD_OUT()                                                             \
  (o = st.len, text = st.text, cap = st.cap < st.limit ? st.cap : st.limit)
  LOAD_OUT();
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
  /* the character written at o comes from source offset s */
#define MAP_CHAR(s)                                                            \
  do {                                                                         \
    if ((s)-o != st.delta || !st.n_pieces) {                                   \
      if (!piece_push(&st, o, (s)))                                            \
        goto oom;                                                              \
    }                                                                          \
  } while (0)
  /* Every character of the fast paths below is a segment of its own (a
   * boundary that NFKC leaves alone or turns into ASCII), so the pending
   * segment is written first. last_out / last_src follow each one: a
   * combining mark after it reopens it. The reserve before each character
   * keeps ct_norm's limit checks exact; wider stores check for room. */
  while (i < len) {
    if (o + 4 >= cap) {
      SYNC_OUT();
      if (!out_reserve(&st, 4))
        goto oom;
      LOAD_OUT();
    }
    if (!st.pending && len - i >= 4) {
      /* The tightest loop: a run of ASCII (but NUL) and CJK ideographs,
       * one piece of the map, found first and then copied at once.
       * Anything else goes through the cases below, one character at a
       * time. The run stops 12 bytes short of the buffer's end, which
       * keeps the limit checks as if made before each character. */
      size_t end = len - 3; /* p[r + 2] is readable */
      size_t room = cap > o + 12 ? cap - o - 12 : 0;
      size_t stop = end - i < room ? end : i + room;
      size_t r = i;
      while (r < stop) {
        unsigned char b = p[r];
        if (g_lead[b]) {
          if (((p[r + 1] ^ 0x80) | (p[r + 2] ^ 0x80)) >= 0x40)
            break; /* not two continuation bytes */
          r += 3;
          continue;
        }
        if ((unsigned char)(b - 1) >= 0x7F)
          break;
        r++;
      }
      if (r > i) {
        MAP_CHAR(i);
        memcpy(text + o, p + i, r - i);
        size_t last = r - 1;
        while (last > i && (p[last] & 0xC0) == 0x80)
          last--;
        st.last_out = o + (last - i);
        st.last_src = last;
        o += r - i;
        i = r;
        if (i >= len)
          break;
        if (o + 4 >= cap)
          continue;
      }
    }
    unsigned char c = p[i];
    if (c < 0x80 && c) {
      FLUSH_PENDING();
      MAP_CHAR(i);
      uint64_t w;
      if (len - i >= 8 && o + 12 < cap && ascii8(w = load64(p + i))) {
        memcpy(text + o, &w, 8);
        st.last_out = o + 7;
        st.last_src = i + 7;
        o += 8;
        i += 8;
        continue;
      }
      st.last_out = o;
      st.last_src = i;
      text[o++] = (char)c;
      i++;
      continue;
    }
    if (len - i >= 4) {
      uint32_t w = load32(p + i); /* little- or big-endian: bytes in order */
      unsigned char c1 = p[i + 1], c2 = p[i + 2];
      if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80 && (c & 0xF0) == 0xE0) {
        uint32_t cp = 0;
        if (!g_lead[c]) {
          cp =
              ((uint32_t)(c & 0x0F) << 12) | ((c1 & 0x3Fu) << 6) | (c2 & 0x3Fu);
          if (cp < 0x800 || !is_copy(cp))
            goto not_copy;
        }
        FLUSH_PENDING();
        MAP_CHAR(i);
        memcpy(text + o, &w, 4); /* the fourth byte is overwritten next */
        st.last_out = o;
        st.last_src = i;
        o += 3;
        i += 3;
        continue;
      not_copy:
        if ((cp >= 0xFF01 && cp <= 0xFF5E) || cp == 0x3000) {
          /* full-width ASCII and the ideographic space: NFKC is one ASCII
           * character, a segment start like any ASCII */
          FLUSH_PENDING();
          MAP_CHAR(i);
          st.last_out = o;
          st.last_src = i;
          text[o++] = cp == 0x3000 ? ' ' : (char)(cp - 0xFEE0);
          i += 3;
          continue;
        }
      }
    }
    if (c >= 0xC2 && c <= 0xDF && len - i >= 2 && (p[i + 1] & 0xC0) == 0x80 &&
        is_copy(((uint32_t)(c & 0x1F) << 6) | (p[i + 1] & 0x3Fu))) {
      /* a 2-byte character NFKC leaves alone (the middle dot of names) */
      FLUSH_PENDING();
      MAP_CHAR(i);
      st.last_out = o;
      st.last_src = i;
      text[o] = (char)c;
      text[o + 1] = (char)p[i + 1];
      o += 2;
      i += 2;
      continue;
    }
    if (c == 0) { /* NUL: a space, its own segment */
      FLUSH_PENDING();
      MAP_CHAR(i);
      st.last_out = o;
      st.last_src = i;
      text[o++] = ' ';
      i++;
      continue;
    }
    /* everything else: full decode, repair, utf8proc */
    uint32_t cp;
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
#undef MAP_CHAR
  if (!run_flush(&st) || !out_reserve(&st, 0))
    goto oom;
  st.text[st.len] = '\0';
  size_t n_at = st.len ? (st.len >> CT_NORM_GRAIN_SHIFT) + 1 : 0;
  if (n_at > piece_at_cap) {
    size_t bytes;
    if (!ct_size_mul(n_at, sizeof(uint32_t), &bytes))
      goto oom;
    uint32_t *np = ct_realloc(piece_at, bytes);
    if (!np)
      goto oom;
    piece_at = np;
    piece_at_cap = n_at;
  }
  for (size_t g = 0, k = 0; g < n_at; g++) {
    size_t at = g << CT_NORM_GRAIN_SHIFT;
    while (k + 1 < st.n_pieces && st.pieces[k + 1].out <= at)
      k++;
    piece_at[g] = (uint32_t)k;
  }
  ct_free(st.run);
  out->piece_at = piece_at;
  out->piece_at_cap = piece_at_cap;
  out->n_piece_at = n_at;
  out->text = st.text;
  out->text_cap = st.cap;
  out->len = st.len;
  out->pieces = st.pieces;
  out->pieces_cap = st.pieces_cap;
  out->n_pieces = st.n_pieces;
  out->src_len = len;
  out->n_replaced = replaced;
  return CT_OK;
oom:
  ct_free(st.run);
  /* empty, with the buffers (those kept from before, or grown) */
  out->text = st.text;
  out->text_cap = st.text ? st.cap : 0;
  out->pieces = st.pieces;
  out->pieces_cap = st.pieces ? st.pieces_cap : 0;
  out->piece_at = piece_at;
  out->piece_at_cap = piece_at_cap;
  if (st.text)
    st.text[0] = '\0';
  if (st.over_limit)
    return ct_fail(err, CT_ELIMIT, "norm",
                   "normalised text would be over %d times the %zu-byte "
                   "source",
                   NORM_EXPANSION_MAX, len);
  return ct_fail(err, CT_ENOMEM, "norm", "out of memory normalising %zu bytes",
                 len);
}
