/* SPDX-License-Identifier: MIT */
/* Pattern prefilter (rules stage): what a rule's expanded pattern says
 * about its matches, read once when the pack loads.
 * - Its alphabet: the characters a match can consume, or a lookahead in it
 *   can look at. From a candidate start a match only extends over them.
 * - One or two requirements: sets of which every match holds a character.
 *   When none stands in the alphabet's run from a candidate, the matcher
 *   does not try the rule there.
 * - What a match's first character can be: the lead class of a rule that
 *   writes none (pack.c), and of a lookbehind's content, what its last can
 *   be: the characters one of which must stand before the match.
 * All are over-approximations (wider sets only filter less), and anything
 * this reader does not know (options, verbs, conditionals, \p, '.',
 * negated classes ...) leaves the pattern unfiltered: the filter can skip
 * work, never change a result. The per-character table the matcher looks
 * these up in is built at the end of this file. */
#include <stdlib.h> /* qsort */
#include <string.h>

#include "rules/rules.h"

#define MAX_DEPTH 64
#define MAX_NAMES 16
/* An alphabet wider than this filters nothing worth the lookups. */
#define MAX_ALPHA_CPS 20000u

typedef struct cpset {
  ct_cprange *v;
  size_t n, cap;
} cpset;

/* What a (sub)pattern can consume and must consume. */
typedef struct info {
  cpset alpha;
  cpset req[2];  /* each: every match holds one of these characters */
  int n_req;     /* 0: no requirement known (it may consume nothing) */
  cpset first;   /* what its first consumed character can be */
  cpset last;    /* what its last consumed character can be */
  bool nullable; /* it can consume nothing */
} info;

typedef struct reader {
  ct_arena tmp; /* every set of the analysis: one free at the end */
  const char *p;
  size_t len, i;
  bool bad; /* something not understood: no filter */
  bool oom;
  int depth;
  struct {
    char name[32];
    cpset alpha;
  } names[MAX_NAMES];
  size_t n_names;
  cpset avoid; /* where matches start: a requirement there filters less */
} reader;

/* Sets live in the reader's arena: clearing one only forgets it. */
static void set_clear(cpset *s) {
  s->v = NULL;
  s->n = s->cap = 0;
}

static void info_clear(info *x) {
  set_clear(&x->alpha);
  set_clear(&x->req[0]);
  set_clear(&x->req[1]);
  x->n_req = 0;
  set_clear(&x->first);
  set_clear(&x->last);
}

static bool set_add(reader *r, cpset *s, uint32_t lo, uint32_t hi) {
  if (s->n == s->cap) {
    size_t ncap = s->cap ? s->cap * 2 : 8;
    ct_cprange *nv = ct_arena_alloc(&r->tmp, ncap * sizeof *nv);
    if (!nv) {
      r->oom = true;
      return false;
    }
    if (s->n)
      memcpy(nv, s->v, s->n * sizeof *nv);
    s->v = nv;
    s->cap = ncap;
  }
  s->v[s->n].lo = lo;
  s->v[s->n].hi = hi;
  s->n++;
  return true;
}

static bool set_union(reader *r, cpset *into, const cpset *from) {
  for (size_t k = 0; k < from->n; k++)
    if (!set_add(r, into, from->v[k].lo, from->v[k].hi))
      return false;
  return true;
}

