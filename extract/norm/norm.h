/* SPDX-License-Identifier: MIT */
/* Normalisation (norm stage): invalid UTF-8 repaired to U+FFFD, then NFKC
 * with utf8proc, keeping a map from every normalised byte back to the
 * source bytes so claim spans are reported on the original text. */
#ifndef CT_NORM_H
#define CT_NORM_H

#include <stddef.h>
#include <stdint.h>

#include "claimtrack/claimtrack.h"

/* One piece of the offset map: from normalised byte `out` on, each
 * normalised character at c maps to source offset src + (c - out), up to
 * the next piece. A new piece starts only where that stops holding (a
 * full-width character became ASCII, a byte was repaired, utf8proc
 * rewrote a segment), so text NFKC leaves alone costs no map at all. */
typedef struct ct_norm_piece {
  uint32_t out, src;
} ct_norm_piece;

#define CT_NORM_GRAIN_SHIFT 8

typedef struct ct_normtext {
  char *text; /* NFKC UTF-8, NUL-terminated; owned */
  size_t len;
  /* the offset map, read through ct_norm_src_at / ct_norm_span: pieces in
   * increasing `out`, the first at 0 (none for an empty text). 32 bits:
   * sources are at most CT_MAX_INPUT_BYTES. Owned. */
  ct_norm_piece *pieces;
  size_t n_pieces;
  /* piece_at[g]: the piece holding normalised byte g << CT_NORM_GRAIN_SHIFT,
   * so a lookup searches a few pieces instead of all of them */
  uint32_t *piece_at;
  size_t n_piece_at;
  size_t src_len;
  size_t n_replaced; /* invalid source bytes repaired */
  /* allocated sizes, so ct_norm_reuse can keep the buffers */
  size_t text_cap, pieces_cap, piece_at_cap;
} ct_normtext;

/* Normalise src[0..len). NUL bytes are kept (as spaces). CT_ENOMEM or
 * CT_ELIMIT (over CT_MAX_INPUT_BYTES, or normalised text over four times
 * the source, e.g. a page of U+FDFA) on failure; *out is then empty. */
ct_status ct_norm(const char *src, size_t len, ct_normtext *out, ct_error *err);
/* The same into *nt, reusing its buffers: nt is zeroed or the result of
 * an earlier ct_norm / ct_norm_reuse. On failure nt is empty (len 0) but
 * keeps its buffers; ct_normtext_release frees them. */
ct_status ct_norm_reuse(const char *src, size_t len, ct_normtext *nt,
                        ct_error *err);
void ct_normtext_release(ct_normtext *nt);

/* Source offset of the source character that produced normalised byte i
 * (i <= len; i == len gives the source length). Non-decreasing in i. */
size_t ct_norm_src_at(const ct_normtext *nt, size_t i);

/* Source span of the normalised span [start, end): start maps to the start
 * of its source character, end to the end of the source character that
 * produced byte end-1. Always on source character boundaries. */
void ct_norm_span(const ct_normtext *nt, size_t start, size_t end,
                  size_t *src_start, size_t *src_end);

#endif
