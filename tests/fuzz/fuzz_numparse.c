/* SPDX-License-Identifier: MIT */
/* Fuzz target: the numeral parser (ct_num_parse). Oracles: only CT_OK,
 * CT_EINVAL or CT_ELIMIT; on CT_OK finite values, low <= value <= high for
 * ranges, low == high == value otherwise, a finite non-negative step; the
 * same result twice (no hidden state). */
#include <math.h>
#include <string.h>

#include "fuzz_support.h"
#include "rules/numparse.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ct_numval a, b;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  ct_status s1 = ct_num_parse((const char *)data, size, &a);
  FZ_CHECK(s1 == CT_OK || s1 == CT_EINVAL || s1 == CT_ELIMIT,
           "status OK, EINVAL or ELIMIT");
  ct_status s2 = ct_num_parse((const char *)data, size, &b);
  FZ_CHECK(s1 == s2, "same status twice");
  if (s1 != CT_OK)
    return 0;
  FZ_CHECK(memcmp(&a, &b, sizeof a) == 0 ||
               (a.value == b.value && a.low == b.low && a.high == b.high &&
                a.step == b.step),
           "same value twice");
  FZ_CHECK(isfinite(a.value) && isfinite(a.low) && isfinite(a.high),
           "finite value, low, high");
  FZ_CHECK(fabs(a.value) < 1e30, "value below the documented 1e30");
  FZ_CHECK(a.low <= a.high, "low <= high");
  if (!a.is_range)
    FZ_CHECK(a.low == a.value && a.high == a.value,
             "low == high == value when not a range");
  FZ_CHECK(isfinite(a.step) && a.step >= 0, "finite non-negative step");
  FZ_CHECK(a.frac_digits >= 0 && a.frac_digits <= CT_MAX_DIGITS,
           "frac_digits within the digit cap");
  FZ_CHECK(a.unit == CT_NUMU_NONE || a.unit == CT_NUMU_PERCENT ||
               a.unit == CT_NUMU_PERMILLE,
           "unit in closed set");
  return 0;
}
