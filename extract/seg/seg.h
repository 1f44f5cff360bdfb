/* SPDX-License-Identifier: MIT */
/* Segmentation (seg stage): ICU sentence boundaries over UTF-8 (byte
 * offsets through UText), word boundaries on demand for attribution. One
 * ct_segmenter per thread. */
#ifndef CT_SEG_H
#define CT_SEG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "claimtrack/claimtrack.h"

typedef struct ct_segmenter ct_segmenter;

typedef struct ct_span {
  size_t start, end; /* byte offsets */
  bool marked;       /* a character of the caller's mark set stands in it */
} ct_span;

/* A growable array of spans (v is ct_malloc'd; free with ct_free). */
typedef struct ct_spans {
  ct_span *v;
  size_t n, cap;
} ct_spans;

ct_status ct_seg_new(ct_segmenter **out, ct_error *err);
void ct_seg_free(ct_segmenter *s);

/* Sentence spans of text[0..len) (valid UTF-8), in order, covering the
 * text; also split at '\n' (paragraphs) and at CT_MAX_SENTENCE_BYTES on a
 * character boundary. *spans is allocated with ct_malloc (free with
 * ct_free). */
ct_status ct_seg_sentences(ct_segmenter *s, const char *text, size_t len,
                           ct_span **spans, size_t *n, ct_error *err);
/* The same spans appended to *out (reusing its buffer), each offset by
 * `base`. A text cut right after a '\n' gives, piece by piece, the spans of
 * the whole: ICU always breaks after a line feed and looks no further. On
 * failure out->n is as before. `mark` (may be NULL: every span marked) is
 * a bitmap over the BMP; a span is marked when one of its characters is
 * in it (read in the same pass that converts the text for ICU). */
ct_status ct_seg_sentences_append(ct_segmenter *s, const char *text, size_t len,
                                  size_t base, const uint8_t *mark,
                                  ct_spans *out, ct_error *err);

/* Word boundaries of text[0..len) (a sentence): offsets written to
 * *bounds (ct_malloc'd), including 0 and len. */
ct_status ct_seg_words(ct_segmenter *s, const char *text, size_t len,
                       size_t **bounds, size_t *n, ct_error *err);

#endif
