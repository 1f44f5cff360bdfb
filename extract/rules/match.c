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
  uint32_t cp;   /* the character there */
  uint32_t pcp;  /* the character before it; UINT32_MAX at the start */
  uint64_t mask; /* rules (index < 64) that may start here */
} cand;

/* Per code point of any lead class or not-after set: bit r set when it is
 * in rule r's lead class (lead) / not-after set (na); rules 0..63. */
typedef struct lead_ent {
  uint32_t cp;
  uint64_t lead, na;
} lead_ent;

struct ct_matcher {
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  pcre2_jit_stack *jit;
  cand *cands;
  size_t n_cands, cap_cands;
  uint64_t cand_any; /* union of the candidates' masks */
  bool no_lead;      /* tests: every rule runs unfiltered */
  lead_ent *tab;     /* sorted by cp */
  size_t ntab;
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

static int cmp_ent(const void *a, const void *b) {
  uint32_t x = ((const lead_ent *)a)->cp, y = ((const lead_ent *)b)->cp;
  return x < y ? -1 : x > y;
}

/* Build m->tab from the pack's rules; false when out of memory. */
static bool build_tab(ct_matcher *m, const ct_pack *p) {
  size_t n = 0;
  for (size_t r = 0; r < p->n_rules && r < 64; r++)
    if (p->rules[r].acode)
      n += p->rules[r].n_lead + p->rules[r].n_not_after;
  if (!n)
    return true;
  size_t bytes;
  if (!ct_size_mul(n, sizeof *m->tab, &bytes))
    return false;
  m->tab = ct_malloc(bytes);
  if (!m->tab)
    return false;
  size_t k = 0;
  for (size_t r = 0; r < p->n_rules && r < 64; r++) {
    const ct_rule *ru = &p->rules[r];
    if (!ru->acode)
      continue;
    for (size_t i = 0; i < ru->n_lead; i++)
      m->tab[k++] = (lead_ent){ru->lead_cps[i], (uint64_t)1 << r, 0};
    for (size_t i = 0; i < ru->n_not_after; i++)
      m->tab[k++] = (lead_ent){ru->not_after[i], 0, (uint64_t)1 << r};
  }
  qsort(m->tab, k, sizeof *m->tab, cmp_ent);
  size_t out = 0;
  for (size_t i = 0; i < k; i++) {
    if (out && m->tab[out - 1].cp == m->tab[i].cp) {
      m->tab[out - 1].lead |= m->tab[i].lead;
      m->tab[out - 1].na |= m->tab[i].na;
    } else {
      m->tab[out++] = m->tab[i];
    }
  }
  m->ntab = out;
  return true;
}

static const lead_ent *tab_find(const ct_matcher *m, uint32_t cp) {
  size_t lo = 0, hi = m->ntab;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->tab[mid].cp < cp)
      lo = mid + 1;
    else if (m->tab[mid].cp > cp)
      hi = mid;
    else
      return &m->tab[mid];
  }
  return NULL;
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
  if (!m->md || !m->mctx || !build_tab(m, p) || !build_jit_ok(m, p)) {
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
  ct_free(m->tab);
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
      x.g[g][0] = start + ov[2 * gn];
      x.g[g][1] = start + ov[2 * gn + 1];
    } else {
      x.g[g][0] = x.g[g][1] = SIZE_MAX;
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

static unsigned numeral_window(const char *s, size_t len, size_t *wlo,
                               size_t *whi);

static bool in_set(const uint32_t *v, size_t n, uint32_t cp) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v[mid] < cp)
      lo = mid + 1;
    else if (v[mid] > cp)
      hi = mid;
    else
      return true;
  }
  return false;
}

/* The characters of s[lo..hi) that open some rule's lead class, into
 * m->cands. False on allocation failure. */
