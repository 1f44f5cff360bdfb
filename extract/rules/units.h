/* SPDX-License-Identifier: MIT */
/* Unit lexicon (rules stage): surface forms such as 万吨, 亿元, 个百分点,
 * 美元 mapped to a canonical unit, a scale factor and a claim kind.
 * Loaded from a pack's units.tsv:
 *   surface <TAB> canonical <TAB> scale <TAB> kind     (# comments)
 *   万吨      t        10000   quantity
 *   亿元      CNY      1e8     money
 *   个百分点  pp       1       percent
 */
#ifndef CT_UNITS_H
#define CT_UNITS_H

#include <stddef.h>

#include "claimtrack/claimtrack.h"

typedef struct ct_unit {
  const char *surface;   /* as written (NFKC) */
  const char *canonical; /* "t", "CNY", "%", "pp", "person" ... */
  double scale;          /* multiply the numeral by this */
  ct_kind kind;
} ct_unit;

typedef struct ct_units ct_units;

/* Load a units.tsv of `len` bytes named `path` (for messages). A malformed
 * line fails with CT_ERULE and "path:line: reason" in err, and nothing is
 * loaded: wrong column count (an optional fifth column must start with
 * '#'), empty surface or canonical unit, a surface over 128 bytes, bad
 * scale (positive decimal such as 1, 10000, 0.5, 1e8, 1e-3; at most 1e16;
 * parsed without the C locale), unknown kind (percent, quantity, money,
 * count, number, ratio), duplicate surface (after NFKC), invalid UTF-8.
 * Blank lines and lines starting with '#' are skipped; fields are trimmed
 * of spaces; CRLF is accepted. Surfaces are stored NFKC-normalised (℃ as
 * °C, km² as km2), since rule patterns match NFKC text. CT_ENOMEM on
 * allocation failure. */
ct_status ct_units_load(const char *path, const char *data, size_t len,
                        ct_units **out, ct_error *err);
void ct_units_free(ct_units *u);

/* Multipliers (万, 亿, 万亿, 兆) are not units: the numeral parser reads
 * them, and compound units carry their scale (万吨 = t x 1e4), so 4400万 +
 * 吨 and 4400 + 万吨 give the same value. */

/* Longest unit whose surface is a prefix of s[0..len) (ending on a
 * character boundary); NULL when none. *matched_len (may be NULL) gets its
 * length in bytes, 0 when none. */
const ct_unit *ct_units_match(const ct_units *u, const char *s, size_t len,
                              size_t *matched_len);
/* Exact lookup of a surface form; NULL when unknown. */
const ct_unit *ct_units_find(const ct_units *u, const char *s, size_t len);
/* A regex alternation of every surface, longest first (then bytewise),
 * each ASCII non-alphanumeric escaped with '\\', for the {UNIT} macro of
 * rule patterns; "(*FAIL)" for an empty lexicon. Owned by u. */
const char *ct_units_pattern(const ct_units *u);
/* Number of units, and the i-th in file order (NULL past the end). A
 * loaded ct_units is immutable: lookups are thread-safe. */
size_t ct_units_count(const ct_units *u);
const ct_unit *ct_units_at(const ct_units *u, size_t i);

#endif
