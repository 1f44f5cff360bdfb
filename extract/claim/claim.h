/* SPDX-License-Identifier: MIT */
/* Claim assembly (claim stage): the engine, extractor and doc objects, and
 * attribution of subject, metric and period (fields.c). */
#ifndef CT_CLAIM_H
#define CT_CLAIM_H

#include <stdbool.h>
#include <stddef.h>

#include "claimtrack/claimtrack.h"
#include "norm/norm.h"
#include "rules/rules.h"
#include "seg/seg.h"
#include "util/util.h"

struct ct_engine {
  ct_pack *pack;
};

struct ct_extractor {
  const ct_engine *engine;
  ct_matcher *matcher;
  ct_segmenter *seg;
  ct_mentions ms;
  /* working buffers kept between documents, so a long run of texts does
   * not fault in fresh pages for each: the normalised text and its map,
   * and the sentence spans of one block */
  ct_normtext nt;
  ct_spans spans;
};

struct ct_doc {
  ct_arena arena;
  ct_claim *claims;
  size_t n, cap;
  ct_doc_stats stats;
};

/* One step of the look back over earlier sentences: from `end`, the
 * sentence start b and the strong / weak topic of its first clause. */
typedef struct ct_subj_step {
  bool used;
  size_t end, b;
  const char *strong, *weak;
} ct_subj_step;
#define CT_SUBJ_STEPS 1024
#define CT_WALK_STEPS 256

/* Index of one of attribution's word lists (fields.c) by a key of each
 * word's first (or last) two bytes: head[bucket] is 1 + the list's first
 * word in that bucket, next[k] 1 + the one after word k (list order); 0
 * ends. Not built (ok false) when a word is shorter or the list longer. */
#define CT_WIX_BITS 9
#define CT_WIX_WORDS 128
typedef struct ct_word_index {
  bool ok;
  uint8_t head[1u << CT_WIX_BITS];
  uint8_t next[CT_WIX_WORDS];
} ct_word_index;

/* The word indexes of attribution, and the pack's qualifiers by their last
 * two bytes (quals_ok: every one has two bytes or more, and they fit). */
#define CT_QUAL_WORDS 1024
typedef struct ct_strip_keys {
  ct_word_index lead, trail, adverb, stop, cuts, chg_prefix, chg_verb,
      chg_verb_end;
  bool quals_ok;
  uint16_t qual_head[1u << CT_WIX_BITS];
  uint16_t qual_next[CT_QUAL_WORDS];
} ct_strip_keys;

/* Subject lexicon hits of one sentence (fields.c): every character start
 * i of [sent_start, done) where an entry starts, with the longest entry
 * that fits before sent_end. Built as far as the scans of the sentence's
 * claims need it, and shared by them (clause, topic and metric scans). */
#define CT_SUBJ_HITS 128
typedef struct ct_subj_hits {
  bool used, full; /* full: no room for the next hit (scans go direct) */
  size_t sent_start, sent_end, done, n;
  size_t at[CT_SUBJ_HITS];
  const ct_lex_entry *ent[CT_SUBJ_HITS];
} ct_subj_hits;

/* Where the look-back sentences end (fields.c): the character starts of
 * the '\n', '!', '?' and '。' of [from, scanned), in order, in a ring. */
#define CT_STOPS 4096
typedef struct ct_stop_ring {
  bool used;
  size_t from, scanned, head, n;
  uint32_t p[CT_STOPS];
} ct_stop_ring;

/* Per-document memo of subject lookups that depend only on where the
 * sentence (and the clause) starts, shared by the claims of a sentence. */