static int cmp_range(const void *a, const void *b) {
  const ct_cprange *x = a, *y = b;
  return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Sort and merge overlapping or adjacent ranges. */
static void set_norm(cpset *s) {
  if (s->n < 2)
    return;
  qsort(s->v, s->n, sizeof *s->v, cmp_range);
  size_t out = 0;
  for (size_t k = 1; k < s->n; k++) {
    if (s->v[k].lo <= s->v[out].hi + 1) {
      if (s->v[k].hi > s->v[out].hi)
        s->v[out].hi = s->v[k].hi;
    } else {
      s->v[++out] = s->v[k];
    }
  }
  s->n = out + 1;
}

static uint64_t set_size(const cpset *s) {
  uint64_t n = 0;
  for (size_t k = 0; k < s->n; k++)
    n += (uint64_t)s->v[k].hi - s->v[k].lo + 1;
  return n;
}

static bool set_meets(const cpset *a, const cpset *b) {
  for (size_t i = 0; i < a->n; i++)
    for (size_t k = 0; k < b->n; k++)
      if (a->v[i].lo <= b->v[k].hi && b->v[k].lo <= a->v[i].hi)
        return true;
  return false;
}

static bool at(const reader *r, const char *s) {
  size_t n = strlen(s);
  return r->i + n <= r->len && memcmp(r->p + r->i, s, n) == 0;
}

static uint32_t next_cp(reader *r) {
  uint32_t cp = 0;
  r->i +=
      ct_utf8_decode((const unsigned char *)r->p + r->i, r->len - r->i, &cp);
  if (cp == 0xFFFD)
    r->bad = true;
  return cp;
}

static bool is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
         (c >= 'a' && c <= 'z');
}

/* An escape after '\\' (r->i at the letter) that stands for characters:
 * adds them to s. 1 done, 0 an assertion (\b \B \A \z \Z \G), -1 not
 * understood (r->bad set). */
static int escape_chars(reader *r, cpset *s) {
  if (r->i >= r->len) {
    r->bad = true;
    return -1;
  }
  unsigned char c = (unsigned char)r->p[r->i];
  if (!is_alnum(c)) { /* escaped punctuation (or a UTF-8 character) */
    uint32_t cp = next_cp(r);
    return set_add(r, s, cp, cp) ? 1 : -1;
  }
  r->i++;
  switch (c) {
  case 'd':
    return set_add(r, s, '0', '9') ? 1 : -1;
  case 's': /* without PCRE2_UCP: ASCII white space */
    return set_add(r, s, '\t', '\r') && set_add(r, s, ' ', ' ') ? 1 : -1;
  case 'w':
    return set_add(r, s, '0', '9') && set_add(r, s, 'A', 'Z') &&
                   set_add(r, s, 'a', 'z') && set_add(r, s, '_', '_')
               ? 1
               : -1;
  case 't':
    return set_add(r, s, '\t', '\t') ? 1 : -1;
  case 'n':
    return set_add(r, s, '\n', '\n') ? 1 : -1;
  case 'r':
    return set_add(r, s, '\r', '\r') ? 1 : -1;
  case 'f':
    return set_add(r, s, '\f', '\f') ? 1 : -1;
  case 'b':
  case 'B':
  case 'A':
  case 'z':
  case 'Z':
  case 'G':
    return 0;
  default:
    r->bad = true;
    return -1;
  }
}

/* A class body after '[' up to its ']' (consumed). */
static void read_class(reader *r, cpset *s) {
  if (r->i < r->len && r->p[r->i] == '^') {
    r->bad = true; /* negated: nearly everything */
    return;
  }
  bool first = true, have_prev = false;
  uint32_t prev = 0;
  while (r->i < r->len && !r->bad && !r->oom) {
    char c = r->p[r->i];
    if (c == ']' && !first) {
      r->i++;
      return;
    }
    first = false;
    if (c == '[') { /* POSIX class */
      r->bad = true;
      return;
    }
    if (c == '-' && have_prev && r->i + 1 < r->len && r->p[r->i + 1] != ']') {
      r->i++;
      if (r->p[r->i] == '\\' || r->p[r->i] == '[') {
        r->bad = true;
        return;
      }
      uint32_t hi = next_cp(r);
      if (hi < prev) {
        r->bad = true;
        return;
      }
      set_add(r, s, prev, hi);
      have_prev = false;
      continue;
    }
    if (c == '\\') {
      r->i++;
      size_t before = s->n;
      if (escape_chars(r, s) != 1) {
        r->bad = true;
        return;
      }
      /* a single character can open a range */
      have_prev = s->n == before + 1 && s->v[before].lo == s->v[before].hi;
      prev = have_prev ? s->v[before].lo : 0;
      continue;
    }
    uint32_t cp = next_cp(r);
    set_add(r, s, cp, cp);
    prev = cp;
    have_prev = true;
  }
  r->bad = true; /* unterminated */
}

static void read_alt(reader *r, info *out);

