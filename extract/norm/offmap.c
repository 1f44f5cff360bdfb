/* SPDX-License-Identifier: MIT */
/* Offset map (norm stage): normalised byte spans back to source spans on
 * source character boundaries. */
#include "norm/norm.h"

void ct_norm_span(const ct_normtext *nt, size_t start, size_t end,
                  size_t *src_start, size_t *src_end) {
  if (!nt->map || nt->len == 0) {
    *src_start = *src_end = 0; /* empty source gives empty text */
    return;
  }
  if (start > nt->len)
    start = nt->len;
  if (end > nt->len)
    end = nt->len;
  if (end < start)
    end = start;
  size_t s = nt->map[start];
  *src_start = s;
  if (end == start) {
    *src_end = s;
    return;
  }
  /* The source character behind byte end-1 ends where the next source
   * character begins: the first map entry after end-1 that is larger
   * (the map is non-decreasing and map[len] = src_len). It is nearly
   * always within a few bytes (one normalised character), so those are
   * tried first, then a galloping search, then a binary search. */
  size_t v = nt->map[end - 1];
  size_t lo = end, hi = nt->len;
  for (size_t k = 0; k < 8 && lo < hi; k++, lo++)
    if (nt->map[lo] > v) {
      *src_end = nt->map[lo];
      return;
    }
  for (size_t step = 8; lo < hi; step *= 2) {
    size_t probe = hi - lo > step ? lo + step : hi;
    if (nt->map[probe] > v || probe == hi) {
      hi = probe;
      break;
    }
    lo = probe + 1;
  }
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (nt->map[mid] > v)
      hi = mid;
    else
      lo = mid + 1;
  }
  *src_end = nt->map[lo] > v ? nt->map[lo] : nt->src_len;
}
