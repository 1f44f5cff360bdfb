/* SPDX-License-Identifier: MIT */
/* Rule matching (rules stage): per-thread PCRE2 match state, the global
 * matching loop over one sentence, and overlap resolution of mentions. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

#define STAGE "rules"
#define DEFAULT_MATCH_LIMIT 1000000u
#define HEAP_LIMIT_KIB 20000u

/* A character of the scan window that opens some rule's lead class. */
typedef struct cand {
  size_t pos;    /* offset in the sentence */
  uint64_t mask; /* rules (index < 64) that may start here */
} cand;

/* The numerals of a sentence: which kinds (bit 1 ASCII digit, bit 2 a
 * Chinese numeral that can start a claim) and where the first starts and
 * the last ends. */
typedef struct numerals {
  unsigned flags;
  size_t first, last;
} numerals;

struct ct_matcher {
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit;
  cand *cands;
  size_t n_cands, cap_cands;
  uint64_t cand_any; /* union of the candidates' masks */
  bool no_lead;      /* tests: every rule runs unfiltered */
  /* per rule of jit_pack: bit 0 its code, bit 1 its anchored twin was JIT
   * compiled, so pcre2_jit_match (the JIT fast path, which skips
   * pcre2_match's argument checks and dispatch) gives the same result */
  unsigned char *jit_ok;
  /* per rule of jit_pack whose jit_ok has bit 2: a code unit that every
   * match contains (PCRE2_INFO_LASTCODEUNIT); no match can start after
   * the last such byte of the window. Points into the jit_ok block. */
  unsigned char *req;
  unsigned char req_bits[32]; /* the distinct required code units */
  unsigned char req_set[256];
  size_t n_req_set;
  size_t last[256]; /* last_bytes() of the current window */
  const ct_pack *jit_pack;
};

static bool jit_compiled(const pcre2_code *code) {
  size_t size = 0;
  return code && pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &size) == 0 &&
         size > 0;
}

/* The code unit PCRE2 records as required in every match of `code`
 * (PCRE2_INFO_LASTCODEUNIT: the rightmost literal code unit of the
 * matched string; lookbehinds do not contribute), or -1. */
static int required_unit(const pcre2_code *code) {
  uint32_t type = 0, unit = 0, opts = 0;
  if (!code || pcre2_pattern_info(code, PCRE2_INFO_LASTCODETYPE, &type) != 0 ||
      type != 1 ||
      pcre2_pattern_info(code, PCRE2_INFO_LASTCODEUNIT, &unit) != 0 ||
      pcre2_pattern_info(code, PCRE2_INFO_ALLOPTIONS, &opts) != 0 ||
      unit > 0xFF)
    return -1;
  /* caseless: the other case of an ASCII letter could stand there */
  if ((opts & PCRE2_CASELESS) &&
      ((unit >= 'A' && unit <= 'Z') || (unit >= 'a' && unit <= 'z')))
    return -1;
  return (int)unit;
}

static bool build_jit_ok(ct_matcher *m, const ct_pack *p) {
  /* one block: jit_ok[0..n) and the required code units req[0..n) */
  size_t n = p->n_rules ? p->n_rules : 1, bytes;
  if (!ct_size_mul(n, 2, &bytes))
    return false;
  m->jit_ok = ct_calloc(bytes, 1);
  if (!m->jit_ok)
    return false;
  m->req = m->jit_ok + n;
  for (size_t i = 0; i < p->n_rules; i++) {
    const ct_rule *r = &p->rules[i];
    unsigned bits =
        (jit_compiled(r->code) ? 1u : 0u) | (jit_compiled(r->acode) ? 2u : 0u);
    int u = required_unit(r->code);
    if (u >= 0 && r->acode && required_unit(r->acode) != u)
      u = -1;
    if (u >= 0) {
      bits |= 4u;
      m->req[i] = (unsigned char)u;
      if (!((m->req_bits[u >> 3] >> (u & 7)) & 1u)) {
        m->req_bits[u >> 3] =
            (unsigned char)(m->req_bits[u >> 3] | (1u << (u & 7)));
        m->req_set[m->n_req_set++] = (unsigned char)u;
      }
    }
    m->jit_ok[i] = (unsigned char)bits;
  }
  m->jit_pack = p;
  return true;
}

/* m->last[b]: index of the last byte b in s[lo..hi) for the required code
 * units b (SIZE_MAX when there is none), in one pass. */