/* A quantifier after an atom: *min (0 or more) and r->i past it; false
 * when there is none. */
static bool read_quant(reader *r, unsigned *min) {
  if (r->i >= r->len)
    return false;
  char c = r->p[r->i];
  if (c == '?' || c == '*') {
    *min = 0;
    r->i++;
  } else if (c == '+') {
    *min = 1;
    r->i++;
  } else if (c == '{') {
    size_t k = r->i + 1;
    unsigned n = 0;
    bool digits = false;
    while (k < r->len && r->p[k] >= '0' && r->p[k] <= '9') {
      n = n * 10 + (unsigned)(r->p[k] - '0');
      if (n > 100000)
        n = 100000;
      k++;
      digits = true;
    }
    if (!digits)
      return false; /* a literal '{' */
    if (k < r->len && r->p[k] == ',') {
      k++;
      while (k < r->len && r->p[k] >= '0' && r->p[k] <= '9')
        k++;
    }
    if (k >= r->len || r->p[k] != '}')
      return false;
    *min = n;
    r->i = k + 1;
  } else {
    return false;
  }
  if (r->i < r->len && (r->p[r->i] == '+' || r->p[r->i] == '?'))
    r->i++; /* possessive or lazy: the same characters */
  return true;
}

static cpset *name_alpha(reader *r, const char *name, size_t n) {
  for (size_t k = 0; k < r->n_names; k++)
    if (strlen(r->names[k].name) == n && memcmp(r->names[k].name, name, n) == 0)
      return &r->names[k].alpha;
  return NULL;
}

/* Past the ')' that closes the group whose body starts at r->i, without
 * reading it (escapes and classes skipped); bad when unbalanced. */
static void skip_group(reader *r) {
  int depth = 1;
  while (r->i < r->len) {
    char c = r->p[r->i];
    if (c == '\\') {
      r->i += 2;
      continue;
    }
    if (c == '[') { /* to the class's ']' (a ']' first is a member) */
      size_t k = r->i + 1;
      if (k < r->len && r->p[k] == '^')
        k++;
      if (k < r->len && r->p[k] == ']')
        k++;
      while (k < r->len && r->p[k] != ']') {
        if (r->p[k] == '[' && k + 1 < r->len && r->p[k + 1] == ':') {
          r->bad = true; /* POSIX class: not followed */
          return;
        }
        k += r->p[k] == '\\' ? 2 : 1;
      }
      r->i = k + 1;
      continue;
    }
    r->i++;
    if (c == '(')
      depth++;
    else if (c == ')' && --depth == 0)
      return;
  }
  r->bad = true;
}

/* A group after its '(' : lookarounds consume nothing; other groups are
 * their contents. Named groups remember their alphabet for \k<name>. */
static void read_group(reader *r, info *out) {
  const char *name = NULL;
  size_t name_len = 0;
  bool look = false, ahead = false;
  if (at(r, "?:") || at(r, "?>") || at(r, "?|")) {
    r->i += 2;
  } else if (at(r, "?=")) {
    r->i += 2;
    ahead = true;
  } else if (at(r, "?!")) {
    r->i += 2;
    look = true;
  } else if (at(r, "?<=") || at(r, "?<!")) {
    r->i += 3;
    look = true;
  } else if (at(r, "?<") || at(r, "?P<") || at(r, "?'")) {
    r->i += at(r, "?P<") ? 3 : 2;
    name = r->p + r->i;
    while (r->i < r->len && r->p[r->i] != '>' && r->p[r->i] != '\'')
      r->i++;
    name_len = (size_t)(r->p + r->i - name);
    r->i++;
  } else if (r->i < r->len && (r->p[r->i] == '?' || r->p[r->i] == '*')) {
    r->bad = true; /* options, verbs, conditionals, recursion */
    return;
  }
  if (look) { /* constrains nothing the walk from the start sees */
    skip_group(r);
    out->nullable = true;
    return;
  }
  info inner;
  memset(&inner, 0, sizeof inner);
  read_alt(r, &inner);
  if (r->i >= r->len || r->p[r->i] != ')')
    r->bad = true;
  r->i++;
  if (ahead) {
    /* consumes nothing, but what it looks at runs on from where it
     * stands, inside or right after the match: its characters and
     * requirements count for the walk from the start (matcher) */
    set_clear(&inner.first);
    set_clear(&inner.last);
    inner.nullable = true;
    *out = inner;
    return;
  }
  if (name && name_len < sizeof r->names[0].name && r->n_names < MAX_NAMES) {
    memcpy(r->names[r->n_names].name, name, name_len);
    r->names[r->n_names].name[name_len] = '\0';
    memset(&r->names[r->n_names].alpha, 0, sizeof(cpset));
    set_union(r, &r->names[r->n_names].alpha, &inner.alpha);
    r->n_names++;
  }
  *out = inner;
}

