/* SPDX-License-Identifier: MIT */
/* Attribution (claim stage): subject, metric and period of a claim from
 * the sentence around it, using the pack's subject and metric lexicons and
 * ICU word boundaries (lazily) to trim long metrics. */
#include <stdlib.h>
#include <string.h>

#include "claim/claim.h"

#define METRIC_MAX_CHARS 16
#define CAP_CONTEXT 6 /* characters ICU reads on either side of a cut */
#define LOOKBACK_BYTES 3000

/* A fixed word and its length. */
typedef struct word {
  const char *s;
  size_t n;
} word;
#define W(lit)                                                                 \
  { lit, sizeof(lit) - 1 }

static size_t char_len(const char *s, size_t n) {
  unsigned char c = (unsigned char)s[0];
  size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return l > n ? n : l;
}

static size_t prev_char(const char *t, size_t pos, size_t floor) {
  if (pos <= floor)
    return floor;
  pos--;
  while (pos > floor && ((unsigned char)t[pos] & 0xC0) == 0x80)
    pos--;
  return pos;
}

static size_t count_chars(const char *s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      k++;
  return k;
}

const char *ct_claim_subject_canonical(const ct_pack *p, const char *s,
                                       size_t len) {
  const ct_lex_entry *e = ct_rules_lex_find(&p->subjects, s, len);
  return e ? e->canonical : NULL;
}

static bool weak_subject(const char *canon) {
  return strcmp(canon, "全球") == 0 || strcmp(canon, "海外") == 0;
}

/* Is an alias hit real? Reject the subject inside 去中国化 / 中国化. */
static bool subject_ok(const char *t, size_t len, size_t e) {
  return !(e + 3 <= len && memcmp(t + e, "化", 3) == 0);
}

typedef struct subj_hit {
  size_t s, e;
  const ct_lex_entry *ent;
} subj_hit;

/* Does one of the words of `pre` end at s (and start at floor or after)?
 * Their bytes are compared inline, the last one first, rather than with a
 * memcmp call per word (the words here are one character each). */
static bool ends_with_one(const char *t, size_t s, size_t floor,
                          const word *pre) {
  const unsigned char *u = (const unsigned char *)t;
  for (int k = 0; pre[k].s; k++) {
    size_t l = pre[k].n;
    if (s < floor + l)
      continue;
    const unsigned char *w = (const unsigned char *)pre[k].s;
    size_t j = l;
    while (j > 0 && u[s - l + j - 1] == w[j - 1])
      j--;
    if (j == 0)
      return true;
  }
  return false;
}

/* A subject right after 对/与/和 is the partner, not the owner (我国对美国
 * 进出口). */
static bool object_marked(const char *t, size_t s, size_t floor) {
  static const word pre[] = {W("对"), W("與"), W("与"), W("和"),  W("同"),
                             W("向"), W("从"), W("自"), W("對"),  W("從"),
                             W("及"), W("据"), W("據"), {NULL, 0}};
  return ends_with_one(t, s, floor, pre);
}

/* A weak subject right after 占/居/比 is the denominator (占全球 68%), not
 * whose number it is. */
static bool denominator(const char *t, size_t s, size_t floor) {
  static const word pre[] = {W("占"), W("佔"), W("居"),  W("比"),
                             W("于"), W("於"), {NULL, 0}};
  return ends_with_one(t, s, floor, pre);
}

/* ct_rules_lex_prefix(lx, t + i, to - i) (i < to), with its first-byte
 * and first-code-point rejections done inline: most characters start no
 * entry, and the call is the costly part of a scan. The code point is the
 * one ct_rules_lex_prefix decodes (ASCII, or a well-formed 3-byte
 * character); any other character goes to the call. */
static inline const ct_lex_entry *
lex_prefix_at(const ct_lexicon *lx, const char *t, size_t i, size_t to) {
  const unsigned char *u = (const unsigned char *)t + i;
  unsigned b0 = u[0];
  if (!((lx->first_byte[b0 >> 3] >> (b0 & 7)) & 1u))
    return NULL;
  uint32_t cp;
  if (b0 < 0x80) {
    cp = b0;
  } else if (b0 >= 0xE0 && b0 <= 0xEF && to - i >= 3 && (u[1] & 0xC0) == 0x80 &&
             (u[2] & 0xC0) == 0x80) {
    cp = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
         (u[2] & 0x3F);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
      return ct_rules_lex_prefix(lx, t + i, to - i);
  } else {
    return ct_rules_lex_prefix(lx, t + i, to - i);
  }
  if (!ct_rules_lex_may_start(lx, cp))
    return NULL;
  return ct_rules_lex_prefix(lx, t + i, to - i);
}

/* Key of a subject entry's first two code points (0 for the second of a
 * one-character entry) in the memo's pair filter. */
static unsigned pair_key(uint32_t a, uint32_t b) {
  return ((a * 0x9E3779B1u) ^ (b * 0x85EBCA6Bu)) >> (32 - 13);
}

/* The memo's filter over the first two code points of the subject entries
 * (8192 bits), built on first use; NULL without a memo. Entries are valid
 * UTF-8 (the loader checks), so an entry that matches the text has the
 * text's first two code points, and its key is set. */
static const uint8_t *subj_pairs_build(ct_subj_cache *memo,
                                       const ct_attr_ctx *c) {
  memset(memo->pairs, 0, sizeof memo->pairs);
  const ct_lexicon *lx = &c->pack->subjects;
  for (size_t k = 0; k < lx->n; k++) {
    const unsigned char *s = (const unsigned char *)lx->v[k].surface;
    size_t n = lx->v[k].len;
    uint32_t a = 0, b = 0;
    size_t l1 = n ? ct_utf8_decode(s, n, &a) : 0;
    if (l1 < n)
      ct_utf8_decode(s + l1, n - l1, &b);
    unsigned key = pair_key(a, b);
    memo->pairs[key >> 3] =
        (uint8_t)(memo->pairs[key >> 3] | (1u << (key & 7)));
  }
  memo->have_pairs = true;
  return memo->pairs;
}
static inline const uint8_t *subj_pairs(const ct_attr_ctx *c) {
  ct_subj_cache *memo = c->subj_cache;
  if (!memo)
    return NULL;
  return memo->have_pairs ? memo->pairs : subj_pairs_build(memo, c);
}

/* Past the characters from i (before `stop`) at which lex_prefix_at with
 * the limit `to` (>= stop) surely finds no subject: ASCII bytes that start
 * no entry, and well-formed three-byte characters (lead E1..EC: never
 * overlong nor a surrogate) whose code point starts no entry or, with the
 * pair filter, whose pair with the next code point starts none (and no
 * one-character entry is that character). Stops at the first other
 * character (or at `stop` or after). The text is valid UTF-8. */
static inline size_t subj_skip_run(const ct_lexicon *lx, const uint8_t *pairs,
                                   const unsigned char *u, size_t i,
                                   size_t stop, size_t to) {
  size_t lim3 = to > 2 ? to - 2 : 0; /* i < lim3: three bytes before `to` */
  while (i < stop) {
    unsigned b0 = u[i];
    if (b0 < 0x80) {
      if ((lx->first_byte[b0 >> 3] >> (b0 & 7)) & 1u)
        return i;
      i++;
      continue;
    }
    if (b0 - 0xE1u >= 12u || i >= lim3)
      return i;
    /* in valid UTF-8 (the normalised text) two continuation bytes follow
     * (x ^ 0x80 is below 0x40 for one) */
    unsigned c1 = u[i + 1] ^ 0x80u, c2 = u[i + 2] ^ 0x80u;
    uint32_t cp = ((uint32_t)(b0 & 0x0F) << 12) | (c1 << 6) | c2;
    if ((lx->first_cp_bits[cp >> 3] >> (cp & 7)) & 1u) {
      if (!pairs)
        return i;
      unsigned key = pair_key(cp, 0);
      if ((pairs[key >> 3] >> (key & 7)) & 1u)
        return i; /* a one-character entry may be there */
      if (to - i > 3) {
        /* an entry of two characters or more: its second one */
        size_t j = i + 3;
        unsigned b1 = u[j];
        uint32_t cp2;
        if (b1 < 0x80)
          cp2 = b1;
        else if (b1 - 0xE1u < 12u && to - j >= 3 && (u[j + 1] & 0xC0) == 0x80 &&
                 (u[j + 2] & 0xC0) == 0x80)
          cp2 = ((uint32_t)(b1 & 0x0F) << 12) |
                ((uint32_t)(u[j + 1] & 0x3F) << 6) | (u[j + 2] & 0x3F);
        else
          return i;
        key = pair_key(cp, cp2);
        if ((pairs[key >> 3] >> (key & 7)) & 1u)
          return i;
      }
    }
    i += 3;
  }
  return i;
}