typedef struct ct_subj_cache {
  ct_subj_step steps[CT_SUBJ_STEPS];
  bool have_topic, have_earlier;
  size_t topic_from, topic_to; /* key of `topic` */
  const char *topic;           /* sentence topic before the clause */
  size_t earlier_at;           /* key of `earlier` */
  const char *earlier;         /* topic of earlier sentences */
  /* last clause_start(sent_start, pos) asked for (the subject and the
   * metric of a claim ask for the same one) */
  bool have_clause;
  size_t clause_floor, clause_pos, clause_val;
  /* last metric cut to METRIC_MAX_CHARS: [cap_s, cap_e) -> cap_val */
  bool have_cap;
  size_t cap_s, cap_e, cap_val;
  bool have_strip;
  ct_strip_keys strip;
  ct_subj_hits hits;
  ct_stop_ring stops;
  bool have_pairs;
  uint8_t pairs[1024]; /* subject entries' first two code points (fields.c) */
  /* the steps of the last look-back (earlier_subject, fields.c) from
   * walk_start: the sentence start walk_b[k] and the weak topic walk_weak[k]
   * of step k; walk_strong is the strong topic of its last step, if any */
  bool have_walk;
  size_t walk_start, walk_n;
  size_t walk_b[CT_WALK_STEPS];
  const char *walk_weak[CT_WALK_STEPS];
  const char *walk_strong;
  /* last year before the claim in its sentence, first after it (fields.c:
   * last_year_c, first_year_c) */
  bool have_ylast, ylast_found, have_yfirst, yfirst_found;
  size_t ylast_from, ylast_to, ylast_at, yfirst_from, yfirst_to, yfirst_at;
  /* last look-back for a year: [year_from, year_to) -> year_at */
  bool have_year, year_found;
  size_t year_from, year_to, year_at;
} ct_subj_cache;

/* What attribution sees: the normalised text and where a claim sits. */
typedef struct ct_attr_ctx {
  const ct_pack *pack;
  ct_segmenter *seg; /* for word boundaries; may be NULL */
  const char *text;  /* normalised document text: valid UTF-8, which
                        the byte scans of fields.c rely on */
  size_t len;
  size_t sent_start, sent_end;
  size_t para_start;
  size_t num_start, num_end; /* the mention (hedges included) */
  const char *prev_metric;   /* metric of the previous claim in the
                                sentence, or NULL */
  const char *doc_metric;    /* last non-change metric of earlier sentences */
  size_t prev_end;           /* end of the previous mention in the
                                sentence, else sent_start */
  ct_kind kind;              /* of the claim */
  const char *unit;          /* canonical unit or NULL */
  bool *oom;                 /* set when an allocation failed; may be NULL */
  ct_subj_cache *subj_cache; /* may be NULL (no memo) */
} ct_attr_ctx;

/* Subject (canonical) before the number: this sentence, then earlier
 * text. Arena string or NULL. */
const char *ct_claim_subject(const ct_attr_ctx *c, ct_arena *a);
/* Noun phrase naming what the number measures, or NULL. */
const char *ct_claim_metric(const ct_attr_ctx *c, const char *subject,
                            ct_arena *a);
/* A year ("2025") in the sentence, else earlier in the paragraph. */
const char *ct_claim_period(const ct_attr_ctx *c, ct_arena *a);

/* Canonical form of a subject alias (NULL when unknown). */
const char *ct_claim_subject_canonical(const ct_pack *p, const char *s,
                                       size_t len);

/* Code point of the character at t[at..end) / ending at `at` (not before
 * floor); 0 when there is none. */
static inline uint32_t ct_claim_cp_at(const char *t, size_t at, size_t end) {
  uint32_t cp = 0;
  if (at < end)
    ct_utf8_decode((const unsigned char *)t + at, end - at, &cp);
  return cp;
}
static inline uint32_t ct_claim_cp_before(const char *t, size_t at,
                                          size_t floor) {
  if (at <= floor)
    return 0;
  size_t i = at - 1;
  while (i > floor && ((unsigned char)t[i] & 0xC0) == 0x80)
    i--;
  return ct_claim_cp_at(t, i, at);
}

/* value * scale computed on the shortest decimal of value, so 16.4 * 1e8
 * is 1640000000 exactly. */
double ct_claim_scale(double value, double scale);

#endif