/* One atom (no quantifier); false at the end of a sequence. */
static bool read_atom(reader *r, info *out) {
  memset(out, 0, sizeof *out);
  if (r->i >= r->len || r->p[r->i] == '|' || r->p[r->i] == ')')
    return false;
  char c = r->p[r->i];
  if (c == '(') {
    r->i++;
    if (++r->depth > MAX_DEPTH) {
      r->bad = true;
      return false;
    }
    read_group(r, out);
    r->depth--;
    return true;
  }
  if (c == '^' || c == '$') {
    r->i++;
    out->nullable = true;
    return true;
  }
  if (c == '.') {
    r->bad = true;
    return false;
  }
  if (c == '[') {
    r->i++;
    read_class(r, &out->alpha);
  } else if (c == '\\') {
    r->i++;
    if (at(r, "k<") || at(r, "k{") || at(r, "k'")) {
      r->i += 2;
      const char *name = r->p + r->i;
      while (r->i < r->len && r->p[r->i] != '>' && r->p[r->i] != '}' &&
             r->p[r->i] != '\'')
        r->i++;
      cpset *a = name_alpha(r, name, (size_t)(r->p + r->i - name));
      r->i++;
      if (!a) {
        r->bad = true;
        return false;
      }
      set_union(r, &out->alpha, a);
      set_union(r, &out->first, a);
      set_union(r, &out->last, a);
      out->nullable = true; /* the group may have matched nothing */
      return true;
    }
    int e = escape_chars(r, &out->alpha);
    if (e < 0)
      return false;
    if (e == 0) {
      out->nullable = true;
      return true;
    }
  } else {
    uint32_t cp = next_cp(r);
    set_add(r, &out->alpha, cp, cp);
  }
  set_union(r, &out->req[0], &out->alpha);
  out->n_req = 1;
  set_union(r, &out->first, &out->alpha);
  set_union(r, &out->last, &out->alpha);
  return true;
}

/* Is requirement a better filter than b? One that the characters where
 * matches start cannot satisfy (a rule that starts at a digit and
 * requires a digit filters nothing), then the smaller, then one that the
 * sequence's first character cannot satisfy (吨 of 万吨). */
static bool better_req(const reader *r, const cpset *a, const cpset *b,
                       const cpset *first) {
  bool am = set_meets(a, &r->avoid), bm = set_meets(b, &r->avoid);
  if (am != bm)
    return !am;
  uint64_t as = set_size(a), bs = set_size(b);
  if (as != bs)
    return as < bs;
  return !set_meets(a, first) && set_meets(b, first);
}

/* A sequence of quantified atoms: the two best requirements of its
 * atoms. */