/* What a scan over [from..) does with entry e at i: take it as a subject
 * hit unless it is a denominator or an object. */
static void subj_take(const char *t, size_t from, size_t i,
                      const ct_lex_entry *e, subj_hit *strong, subj_hit *weak,
                      subj_hit *first) {
  bool wk = weak_subject(e->canonical);
  if (!denominator(t, i, from) && !object_marked(t, i, from)) {
    subj_hit *h = wk ? weak : strong;
    h->s = i;
    h->e = i + e->len;
    h->ent = e;
    if (!wk && first && !first->ent)
      *first = *h;
  }
}

/* Last strong, last weak and first strong subject in t[from..to): at each
 * character the longest entry (an accepted one is stepped over whole). */
static void scan_subjects3(const ct_pack *p, const uint8_t *pairs,
                           const char *t, size_t len, size_t from, size_t to,
                           subj_hit *strong, subj_hit *weak, subj_hit *first) {
  const ct_lexicon *lx = &p->subjects;
  const unsigned char *u = (const unsigned char *)t;
  strong->ent = weak->ent = NULL;
  if (first)
    first->ent = NULL;
  for (size_t i = from; i < to;) {
    i = subj_skip_run(lx, pairs, u, i, to, to);
    if (i >= to)
      break;
    const ct_lex_entry *e = lex_prefix_at(lx, t, i, to);
    if (e && subject_ok(t, len, i + e->len)) {
      subj_take(t, from, i, e, strong, weak, first);
      i += e->len;
      continue;
    }
    i += char_len(t + i, to - i);
  }
}

/* The sentence's hit list extended to cover the characters before `to`;
 * false when it cannot (list full). The list holds, for every character
 * start i of the sentence, lex_prefix_at(i, sent_end) when not NULL. */
static bool hits_cover(const ct_attr_ctx *c, ct_subj_hits *h, size_t to) {
  const ct_lexicon *lx = &c->pack->subjects;
  const unsigned char *u = (const unsigned char *)c->text;
  if (!h->used || h->sent_start != c->sent_start ||
      h->sent_end != c->sent_end) {
    h->used = true;
    h->sent_start = h->done = c->sent_start;
    h->sent_end = c->sent_end;
    h->n = 0;
    /* a sentence must start on a character for the scans to step on the
     * same characters as the list */
    h->full = c->sent_start < c->sent_end && (u[c->sent_start] & 0xC0) == 0x80;
  }
  size_t i = h->done, end = h->sent_end;
  const uint8_t *pairs = subj_pairs(c);
  while (i < to && !h->full) {
    i = subj_skip_run(lx, pairs, u, i, to, end);
    if (i >= to)
      break;
    const ct_lex_entry *e = lex_prefix_at(lx, c->text, i, end);
    if (e) {
      if (h->n == CT_SUBJ_HITS) {
        h->full = true;
        break;
      }
      h->at[h->n] = i;
      h->ent[h->n] = e;
      h->n++;
    }
    i += char_len(c->text + i, end - i);
  }
  h->done = i;
  return h->done >= to;
}

/* scan_subjects3 over t[from..to) inside the claim's sentence, from the
 * sentence's hit list (built once, shared by the clause, topic and metric
 * scans of its claims). The text is valid UTF-8 (normalised), so a scan
 * from a character start steps on the same character starts as the list;
 * an entry longer than the range is looked up again with the range's
 * limit, as the scan would. */
static void scan_subjects_c(const ct_attr_ctx *c, size_t from, size_t to,
                            subj_hit *strong, subj_hit *weak, subj_hit *first) {
  ct_subj_cache *memo = c->subj_cache;
  const char *t = c->text;
  if (!memo || from >= to || from < c->sent_start || to > c->sent_end ||
      ((unsigned char)t[from] & 0xC0) == 0x80 ||
      !hits_cover(c, &memo->hits, to)) {
    scan_subjects3(c->pack, subj_pairs(c), t, c->len, from, to, strong, weak,
                   first);
    return;
  }
  const ct_subj_hits *h = &memo->hits;
  strong->ent = weak->ent = NULL;
  if (first)
    first->ent = NULL;
  size_t lo = 0, hi = h->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (h->at[mid] < from)
      lo = mid + 1;
    else
      hi = mid;
  }
  size_t next = from; /* the scan's next character */
  for (size_t k = lo; k < h->n && h->at[k] < to; k++) {
    size_t i = h->at[k];
    if (i < next)
      continue; /* inside an accepted entry */
    const ct_lex_entry *e = h->ent[k];
    if (e->len > to - i)
      e = lex_prefix_at(&c->pack->subjects, t, i, to);
    if (!e || !subject_ok(t, c->len, i + e->len))
      continue;
    subj_take(t, from, i, e, strong, weak, first);
    next = i + e->len;
  }
}

static void scan_subjects(const ct_attr_ctx *c, size_t from, size_t to,
                          subj_hit *strong, subj_hit *weak) {
  scan_subjects_c(c, from, to, strong, weak, NULL);
}

static size_t clause_start(const char *t, size_t floor, size_t pos, size_t n);
static size_t clause_start_c(const ct_attr_ctx *c, size_t pos);
static const char *earlier_subject(const ct_attr_ctx *c);
static bool is_clause_punct(const char *t, size_t i, size_t n);

const char *ct_claim_subject(const ct_attr_ctx *c, ct_arena *a) {
  (void)a;
  subj_hit st, wk, first;
  /* the clause of the number: its own subject */
  size_t cs = clause_start_c(c, c->num_start);
  scan_subjects_c(c, cs, c->num_start, &st, &wk, &first);
  if (first.ent)
    return first.ent->canonical;
  if (wk.ent)
    return wk.ent->canonical;
  /* else the sentence's topic: its first strong subject */
  ct_subj_cache *memo = c->subj_cache;
  const char *topic;
  if (memo && memo->have_topic && memo->topic_from == c->sent_start &&
      memo->topic_to == cs) {
    topic = memo->topic;
  } else {
    scan_subjects_c(c, c->sent_start, cs, &st, &wk, &first);
    topic = first.ent ? first.ent->canonical
            : wk.ent  ? wk.ent->canonical
                      : NULL;
    if (memo) {
      memo->have_topic = true;
      memo->topic_from = c->sent_start;
      memo->topic_to = cs;
      memo->topic = topic;
    }
  }
  if (topic)
    return topic;
  if (memo && memo->have_earlier && memo->earlier_at == c->sent_start)
    return memo->earlier;
  const char *r = earlier_subject(c);
  if (memo) {
    memo->have_earlier = true;
    memo->earlier_at = c->sent_start;
    memo->earlier = r;
  }
  return r;
}

/* Bytes that may start a character ending a look-back sentence ('\n',
 * '!', '?'), or end one ('。' is E3 80 82). */
static const unsigned char lb_stop[256] = {
    ['\n'] = 1, ['!'] = 1, ['?'] = 1, [0x82] = 1};

