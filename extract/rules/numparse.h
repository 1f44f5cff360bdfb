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
  CT_NUMU_NONE = 0, /* a plain number: 4400万, 四千四百万, 1,100 */
  CT_NUMU_PERCENT, /* 百分之七十二 (72), 两成 (20), 三分之一 (33.33...) */
  CT_NUMU_PERMILLE /* 千分之三 (3) */
} ct_numunit;

typedef struct ct_numval {
  double value;     /* the number; for is_range the midpoint is NOT used:
                       value == low then */
  double low, high; /* set when is_range: 十几 11..19, 数百万 2e6..9e6;
                       otherwise both equal value */
  bool is_range;
  bool more; /* 500多亿, 二百三十余万, 10余, 上百: "more than" (bound gt) */
  ct_numunit unit;
  int frac_digits; /* digits after the decimal point as written (precision) */
  double step;     /* place value of the last written digit, times every
                      multiplier applied to it: 72 -> 1, 0.84 -> 0.01,
                      4400万 -> 1e4, 四千四百万 -> 1e6 (四 sits in 百, times
                      万), 16.4亿 -> 1e7, 1.25兆 -> 1e10, 三万五 -> 1e3 (五 is
                      read as 五千), 两成 -> 10, 三成五 -> 1; 0 for an exact
                      ratio (三分之一, 一半). For intervals implied by
                      precision. */
} ct_numval;

/* Parse the whole of s[0..len) (NFKC-normalised UTF-8, no surrounding
 * spaces) as one numeral. Returns CT_OK and fills *out; CT_EINVAL when the
 * text is not a numeral (or has trailing junk); CT_ELIMIT when it has more
 * than CT_MAX_DIGITS digits, its value is not a finite double below 1e30,
 * or a run of big multipliers exceeds 10^16 (亿亿): 9999万亿亿 is ELIMIT.
 *
 * Accepted: Arabic digits (full-width too) with thousands separators
 * (1,100; groups of three) and one '.'; Chinese and financial digits
 * (〇○零一二两兩... 壹贰叁..., 十百千 拾佰仟, 万萬 亿億, 兆 = 10^12); mixed
 * forms (3万4000, 25万6千, 1.5千万); digit-by-digit years (二〇二五);
 * 点 as decimal point (三点五); a leading sign (- + − 负); a trailing % or
 * ‰ (unit PERCENT / PERMILLE); N分之M (百分之/千分之/万分之, any other N
 * as 100*M/N percent); 成 (两成 20%, 三成五 35%); approximate digits 几
 * (几十 20..90, 十几 11..19), 数 (数百万 2e6..9e6) and adjacent digit
 * pairs (三四十 30..40, 七八成); 多/余 (more) and 上 (上百: 100, more).
 * A space is tolerated only between a number and a following unit.
 * Names and idioms (G7, 十四五 = 14..15, 一方面) are the caller's to
 * exclude: this reads a numeral, not its context. Thread-safe, no
 * allocation, O(len). */
ct_status ct_num_parse(const char *s, size_t len, ct_numval *out);
/* The same without the shortcut for plain decimals with 万/亿 (tests
 * compare the two). */
ct_status ct_num_parse_general(const char *s, size_t len, ct_numval *out);

#endif