static void read_seq(reader *r, info *out) {
  memset(out, 0, sizeof *out);
  out->nullable = true;
  /* requirements of the atoms, kept until the sequence's first set is
   * known */
  cpset reqs[64];
  size_t n_reqs = 0;
  info a;
  while (!r->bad && !r->oom && read_atom(r, &a)) {
    unsigned min = 1;
    if (read_quant(r, &min) && min == 0) {
      a.n_req = 0;
      a.nullable = true;
    }
    set_union(r, &out->alpha, &a.alpha);
    if (out->nullable)
      set_union(r, &out->first, &a.first);
    if (!a.nullable)
      set_clear(&out->last); /* what came before cannot end the match */
    set_union(r, &out->last, &a.last);
    out->nullable = out->nullable && a.nullable;
    for (int k = 0; k < a.n_req; k++) {
      if (n_reqs == 64) {
        r->bad = true;
        break;
      }
      reqs[n_reqs++] = a.req[k];
    }
    info_clear(&a);
  }
  set_norm(&out->first);
  set_norm(&out->last);
  size_t best[2] = {SIZE_MAX, SIZE_MAX};
  for (size_t k = 0; k < n_reqs; k++) {
    set_norm(&reqs[k]);
    if (best[0] == SIZE_MAX ||
        better_req(r, &reqs[k], &reqs[best[0]], &out->first))
      best[0] = k;
  }
  /* the second: one that shares no character with the first (two
   * lookalike requirements filter little more than one), then the best */
  for (size_t k = 0; k < n_reqs; k++) {
    if (k == best[0])
      continue;
    if (best[1] == SIZE_MAX) {
      best[1] = k;
      continue;
    }
    bool km = set_meets(&reqs[k], &reqs[best[0]]);
    bool bm = set_meets(&reqs[best[1]], &reqs[best[0]]);
    if (km != bm ? !km : better_req(r, &reqs[k], &reqs[best[1]], &out->first))
      best[1] = k;
  }
  for (int k = 0; k < 2 && best[k] != SIZE_MAX; k++)
    out->req[out->n_req++] = reqs[best[k]];
}

/* Alternatives: every branch's characters; as many requirements as every
 * branch has, each the union of the branches' ones. */
static void read_alt(reader *r, info *out) {
  read_seq(r, out);
  while (!r->bad && !r->oom && r->i < r->len && r->p[r->i] == '|') {
    r->i++;
    info b;
    read_seq(r, &b);
    set_union(r, &out->alpha, &b.alpha);
    set_union(r, &out->first, &b.first);
    set_union(r, &out->last, &b.last);
    out->nullable = out->nullable || b.nullable;
    if (b.n_req < out->n_req)
      out->n_req = b.n_req;
    for (int k = 0; k < out->n_req; k++)
      set_union(r, &out->req[k], &b.req[k]);
    info_clear(&b);
  }
  set_norm(&out->alpha);
  set_norm(&out->first);
  set_norm(&out->last);
  for (int k = 0; k < out->n_req; k++)
    set_norm(&out->req[k]);
  for (int k = out->n_req; k < 2; k++)
    set_clear(&out->req[k]);
}

/* Copy a set into the arena that outlives the analysis. */
static bool keep_set(ct_arena *keep, const cpset *s, ct_cprange **v,
                     size_t *n) {
  *v = ct_arena_alloc(keep, (s->n ? s->n : 1) * sizeof **v);
  if (!*v)
    return false;
  if (s->n)
    memcpy(*v, s->v, s->n * sizeof **v);
  *n = s->n;
  return true;
}

ct_status ct_prefilter_analyse(const char *pat, size_t len,
                               const uint32_t *starts, size_t n_starts,
                               ct_arena *keep, ct_prefilter *out) {
  memset(out, 0, sizeof *out);
  reader r;
  memset(&r, 0, sizeof r);
  ct_arena_init(&r.tmp);
  r.p = pat;
  r.len = len;
  for (size_t k = 0; k < n_starts; k++)
    set_add(&r, &r.avoid, starts[k], starts[k]);
  set_norm(&r.avoid);
  info x;
  memset(&x, 0, sizeof x);
  if (!r.oom)
    read_alt(&r, &x);
  if (r.i < r.len) /* an unbalanced ')' */
    r.bad = true;
  ct_status st = r.oom ? CT_ENOMEM : CT_OK;
  /* no filter when something was not understood, nothing is required,
   * or the alphabet is too wide to filter */
  if (!r.oom && !r.bad && x.n_req && set_size(&x.alpha) <= MAX_ALPHA_CPS) {
    if (!keep_set(keep, &x.alpha, &out->alpha, &out->n_alpha) ||
        !keep_set(keep, &x.req[0], &out->req, &out->n_req) ||
        (x.n_req > 1 && !keep_set(keep, &x.req[1], &out->req2, &out->n_req2)))
      st = CT_ENOMEM;
  }
  if (st == CT_OK && !r.oom && !r.bad && !x.nullable &&
      !keep_set(keep, &x.first, &out->first, &out->n_first))
    st = CT_ENOMEM;
  if (st != CT_OK)
    memset(out, 0, sizeof *out);
  ct_arena_release(&r.tmp);
  return st;
}