/* Does any of the 8 bytes at p hold '\n', '!', '?' or 0x82? */
static bool any_stop8(const unsigned char *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  uint64_t a = x ^ (ones * 0x0A), b = x ^ (ones * 0x21), c = x ^ (ones * 0x3F),
           d = x ^ (ones * 0x82);
  return (((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c) |
          ((d - ones) & ~d)) &
         highs;
}

/* Start of the look-back sentence that ends at `end` (> floor): just after
 * the last '\n', '!', '?' or '。' of [floor, end) that does not end at
 * `end`, else floor. Byte by byte (eight at a time where none of the
 * bytes is there): in valid UTF-8 (the normalised text) these bytes begin
 * (or, 0x82 after E3 80, end) a character, so this finds what a walk back
 * over the characters finds. */
static size_t lookback_start(const char *t, size_t floor, size_t end) {
  const unsigned char *u = (const unsigned char *)t;
  /* a stop ending before `end` has its last byte at end - 2 or before */
  size_t hi = end - 1; /* the bytes below hi are left to look at */
  while (hi > floor) {
    if (hi >= floor + 8 && !any_stop8(u + hi - 8)) {
      hi -= 8;
      continue;
    }
    size_t q = --hi;
    if (!lb_stop[u[q]])
      continue;
    if (u[q] != 0x82 ||
        (q >= floor + 2 && u[q - 1] == 0x80 && u[q - 2] == 0xE3))
      return q + 1;
  }
  return floor;
}

/* Does a '\n', '!', '?' or '。' start at p? */
static bool is_stop_at(const char *t, size_t len, size_t p) {
  const unsigned char *u = (const unsigned char *)t;
  return u[p] == '\n' || u[p] == '!' || u[p] == '?' ||
         (u[p] == 0xE3 && p + 2 < len && u[p + 1] == 0x80 && u[p + 2] == 0x82);
}

/* lookback_start(text, floor, end) from the memo's ring of stops: the
 * text is scanned forward once (strcspn to the next '\n', '!', '?' or E3
 * lead byte) and the stops of the last LOOKBACK_BYTES or so are kept in
 * order; the last stop that ends before end - 1 is found by bisection.
 * Falls back to the backward scan without a memo or when the ring cannot
 * hold the range. */
static size_t lookback_start_c(const ct_attr_ctx *c, size_t floor, size_t end) {
  ct_subj_cache *memo = c->subj_cache;
  if (!memo || c->len > UINT32_MAX)
    return lookback_start(c->text, floor, end);
  ct_stop_ring *r = &memo->stops;
  if (!r->used || floor < r->from || floor > r->scanned) {
    r->used = true;
    r->from = r->scanned = floor;
    r->head = r->n = 0;
  }
  /* drop the stops before the floor */
  while (r->n && r->p[r->head] < floor) {
    r->head = (r->head + 1) % CT_STOPS;
    r->n--;
  }
  r->from = floor;
  /* every stop starting before end - 1 is needed */
  size_t i = r->scanned;
  while (i + 1 < end) {
    i += strcspn(c->text + i, "\n!?\xE3");
    if (i >= c->len) {
      i = c->len;
      break;
    }
    if (is_stop_at(c->text, c->len, i)) {
      if (r->n == CT_STOPS) { /* cannot hold the range (not expected) */
        r->used = false;
        return lookback_start(c->text, floor, end);
      }
      r->p[(r->head + r->n) % CT_STOPS] = (uint32_t)i;
      r->n++;
    }
    i++;
  }
  if (i > r->scanned)
    r->scanned = i;
  /* the last stop whose last byte is at end - 2 or before */
  size_t lo = 0, hi = r->n; /* first stop starting after end - 2 */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (r->p[(r->head + mid) % CT_STOPS] + 2 <= end)
      lo = mid + 1;
    else
      hi = mid;
  }
  while (lo > 0) {
    size_t p = r->p[(r->head + lo - 1) % CT_STOPS];
    size_t last = p + ((unsigned char)c->text[p] == 0xE3 ? 2 : 0);
    if (last + 2 <= end)
      return last + 1;
    lo--; /* a '。' that ends at `end` or at end - 1 */
  }
  return floor;
}

/* Bytes that may start a clause punctuation character (is_clause_punct). */
static const unsigned char cl_first[256] = {
    [','] = 1, [';'] = 1,  [':'] = 1, ['!'] = 1,  ['?'] = 1, ['('] = 1,
    [')'] = 1, ['\n'] = 1, ['"'] = 1, [0xE2] = 1, [0xE3] = 1};

/* The first clause punctuation of [b, end) (a character start), else end.
 * From a character start, in valid UTF-8, the candidate bytes above are
 * character starts, so a byte scan finds what the walk over characters
 * finds; from inside a character (a look-back floor) the walk is kept. */
static size_t clause_end(const char *t, size_t b, size_t end) {
  const unsigned char *u = (const unsigned char *)t;
  if (b < end && (u[b] & 0xC0) == 0x80) {
    size_t ce = b;
    while (ce < end && !is_clause_punct(t, ce, end))
      ce += char_len(t + ce, end - ce);
    return ce;
  }
  /* strcspn stops at the candidate bytes (or the text's NUL) */
  for (size_t q = b; q < end; q++) {
    q += strcspn(t + q, ",;:!?()\n\"\xE2\xE3");
    if (q >= end)
      break;
    if (is_clause_punct(t, q, end))
      return q;
  }
  return end;
}

/* The last look-back kept in the memo: walk_b[0..n) and walk_weak[0..n)
 * of the steps from `start`, strong the strong topic of the last one. */
static const char *walk_keep(ct_subj_cache *memo, size_t start,
                             const size_t *wb, const char *const *ww, size_t n,
                             bool ok, const char *strong, const char *r) {
  memo->have_walk = ok;
  if (ok) {
    memo->walk_start = start;
    memo->walk_n = n;
    memcpy(memo->walk_b, wb, n * sizeof *wb);
    memcpy(memo->walk_weak, ww, n * sizeof *ww);
    memo->walk_strong = strong;
  }
  return r;
}

/* Earlier sentences, nearest first: their topic; a weak subject only
 * when no strong one is found. The steps of the last look-back are kept:
 * a later one that reaches its start takes over its steps that stop 5
 * bytes or more above its own floor (they do not depend on the floor; the
 * floor only rises from sentence to sentence) instead of walking them. */
static const char *earlier_subject(const ct_attr_ctx *c) {
  subj_hit st, wk, first;
  const char *weak_found = NULL;
  size_t floor =
      c->sent_start > LOOKBACK_BYTES ? c->sent_start - LOOKBACK_BYTES : 0;
  size_t end = c->sent_start;
  ct_subj_cache *memo = c->subj_cache;
  /* this walk's steps, for the memo */
  size_t wb[CT_WALK_STEPS];
  const char *ww[CT_WALK_STEPS];
  size_t wn = 0;
  bool wok = memo != NULL, jumped = false;
  const uint8_t *pairs = NULL; /* subj_pairs(c), asked once */
  while (end > floor) {
    if (wok && !jumped && memo->have_walk && memo->walk_start == end &&
        memo->walk_start < c->sent_start) {
      jumped = true;
      size_t m = memo->walk_n, j = 0;
      while (j < m && memo->walk_b[j] >= floor + 5)
        j++;
      if (wn + j > CT_WALK_STEPS) {
        wok = false;
      } else if (j > 0) {
        for (size_t k = 0; k < j; k++) {
          if (memo->walk_weak[k] && !weak_found)
            weak_found = memo->walk_weak[k];
          wb[wn] = memo->walk_b[k];
          ww[wn] = memo->walk_weak[k];
          wn++;
        }
        if (j == m) {
          /* the kept walk ended there: on its strong topic, or (its steps
           * ending above this floor) where a step did not move */
          return walk_keep(memo, c->sent_start, wb, ww, wn, wok,
                           memo->walk_strong,
                           memo->walk_strong ? memo->walk_strong : weak_found);
        }
        end = memo->walk_b[j - 1];
        continue;
      }
    }
    /* The step from `end` (the sentence before it and its topic) does not
     * depend on the floor when it stops 5 bytes or more above it (a
     * character has at most 4), so such steps are remembered. */
    ct_subj_step *slot = memo ? &memo->steps[end % CT_SUBJ_STEPS] : NULL;
    size_t b;
    const char *strong_c, *weak_c;
    if (slot && slot->used && slot->end == end && slot->b >= floor + 5) {
      b = slot->b;
      strong_c = slot->strong;
      weak_c = slot->weak;
    } else {
      b = lookback_start_c(c, floor, end);
      /* an earlier sentence's topic sits in its first clause */
      size_t ce = clause_end(c->text, b, end);
      if (!pairs)
        pairs = subj_pairs(c);
      scan_subjects3(c->pack, pairs, c->text, c->len, b, ce, &st, &wk, &first);
      strong_c = first.ent ? first.ent->canonical : NULL;
      weak_c = wk.ent ? wk.ent->canonical : NULL;
      if (slot && b >= floor + 5) {
        slot->used = true;
        slot->end = end;
        slot->b = b;
        slot->strong = strong_c;
        slot->weak = weak_c;
      }
    }
    if (wok) {
      if (wn == CT_WALK_STEPS) {
        wok = false;
      } else {
        wb[wn] = b;
        ww[wn] = weak_c;
        wn++;
      }
    }
    if (strong_c)
      return memo ? walk_keep(memo, c->sent_start, wb, ww, wn, wok, strong_c,
                              strong_c)
                  : strong_c;
    if (weak_c && !weak_found)
      weak_found = weak_c;
    if (b == end)
      break;
    end = b;
  }
  return memo
             ? walk_keep(memo, c->sent_start, wb, ww, wn, wok, NULL, weak_found)
             : weak_found;
}

