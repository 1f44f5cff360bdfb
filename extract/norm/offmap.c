/* SPDX-License-Identifier: MIT */
/* Offset map (norm stage): normalised byte spans back to source spans on
 * source character boundaries, read from the sparse pieces ct_norm
 * writes. */
#include "norm/norm.h"

static bool is_cont(const char *t, size_t i) {
  return ((unsigned char)t[i] & 0xC0) == 0x80;
}

/* Index of the piece holding normalised byte i (< len). */
static size_t piece_of(const ct_normtext *nt, size_t i) {
  /* between the pieces at the start of i's grain and of the next one */
  size_t g = i >> CT_NORM_GRAIN_SHIFT;
  size_t lo = nt->piece_at[g]; /* pieces[lo].out <= i */
  size_t hi =
      g + 1 < nt->n_piece_at ? (size_t)nt->piece_at[g + 1] + 1 : nt->n_pieces;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (nt->pieces[mid].out <= i)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

/* Start of the normalised character holding byte i of piece k: pieces
 * start on character boundaries, and the text is valid UTF-8. */
static size_t char_start(const ct_normtext *nt, size_t k, size_t i) {
  while (i > nt->pieces[k].out && is_cont(nt->text, i))
    i--;
  return i;
}

static size_t piece_end(const ct_normtext *nt, size_t k) {
  return k + 1 < nt->n_pieces ? nt->pieces[k + 1].out : nt->len;
}

size_t ct_norm_src_at(const ct_normtext *nt, size_t i) {
  if (i >= nt->len || !nt->n_pieces)
    return nt->src_len;
  size_t k = piece_of(nt, i);
  return nt->pieces[k].src + (char_start(nt, k, i) - nt->pieces[k].out);
}

void ct_norm_span(const ct_normtext *nt, size_t start, size_t end,
                  size_t *src_start, size_t *src_end) {
  if (!nt->n_pieces || nt->len == 0) {
    *src_start = *src_end = 0; /* empty source gives empty text */
    return;
  }
  if (start > nt->len)
    start = nt->len;
  if (end > nt->len)
    end = nt->len;
  if (end < start)
    end = start;
  size_t s = ct_norm_src_at(nt, start);
  *src_start = s;
  if (end == start) {
    *src_end = s;
    return;
  }
  /* The source character behind byte end-1 ends where the next source
   * character begins: the first map value after end-1 that is larger (the
   * map is non-decreasing and ends at src_len). Inside a piece values grow
   * with each character; only a segment that utf8proc wrote as several
   * characters gives several pieces with the same source offset. */
  size_t k = piece_of(nt, end - 1);
  size_t v =
      nt->pieces[k].src + (char_start(nt, k, end - 1) - nt->pieces[k].out);
  size_t at = end; /* the next character start */
  while (at < nt->len && is_cont(nt->text, at))
    at++;
  for (; k < nt->n_pieces; k++) {
    size_t pe = piece_end(nt, k), out = nt->pieces[k].out,
           src = nt->pieces[k].src;
    if (at < out)
      at = out;
    if (at >= pe)
      continue;
    if (src + (at - out) > v) {
      *src_end = src + (at - out);
      return;
    }
    /* the first character of this piece past v starts at or after t */
    size_t t = out + (v - src) + 1;
    while (t < pe && is_cont(nt->text, t))
      t++;
    if (t < pe) {
      *src_end = src + (t - out);
      return;
    }
  }
  *src_end = nt->src_len;
}
