/* SPDX-License-Identifier: MIT */
/* Numeral parser (rules stage): Arabic, Chinese, financial and mixed
 * numerals with multipliers, fractions and approximate counts, scaled
 * exactly. Locale-independent; no allocation. */
#ifndef CT_NUMPARSE_H
#define CT_NUMPARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "claimtrack/claimtrack.h"

/* What the numeral itself says about its unit. */
typedef enum ct_numunit {
  CT_NUMU_NONE = 0,  /* a plain number: 4400万, 四千四百万, 1,100 */
  CT_NUMU_PERCENT,   /* 百分之七十二 (72), 两成 (20), 三分之一 (33.33...) */
  CT_NUMU_PERMILLE   /* 千分之三 (3) */
} ct_numunit;

typedef struct ct_numval {
  double value;    /* the number; for is_range the midpoint is NOT used */
  double low, high;/* set when is_range: 十几 11..19, 数百万 2e6..9e6 */
  bool is_range;
  bool more;       /* 500多亿, 二百三十余万, 10余: "more than" (bound gt) */
  ct_numunit unit;
  int frac_digits; /* digits after the decimal point as written (precision) */
  double step;     /* the unit of the last written digit after scaling:
                      72 -> 1, 4400万 -> 10000, 1.25兆 -> 1e10; for
                      intervals implied by precision */
} ct_numval;

/* Parse the whole of s[0..len) (NFKC-normalised UTF-8, no surrounding
 * spaces) as one numeral. Returns CT_OK and fills *out; CT_EINVAL when the
 * text is not a numeral (or has trailing junk); CT_ELIMIT when it has more
 * than CT_MAX_DIGITS digits or its value is not a finite double below 1e30. */
ct_status ct_num_parse(const char *s, size_t len, ct_numval *out);

#endif