/* ---- metric ---- */

static bool is_clause_punct(const char *t, size_t i, size_t n) {
  char ch = t[i];
  unsigned char u = (unsigned char)ch;
  if (u < 0x80)
    return ch == ',' || ch == ';' || ch == ':' || ch == '!' || ch == '?' ||
           ch == '(' || ch == ')' || ch == '\n' || ch == '"';
  /* the CJK punctuation: 。「」《》 are E3 80 xx, “”—… E2 80 xx */
  if ((u != 0xE2 && u != 0xE3) || i + 3 > n || (unsigned char)t[i + 1] != 0x80)
    return false;
  unsigned char c2 = (unsigned char)t[i + 2];
  if (u == 0xE3)
    return c2 == 0x82 || c2 == 0x8C || c2 == 0x8D || c2 == 0x8A || c2 == 0x8B;
  return c2 == 0x9C || c2 == 0x9D || c2 == 0x94 || c2 == 0xA6;
}

/* Start of the clause that contains position pos (>= floor): just after
 * the last clause punctuation that starts in [floor, pos). A byte scan
 * back: the candidate bytes (cl_first) are character starts in valid
 * UTF-8, the punctuation is one byte (ASCII) or three (E2 / E3 lead), and
 * a character that holds pos ends the clause at pos. */
static size_t clause_start(const char *t, size_t floor, size_t pos, size_t n) {
  const unsigned char *u = (const unsigned char *)t;
  for (size_t q = pos; q > floor;) {
    q--;
    if (cl_first[u[q]] && is_clause_punct(t, q, n)) {
      size_t after = q + (u[q] < 0x80 ? 1 : 3);
      return after < pos ? after : pos;
    }
  }
  return floor;
}

/* clause_start(text, sent_start, pos, len), remembered for the last pos
 * (the text of a document does not change while its claims are built) */
static size_t clause_start_c(const ct_attr_ctx *c, size_t pos) {
  ct_subj_cache *memo = c->subj_cache;
  if (memo && memo->have_clause && memo->clause_floor == c->sent_start &&
      memo->clause_pos == pos)
    return memo->clause_val;
  size_t r = clause_start(c->text, c->sent_start, pos, c->len);
  if (memo) {
    memo->have_clause = true;
    memo->clause_floor = c->sent_start;
    memo->clause_pos = pos;
    memo->clause_val = r;
  }
  return r;
}

static const word lead_strip[] = {
    W("、"),     W("其中"),     W("其"),       W("的"),     W("在"),
    W("和"),     W("与"),       W("及"),       W("而"),     W("但"),
    W("且"),     W("并"),       W("占"),       W("已"),     W("将"),
    W("据"),     W("截至"),     W("全年"),     W("今年"),   W("去年"),
    W("同期"),   W("当年"),     W("则"),       W("也"),     W("还"),
    W("都"),     W("共"),       W("总共"),     W("合计"),   W("累计"),
    W("对"),     W("佔"),       W("將"),       W("還"),     W("與"),
    W("對"),     W("據"),       W("並"),       W("總共"),   W("合計"),
    W("累計"),   W("全年"),     W("年末"),     W("年底"),   W("上半年"),
    W("下半年"), W("前三季度"), W("一季度"),   W("二季度"), W("三季度"),
    W("四季度"), W("分季度看"), W("截至目前"), {NULL, 0}};
static const word trail_strip[] = {
    W("的"),     W("为"),     W("是"),     W("达到"),   W("达"),
    W("占"),     W("约"),     W("了"),     W("已"),     W("将"),
    W("有"),     W("共"),     W("仅"),     W("只"),     W("还"),
    W("也"),     W("都"),     W("就"),     W("已经"),   W("至"),
    W("到"),     W("增至"),   W("降至"),   W("升至"),   W("攀升至"),
    W("跃升至"), W("中"),     W("里"),     W("上"),     W("方面"),
    W("则"),     W("又"),     W("再"),     W("分别"),   W("在"),
    W("于"),     W("超"),     W("近"),     W("逾"),     W("约为"),
    W("大约"),   W("达到了"), W("突破"),   W("超过"),   W("不足"),
    W("高达"),   W("接近"),   W("以"),     W("按"),     W("和"),
    W("与"),     W("為"),     W("達"),     W("達到"),   W("佔"),
    W("約"),     W("將"),     W("還"),     W("僅"),     W("已經"),
    W("約為"),   W("超過"),   W("高達"),   W("稳定在"), W("穩定在"),
    W("保持在"), W("维持在"), W("維持在"), W("累计"),   W("累計"),
    W("共计"),   W("共計"),   W("合计"),   W("合計"),   W("分别为"),
    W("分別為"), W("提升至"), W("提高至"), W("下降至"), W("增长至"),
    W("增長至"), W("与"),     W("與"),     W("於"),     W("全年"),
    W("降到"),   W("降至"),   W("升到"),   W("增至"),   W("提高到"),
    W("下降到"), W("减少到"), W("減少到"), W("增加到"), W("上升到"),
    W("上升至"), W("可"),     W("可达"),   W("可達"),   W("将达"),
    W("將達"),   W("预计"),   W("預計"),   W("去年"),   W("今年"),
    W("从"),     W("從"),     {NULL, 0}};
static const word generic_metrics[] = {
    W("占比"),   W("比重"),   W("份额"),   W("比例"),   W("占"),
    W("占全球"), W("占全国"), W("占世界"), W("全球"),   W("总量"),
    W("佔比"),   W("佔"),     W("佔全球"), W("佔全國"), {NULL, 0}};

static bool strip_year(const char *t, size_t *s, size_t e) {
  /* 2025年, 2025年前三季度, 1-9月, 前三季度 ... at the start */
  size_t i = *s;
  size_t k = i;
  while (k < e && t[k] >= '0' && t[k] <= '9')
    k++;
  if (k > i && k + 3 <= e &&
      (memcmp(t + k, "年", 3) == 0 || memcmp(t + k, "月", 3) == 0)) {
    *s = k + 3;
    return true;
  }
  return false;
}

static const word adverbs[] = {W("已经"), W("已"), W("将"), W("仍"), W("從"),
                               W("从"),   W("也"), W("还"), W("還"), {NULL, 0}};

/* The noun after a number stops at these (noun_after). */
static const word noun_stop[] = {
    W("都"),   W("要"),   W("是"),   W("为"),   W("在"),   W("将"),   W("已"),
    W("被"),   W("由"),   W("从"),   W("向"),   W("和"),   W("与"),   W("及"),
    W("也"),   W("还"),   W("就"),   W("了"),   W("等"),   W("中"),   W("占"),
    W("达"),   W("约"),   W("比"),   W("左右"), W("以上"), W("以下"), W("以内"),
    W("之间"), W("来自"), W("用于"), {NULL, 0}};