static void last_bytes(ct_matcher *m, const char *s, size_t lo, size_t hi) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t k = 0; k < m->n_req_set; k++)
    m->last[m->req_set[k]] = SIZE_MAX;
  for (size_t i = lo; i < hi; i++)
    if ((m->req_bits[u[i] >> 3] >> (u[i] & 7)) & 1u)
      m->last[u[i]] = i;
}

/* pcre2_match, through the JIT fast path when that is the same: the code
 * (bit `which` of jit_ok) was JIT compiled and no match-time option that
 * JIT cannot handle is set. The fast path skips the UTF check; that is
 * safe here because the subject is ct_norm output, which is repaired to
 * well-formed UTF-8 (and the code is compiled with MATCH_INVALID_UTF). */
static inline int match_at(const ct_matcher *m, const ct_pack *p, size_t ri,
                           unsigned which, const pcre2_code *code,
                           PCRE2_SPTR subj, size_t len, size_t off,
                           uint32_t opts) {
  if (opts == 0 && p == m->jit_pack && (m->jit_ok[ri] & which))
    return pcre2_jit_match(code, subj, len, off, 0, m->md, m->mctx);
  return pcre2_match(code, subj, len, off, opts, m->md, m->mctx);
}

ct_status ct_rules_matcher_new(const ct_pack *p, ct_matcher **out,
                               ct_error *err) {
  *out = NULL;
  ct_matcher *m = ct_calloc(1, sizeof *m);
  if (!m)
    return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  m->md = pcre2_match_data_create(p->max_ncap + 1, NULL);
  m->mctx = pcre2_match_context_create(NULL);
  m->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
  if (!m->md || !m->mctx || !build_jit_ok(m, p)) {
    ct_rules_matcher_free(m);
    return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  }
  pcre2_set_match_limit(m->mctx, DEFAULT_MATCH_LIMIT);
  pcre2_set_depth_limit(m->mctx, DEFAULT_MATCH_LIMIT);
  pcre2_set_heap_limit(m->mctx, HEAP_LIMIT_KIB);
  if (m->jit) /* without it JIT uses the 32 KiB machine-stack default */
    pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
  *out = m;
  return CT_OK;
}

void ct_rules_matcher_free(ct_matcher *m) {
  if (!m)
    return;
  pcre2_match_data_free(m->md);
  pcre2_match_context_free(m->mctx);
  pcre2_jit_stack_free(m->jit);
  ct_free(m->cands);
  ct_free(m->jit_ok);
  ct_free(m);
}

void ct_rules_matcher_set_lead(ct_matcher *m, bool on) { m->no_lead = !on; }

void ct_rules_matcher_set_limit(ct_matcher *m, uint32_t match_limit) {
  pcre2_set_match_limit(m->mctx,
                        match_limit ? match_limit : DEFAULT_MATCH_LIMIT);
}

static bool push(ct_mentions *ms, const ct_mention *x) {
  if (ms->n == ms->cap) {
    size_t ncap = ms->cap ? ms->cap * 2 : 32, bytes;
    if (!ct_size_mul(ncap, sizeof *ms->v, &bytes))
      return false;
    ct_mention *nv = ct_realloc(ms->v, bytes);
    if (!nv)
      return false;
    ms->v = nv;
    ms->cap = ncap;
  }
  ms->v[ms->n++] = *x;
  return true;
}

static bool is_limit_error(int rc) {
  return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
         rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT ||
         rc == PCRE2_ERROR_NOMEMORY;
}

/* Append the match in m->md (rc from pcre2_match) as a mention. */
static ct_status push_match(ct_matcher *m, const ct_rule *r, size_t ri,
                            size_t start, int rc, ct_mentions *out) {
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
  uint32_t npairs = pcre2_get_ovector_count(m->md);
  ct_mention x;
  x.rule = ri;
  x.start = start + ov[0];
  x.end = start + ov[1];
  for (int g = 0; g < CT_G_COUNT; g++) {
    int gn = r->grp[g];
    if (gn > 0 && (uint32_t)gn < npairs && (uint32_t)gn < (uint32_t)rc &&
        ov[2 * gn] != PCRE2_UNSET && ov[2 * gn] <= ov[2 * gn + 1]) {
      x.g[g][0] = (uint32_t)(start + ov[2 * gn]);
      x.g[g][1] = (uint32_t)(start + ov[2 * gn + 1]);
    } else {
      x.g[g][0] = x.g[g][1] = CT_G_UNSET;
    }
  }
  return push(out, &x) ? CT_OK : CT_ENOMEM;
}