ct_status ct_prefilter_last(const char *pat, size_t len, ct_arena *keep,
                            ct_cprange **v, size_t *n) {
  *v = NULL;
  *n = 0;
  reader r;
  memset(&r, 0, sizeof r);
  ct_arena_init(&r.tmp);
  r.p = pat;
  r.len = len;
  info x;
  memset(&x, 0, sizeof x);
  read_alt(&r, &x);
  if (r.i < r.len)
    r.bad = true;
  ct_status st = r.oom ? CT_ENOMEM : CT_OK;
  if (!r.oom && !r.bad && !x.nullable && !keep_set(keep, &x.last, v, n))
    st = CT_ENOMEM;
  ct_arena_release(&r.tmp);
  return st;
}

/* ---- the per-character table of the matcher ---- */

#define BMP 0x10000u

/* Index of a mask set in t->masks (added when new); SIZE_MAX when out of
 * memory or the hash is half full. Open addressing keeps the build
 * linear. */
typedef struct pair_index {
  uint32_t *slot; /* index + 1 into masks; 0 empty */
  size_t cap;
} pair_index;

static bool masks_empty(const ct_pf_masks *d) {
  return !(d->lead | d->na | d->ma | d->alpha | d->req | d->req2) &&
         !d->numeral;
}

static size_t pair_slot(ct_pf_table *t, pair_index *h, const ct_pf_masks *d,
                        size_t *cap_masks) {
  uint64_t key = (d->alpha * 0x9E3779B97F4A7C15u) ^
                 ((d->req + d->lead) * 0x632BE59BD9B4E019u) ^ d->na ^
                 (d->req2 << 7) ^ (d->ma << 13) ^ d->numeral;
  size_t i = (size_t)(key >> 20) & (h->cap - 1);
  for (;; i = (i + 1) & (h->cap - 1)) {
    uint32_t s = h->slot[i];
    if (!s)
      break;
    if (memcmp(&t->masks[s - 1], d, sizeof *d) == 0)
      return s - 1;
  }
  if (t->n_masks + 1 >= h->cap / 2)
    return SIZE_MAX;
  if (t->n_masks == *cap_masks) {
    ct_pf_masks *nv = ct_realloc(t->masks, 2 * *cap_masks * sizeof *nv);
    if (!nv)
      return SIZE_MAX;
    t->masks = nv;
    *cap_masks *= 2;
  }
  t->masks[t->n_masks] = *d;
  h->slot[i] = (uint32_t)(++t->n_masks);
  return t->n_masks - 1;
}

