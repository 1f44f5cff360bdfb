/* SPDX-License-Identifier: MIT */
/* Rule packs (rules stage): the loaded, compiled pack (pack.c) and the
 * per-thread matcher that turns a sentence into candidate mentions
 * (match.c). PCRE2 types stay inside this stage. */
#ifndef CT_RULES_H
#define CT_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "claimtrack/claimtrack.h"
#include "rules/units.h"
#include "util/util.h"

/* Named groups a rule may use. */
enum {
  CT_G_VALUE = 0,
  CT_G_LOW,
  CT_G_HIGH,
  CT_G_UNIT,
  CT_G_BOUND,    /* qualifier before the number: 约, 超过 */
  CT_G_BOUNDSUF, /* qualifier after the number: 以上, 左右 */
  CT_G_SUBJECT,
  CT_G_METRIC,
  CT_G_PERIOD,
  CT_G_TEXT, /* overrides the claim text span */
  CT_G_YEAR,
  CT_G_MONTH,
  CT_G_DAY,
  CT_G_YEAR2,
  CT_G_MONTH2,
  CT_G_DAY2,
  CT_G_QUARTER,
  CT_G_QUARTER2,
  CT_G_COUNT
};

/* Rule kinds beyond ct_kind. */
#define CT_RULE_KIND_AUTO (-1)   /* from the unit or the numeral */
#define CT_RULE_KIND_IGNORE (-2) /* matches a non-claim; claims nothing */

typedef struct ct_example {
  const char *text;
  const char *expect; /* NULL: no Expect line */
  bool counter;       /* a Counterexample: no claim from this rule */
  const char *file;
  int line;
} ct_example;

/* Pattern prefilter (prefilter.c): an inclusive range of code points. */
typedef struct ct_cprange {
  uint32_t lo, hi;
} ct_cprange;

/* From a rule's expanded pattern: every character a match can consume or
 * a lookahead in it can look at (alpha), one or two sets of which every
 * match holds a character (req, req2: in what it consumes or what such a
 * lookahead sees), and what a match's first character can be (first);
 * sorted ranges. alpha == NULL: the pattern is not filtered; req2 == NULL:
 * one requirement; first == NULL: not known (the pattern can match
 * nothing, or was not understood). */
typedef struct ct_prefilter {
  ct_cprange *alpha, *req, *req2, *first; /* in the pack's arena */
  size_t n_alpha, n_req, n_req2, n_first;
} ct_prefilter;

/* Read pat[0..len), whose matches start at the characters starts[0..n)
 * (a requirement met there filters nothing, so another is preferred);
 * the sets are allocated in `keep`. CT_ENOMEM or CT_OK (with or without a
 * filter). */
ct_status ct_prefilter_analyse(const char *pat, size_t len,
                               const uint32_t *starts, size_t n_starts,
                               ct_arena *keep, ct_prefilter *out);
/* What the last character of a match of pat[0..len) can be (the content
 * of a lookbehind: what must stand right before the match it guards),
 * allocated in `keep`; *v NULL when not known (it can match nothing, or
 * was not understood). CT_ENOMEM or CT_OK. */
ct_status ct_prefilter_last(const char *pat, size_t len, ct_arena *keep,
                            ct_cprange **v, size_t *n);

typedef struct ct_rule {
  const char *id;
  const char *file;
  int line;
  int kind;         /* ct_kind or CT_RULE_KIND_* */
  const char *unit; /* fixed unit (Unit:) or NULL */
  int bound;        /* fixed bound (Bound:) or -1 */
  int priority;
  void *code; /* pcre2_code_8 */
  uint32_t ncap;
  int grp[CT_G_COUNT]; /* group number, 0 = absent */
  /* From the written pattern: it can only match where an ASCII digit /
   * a Chinese numeral is (used to skip it on sentences without one). */
  bool needs_digit, needs_cjk;
  /* When the pattern (after leading lookbehinds / negative lookaheads)
   * opens with a one-class lookahead (?=[...]) of plain characters: those
   * code points, sorted, and an anchored twin of the pattern, so the
   * matcher tries the rule only where such a character stands. */
  const uint32_t *lead_cps; /* NULL: no such lookahead */
  size_t n_lead;
  /* Characters that cannot stand right before a match (from a leading
   * (?<![...]) of plain characters, e.g. {NB}); used with lead_cps. */
  const uint32_t *not_after;
  size_t n_not_after;
  /* Characters one of which must stand right before a match (the last
   * characters of a leading (?<=...)); NULL: no such condition. */
  const ct_cprange *must_after;
  size_t n_must_after;
  void *acode; /* pcre2_code_8 compiled with PCRE2_ANCHORED, or NULL */
  ct_prefilter pf;
  ct_example *examples;
  size_t n_examples;
} ct_rule;

