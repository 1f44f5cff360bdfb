/* SPDX-License-Identifier: MIT */
/* Normalisation (norm stage): invalid UTF-8 repaired to U+FFFD, then NFKC
 * with utf8proc, keeping a map from every normalised byte back to the
 * source bytes so claim spans are reported on the original text. */
#ifndef CT_NORM_H
#define CT_NORM_H

#include <stddef.h>
#include <stdint.h>

#include "claimtrack/claimtrack.h"

typedef struct ct_normtext {
  char *text; /* NFKC UTF-8, NUL-terminated; owned */
  size_t len;
  uint32_t *map; /* len + 1 entries: map[i] = source offset of the source
                    character that produced normalised byte i; map[len] =
                    source length. Owned. 32 bits: sources are at most
                    CT_MAX_INPUT_BYTES, and half the width is half the
                    memory traffic of the normalisation pass. */
  size_t src_len;
  size_t n_replaced; /* invalid source bytes repaired */
} ct_normtext;

/* Normalise src[0..len). NUL bytes are kept (as spaces). CT_ENOMEM or
 * CT_ELIMIT (over CT_MAX_INPUT_BYTES, or normalised text over four times
 * the source, e.g. a page of U+FDFA) on failure; *out is then empty. */
ct_status ct_norm(const char *src, size_t len, ct_normtext *out, ct_error *err);
void ct_normtext_release(ct_normtext *nt);

/* Source span of the normalised span [start, end): start maps to the start
 * of its source character, end to the end of the source character that
 * produced byte end-1. Always on source character boundaries. */
void ct_norm_span(const ct_normtext *nt, size_t start, size_t end,
                  size_t *src_start, size_t *src_end);

#endif