/* Global matching of one rule over text[start..end) (the pcre2demo loop:
 * after an empty match retry anchored and non-empty, else step one
 * character). */
static ct_status scan_rule(ct_matcher *m, const ct_pack *p, size_t ri,
                           const char *text, size_t start, size_t end,
                           size_t from, ct_mentions *out, size_t *limit_hits) {
  const ct_rule *r = &p->rules[ri];
  const pcre2_code *code = r->code;
  PCRE2_SPTR subj = (PCRE2_SPTR)(text + start);
  size_t len = end - start, off = from;
  uint32_t opts = 0;
  while (off <= len) {
    int rc = match_at(m, p, ri, 1u, code, subj, len, off, opts);
    if (rc == PCRE2_ERROR_NOMATCH) {
      if (opts == 0)
        break;
      /* step one character past the empty match */
      opts = 0;
      off++;
      while (off < len && (subj[off] & 0xC0) == 0x80)
        off++;
      if (off > len)
        break;
      continue;
    }
    if (rc < 0) {
      if (is_limit_error(rc)) {
        (*limit_hits)++;
        return CT_OK;
      }
      /* other errors (e.g. bad offset) end this rule on this sentence */
      (*limit_hits)++;
      return CT_OK;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    if (ov[0] > ov[1]) /* \K tricks: ignore */
      break;
    if (ov[1] > ov[0]) {
      ct_status st = push_match(m, r, ri, start, rc, out);
      if (st != CT_OK)
        return st;
      off = ov[1];
      opts = 0;
    } else {
      off = ov[1];
      opts = PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED;
    }
  }
  return CT_OK;
}

/* UTF-8 character at u[i..n): its code point, and its length in *l. */
static inline uint32_t decode_at(const unsigned char *u, size_t i, size_t n,
                                 size_t *l) {
  unsigned b = u[i];
  if (b - 0xE1u < 0x0Cu && i + 2 < n) { /* E1..EC: CJK text, tested first */
    unsigned c1 = u[i + 1] ^ 0x80u, c2 = u[i + 2] ^ 0x80u;
    if ((c1 | c2) < 0x40u) {
      /* well-formed three-byte character (no overlong or surrogate form
       * starts with these bytes): what ct_utf8_decode gives */
      *l = 3;
      return ((uint32_t)(b & 0x0F) << 12) | (c1 << 6) | c2;
    }
  }
  if (b < 0x80) {
    *l = 1;
    return b;
  }
  uint32_t cp;
  *l = ct_utf8_decode(u + i, n - i, &cp);
  return cp;
}

/* Bitmap of the numeral code points U+4E00..U+9FFF (the code points of
 * numeral_cps; U+3007 〇 is tested apart). */
static const uint8_t numeral_bits[2624] = {
    [0] = 0x89,    [1] = 0x02,    [4] = 0x10,    [11] = 0x20,   [17] = 0x10,
    [18] = 0x10,   [23] = 0x80,   [27] = 0x80,   [33] = 0x20,   [46] = 0x01,
    [96] = 0x10,   [104] = 0x40,  [109] = 0x2A,  [124] = 0x01,  [168] = 0x0A,
    [169] = 0x04,  [184] = 0x0A,  [283] = 0x08,  [351] = 0x02,  [527] = 0x40,
    [671] = 0x40,  [681] = 0x10,  [750] = 0x01,  [751] = 0x01,  [826] = 0x04,
    [1202] = 0x40, [1295] = 0x40, [1616] = 0x40, [1733] = 0x10, [2006] = 0x08,
    [2022] = 0x01, [2312] = 0x40, [2319] = 0x01, [2334] = 0x40};

bool ct_rules_numeral_cp(uint32_t cp) {
  if (cp == 0x3007)
    return true;
  if (cp < 0x4E00 || cp > 0x9FFF)
    return false;
  uint32_t o = cp - 0x4E00;
  return (numeral_bits[o >> 3] >> (o & 7)) & 1u;
}

static inline uint32_t cp_at(const unsigned char *u, size_t i, size_t len) {
  if (i + 2 >= len || u[i] < 0xE3 || u[i] > 0xE9)
    return 0;
  return ((uint32_t)(u[i] & 0x0F) << 12) | ((uint32_t)(u[i + 1] & 0x3F) << 6) |
         (u[i + 2] & 0x3F);
}

/* A lone 一 (一个, 统一, 一些) is never a claim by itself: only 一 next to
 * another numeral (一万, 十一) or after 第 counts. */
static bool lone_yi_counts(const unsigned char *u, size_t i, size_t len) {
  uint32_t next = cp_at(u, i + 3, len);
  return (next && ct_rules_numeral_cp(next)) ||
         (i >= 3 && cp_at(u, i - 3, len) == 0x7B2C /* 第 */);
}

static inline void numeral_seen(numerals *nu, unsigned flag, size_t s,
                                size_t e) {
  nu->flags |= flag;
  if (nu->first == SIZE_MAX)
    nu->first = s;
  nu->last = e;
}

/* The window in which a rule can match: from WINDOW_BEFORE bytes before
 * the first numeral to WINDOW_AFTER bytes after the last (hedges, units
 * and suffixes fit in these margins), on character boundaries. */
#define WINDOW_BEFORE 36
#define WINDOW_AFTER 96
static void numeral_window(const numerals *nu, const char *s, size_t len,
                           size_t *wlo, size_t *whi) {
  const unsigned char *u = (const unsigned char *)s;
  size_t lo = nu->first > WINDOW_BEFORE ? nu->first - WINDOW_BEFORE : 0;
  while (lo > 0 && (u[lo] & 0xC0) == 0x80)
    lo--;
  size_t hi = nu->last + WINDOW_AFTER < len ? nu->last + WINDOW_AFTER : len;
  while (hi < len && (u[hi] & 0xC0) == 0x80)
    hi++;
  *wlo = lo;
  *whi = hi;
}

/* The numerals of s[0..len), without collecting candidates (the same
 * characters as collect_cands reads). */
static numerals find_numerals(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  numerals nu = {0, SIZE_MAX, 0};
  for (size_t i = 0; i < len;) {
    size_t l;
    uint32_t cp = decode_at(u, i, len, &l);
    if (cp >= '0' && cp <= '9')
      numeral_seen(&nu, 1u, i, i + 1);
    else if (ct_rules_numeral_cp(cp) &&
             (cp != 0x4E00 || lone_yi_counts(u, i, len)))
      numeral_seen(&nu, 2u, i, i + l);
    i += l;
  }
  return nu;
}

unsigned ct_rules_numeral_flags(const char *s, size_t len) {
  return find_numerals(s, len).flags;
}

static bool push_cand(ct_matcher *m, size_t pos, uint64_t mask) {
  if (m->n_cands == m->cap_cands) {
    size_t ncap = m->cap_cands ? m->cap_cands * 2 : 64, bytes;
    if (!ct_size_mul(ncap, sizeof *m->cands, &bytes))
      return false;
    cand *nv = ct_realloc(m->cands, bytes);
    if (!nv)
      return false;
    m->cands = nv;
    m->cap_cands = ncap;
  }
  m->cands[m->n_cands].pos = pos;
  m->cands[m->n_cands].mask = mask;
  m->n_cands++;
  return true;
}

/* One pass over the sentence s[0..len): the characters that open some
 * lead rule's class (not right after a character of its not-after set,
 * right after one of its must-after set when it has one) into m->cands,
 * and the numerals that set the window. One table lookup per character;
 * most characters are nothing to any rule (index 0). */
static bool collect_cands(ct_matcher *m, const ct_pack *p, const char *s,
                          size_t len, numerals *nu) {
  const unsigned char *u = (const unsigned char *)s;
  const ct_pf_table *t = p->pf;
  m->n_cands = 0;
  m->cand_any = 0;
  /* not-after and must-after bits of the character before (none before
   * the sentence: PCRE2 sees the sentence only) */
  uint64_t na = 0, ma = 0;
  for (size_t i = 0; i < len;) {
    size_t l;
    uint32_t cp = decode_at(u, i, len, &l);
    /* the bitmap (in L1) answers for most characters before the table */
    if (cp < 0x10000 && !((t->any[cp >> 3] >> (cp & 7)) & 1u)) {
      na = ma = 0;
      i += l;
      continue;
    }
    const ct_pf_masks *e = ct_pf_lookup(t, cp);
    if (e->numeral == 1)
      numeral_seen(nu, 1u, i, i + 1);
    else if (e->numeral == 2 && (cp != 0x4E00 || lone_yi_counts(u, i, len)))
      numeral_seen(nu, 2u, i, i + l);
    uint64_t mask = e->lead & ~na & (ma | ~t->must_after);
    if (mask) {
      if (!push_cand(m, i, mask))
        return false;
      m->cand_any |= mask;
    }
    na = e->na;
    ma = e->ma;
    i += l;
  }
  return true;
}

/* Which of the rules in `want` (prefiltered, index < 64) can match from
 * s[pos..hi): a match only consumes (and its lookaheads only look at)
 * characters of its rule's alphabet, so a rule with no character of one
 * of its requirements in the run of its alphabet that starts at pos has
 * nothing to find there. The walk stops
 * after WALK_MAX characters (a rule still undecided is tried), which
 * keeps a long run of digits linear. */
#define WALK_MAX 64
static uint64_t prefilter_walk(const ct_pf_table *t, const char *s, size_t pos,
                               size_t hi, uint64_t want) {
  const unsigned char *u = (const unsigned char *)s;
  uint64_t alive = want, sat = 0, sat2 = want & t->one_req;
  size_t i = pos;
  for (int steps = 0; i < hi && (alive & ~(sat & sat2)); steps++) {
    if (steps == WALK_MAX)
      return (sat & sat2) | alive;
    size_t l;
    const ct_pf_masks *e = ct_pf_lookup(t, decode_at(u, i, hi, &l));
    sat |= alive & e->req;
    sat2 |= alive & e->req2;
    alive &= e->alpha;
    i += l;
  }
  return sat & sat2;
}

/* The rules with a lead class (index < 64) in `rules`, tried only at the
 * candidates of the window [lo, hi): one pass over the candidates, each rule's
 * anchored twin tried where its lead class (and prefilter) admit it and no
 * earlier match of the same rule covers the candidate. That finds each rule's
 * leftmost non-overlapping matches, as its unanchored loop would (no
 * match can start elsewhere). An empty match hands the rule over to the
 * unanchored loop. */
static ct_status scan_cands(ct_matcher *m, const ct_pack *p, uint64_t rules,
                            const char *text, size_t start, size_t lo,
                            size_t hi, ct_mentions *out, size_t *limit_hits) {
  PCRE2_SPTR subj = (PCRE2_SPTR)(text + start);
  size_t next[64];      /* where rule r may match again ... */
  uint64_t blocked = 0; /* ... for the rules r whose bit is set here */
  uint64_t filtered = p->pf ? p->pf->filtered : 0;
  for (size_t k = 0; k < m->n_cands && rules; k++) {
    const cand *c = &m->cands[k];
    if (c->pos < lo)
      continue;
    if (c->pos >= hi)
      break;
    uint64_t try = c->mask & rules;
    if (!try)
      continue;
    for (uint64_t b = try & blocked; b; b &= b - 1) {
      unsigned ri = (unsigned)__builtin_ctzll(b);
      if (c->pos < next[ri])
        try &= ~((uint64_t)1 << ri);
      else
        blocked &= ~((uint64_t)1 << ri);
    }
    if (try & filtered)
      try = (try & ~filtered) |
            prefilter_walk(p->pf, text + start, c->pos, hi, try & filtered);
    for (uint64_t b = try; b; b &= b - 1) {
      unsigned ri = (unsigned)__builtin_ctzll(b);
      uint64_t bit = (uint64_t)1 << ri;
      int rc = match_at(m, p, ri, 2u, p->rules[ri].acode, subj, hi, c->pos, 0);
      if (rc == PCRE2_ERROR_NOMATCH)
        continue;
      if (rc < 0) { /* a limit or another error ends this rule here */
        (*limit_hits)++;
        rules &= ~bit;
        continue;
      }
      PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
      if (ov[0] > ov[1]) {
        rules &= ~bit;
        continue;
      }
      if (ov[1] == ov[0]) {
        rules &= ~bit;
        ct_status st = scan_rule(m, p, ri, text, start, start + hi, c->pos, out,
                                 limit_hits);
        if (st != CT_OK)
          return st;
        continue;
      }
      ct_status st = push_match(m, &p->rules[ri], ri, start, rc, out);
      if (st != CT_OK)
        return st;
      next[ri] = ov[1];
      blocked |= bit;
    }
  }
  return CT_OK;
}

ct_status ct_rules_scan(ct_matcher *m, const ct_pack *p, const char *text,
                        size_t start, size_t end, size_t only, ct_mentions *out,
                        size_t *limit_hits) {
  if (end <= start)
    return CT_OK;
  size_t len = end - start, lo = 0, hi = len;
  bool lead = p->any_lead && !m->no_lead;
  numerals nu = {0, SIZE_MAX, 0};
  if (lead) {
    if (!collect_cands(m, p, text + start, len, &nu))
      return CT_ENOMEM;
  } else if (only >= p->n_rules) {
    nu = find_numerals(text + start, len);
  }
  unsigned flags = 3;
  if (only >= p->n_rules) {
    flags = nu.flags;
    if (!flags)
      return CT_OK;
    numeral_window(&nu, text + start, len, &lo, &hi);
  }
  bool have_last = false;
  uint64_t cand_rules = 0;
  const ct_pf_table *t = p->pf;
  if (lead && only >= p->n_rules) {
    /* the rules tried at candidates: those some candidate admits */
    uint64_t skip =
        ((flags & 1u) ? 0 : t->needs_digit) | ((flags & 2u) ? 0 : t->needs_cjk);
    cand_rules = t->lead_rules & m->cand_any & ~skip;
  }
  for (size_t k = 0; k < p->n_rules; k++) {
    size_t i = k;
    if (lead && only >= p->n_rules) { /* only the others here */
      if (k >= t->n_plain)
        break;
      i = t->plain[k];
    } else if (only < p->n_rules && i != only) {
      continue;
    }
    if ((p->rules[i].needs_digit && !(flags & 1u)) ||
        (p->rules[i].needs_cjk && !(flags & 2u)))
      continue;
    if (lead && p->rules[i].acode && i < 64) {
      /* tried at the candidates below; none admits it: no match */
      if ((m->cand_any >> i) & 1u)
        cand_rules |= (uint64_t)1 << i;
      continue;
    }
    /* every match holds the rule's required code unit: none in the
     * window, no match */
    if (p == m->jit_pack && (m->jit_ok[i] & 4u)) {
      if (!have_last) {
        last_bytes(m, text + start, lo, hi);
        have_last = true;
      }
      if (m->last[m->req[i]] == SIZE_MAX)
        continue;
    }
    ct_status st =
        scan_rule(m, p, i, text, start, start + hi, lo, out, limit_hits);
    if (st != CT_OK)
      return st;
  }
  return cand_rules ? scan_cands(m, p, cand_rules, text, start, lo, hi, out,
                                 limit_hits)
                    : CT_OK;
}

static int cmp_start(const void *a, const void *b) {
  const ct_mention *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : (x->end > y->end);
}

void ct_rules_resolve(const ct_pack *p, ct_mentions *ms) {
  if (ms->n == 0)
    return;
  /* Insertion sort: a sentence has few mentions, and the order needs the
   * pack (qsort has no context argument in C11). */
  ct_mention *v = ms->v;
  size_t n = ms->n;
  for (size_t i = 1; i < n; i++) {
    ct_mention t = v[i];
    size_t j = i;
    while (j > 0) {
      const ct_mention *y = &v[j - 1];
      size_t lt = t.end - t.start, ly = y->end - y->start;
      int pt = p->rules[t.rule].priority, py = p->rules[y->rule].priority;
      bool before = lt != ly              ? lt > ly
                    : pt != py            ? pt > py
                    : t.start != y->start ? t.start < y->start
                                          : t.rule < y->rule;
      if (!before)
        break;
      v[j] = v[j - 1];
      j--;
    }
    v[j] = t;
  }
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    bool clash = false;
    for (size_t k = 0; k < kept; k++)
      if (v[i].start < v[k].end && v[k].start < v[i].end) {
        clash = true;
        break;
      }
    if (!clash)
      v[kept++] = v[i];
  }
  size_t out = 0;
  for (size_t i = 0; i < kept; i++)
    if (p->rules[v[i].rule].kind != CT_RULE_KIND_IGNORE)
      v[out++] = v[i];
  ms->n = out;
  if (out > 1)
    qsort(v, out, sizeof *v, cmp_start);
}