typedef struct ct_lex_entry {
  const char *surface;
  size_t len;
  const char *canonical;
  int bound; /* qualifiers: ct_bound; else -1 */
  bool suffix;
} ct_lex_entry;

typedef struct ct_lexicon {
  ct_lex_entry *v; /* sorted by surface length, longest first */
  size_t n;
  /* Lookup index: entries ordered by first code point, then longest
   * first; cps[i] is the first code point of v[order[i]]. */
  size_t *order;
  uint32_t *cps;
  uint8_t first_byte[32]; /* bitmap of the entries' first bytes */
  /* Bitmaps over BMP code points of the entries' first / last characters
   * (a code point above U+FFFF sets bit 0xFFFF): cheap rejection before
   * any comparison. */
  uint8_t first_cp_bits[8192], last_cp_bits[8192];
  const char *pattern; /* escaped alternation for {NAME} */
} ct_lexicon;

/* Per code point, bit r of rule r (< 64): the character is in the rule's
 * lead class (a match can start there), in its not-after set (no match
 * starts right after it), in its must-after set, in its alphabet, in its
 * requirements. */
typedef struct ct_pf_masks {
  uint64_t lead, na, ma, alpha, req, req2;
  unsigned numeral; /* 1 an ASCII digit, 2 a Chinese numeral, else 0 */
} ct_pf_masks;

/* Is cp a Chinese numeral a claim can start with (一 only next to another
 * numeral or after 第: the caller's to check)? */
bool ct_rules_numeral_cp(uint32_t cp);

/* The numerals, lead classes and prefilters of a pack's first 64 rules as
 * one lookup table: a BMP code point's high byte picks a block of 256
 * indexes into masks (index 0: nothing; block 0: all nothing); code
 * points above the BMP share `astral` (no lead or not-after bits: lead
 * classes are BMP only). */
typedef struct ct_pf_table {
  /* BMP bitmap: the code point is a numeral or in some lead class,
   * not-after or must-after set (what the candidate pass looks at) */
  uint8_t any[8192];
  /* BMP bitmap of the numerals (ASCII digits, ct_rules_numeral_cp): a
   * sentence without one gives no mention (ct_extract_text asks the
   * segmenter which sentences hold one) */
  uint8_t numerals[8192];
  uint16_t block[256];
  uint16_t *idx;
  ct_pf_masks *masks;
  size_t n_masks;
  ct_pf_masks astral;
  uint64_t filtered;   /* rules with a prefilter */
  uint64_t one_req;    /* those of them with no second requirement */
  uint64_t must_after; /* rules with a must-after set */
  /* rules tried at candidates (a lead class, index < 64), and those that
   * need a digit / a Chinese numeral in the sentence */
  uint64_t lead_rules, needs_digit, needs_cjk;
  size_t *plain; /* the other rules, scanned unanchored */
  size_t n_plain;
} ct_pf_table;

ct_status ct_prefilter_table_build(const struct ct_rule *rules, size_t n_rules,
                                   ct_pf_table **out);
void ct_prefilter_table_free(ct_pf_table *t);

static inline const ct_pf_masks *ct_pf_lookup(const ct_pf_table *t,
                                              uint32_t cp) {
  if (cp >= 0x10000)
    return &t->astral;
  return &t->masks[t->idx[(size_t)t->block[cp >> 8] * 256 + (cp & 0xFF)]];
}