static bool collect_cands(ct_matcher *m, const ct_pack *p, const char *s,
                          size_t lo, size_t hi) {
  const unsigned char *u = (const unsigned char *)s;
  m->n_cands = 0;
  m->cand_any = 0;
  uint32_t pcp = UINT32_MAX; /* the character before s[i] */
  if (lo > 0) {
    size_t k = lo - 1;
    while (k > 0 && (u[k] & 0xC0) == 0x80)
      k--;
    ct_utf8_decode(u + k, lo - k, &pcp);
  }
  for (size_t i = lo; i < hi;) {
    uint32_t cp;
    size_t l = 1;
    if (u[i] < 0x80)
      cp = u[i];
    else if (u[i] >= 0xE1 && u[i] <= 0xEC && i + 2 < hi &&
             (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
      /* well-formed three-byte character (no overlong or surrogate
       * form starts with these bytes): what ct_utf8_decode gives */
      cp = ((uint32_t)(u[i] & 0x0F) << 12) |
           ((uint32_t)(u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3Fu);
      l = 3;
    } else
      l = ct_utf8_decode(u + i, hi - i, &cp);
    if (cp <= 0xFFFF && ((p->lead_bits[cp >> 3] >> (cp & 7)) & 1u)) {
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
      m->cands[m->n_cands].pos = i;
      m->cands[m->n_cands].cp = cp;
      m->cands[m->n_cands].pcp = pcp;
      const lead_ent *le = tab_find(m, cp);
      uint64_t mask = le ? le->lead : 0;
      if (mask && pcp != UINT32_MAX) {
        const lead_ent *pe = tab_find(m, pcp);
        if (pe)
          mask &= ~pe->na;
      }
      m->cands[m->n_cands].mask = mask;
      m->cand_any |= mask;
      m->n_cands++;
    }
    pcp = cp;
    i += l;
  }
  return true;
}

/* scan_rule for a rule with a lead class: the anchored twin is tried only
 * at the window's characters of that class, in order, which finds the
 * same leftmost matches as the unanchored loop (no match can start
 * elsewhere). An empty match hands over to the unanchored loop. */
static ct_status scan_rule_lead(ct_matcher *m, const ct_pack *p, size_t ri,
                                const char *text, size_t start, size_t end,
                                size_t from, size_t last, ct_mentions *out,
                                size_t *limit_hits) {
  const ct_rule *r = &p->rules[ri];
  PCRE2_SPTR subj = (PCRE2_SPTR)(text + start);
  size_t len = end - start, off = from;
  for (size_t k = 0; k < m->n_cands; k++) {
    const cand *c = &m->cands[k];
    if (c->pos < off)
      continue;
    if (c->pos > last) /* the required code unit is not ahead */
      break;
    if (ri < 64 ? !((c->mask >> ri) & 1u)
                : (!in_set(r->lead_cps, r->n_lead, c->cp) ||
                   (c->pcp != UINT32_MAX &&
                    in_set(r->not_after, r->n_not_after, c->pcp))))
      continue;
    int rc = match_at(m, p, ri, 2u, r->acode, subj, len, c->pos, 0);
    if (rc == PCRE2_ERROR_NOMATCH)
      continue;
    if (rc < 0) { /* a limit or another error ends this rule here */
      (*limit_hits)++;
      return CT_OK;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    if (ov[0] > ov[1])
      return CT_OK;
    if (ov[1] == ov[0])
      return scan_rule(m, p, ri, text, start, end, c->pos, out, limit_hits);
    ct_status st = push_match(m, r, ri, start, rc, out);
    if (st != CT_OK)
      return st;
    off = ov[1];
  }
  return CT_OK;
}

ct_status ct_rules_scan(ct_matcher *m, const ct_pack *p, const char *text,
                        size_t start, size_t end, size_t only, ct_mentions *out,
                        size_t *limit_hits) {
  if (end <= start)
    return CT_OK;
  size_t lo = 0, hi = end - start;
  unsigned flags = only < p->n_rules
                       ? (unsigned)3
                       : numeral_window(text + start, end - start, &lo, &hi);
  if (!flags)
    return CT_OK;
  bool lead = p->any_lead && !m->no_lead;
  if (lead && !collect_cands(m, p, text + start, lo, hi))
    return CT_ENOMEM;
  bool have_last = false;
  for (size_t i = 0; i < p->n_rules; i++) {
    if (only < p->n_rules && i != only)
      continue;
    if ((p->rules[i].needs_digit && !(flags & 1u)) ||
        (p->rules[i].needs_cjk && !(flags & 2u)))
      continue;
    /* a filtered rule (index < 64) that no candidate admits finds nothing:
     * scan_rule_lead would skip every candidate */
    if (lead && p->rules[i].acode && i < 64 && !((m->cand_any >> i) & 1u))
      continue;
    /* every match holds the rule's required code unit: none at or after
     * the start of the window, no match */
    size_t last = SIZE_MAX;
    if (p == m->jit_pack && (m->jit_ok[i] & 4u)) {
      if (!have_last) {
        last_bytes(m, text + start, lo, hi);
        have_last = true;
      }
      last = m->last[m->req[i]];
      if (last == SIZE_MAX)
        continue;
    }
    ct_status st =
        lead && p->rules[i].acode
            ? scan_rule_lead(m, p, i, text, start, start + hi, lo, last, out,
                             limit_hits)
            : scan_rule(m, p, i, text, start, start + hi, lo, out, limit_hits);
    if (st != CT_OK)
      return st;
  }
  return CT_OK;
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

static bool is_numeral_cp(uint32_t cp) {
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

bool ct_rules_has_numeral(const char *s, size_t len) {
  return ct_rules_numeral_flags(s, len) != 0;
}

unsigned ct_rules_numeral_flags(const char *s, size_t len) {
  size_t lo, hi;
  return numeral_window(s, len, &lo, &hi);
}

/* Numeral flags of s[0..len) and the window in which a rule can match:
 * from WINDOW_BEFORE bytes before the first numeral to WINDOW_AFTER bytes
 * after the last (hedges, units and suffixes fit in these margins). */
#define WINDOW_BEFORE 36
#define WINDOW_AFTER 96
static unsigned numeral_window(const char *s, size_t len, size_t *wlo,
                               size_t *whi) {
  const unsigned char *u = (const unsigned char *)s;
  unsigned flags = 0;
  size_t first = SIZE_MAX, last = 0;
  for (size_t i = 0; i < len;) {
    unsigned char c = u[i];
    if (c >= '0' && c <= '9') {
      flags |= 1u;
      if (first == SIZE_MAX)
        first = i;
      last = i + 1;
      i++;
      continue;
    }
    if (c < 0xE3 || c > 0xE9) { /* no numeral starts here (cp_at is 0) */
      i++;
      continue;
    }
    uint32_t cp = cp_at(u, i, len);
    if (cp && is_numeral_cp(cp)) {
      /* A lone 一 (一个, 统一, 一些) is never a claim by itself: only 一 next
       * to another numeral (一万, 十一) or after 第 counts. */
      bool real = cp != 0x4E00;
      if (!real) {
        uint32_t next = cp_at(u, i + 3, len);
        real = (next && is_numeral_cp(next)) ||
               (i >= 3 && cp_at(u, i - 3, len) == 0x7B2C /* 第 */);
      }
      if (real) {
        flags |= 2u;
        if (first == SIZE_MAX)
          first = i;
        last = i + 3;
      }
      i += 3;
      continue;
    }
    i++;
  }
  if (!flags) {
    *wlo = *whi = 0;
    return 0;
  }
  size_t lo = first > WINDOW_BEFORE ? first - WINDOW_BEFORE : 0;
  while (lo > 0 && (u[lo] & 0xC0) == 0x80)
    lo--;
  size_t hi = last + WINDOW_AFTER < len ? last + WINDOW_AFTER : len;
  while (hi < len && (u[hi] & 0xC0) == 0x80)
    hi++;
  *wlo = lo;
  *whi = hi;
  return flags;
}
