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
 * line fails with CT_ERULE and "path:line: reason" in err. */
ct_status ct_units_load(const char *path, const char *data, size_t len,
                        ct_units **out, ct_error *err);
void ct_units_free(ct_units *u);

/* Longest unit whose surface is a prefix of s[0..len); NULL when none. */
const ct_unit *ct_units_match(const ct_units *u, const char *s, size_t len,
                              size_t *matched_len);
/* Exact lookup of a surface form; NULL when unknown. */
const ct_unit *ct_units_find(const ct_units *u, const char *s, size_t len);
/* A regex alternation of every surface, longest first, each escaped, for
 * the {UNIT} macro of rule patterns. Owned by u. */
const char *ct_units_pattern(const ct_units *u);
size_t ct_units_count(const ct_units *u);
const ct_unit *ct_units_at(const ct_units *u, size_t i);

#endif