/* cut_after_verbs cuts after the last of these. */
static const word verb_cuts[] = {W("是"), W("等"), W("、"),
                                 W("对"), W("把"), {NULL, 0}};
static const word change_verbs[] = {
    W("增长"), W("增長"), W("下降"), W("增加"),   W("减少"),   W("減少"),
    W("提高"), W("降低"), W("上升"), W("回落"),   W("提升"),   W("下滑"),
    W("增速"), W("增幅"), W("降幅"), W("减少了"), W("增加了"), W("扩大"),
    W("擴大"), W("收窄"), W("上涨"), W("上漲"),   W("下跌"),   W("增"),
    W("降"),   W("涨"),   W("漲"),   W("跌"),     {NULL, 0}};
static const word change_prefixes[] = {
    W("比上年末"),   W("比上年"),     W("较上年末"),   W("较上年"), W("較上年"),
    W("比去年同期"), W("较去年同期"), W("較去年同期"), W("较去年"), W("比去年"),
    W("同比"),       W("环比"),       W("環比"),       W("较"),     W("較"),
    W("比"),         W("分别"),       W("分別"),       W("均"),     W("也"),
    W("则"),         W("又"),         W("再"),         {NULL, 0}};

/* Keys of a word's first / last two bytes (the low bits of its first /
 * last character when that is a three-byte one), and their bucket in a
 * word index (ct_word_index): a text whose bytes give a bucket holds none
 * of the words of the other buckets there. */
static unsigned key_first(const char *b) {
  return (((unsigned)(unsigned char)b[0] & 0x1Fu) << 6) |
         ((unsigned)(unsigned char)b[1] & 0x3Fu);
}
static unsigned key_last(const char *end) {
  return (((unsigned)(unsigned char)end[-2] & 0x3Fu) << 6) |
         ((unsigned)(unsigned char)end[-1] & 0x3Fu);
}
static unsigned wbucket(unsigned key) {
  return (key * 0x9E3779B1u) >> (32 - CT_WIX_BITS);
}

/* Index `list` by the key of each word's first (last) two bytes; left
 * unbuilt (every word is then a candidate) when a word is shorter or the
 * list is too long. */
static void windex_build(ct_word_index *ix, const word *list, bool last) {
  memset(ix, 0, sizeof *ix);
  int n = 0;
  while (list[n].s)
    if (list[n++].n < 2 || n > CT_WIX_WORDS)
      return;
  for (int k = n - 1; k >= 0; k--) { /* pushed in front: list order */
    unsigned b =
        wbucket(last ? key_last(list[k].s + list[k].n) : key_first(list[k].s));
    ix->next[k] = ix->head[b];
    ix->head[b] = (uint8_t)(k + 1);
  }
  ix->ok = true;
}

/* First candidate word of `list` (index, or -1) for the text whose two key
 * bytes start at kb (end at kb, with `last`); kb is NULL when fewer than
 * two bytes are there, so that no indexed word fits. With an index the
 * candidates are the words of the key's bucket, in list order; without
 * one, every word. */
static inline int wfirst(const ct_word_index *ix, const word *list,
                         const char *kb, bool last) {
  if (ix && ix->ok) {
    if (!kb)
      return -1;
    return (int)ix->head[wbucket(last ? key_last(kb) : key_first(kb))] - 1;
  }
  return list[0].s ? 0 : -1;
}
static inline int wnext(const ct_word_index *ix, const word *list, int k) {
  if (ix && ix->ok)
    return (int)ix->next[k] - 1;
  return list[k + 1].s ? k + 1 : -1;
}

/* The word indexes of the memo, built on first use (per document); NULL
 * without a memo (every word of a list is then a candidate). */
static const ct_strip_keys *strip_keys_build(ct_subj_cache *memo,
                                             const ct_attr_ctx *c) {
  ct_strip_keys *f = &memo->strip;
  {
    windex_build(&f->lead, lead_strip, false);
    windex_build(&f->trail, trail_strip, true);
    windex_build(&f->adverb, adverbs, false);
    windex_build(&f->stop, noun_stop, false);
    windex_build(&f->cuts, verb_cuts, false);
    windex_build(&f->chg_prefix, change_prefixes, false);
    windex_build(&f->chg_verb, change_verbs, false);
    windex_build(&f->chg_verb_end, change_verbs, true);
    /* the qualifiers of the pack by their last two bytes */
    const ct_lexicon *q = &c->pack->quals;
    memset(f->qual_head, 0, sizeof f->qual_head);
    f->quals_ok = q->n <= CT_QUAL_WORDS;
    for (size_t k = 0; f->quals_ok && k < q->n; k++)
      if (q->v[k].len < 2)
        f->quals_ok = false;
    for (size_t k = q->n; f->quals_ok && k-- > 0;) {
      unsigned b = wbucket(key_last(q->v[k].surface + q->v[k].len));
      f->qual_next[k] = f->qual_head[b];
      f->qual_head[b] = (uint16_t)(k + 1);
    }
    memo->have_strip = true;
  }
  return f;
}
static inline const ct_strip_keys *strip_keys(const ct_attr_ctx *c) {
  ct_subj_cache *memo = c->subj_cache;
  if (!memo)
    return NULL;
  return memo->have_strip ? &memo->strip : strip_keys_build(memo, c);
}

static void trim_region(const ct_attr_ctx *c, const char *t, size_t *s,
                        size_t *e) {
  const ct_pack *p = c->pack;
  const ct_strip_keys *f = strip_keys(c);
  const ct_word_index *lix = f ? &f->lead : NULL;
  const ct_word_index *tix = f ? &f->trail : NULL;
  const ct_word_index *aix = f ? &f->adverb : NULL;
  bool again = true;
  while (again && *s < *e) {
    again = false;
    while (*s < *e && (t[*s] == ' ' || t[*s] == '-'))
      (*s)++;
    if (strip_year(t, s, *e)) {
      again = true;
      continue;
    }
    for (int k = wfirst(lix, lead_strip, *s + 2 <= *e ? t + *s : NULL, false);
         k >= 0; k = wnext(lix, lead_strip, k)) {
      size_t l = lead_strip[k].n;
      if (*s + l <= *e && t[*s + l - 1] == lead_strip[k].s[l - 1] &&
          memcmp(t + *s, lead_strip[k].s, l) == 0 &&
          !(strcmp(lead_strip[k].s, "其") == 0 && *s + 6 <= *e &&
            (memcmp(t + *s + 3, "他", 3) == 0 ||
             memcmp(t + *s + 3, "余", 3) == 0 ||
             memcmp(t + *s + 3, "它", 3) == 0)) &&
          !(strcmp(lead_strip[k].s, "占") == 0 && *s + 6 <= *e &&
            memcmp(t + *s + 3, "比", 3) == 0)) {
        *s += l;
        again = true;
        break;
      }
    }
    if (again)
      continue;
    const ct_lex_entry *se =
        *s < *e ? lex_prefix_at(&p->subjects, t, *s, *e) : NULL;
    if (se && *s + se->len < *e) {
      *s += se->len;
      again = true;
    }
  }
  again = true;
  while (again && *s < *e) {
    again = false;
    while (*e > *s && (t[*e - 1] == ' ' || t[*e - 1] == '-'))
      (*e)--;
    size_t best = 0;
    for (int k = wfirst(tix, trail_strip, *e >= *s + 2 ? t + *e : NULL, true);
         k >= 0; k = wnext(tix, trail_strip, k)) {
      size_t l = trail_strip[k].n;
      if (l > best && *s + l <= *e && t[*e - 1] == trail_strip[k].s[l - 1] &&
          memcmp(t + *e - l, trail_strip[k].s, l) == 0)
        best = l;
    }
    if (f && f->quals_ok) {
      /* the qualifiers whose last two bytes are the region's (every one
       * has two bytes or more) */
      unsigned q = *e >= *s + 2 ? f->qual_head[wbucket(key_last(t + *e))] : 0;
      for (; q; q = f->qual_next[q - 1]) {
        const ct_lex_entry *qe = &p->quals.v[q - 1];
        size_t l = qe->len;
        if (l > best && *s + l <= *e && t[*e - 1] == qe->surface[l - 1] &&
            memcmp(t + *e - l, qe->surface, l) == 0)
          best = l;
      }
    } else {
      size_t nq = ct_rules_lex_may_end(&p->quals, ct_claim_cp_before(t, *e, *s))
                      ? p->quals.n
                      : 0;
      for (size_t k = 0; k < nq; k++) {
        size_t l = p->quals.v[k].len;
        if (l > best && *s + l <= *e &&
            t[*e - 1] == p->quals.v[k].surface[l - 1] &&
            memcmp(t + *e - l, p->quals.v[k].surface, l) == 0)
          best = l;
      }
    }
    if (!best && *e >= *s + 7 && memcmp(t + *e - 3, "年", 3) == 0) {
      /* a trailing year: 渗透率已从2020年 */
      size_t k = *e - 3;
      while (k > *s && t[k - 1] >= '0' && t[k - 1] <= '9')
        k--;
      if (*e - 3 - k == 4)
        best = *e - k;
    }
    if (best) {
      *e -= best;
      again = true;
    }
  }
  /* the noun phrase ends before an adverb: 渗透率已从 -> 渗透率 (not in
   * its first six bytes) */
  for (size_t i = *s; i < *e;) {
    bool cut = false;
    int k = i >= *s + 6
                ? wfirst(aix, adverbs, i + 2 <= *e ? t + i : NULL, false)
                : -1;
    for (; k >= 0; k = wnext(aix, adverbs, k)) {
      size_t l = adverbs[k].n;
      if (i + l <= *e && t[i + l - 1] == adverbs[k].s[l - 1] &&
          memcmp(t + i, adverbs[k].s, l) == 0)
        cut = true;
    }
    if (cut) {
      *e = i;
      break;
    }
    i += char_len(t + i, *e - i);
  }
}