typedef struct ct_pack {
  ct_arena arena;
  ct_rule *rules;
  size_t n_rules;
  ct_units *units; /* NULL when the pack has no units.tsv */
  ct_lexicon quals, subjects, metrics;
  const char *quals_suffix_pattern; /* {QUALSUF}; quals.pattern is {QUAL} */
  const char *unit_pattern;         /* {UNIT}, traditional forms included */
  const char *unit_mult_pattern;    /* {UNITMULT}: those starting with a
                                       multiplier character (万 千 兆 ...) */
  bool any_lead;
  ct_pf_table *pf; /* lead classes and prefilters (rules < 64) */
  uint32_t max_ncap;
} ct_pack;

/* Load every *.rules and *.tsv in `dir`. On error nothing is kept and
 * err->message is "file:line: reason". */
ct_status ct_rules_pack_load(const char *dir, ct_pack **out, ct_error *err);
void ct_rules_pack_free(ct_pack *p);

/* Lexicon lookups: exact surface; NULL / -1 when unknown. */
const ct_lex_entry *ct_rules_lex_find(const ct_lexicon *lx, const char *s,
                                      size_t len);
/* Could an entry start with / end with code point cp? (false: surely not) */
static inline bool ct_rules_lex_may_start(const ct_lexicon *lx, uint32_t cp) {
  uint32_t i = cp > 0xFFFF ? 0xFFFF : cp;
  return (lx->first_cp_bits[i >> 3] >> (i & 7)) & 1u;
}
static inline bool ct_rules_lex_may_end(const ct_lexicon *lx, uint32_t cp) {
  uint32_t i = cp > 0xFFFF ? 0xFFFF : cp;
  return (lx->last_cp_bits[i >> 3] >> (i & 7)) & 1u;
}
/* Longest entry that starts at s[0..len); NULL when none. */
const ct_lex_entry *ct_rules_lex_prefix(const ct_lexicon *lx, const char *s,
                                        size_t len);

/* One rule match inside a sentence; offsets are absolute in the text the
 * matcher was given. */
/* An unset group span in ct_mention.g. Spans fit 32 bits: a normalised
 * text stays far below 4 GB (CT_MAX_INPUT_BYTES times NFKC's growth). */
#define CT_G_UNSET UINT32_MAX

typedef struct ct_mention {
  size_t rule;
  size_t start, end;         /* whole match */
  uint32_t g[CT_G_COUNT][2]; /* group spans; CT_G_UNSET when unset */
} ct_mention;

typedef struct ct_mentions {
  ct_mention *v;
  size_t n, cap;
} ct_mentions;

typedef struct ct_matcher ct_matcher;
ct_status ct_rules_matcher_new(const ct_pack *p, ct_matcher **out,
                               ct_error *err);
void ct_rules_matcher_free(ct_matcher *m);
/* Lower the match limit (tests); 0 restores the default. */
void ct_rules_matcher_set_limit(ct_matcher *m, uint32_t match_limit);
/* Turn the lead-class filter off (tests: the same mentions either way). */
void ct_rules_matcher_set_lead(ct_matcher *m, bool on);

/* Run every rule (or only rule `only` when it is < n_rules) over
 * text[start..end). Appends mentions; counts rules that hit a PCRE2 limit
 * in *limit_hits. CT_ENOMEM on allocation failure. */
ct_status ct_rules_scan(ct_matcher *m, const ct_pack *p, const char *text,
                        size_t start, size_t end, size_t only, ct_mentions *out,
                        size_t *limit_hits);

/* Which numerals a sentence holds (bit 1: ASCII digit, bit 2: a Chinese
 * numeral that can start a claim); 0 = nothing number-like. */
unsigned ct_rules_numeral_flags(const char *s, size_t len);

/* Keep the longest of overlapping mentions (then the higher Priority, then
 * the earlier); drop the ones of ignore rules; sort by start. */
void ct_rules_resolve(const ct_pack *p, ct_mentions *ms);

/* Map characters between simplified (from 0) and traditional (from 1)
 * forms for unit surfaces; out has room for len bytes. Returns len when
 * something changed, else 0. */
size_t ct_rules_hant_map(const char *s, size_t len, char *out, int from);

#endif