ct_status ct_prefilter_table_build(const ct_rule *rules, size_t n_rules,
                                   ct_pf_table **out) {
  *out = NULL;
  ct_pf_table *t = ct_calloc(1, sizeof *t);
  ct_pf_masks *dense = ct_calloc(BMP, sizeof *dense);
  pair_index h = {ct_calloc(65536, sizeof(uint32_t)), 65536};
  size_t cap_masks = 256;
  if (t)
    t->masks = ct_calloc(cap_masks, sizeof *t->masks);
  if (!t || !dense || !h.slot || !t->masks)
    goto oom;
  t->plain = ct_calloc(n_rules ? n_rules : 1, sizeof *t->plain);
  if (!t->plain)
    goto oom;
  for (size_t r = 0; r < n_rules; r++)
    if (r >= 64 || !rules[r].acode)
      t->plain[t->n_plain++] = r;
  for (size_t r = 0; r < n_rules && r < 64; r++) {
    const ct_rule *ru = &rules[r];
    const ct_prefilter *pf = &ru->pf;
    uint64_t bit = (uint64_t)1 << r;
    if (ru->needs_digit)
      t->needs_digit |= bit;
    if (ru->needs_cjk)
      t->needs_cjk |= bit;
    if (ru->acode) {
      t->lead_rules |= bit;
      for (size_t k = 0; k < ru->n_lead; k++)
        dense[ru->lead_cps[k]].lead |= bit; /* BMP only (pack.c) */
      for (size_t k = 0; k < ru->n_not_after; k++)
        if (ru->not_after[k] < BMP)
          dense[ru->not_after[k]].na |= bit;
      if (ru->must_after)
        t->must_after |= bit;
      for (size_t k = 0; k < ru->n_must_after; k++)
        for (uint32_t cp = ru->must_after[k].lo; cp <= ru->must_after[k].hi;
             cp++) {
          /* above the BMP: the shared entry, which then admits them all */
          (cp < BMP ? &dense[cp] : &t->astral)->ma |= bit;
          if (cp >= BMP)
            break;
        }
    }
    if (!pf->alpha)
      continue;
    t->filtered |= bit;
    if (!pf->req2)
      t->one_req |= bit;
    for (int which = 0; which < 3; which++) {
      const ct_cprange *v = which == 0   ? pf->alpha
                            : which == 1 ? pf->req
                                         : pf->req2;
      size_t n = which == 0 ? pf->n_alpha : which == 1 ? pf->n_req : pf->n_req2;
      for (size_t k = 0; v && k < n; k++) {
        for (uint32_t cp = v[k].lo; cp <= v[k].hi; cp++) {
          /* above the BMP: one shared entry */
          ct_pf_masks *d = cp < BMP ? &dense[cp] : &t->astral;
          uint64_t *f = which == 0   ? &d->alpha
                        : which == 1 ? &d->req
                                     : &d->req2;
          *f |= bit;
          if (cp >= BMP)
            break;
        }
      }
    }
  }
  for (uint32_t cp = '0'; cp <= '9'; cp++)
    dense[cp].numeral = 1;
  for (uint32_t cp = 0x3000; cp < BMP; cp++)
    if (ct_rules_numeral_cp(cp))
      dense[cp].numeral = 2;
  for (uint32_t cp = 0; cp < BMP; cp++)
    if (dense[cp].numeral)
      t->numerals[cp >> 3] |= (uint8_t)(1u << (cp & 7));
  /* masks[0] is the empty set; blocks of 256 code points that are all
   * empty share block 0 */
  bool used[256];
  size_t n_blocks = 1;
  for (uint32_t hi = 0; hi < 256; hi++) {
    used[hi] = false;
    for (uint32_t lo = 0; lo < 256 && !used[hi]; lo++)
      used[hi] = !masks_empty(&dense[hi << 8 | lo]);
    n_blocks += used[hi];
  }
  t->n_masks = 1;
  t->idx = ct_calloc(n_blocks * 256, sizeof *t->idx);
  if (!t->idx)
    goto oom;
  n_blocks = 1;
  for (uint32_t hi = 0; hi < 256; hi++) {
    if (!used[hi])
      continue;
    uint16_t *blk = t->idx + n_blocks * 256;
    for (uint32_t lo = 0; lo < 256; lo++) {
      const ct_pf_masks *d = &dense[hi << 8 | lo];
      size_t s = masks_empty(d) ? 0 : pair_slot(t, &h, d, &cap_masks);
      if (d->lead | d->na | d->ma || d->numeral)
        t->any[(hi << 8 | lo) >> 3] |= (uint8_t)(1u << (lo & 7));
      if (s == SIZE_MAX)
        goto oom; /* or more than 32767 distinct mask sets: not with the
                     lexicon sizes packs have */
      blk[lo] = (uint16_t)s;
    }
    t->block[hi] = (uint16_t)n_blocks++;
  }
  ct_free(dense);
  ct_free(h.slot);
  *out = t;
  return CT_OK;
oom:
  ct_free(dense);
  ct_free(h.slot);
  ct_prefilter_table_free(t);
  return CT_ENOMEM;
}

void ct_prefilter_table_free(ct_pf_table *t) {
  if (!t)
    return;
  ct_free(t->idx);
  ct_free(t->masks);
  ct_free(t->plain);
  ct_free(t);
}