static void trim_tail_only(const ct_attr_ctx *c, const char *t, size_t s,
                           size_t *e) {
  size_t s2 = s;
  trim_region(c, t, &s2, e);
}

static bool is_generic(const char *t, size_t s, size_t e) {
  if (e <= s)
    return true;
  for (int k = 0; generic_metrics[k].s; k++)
    if (generic_metrics[k].n == e - s &&
        memcmp(t + s, generic_metrics[k].s, e - s) == 0)
      return true;
  return false;
}

/* Keep at most METRIC_MAX_CHARS characters, cutting at an ICU word
 * boundary from the left (the head noun is at the end in Chinese). */
static void cap_metric_calc(const ct_attr_ctx *c, size_t *s, size_t e);

/* cap_metric_calc, remembered for the last region (the claims of a
 * sentence often cut the same one; ICU word breaking is the costly part) */
static void cap_metric(const ct_attr_ctx *c, size_t *s, size_t e) {
  ct_subj_cache *memo = c->subj_cache;
  if (memo && memo->have_cap && memo->cap_s == *s && memo->cap_e == e) {
    *s = memo->cap_val;
    return;
  }
  size_t s0 = *s;
  bool oom_before = c->oom && *c->oom;
  cap_metric_calc(c, s, e);
  if (memo && !(c->oom && *c->oom && !oom_before)) {
    memo->have_cap = true;
    memo->cap_s = s0;
    memo->cap_e = e;
    memo->cap_val = *s;
  }
}

static void cap_metric_calc(const ct_attr_ctx *c, size_t *s, size_t e) {
  size_t n = count_chars(c->text + *s, e - *s);
  if (n <= METRIC_MAX_CHARS)
    return;
  /* p: the leftmost cut that keeps METRIC_MAX_CHARS characters. ICU reads
   * only CAP_CONTEXT characters on either side of it: the dictionary's
   * words around the cut hardly depend on text further away, and word
   * breaking costs by the length it reads. */
  size_t p = *s, from = *s;
  for (size_t k = n; k > METRIC_MAX_CHARS; k--) {
    if (k == METRIC_MAX_CHARS + CAP_CONTEXT)
      from = p;
    p += char_len(c->text + p, e - p);
  }
  size_t to = p;
  for (int k = 0; k < CAP_CONTEXT && to < e; k++)
    to += char_len(c->text + to, e - to);
  size_t *bounds = NULL, nb = 0;
  ct_status ws = c->seg ? ct_seg_words(c->seg, c->text + from, to - from,
                                       &bounds, &nb, NULL)
                        : CT_EINVAL;
  if (ws == CT_ENOMEM && c->oom)
    *c->oom = true; /* not a silently different metric */
  *s = p;           /* no word boundary in range: cut at a character */
  if (ws == CT_OK)
    for (size_t i = 0; i < nb; i++) {
      size_t off = from + bounds[i];
      if (off >= p && off < to) {
        *s = off;
        break;
      }
    }
  ct_free(bounds);
}

static const char *concat(ct_arena *a, const char *x, size_t xl, const char *y,
                          size_t yl) {
  size_t total;
  if (!ct_size_add(xl, yl, &total) || !ct_size_add(total, 1, &total))
    return NULL;
  char *out = ct_arena_alloc(a, total);
  if (!out)
    return NULL;
  memcpy(out, x, xl);
  memcpy(out + xl, y, yl);
  out[xl + yl] = '\0';
  return out;
}

static const char *canonical_metric(const ct_pack *p, const char *t, size_t s,
                                    size_t e) {
  /* a metric alias covering nearly all of the region names it */
  for (size_t i = s; i < e;) {
    const ct_lex_entry *m = lex_prefix_at(&p->metrics, t, i, e);
    if (m && count_chars(t + s, e - s) <= count_chars(m->surface, m->len) + 2)
      return m->canonical;
    i += char_len(t + i, e - i);
  }
  return NULL;
}

static const char *metric_before(const ct_attr_ctx *c, ct_arena *a);

/* The change verb when the whole metric is a change phrase (同比增长,
 * 比上年末提高, 较去年同期下降): "增长" etc.; else NULL. */
static const char *change_word(const ct_attr_ctx *c, const char *m) {
  const ct_strip_keys *f = strip_keys(c);
  const ct_word_index *pix = f ? &f->chg_prefix : NULL;
  const ct_word_index *vix = f ? &f->chg_verb : NULL;
  size_t n = strlen(m);
  bool again = true;
  while (again) {
    again = false;
    for (int k = wfirst(pix, change_prefixes, n >= 2 ? m : NULL, false); k >= 0;
         k = wnext(pix, change_prefixes, k)) {
      size_t l = change_prefixes[k].n;
      if (l < n && memcmp(m, change_prefixes[k].s, l) == 0) {
        m += l;
        n -= l;
        again = true;
        break;
      }
    }
  }
  for (int k = wfirst(vix, change_verbs, n >= 2 ? m : NULL, false); k >= 0;
       k = wnext(vix, change_verbs, k))
    if (change_verbs[k].n == n && memcmp(m, change_verbs[k].s, n) == 0)
      return m;
  return NULL;
}

/* Where a trailing change verb starts in m (居民收入增长 -> 增长), or NULL. */
static const char *change_word_suffix(const ct_attr_ctx *c, const char *m) {
  const ct_strip_keys *f = strip_keys(c);
  const ct_word_index *vix = f ? &f->chg_verb_end : NULL;
  size_t n = strlen(m);
  for (int k = wfirst(vix, change_verbs, n >= 2 ? m + n : NULL, true); k >= 0;
       k = wnext(vix, change_verbs, k)) {
    size_t l = change_verbs[k].n;
    if (n > l && memcmp(m + n - l, change_verbs[k].s, l) == 0)
      return m + n - l;
  }
  return NULL;
}

/* The noun after the number: 第二大[稀土精矿出口国], 三项[具体举措],
 * 85%的[稀土精矿]都要... */
static const char *noun_after(const ct_attr_ctx *c, ct_arena *a) {
  const ct_strip_keys *f = strip_keys(c);
  const ct_word_index *six = f ? &f->stop : NULL;
  const char *t = c->text;
  size_t i = c->num_end, e = c->sent_end;
  if (i + 3 <= e && memcmp(t + i, "的", 3) == 0)
    i += 3;
  size_t s = i;
  size_t nchars = 0;
  while (i < e && nchars < 10) {
    unsigned char ch = (unsigned char)t[i];
    if (ch < 0x80 && !((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')))
      break;
    if (is_clause_punct(t, i, e))
      break;
    bool hit = false;
    for (int k = wfirst(six, noun_stop, i + 2 <= e ? t + i : NULL, false);
         k >= 0; k = wnext(six, noun_stop, k)) {
      size_t l = noun_stop[k].n;
      if (i + l <= e && memcmp(t + i, noun_stop[k].s, l) == 0)
        hit = true;
    }
    if (hit || memcmp(t + i, "、", 3) == 0)
      break;
    i += char_len(t + i, e - i);
    nchars++;
  }
  if (nchars < 2)
    return NULL;
  return ct_arena_strndup(a, t + s, i - s);
}

/* Cut the region after its last 是 / 等 / 、 (可现实是其 -> 其). */
static void cut_after_verbs(const ct_attr_ctx *c, const char *t, size_t *s,
                            size_t e) {
  const ct_strip_keys *f = strip_keys(c);
  const ct_word_index *cix = f ? &f->cuts : NULL;
  size_t best = *s;
  for (size_t i = *s; i < e;) {
    for (int k = wfirst(cix, verb_cuts, i + 2 <= e ? t + i : NULL, false);
         k >= 0; k = wnext(cix, verb_cuts, k)) {
      size_t l = verb_cuts[k].n;
      if (i + l <= e && memcmp(t + i, verb_cuts[k].s, l) == 0 && i + l < e)
        best = i + l;
    }
    i += char_len(t + i, e - i);
  }
  *s = best;
}

const char *ct_claim_metric(const ct_attr_ctx *c, const char *subject,
                            ct_arena *a) {
  (void)subject;
  bool after_first =
      (c->kind == CT_KIND_COUNT) || (c->unit && strcmp(c->unit, "rank") == 0);
  if (after_first) {
    const char *n = noun_after(c, a);
    if (n)
      return n;
    if (c->prev_metric && c->unit && strcmp(c->unit, "rank") == 0)
      return c->prev_metric;
  }
  const char *r = metric_before(c, a);
  if (r && *r && c->prev_metric && !change_word(c, c->prev_metric)) {
    /* 94,350萬人，佔全國人口比重為67.00%: the previous metric's share */
    size_t cs = clause_start_c(c, c->num_start);
    if (c->prev_end > cs && c->prev_end <= c->num_start)
      cs = c->prev_end;
    if (c->num_start - cs >= 3 && (memcmp(c->text + cs, "占", 3) == 0 ||
                                   memcmp(c->text + cs, "佔", 3) == 0)) {
      size_t s = cs, e = c->num_start;
      trim_tail_only(c, c->text, s, &e);
      const char *pm = c->prev_metric;
      size_t pl = strlen(pm);
      const char *pc = change_word_suffix(c, pm);
      if (pc)
        pl = (size_t)(pc - pm);
      /* the base of a previous share: 稀土储量占全球 -> 稀土储量 */
      for (size_t k = 3; k + 3 <= pl; k++)
        if (memcmp(pm + k, "占", 3) == 0 || memcmp(pm + k, "佔", 3) == 0) {
          pl = k;
          break;
        }
      if (e > s)
        return concat(a, pm, pl, c->text + s, e - s);
    }
  }
  if (r && *r) {
    const char *chg = change_word(c, r);
    const char *pm0 = c->prev_metric ? c->prev_metric : c->doc_metric;
    if (chg && pm0) {
      /* 比上年增长 after 居民人均可支配收入43377元: name what changed */
      const char *pm = pm0;
      size_t pl = strlen(pm);
      const char *pc = change_word_suffix(c, pm);
      if (pc)
        pl = (size_t)(pc - pm);
      if (change_word(c, pm))
        return chg;
      return concat(a, pm, pl, chg, strlen(chg));
    }
    if (chg)
      return chg;
    return r;
  }
  return after_first ? NULL : noun_after(c, a);
}

static const char *metric_before(const ct_attr_ctx *c, ct_arena *a) {
  const char *t = c->text;
  size_t end = c->num_start;
  size_t cs = clause_start_c(c, end);
  if (c->prev_end > cs && c->prev_end <= end)
    cs = c->prev_end;
  size_t s = cs, e = end;
  /* the subject inside the clause splits it: metric after, else before */
  subj_hit st, wk;
  scan_subjects(c, cs, end, &st, &wk);
  const subj_hit *h = st.ent ? &st : (wk.ent ? &wk : NULL);
  if (h) {
    size_t as = h->e, ae = end;
    trim_region(c, t, &as, &ae);
    if (ae > as && !is_generic(t, as, ae)) {
      s = as;
      e = ae;
    } else if (ae > as && h->s > cs) {
      size_t bs = cs, be = h->s;
      trim_region(c, t, &bs, &be);
      if (be > bs) {
        s = bs;
        e = be;
      } else {
        s = as;
        e = ae;
      }
    } else {
      s = as;
      e = ae;
    }
  } else {
    trim_region(c, t, &s, &e);
  }
  if (is_generic(t, s, e)) {
    /* 全球稀土冶炼分离产能中,中国占比高达72%: the previous clause names it */
    const char *gen = e > s ? t + s : NULL;
    size_t gl = e > s ? e - s : 0;
    if (gl == 3 && memcmp(gen, "占", 3) == 0)
      gen = "占比", gl = strlen("占比");
    if (cs > c->sent_start) {
      size_t pe = prev_char(t, cs, c->sent_start);
      size_t ps = clause_start(t, c->sent_start, pe, c->len);
      size_t ps2 = ps, pe2 = pe;
      trim_region(c, t, &ps2, &pe2);
      subj_hit st2, wk2;
      scan_subjects(c, ps2, pe2, &st2, &wk2);
      const subj_hit *h2 = st2.ent ? &st2 : (wk2.ent ? &wk2 : NULL);
      if (h2 && h2->e < pe2) {
        ps2 = h2->e;
        trim_region(c, t, &ps2, &pe2);
      }
      if (pe2 > ps2 && !c->prev_metric) {
        cap_metric(c, &ps2, pe2);
        const char *canon = canonical_metric(c->pack, t, ps2, pe2);
        if (canon && !gl)
          return canon;
        return concat(a, t + ps2, pe2 - ps2, gen ? gen : "", gl);
      }
    }
    if (c->prev_metric && change_word_suffix(c, c->prev_metric) && !gl) {
      const char *pm = c->prev_metric;
      return ct_arena_strndup(a, pm, (size_t)(change_word_suffix(c, pm) - pm));
    }
    if (c->prev_metric) {
      if (gl && strstr(c->prev_metric, "占比") == NULL)
        return concat(a, c->prev_metric, strlen(c->prev_metric), "占比",
                      strlen("占比"));
      return c->prev_metric;
    }
    if (gl)
      return ct_arena_strndup(a, gen, gl);
    return NULL;
  }
  cut_after_verbs(c, t, &s, e);
  trim_region(c, t, &s, &e);
  if (e <= s)
    return NULL;
  cap_metric(c, &s, e);
  const char *canon = canonical_metric(c->pack, t, s, e);
  if (canon)
    return canon;
  return ct_arena_strndup(a, t + s, e - s);
}

/* ---- period ---- */

/* Years (19xx/20xx followed by 年 or '-' digit) in t[from..to). */
static bool find_year(const char *t, size_t len, size_t from, size_t to,
                      bool last, size_t *at) {
  bool found = false;
  for (size_t i = from; i + 4 <= to; i++) {
    if (!(t[i] == '1' || t[i] == '2'))
      continue;
    if (i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9')
      continue;
    size_t k = i;
    while (k < to && t[k] >= '0' && t[k] <= '9')
      k++;
    if (k - i != 4) {
      i = k;
      continue;
    }
    int y = atoi(t + i);
    bool ok =
        y >= 1900 && y <= 2099 &&
        ((k + 3 <= len && memcmp(t + k, "年", 3) == 0) ||
         (k + 1 < len && t[k] == '-' && t[k + 1] >= '0' && t[k + 1] <= '9'));
    if (ok) {
      *at = i;
      found = true;
      if (!last)
        return true;
    }
    i = k;
  }
  return found;
}

static bool is_digit_at(const char *t, size_t len, size_t i) {
  return i < len && t[i] >= '0' && t[i] <= '9';
}

/* Is there a year at i as find_year takes it, whatever its range: a run of
 * exactly four digits starting there, 1900..2099, then 年 or '-' digit. */
static bool year_at(const char *t, size_t len, size_t i) {
  if (!(t[i] == '1' || t[i] == '2') || (i > 0 && is_digit_at(t, len, i - 1)))
    return false;
  if (!is_digit_at(t, len, i + 1) || !is_digit_at(t, len, i + 2) ||
      !is_digit_at(t, len, i + 3) || is_digit_at(t, len, i + 4))
    return false;
  int y = (t[i] - '0') * 1000 + (t[i + 1] - '0') * 100 + (t[i + 2] - '0') * 10 +
          (t[i + 3] - '0');
  size_t k = i + 4;
  return y >= 1900 && y <= 2099 &&
         ((k + 3 <= len && memcmp(t + k, "年", 3) == 0) ||
          (k + 1 < len && t[k] == '-' && t[k + 1] >= '0' && t[k + 1] <= '9'));
}

/* Does any of the 8 bytes of t[i..i+8) hold '1' or '2'? */
static bool any12(const char *t, size_t i) {
  uint64_t x;
  memcpy(&x, t + i, 8);
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  uint64_t a = x ^ (ones * '1'), b = x ^ (ones * '2');
  return (((a - ones) & ~a) | ((b - ones) & ~b)) & highs;
}

/* find_year, searching from the end it wants (the last year: back from
 * `to`; the first: on from `from`) and stopping at the first year found;
 * eight bytes at a time over text without a '1' or '2'. A year is a
 * property of its position (year_at) as long as `to` does not cut a run
 * of digits (find_year reads a run only up to `to`); when it does,
 * find_year itself is asked. */
static bool find_year_near(const char *t, size_t len, size_t from, size_t to,
                           bool last, size_t *at) {
  if (to > 0 && is_digit_at(t, len, to - 1) && is_digit_at(t, len, to))
    return find_year(t, len, from, to, last, at);
  if (to < from + 4)
    return false;
  if (last) {
    /* candidates i in [from, to - 4] */
    size_t i = to - 4 + 1;
    while (i > from) {
      if (i >= from + 8 && !any12(t, i - 8)) {
        i -= 8;
        continue;
      }
      i--;
      if ((unsigned char)(t[i] - '1') < 2u && year_at(t, len, i)) {
        *at = i;
        return true;
      }
    }
  } else {
    size_t i = from;
    while (i + 4 <= to) {
      if (i + 8 <= to - 4 + 1 && !any12(t, i)) {
        i += 8;
        continue;
      }
      if ((unsigned char)(t[i] - '1') < 2u && year_at(t, len, i)) {
        *at = i;
        return true;
      }
      i++;
    }
  }
  return false;
}

/* Does `to` cut a run of digits (find_year_near then asks find_year)? */
static bool digits_cut(const char *t, size_t len, size_t to) {
  return to > 0 && is_digit_at(t, len, to - 1) && is_digit_at(t, len, to);
}

/* The last year of [from, to), remembered for the sentence: the claims of
 * a sentence ask with the same `from` and growing `to`, so only the
 * candidates past the previous `to` are new (a candidate i needs
 * i + 4 <= to). */
static bool last_year_c(const ct_attr_ctx *c, size_t from, size_t to,
                        size_t *at) {
  ct_subj_cache *memo = c->subj_cache;
  size_t scan_from = from;
  bool cut = to > 0 && is_digit_at(c->text, c->len, to - 1) &&
             is_digit_at(c->text, c->len, to);
  if (memo && memo->have_ylast && memo->ylast_from == from &&
      memo->ylast_to <= to && !cut)
    scan_from = memo->ylast_to > from + 3 ? memo->ylast_to - 3 : from;
  bool found = find_year_near(c->text, c->len, scan_from, to, true, at);
  if (!found && scan_from != from) {
    found = memo->ylast_found;
    *at = memo->ylast_at;
  }
  if (memo && !cut) {
    memo->have_ylast = true;
    memo->ylast_from = from;
    memo->ylast_to = to;
    memo->ylast_found = found;
    memo->ylast_at = found ? *at : 0;
  }
  return found;
}

/* The first year of [from, to), remembered: with the same `to` and a
 * `from` no earlier than the previous one, the previous answer holds when
 * it is at or after `from` (nothing was between), or when there was none. */
static bool first_year_c(const ct_attr_ctx *c, size_t from, size_t to,
                         size_t *at) {
  ct_subj_cache *memo = c->subj_cache;
  bool cut = to > 0 && is_digit_at(c->text, c->len, to - 1) &&
             is_digit_at(c->text, c->len, to);
  if (memo && memo->have_yfirst && memo->yfirst_to == to &&
      memo->yfirst_from <= from && !cut) {
    if (!memo->yfirst_found)
      return false;
    if (memo->yfirst_at >= from) {
      *at = memo->yfirst_at;
      return true;
    }
  }
  bool found = find_year_near(c->text, c->len, from, to, false, at);
  if (memo && !cut) {
    memo->have_yfirst = true;
    memo->yfirst_from = from;
    memo->yfirst_to = to;
    memo->yfirst_found = found;
    memo->yfirst_at = found ? *at : 0;
  }
  return found;
}

const char *ct_claim_period(const ct_attr_ctx *c, ct_arena *a) {
  size_t at;
  /* earlier in the paragraph, but only LOOKBACK_BYTES back: scanning from
   * the paragraph start for every claim is quadratic in a long paragraph */
  size_t floor =
      c->sent_start > LOOKBACK_BYTES ? c->sent_start - LOOKBACK_BYTES : 0;
  if (floor < c->para_start)
    floor = c->para_start;
  if (last_year_c(c, c->sent_start, c->num_start, &at) ||
      first_year_c(c, c->num_end, c->sent_end, &at))
    return ct_arena_strndup(a, c->text + at, 4);
  /* the look-back is the same for every claim of the sentence */
  ct_subj_cache *memo = c->subj_cache;
  bool found;
  if (memo && memo->have_year && memo->year_from == floor &&
      memo->year_to == c->sent_start) {
    found = memo->year_found;
    at = memo->year_at;
  } else if (memo && memo->have_year && memo->year_from <= floor &&
             memo->year_to <= c->sent_start &&
             !digits_cut(c->text, c->len, memo->year_to) &&
             !digits_cut(c->text, c->len, c->sent_start)) {
    /* the window only moved on (a year is a property of its position when
     * neither end cuts a run of digits): the candidates past the previous
     * window, else the previous year if it is still inside */
    size_t y0 = memo->year_to;
    size_t from = y0 >= floor + 3 ? y0 - 3 : floor;
    found = find_year_near(c->text, c->len, from, c->sent_start, true, &at);
    if (!found && memo->year_found && memo->year_at >= floor) {
      found = true;
      at = memo->year_at;
    }
    memo->year_from = floor;
    memo->year_to = c->sent_start;
    memo->year_found = found;
    memo->year_at = found ? at : 0;
  } else {
    found = find_year_near(c->text, c->len, floor, c->sent_start, true, &at);
    if (memo) {
      memo->have_year = true;
      memo->year_from = floor;
      memo->year_to = c->sent_start;
      memo->year_found = found;
      memo->year_at = found ? at : 0;
    }
  }
  if (found)
    return ct_arena_strndup(a, c->text + at, 4);
  return NULL;
}
