/* SPDX-License-Identifier: MIT */
/* Claim assembly (claim stage): normalise, segment, match rules, turn each
 * kept mention into a ct_claim with exact value, unit, bound and original
 * byte spans; the engine/extractor/doc objects and JSON output. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim/claim.h"
#include "rules/numparse.h"

#define STAGE "extract"

static const char *const kind_names[] = {
    "percent", "quantity", "money", "count", "number", "ratio", "year", "date"};
static const char *const bound_names[] = {"eq", "approx", "lt",   "le",
                                          "gt", "ge",     "range"};

const char *ct_kind_name(ct_kind kind) {
  return (unsigned)kind < 8 ? kind_names[kind] : "number";
}

const char *ct_bound_name(ct_bound bound) {
  return (unsigned)bound < 7 ? bound_names[bound] : "eq";
}

/* ---- engine / extractor ---- */

ct_status ct_engine_new(const char *rules_dir, ct_engine **out, ct_error *err) {
  if (!out)
    return ct_fail(err, CT_EINVAL, STAGE, "no output pointer");
  *out = NULL;
  ct_engine *e = ct_calloc(1, sizeof *e);
  if (!e)
    return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  ct_status st = ct_rules_pack_load(rules_dir, &e->pack, err);
  if (st != CT_OK) {
    ct_free(e);
    return st;
  }
  *out = e;
  return CT_OK;
}

void ct_engine_free(ct_engine *engine) {
  if (!engine)
    return;
  ct_rules_pack_free(engine->pack);
  ct_free(engine);
}

ct_status ct_extractor_new(const ct_engine *engine, ct_extractor **out,
                           ct_error *err) {
  if (!out || !engine)
    return ct_fail(err, CT_EINVAL, STAGE, "no engine");
  *out = NULL;
  ct_extractor *ex = ct_calloc(1, sizeof *ex);
  if (!ex)
    return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  ex->engine = engine;
  ct_status st = ct_rules_matcher_new(engine->pack, &ex->matcher, err);
  if (st == CT_OK)
    st = ct_seg_new(&ex->seg, err);
  if (st != CT_OK) {
    ct_extractor_free(ex);
    return st;
  }
  *out = ex;
  return CT_OK;
}

void ct_extractor_free(ct_extractor *ex) {
  if (!ex)
    return;
  ct_rules_matcher_free(ex->matcher);
  ct_seg_free(ex->seg);
  ct_free(ex->ms.v);
  ct_normtext_release(&ex->nt);
  ct_free(ex->spans.v);
  ct_free(ex);
}

/* ---- doc ---- */

void ct_doc_free(ct_doc *doc) {
  if (!doc)
    return;
  ct_free(doc->claims);
  ct_arena_release(&doc->arena);
  ct_free(doc);
}

size_t ct_doc_claim_count(const ct_doc *doc) { return doc ? doc->n : 0; }

const ct_claim *ct_doc_claim(const ct_doc *doc, size_t i) {
  return doc && i < doc->n ? &doc->claims[i] : NULL;
}

ct_doc_stats ct_doc_get_stats(const ct_doc *doc) {
  ct_doc_stats z = {0, 0, 0, 0, 0};
  return doc ? doc->stats : z;
}

/* ---- exact scaling ---- */

/* pow(10, k) for k in POW10_MIN..POW10_MAX, as pow computes them */
#define POW10_MIN (-12)
#define POW10_MAX 18
static double g_pow10[POW10_MAX - POW10_MIN + 1];
static pthread_once_t g_pow10_once = PTHREAD_ONCE_INIT;

static void build_pow10(void) {
  for (int k = POW10_MIN; k <= POW10_MAX; k++)
    g_pow10[k - POW10_MIN] = pow(10.0, k);
}

double ct_claim_scale(double value, double scale) {
  if (scale == 1.0 || value == 0.0 || !isfinite(value))
    return value * scale;
  pthread_once(&g_pow10_once, build_pow10);
  int k = 0;
  bool pow10 = false;
  for (k = POW10_MIN; k <= POW10_MAX; k++) {
    if (g_pow10[k - POW10_MIN] == scale) {
      pow10 = true;
      break;
    }
  }
  if (!pow10)
    return value * scale;
  /* A whole number times 10^k (k >= 0) with a whole result below 2^53:
   * the product is exact, so it is the value of its decimal digits, which
   * the general path below reads back. */
  double prod = value * scale;
  if (k >= 0 && value == floor(value) && fabs(value) < 0x1p53 &&
      fabs(prod) < 0x1p53)
    return prod;
  char buf[64];
  ct_format_double(buf, sizeof buf, value);
  /* digits and decimal exponent of the shortest decimal */
  char digits[64];
  size_t nd = 0;
  int exp10 = 0;
  bool neg = false, after_dot = false;
  for (const char *c = buf; *c; c++) {
    if (*c == '-')
      neg = true;
    else if (*c == '.')
      after_dot = true;
    else if (*c >= '0' && *c <= '9') {
      if (nd + 1 < sizeof digits)
        digits[nd++] = *c;
      if (after_dot)
        exp10--;
    } else if (*c == 'e' || *c == 'E') {
      exp10 += atoi(c + 1);
      break;
    }
  }
  digits[nd] = '\0';
  char num[96]; /* sign, 63 digits, 'e' and an int always fit */
  snprintf(num, sizeof num, "%s%se%d", neg ? "-" : "", digits, exp10 + k);
  return strtod(num, NULL);
}

/* ---- building claims ---- */

typedef struct build {
  ct_extractor *ex;
  const ct_pack *pack;
  const ct_normtext *nt;
  const char *src;
  ct_doc *doc;
  int default_year;  /* 0 = unknown */
  bool doc_year_due; /* default_year is doc_year's, not computed yet */
  size_t sent_start, sent_end, para_start;
  const char *sentence;
  size_t sent_src_start, sent_src_end;
  const char *prev_metric;
  const char *doc_metric;
  size_t prev_end;
  ct_subj_cache subj_cache;
} build;

static bool gset(const ct_mention *m, int g) {
  return m->g[g][0] != CT_G_UNSET;
}

static size_t glen(const ct_mention *m, int g) {
  return m->g[g][1] - m->g[g][0];
}

static const char *gptr(const build *b, const ct_mention *m, int g) {
  return b->nt->text + m->g[g][0];
}

/* Parse a numeral group; false when it is not a numeral. */
static bool parse_group(const build *b, const ct_mention *m, int g,
                        ct_numval *nv) {
  if (!gset(b ? m : m, g) || glen(m, g) == 0)
    return false;
  const char *s = gptr(b, m, g);
  size_t n = glen(m, g);
  while (n && (*s == ' ' || *s == '\t'))
    s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  return n && ct_num_parse(s, n, nv) == CT_OK;
}

static bool is_multiplier_at(const char *s, size_t n, size_t *mlen) {
  static const char *const mult[] = {"万亿", "亿", "万", "千", "百",
                                     "兆",   "萬", "億", NULL};
  for (int i = 0; mult[i]; i++) {
    size_t l = strlen(mult[i]);
    if (l <= n && memcmp(s + n - l, mult[i], l) == 0) {
      *mlen = l;
      return true;
    }
  }
  return false;
}

/* "3至5万": the low end takes the high end's multiplier. */
static void range_low(const build *b, const ct_mention *m, ct_numval *lo,
                      const ct_numval *hi) {
  const char *hs = gptr(b, m, CT_G_HIGH), *ls = gptr(b, m, CT_G_LOW);
  size_t hn = glen(m, CT_G_HIGH), ln = glen(m, CT_G_LOW), ml = 0, dummy;
  if (!is_multiplier_at(hs, hn, &ml) || is_multiplier_at(ls, ln, &dummy))
    return;
  {
    char tmp[128];
    if (ln + ml < sizeof tmp) {
      memcpy(tmp, ls, ln);
      memcpy(tmp + ln, hs + hn - ml, ml);
      ct_numval v;
      if (ct_num_parse(tmp, ln + ml, &v) == CT_OK && v.value <= hi->value)
        *lo = v;
    }
  }
}

static int two_digits(const char *s, size_t n) {
  ct_numval v;
  if (ct_num_parse(s, n, &v) != CT_OK || v.is_range || v.value < 0 ||
      v.value > 9999 || v.value != floor(v.value))
    return -1;
  return (int)v.value;
}

static int sentence_year(const build *b, size_t before) {
  const char *t = b->nt->text;
  int y = -1;
  for (size_t i = b->sent_start; i + 7 <= before; i++) {
    if ((t[i] == '1' || t[i] == '2') &&
        (i == b->sent_start || t[i - 1] < '0' || t[i - 1] > '9') &&
        t[i + 1] >= '0' && t[i + 1] <= '9' && t[i + 2] >= '0' &&
        t[i + 2] <= '9' && t[i + 3] >= '0' && t[i + 3] <= '9' &&
        memcmp(t + i + 4, "年", 3) == 0) {
      int v = atoi(t + i);
      if (v >= 1900 && v <= 2099)
        y = v;
    }
  }
  return y;
}

static int doc_year(const char *t, size_t n);

/* The year a date without one takes (0 = unknown): the article's, else
 * the latest of the document's full dates, worked out on first use. */
static int default_year(build *b) {
  if (b->doc_year_due) {
    b->doc_year_due = false;
    b->default_year = doc_year(b->nt->text, b->nt->len);
  }
  return b->default_year;
}

static const char *date_period(build *b, const ct_mention *m) {
  int y = -1, mo = -1, d = -1, y2 = -1, mo2 = -1, d2 = -1, q = -1, q2 = -1;
  if (gset(m, CT_G_YEAR))
    y = two_digits(gptr(b, m, CT_G_YEAR), glen(m, CT_G_YEAR));
  if (gset(m, CT_G_MONTH))
    mo = two_digits(gptr(b, m, CT_G_MONTH), glen(m, CT_G_MONTH));
  if (gset(m, CT_G_DAY))
    d = two_digits(gptr(b, m, CT_G_DAY), glen(m, CT_G_DAY));
  if (gset(m, CT_G_YEAR2))
    y2 = two_digits(gptr(b, m, CT_G_YEAR2), glen(m, CT_G_YEAR2));
  if (gset(m, CT_G_MONTH2))
    mo2 = two_digits(gptr(b, m, CT_G_MONTH2), glen(m, CT_G_MONTH2));
  if (gset(m, CT_G_DAY2))
    d2 = two_digits(gptr(b, m, CT_G_DAY2), glen(m, CT_G_DAY2));
  if (gset(m, CT_G_QUARTER))
    q = two_digits(gptr(b, m, CT_G_QUARTER), glen(m, CT_G_QUARTER));
  if (gset(m, CT_G_QUARTER2))
    q2 = two_digits(gptr(b, m, CT_G_QUARTER2), glen(m, CT_G_QUARTER2));
  if (y >= 0 && y < 100)
    y += y < 50 ? 2000 : 1900;
  if ((mo >= 0 && (mo < 1 || mo > 12)) || (mo2 >= 0 && (mo2 < 1 || mo2 > 12)))
    return NULL;
  if ((d >= 0 && (d < 1 || d > 31)) || (d2 >= 0 && (d2 < 1 || d2 > 31)))
    return NULL;
  if ((q >= 0 && (q < 1 || q > 4)) || (q2 >= 0 && (q2 < 1 || q2 > 4)))
    return NULL;
  if (y < 0) /* a year earlier in the sentence, else the document's */
    y = sentence_year(b, m->start);
  if (y < 0) {
    int dy = default_year(b);
    y = dy > 0 ? dy : -1;
  }
  if (y2 < 0)
    y2 = y;
  if (q2 >= 0 && q < 0)
    q = 1; /* 前三季度: Q1 to Q3 */
  if (mo2 >= 0 && mo < 0)
    mo = 1;
  char out[96], ys[16] = "-", y2s[16] = "-";
  if (y >= 0)
    snprintf(ys, sizeof ys, "%04d", y % 10000);
  if (y2 >= 0)
    snprintf(y2s, sizeof y2s, "%04d", y2 % 10000);
  if (q >= 0) {
    if (y < 0)
      return NULL;
    if (q2 >= 0)
      snprintf(out, sizeof out, "%s-Q%d/%s-Q%d", ys, q, y2s, q2);
    else
      snprintf(out, sizeof out, "%s-Q%d", ys, q);
  } else if (mo < 0) {
    if (y < 0)
      return NULL;
    if (y2 != y)
      snprintf(out, sizeof out, "%s/%s", ys, y2s);
    else
      snprintf(out, sizeof out, "%s", ys);
  } else if (d < 0) {
    if (mo2 >= 0)
      snprintf(out, sizeof out, "%s-%02d/%s-%02d", ys, mo, y2s, mo2);
    else
      snprintf(out, sizeof out, "%s-%02d", ys, mo);
  } else {
    if (mo2 < 0)
      mo2 = mo;
    if (d2 >= 0)
      snprintf(out, sizeof out, "%s-%02d-%02d/%s-%02d-%02d", ys, mo, d, y2s,
               mo2, d2);
    else
      snprintf(out, sizeof out, "%s-%02d-%02d", ys, mo, d);
  }
  return ct_arena_strdup(&b->doc->arena, out);
}

static bool push_claim(ct_doc *doc, const ct_claim *c) {
  if (doc->n == doc->cap) {
    size_t ncap = doc->cap ? doc->cap * 2 : 16, bytes;
    if (!ct_size_mul(ncap, sizeof *doc->claims, &bytes))
      return false;
    ct_claim *nv = ct_realloc(doc->claims, bytes);
    if (!nv)
      return false;
    doc->claims = nv;
    doc->cap = ncap;
  }
  doc->claims[doc->n++] = *c;
  return true;
}

/* The longest qualifier of the given position that ends at `at` (prefix,
 * one space allowed) or starts at `at` (suffix); -1 when none. */
static int qual_around(const build *b, size_t at, bool suffix) {
  const ct_pack *p = b->pack;
  const char *t = b->nt->text;
  size_t best_len = 0;
  int best = -1;
  if (!suffix && at > b->sent_start && t[at - 1] == ' ')
    at--;
  if (suffix && at < b->sent_end && t[at] == ' ')
    at++;
  /* no qualifier starts (ends) with the character at (before) `at` */
  if (suffix ? at >= b->sent_end ||
                   !ct_rules_lex_may_start(&p->quals,
                                           ct_claim_cp_at(t, at, b->sent_end))
             : at <= b->sent_start ||
                   !ct_rules_lex_may_end(
                       &p->quals, ct_claim_cp_before(t, at, b->sent_start)))
    return -1;
  for (size_t k = 0; k < p->quals.n; k++) {
    const ct_lex_entry *e = &p->quals.v[k];
    if (e->suffix != suffix || e->len <= best_len)
      continue;
    /* the byte before `at` (prefix) or the candidate's last byte (suffix)
     * is checked before the whole surface */
    if (suffix ? (at + e->len <= b->sent_end &&
                  t[at + e->len - 1] == e->surface[e->len - 1] &&
                  memcmp(t + at, e->surface, e->len) == 0)
               : (at >= b->sent_start + e->len &&
                  t[at - 1] == e->surface[e->len - 1] &&
                  memcmp(t + at - e->len, e->surface, e->len) == 0)) {
      best_len = e->len;
      best = e->bound;
    }
  }
  return best;
}

static int qual_bound(const ct_pack *p, const char *s, size_t n) {
  while (n && (*s == ' '))
    s++, n--;
  while (n && s[n - 1] == ' ')
    n--;
  const ct_lex_entry *e = ct_rules_lex_find(&p->quals, s, n);
  return e ? e->bound : -1;
}

/* Build one claim; false (and no claim) when the mention does not hold a
 * usable number. Returns CT_ENOMEM only on allocation failure. */
static ct_status make_claim(build *b, const ct_mention *m, bool *made) {
  const ct_pack *p = b->pack;
  const ct_rule *r = &p->rules[m->rule];
  ct_arena *a = &b->doc->arena;
  ct_claim c;
  memset(&c, 0, sizeof c);
  *made = false;
  c.bound = CT_BOUND_EQ;
  c.rule = r->id;
  int kind = r->kind;
  double scale = 1.0;
  const char *unit = r->unit;
  ct_kind unit_kind = CT_KIND_NUMBER;
  bool unit_known = false;

  if (gset(m, CT_G_UNIT) && glen(m, CT_G_UNIT) > 0) {
    const char *us = gptr(b, m, CT_G_UNIT);
    size_t un = glen(m, CT_G_UNIT);
    const ct_unit *u = p->units ? ct_units_find(p->units, us, un) : NULL;
    char simp[128];
    if (!u && p->units && un < sizeof simp &&
        ct_rules_hant_map(us, un, simp, 1))
      u = ct_units_find(p->units, simp, un);
    if (u) {
      unit = u->canonical;
      scale = u->scale;
      unit_kind = u->kind;
      unit_known = true;
    } else {
      unit = ct_arena_strndup(a, us, un);
      if (!unit)
        return CT_ENOMEM;
    }
  } else if (unit && p->units) {
    const ct_unit *u = ct_units_find(p->units, unit, strlen(unit));
    if (u) {
      unit = u->canonical;
      scale = u->scale;
      unit_kind = u->kind;
      unit_known = true;
    }
  }

  if (kind == CT_KIND_DATE || kind == CT_KIND_YEAR) {
    if (kind == CT_KIND_YEAR) {
      int y = gset(m, CT_G_YEAR)
                  ? two_digits(gptr(b, m, CT_G_YEAR), glen(m, CT_G_YEAR))
                  : -1;
      if (y < 1000)
        return CT_OK;
      c.has_value = true;
      c.value = y;
      char ys[16];
      snprintf(ys, sizeof ys, "%d", y);
      c.period = ct_arena_strdup(a, ys);
    } else {
      c.period = date_period(b, m);
      if (!c.period)
        return CT_OK;
    }
    c.kind = (ct_kind)kind;
    unit = NULL;
  } else {
    ct_numval v, lo, hi;
    bool has_v = parse_group(b, m, CT_G_VALUE, &v);
    bool has_lo = parse_group(b, m, CT_G_LOW, &lo);
    bool has_hi = parse_group(b, m, CT_G_HIGH, &hi);
    ct_numunit nu = CT_NUMU_NONE;
    if (has_lo && has_hi) {
      range_low(b, m, &lo, &hi);
      if (lo.value > hi.value)
        return CT_OK;
      c.bound = CT_BOUND_RANGE;
      c.has_low = c.has_high = true;
      c.low = ct_claim_scale(lo.is_range ? lo.low : lo.value, scale);
      c.high = ct_claim_scale(hi.is_range ? hi.high : hi.value, scale);
      nu = hi.unit != CT_NUMU_NONE ? hi.unit : lo.unit;
    } else if (has_v) {
      nu = v.unit;
      if (v.is_range) {
        c.bound = CT_BOUND_RANGE;
        c.has_low = c.has_high = true;
        c.low = ct_claim_scale(v.low, scale);
        c.high = ct_claim_scale(v.high, scale);
      } else {
        c.has_value = true;
        c.value = ct_claim_scale(v.value, scale);
        int bd = r->bound;
        if (gset(m, CT_G_BOUND)) {
          int q = qual_bound(p, gptr(b, m, CT_G_BOUND), glen(m, CT_G_BOUND));
          if (q >= 0)
            bd = q;
        } else {
          int q = qual_around(b, m->start, false);
          if (q >= 0)
            bd = q;
        }
        if (v.more)
          bd = CT_BOUND_GT;
        if (gset(m, CT_G_BOUNDSUF)) {
          int q =
              qual_bound(p, gptr(b, m, CT_G_BOUNDSUF), glen(m, CT_G_BOUNDSUF));
          if (q >= 0)
            bd = q;
        } else {
          int q = qual_around(b, m->end, true);
          if (q >= 0)
            bd = q;
        }
        if (bd >= 0 && bd != CT_BOUND_RANGE)
          c.bound = (ct_bound)bd;
        if (c.bound == CT_BOUND_GT || c.bound == CT_BOUND_GE) {
          c.has_low = true;
          c.low = c.value;
        } else if (c.bound == CT_BOUND_LT || c.bound == CT_BOUND_LE) {
          c.has_high = true;
          c.high = c.value;
        }
      }
    } else {
      return CT_OK;
    }
    if (!unit && nu == CT_NUMU_PERCENT) {
      unit = "%";
      unit_kind = CT_KIND_PERCENT;
      unit_known = true;
    } else if (!unit && nu == CT_NUMU_PERMILLE) {
      unit = "‰";
      unit_kind = CT_KIND_RATIO;
      unit_known = true;
    }
    if (kind == CT_RULE_KIND_AUTO)
      kind =
          unit_known ? (int)unit_kind : (unit ? CT_KIND_COUNT : CT_KIND_NUMBER);
    c.kind = (ct_kind)kind;
    if ((c.has_value && !isfinite(c.value)) ||
        (c.has_low && !isfinite(c.low)) || (c.has_high && !isfinite(c.high)))
      return CT_OK;
  }
  c.unit = unit;

  /* text span: the number with its unit, without hedges */
  size_t ts = SIZE_MAX, te = 0;
  if (gset(m, CT_G_TEXT)) {
    ts = m->g[CT_G_TEXT][0];
    te = m->g[CT_G_TEXT][1];
  } else if (c.kind == CT_KIND_DATE || c.kind == CT_KIND_YEAR) {
    ts = m->start;
    te = m->end;
  } else {
    static const int span_groups[] = {CT_G_VALUE, CT_G_LOW,     CT_G_HIGH,
                                      CT_G_UNIT,  CT_G_YEAR,    CT_G_MONTH,
                                      CT_G_DAY,   CT_G_YEAR2,   CT_G_MONTH2,
                                      CT_G_DAY2,  CT_G_QUARTER, CT_G_QUARTER2};
    for (size_t i = 0; i < sizeof span_groups / sizeof *span_groups; i++) {
      int g = span_groups[i];
      if (!gset(m, g) || glen(m, g) == 0)
        continue;
      if (m->g[g][0] < ts)
        ts = m->g[g][0];
      if (m->g[g][1] > te)
        te = m->g[g][1];
    }
    if (ts == SIZE_MAX) {
      ts = m->start;
      te = m->end;
    }
  }
  if (te <= ts)
    return CT_OK;
  size_t os, oe;
  ct_norm_span(b->nt, ts, te, &os, &oe);
  if (oe <= os)
    return CT_OK;
  c.start = os;
  c.end = oe;
  c.text = ct_arena_strndup(a, b->src + os, oe - os);
  c.sentence = b->sentence;
  c.sentence_start = b->sent_src_start;
  c.sentence_end = b->sent_src_end;
  if (!c.text)
    return CT_ENOMEM;

  /* attribution */
  ct_attr_ctx ac;
  memset(&ac, 0, sizeof ac);
  bool oom = false;
  ac.oom = &oom;
  ac.pack = p;
  ac.seg = b->ex->seg;
  ac.text = b->nt->text;
  ac.len = b->nt->len;
  ac.sent_start = b->sent_start;
  ac.sent_end = b->sent_end;
  ac.para_start = b->para_start;
  ac.num_start = m->start;
  ac.num_end = m->end;
  ac.prev_metric = b->prev_metric;
  ac.doc_metric = b->doc_metric;
  ac.prev_end = b->prev_end > b->sent_start ? b->prev_end : b->sent_start;
  ac.kind = c.kind;
  ac.unit = c.unit;
  ac.subj_cache = &b->subj_cache;
  if (gset(m, CT_G_SUBJECT)) {
    const char *s = gptr(b, m, CT_G_SUBJECT);
    size_t n = glen(m, CT_G_SUBJECT);
    const char *canon = ct_claim_subject_canonical(p, s, n);
    c.subject = canon ? canon : ct_arena_strndup(a, s, n);
    oom |= !c.subject;
  } else if (c.kind != CT_KIND_DATE && c.kind != CT_KIND_YEAR) {
    c.subject = ct_claim_subject(&ac, a);
  }
  if (gset(m, CT_G_METRIC)) {
    const char *s = gptr(b, m, CT_G_METRIC);
    size_t n = glen(m, CT_G_METRIC);
    const ct_lex_entry *e = ct_rules_lex_find(&p->metrics, s, n);
    c.metric = e ? e->canonical : ct_arena_strndup(a, s, n);
    oom |= !c.metric;
  } else if (c.kind != CT_KIND_DATE && c.kind != CT_KIND_YEAR) {
    c.metric = ct_claim_metric(&ac, c.subject, a);
  }
  if (!c.period) {
    if (gset(m, CT_G_PERIOD))
      c.period =
          ct_arena_strndup(a, gptr(b, m, CT_G_PERIOD), glen(m, CT_G_PERIOD));
    else
      c.period = ct_claim_period(&ac, a);
  }
  if (oom) /* a field would be silently missing */
    return CT_ENOMEM;
  if (c.metric)
    b->prev_metric = c.metric;
  b->prev_end = m->end;
  if (!push_claim(b->doc, &c))
    return CT_ENOMEM;
  *made = true;
  return CT_OK;
}

/* The ASCII digits among the 8 bytes at t: bit 7 of each digit's byte
 * (exact: bytes 0x80 and up never count). */
static uint64_t digits8(const char *t) {
  uint64_t x;
  memcpy(&x, t, 8);
  const uint64_t low7 = 0x7F7F7F7F7F7F7F7Fu, high = 0x8080808080808080u;
  uint64_t v = x & low7;
  /* per byte: v > '0' - 1 and v < '9' + 1, and the byte's top bit clear */
  uint64_t above = v + 0x0101010101010101u * (127 - ('0' - 1));
  uint64_t below = 0x0101010101010101u * (127 + ('9' + 1)) - v;
  return above & below & ~x & high;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The year that year-less dates take when the article date is unknown: the
 * latest year among the document's full dates (2025年12月3日, 2026-01-13). */
static int doc_year(const char *t, size_t n) {
  int best = 0;
  size_t i = 0;
  while (i + 4 < n) {
    if (!is_digit(t[i])) { /* most of the text: skip it 8 bytes at a time */
      uint64_t d = n - i >= 8 ? digits8(t + i) : 1;
      if (!d) {
        i += 8;
        continue;
      }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      if (d != 1) { /* straight to the first digit */
        i += (size_t)__builtin_ctzll(d) >> 3;
        continue;
      }
#endif
      i++;
      continue;
    }
    if (i > 0 && is_digit(t[i - 1])) {
      i++;
      continue;
    }
    size_t k = i;
    while (k < n && is_digit(t[k]))
      k++;
    if (k - i != 4) {
      i = k;
      continue;
    }
    int y = atoi(t + i);
    if (y >= 1900 && y <= 2199) {
      bool full = false;
      if (k + 3 < n && t[k] == '-' && t[k + 1] >= '0' && t[k + 1] <= '9')
        full = true;
      else if (k + 4 < n && memcmp(t + k, "年", 3) == 0 && t[k + 3] >= '0' &&
               t[k + 3] <= '9')
        full = true;
      if (full && y > best)
        best = y;
    }
    i = k + 1;
  }
  return best;
}

/* Sentence splitting runs over blocks of about this many bytes, each cut
 * just after a '\n': the UTF-16 copy ICU reads and the spans stay small
 * and in cache, and ICU gives the same boundaries (it always breaks after
 * a line feed). */
#define SEG_BLOCK ((size_t)64 * 1024)

static size_t block_end(const char *t, size_t len, size_t bs) {
  if (len - bs <= SEG_BLOCK)
    return len;
  size_t e = bs + SEG_BLOCK;
  while (e > bs && t[e - 1] != '\n')
    e--;
  if (e > bs)
    return e;
  const char *nl = memchr(t + bs + SEG_BLOCK, '\n', len - bs - SEG_BLOCK);
  return nl ? (size_t)(nl - t) + 1 : len;
}

/* Working buffers bigger than this are not kept for the next document
 * (keeping a long text's made no measurable difference once the offset
 * map was sparse; an article's are kept). */
#define KEEP_TEXT_BYTES ((size_t)4 * 1024 * 1024)
#define KEEP_SPANS ((size_t)1 << 16)

ct_status ct_extract_text(ct_extractor *ex, const char *text, size_t len,
                          const ct_extract_options *opts, ct_doc **out,
                          ct_error *err) {
  if (!out || !ex || (!text && len))
    return ct_fail(err, CT_EINVAL, STAGE, "bad arguments");
  *out = NULL;
  if (!text)
    text = "";
  if (len > CT_MAX_INPUT_BYTES)
    return ct_fail(err, CT_ELIMIT, STAGE, "input of %zu bytes over the limit",
                   len);
  ct_doc *doc = ct_calloc(1, sizeof *doc);
  if (!doc)
    return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  ct_arena_init(&doc->arena);
  ct_normtext *ntp = &ex->nt;
  ct_status st = ct_norm_reuse(text, len, ntp, err);
  if (st != CT_OK)
    goto fail;
  const ct_normtext nt = *ntp;
  doc->stats.replaced_bytes = nt.n_replaced;

  build b;
  memset(&b, 0, sizeof b);
  b.ex = ex;
  b.pack = ex->engine->pack;
  b.nt = ntp;
  b.src = text;
  b.doc = doc;
  if (opts && opts->published && strlen(opts->published) >= 4) {
    int y = atoi(opts->published);
    if (y >= 1000 && y <= 9999)
      b.default_year = y;
  }
  b.doc_year_due = !b.default_year; /* doc_year when a date needs it */

  size_t line_start = 0, prev_end = 0; /* of the previous span */
  for (size_t bs = 0, be; bs < nt.len; bs = be) {
    be = block_end(nt.text, nt.len, bs);
    ex->spans.n = 0;
    /* sentences without a numeral give no mention: the segmenter tells
     * them apart in the pass it makes anyway */
    st = ct_seg_sentences_append(ex->seg, nt.text + bs, be - bs, bs,
                                 b.pack->pf ? b.pack->pf->numerals : NULL,
                                 &ex->spans, err);
    if (st != CT_OK)
      goto fail;
    const ct_span *spans = ex->spans.v;
    size_t nspans = ex->spans.n;
    for (size_t si = 0; si < nspans; si++) {
      size_t s0 = spans[si].start, s1 = spans[si].end;
      if (s1 > nt.len || s0 >= s1)
        continue;
      /* the paragraph (line) start: spans end after each '\n' and follow
       * one another, so it moves only where the previous span ended with
       * one; anything else is looked up in the text */
      if (s0 == 0 || nt.text[s0 - 1] == '\n') {
        line_start = s0;
      } else if (s0 != prev_end) {
        line_start = s0;
        while (line_start > 0 && nt.text[line_start - 1] != '\n')
          line_start--;
      }
      prev_end = s1;
      doc->stats.sentences++;
      if (!spans[si].marked)
        continue;
      ex->ms.n = 0;
      st = ct_rules_scan(ex->matcher, b.pack, nt.text, s0, s1, SIZE_MAX,
                         &ex->ms, &doc->stats.rule_limit_hits);
      if (st != CT_OK) {
        ct_fail(err, st, STAGE, "out of memory");
        goto fail;
      }
      doc->stats.matches += ex->ms.n;
      ct_rules_resolve(b.pack, &ex->ms);
      if (ex->ms.n == 0)
        continue;
      /* the sentence, trimmed, in original bytes */
      size_t t0 = s0, t1 = s1;
      while (t0 < t1 && (nt.text[t0] == ' ' || nt.text[t0] == '\n' ||
                         nt.text[t0] == '\r' || nt.text[t0] == '\t'))
        t0++;
      while (t1 > t0 && (nt.text[t1 - 1] == ' ' || nt.text[t1 - 1] == '\n' ||
                         nt.text[t1 - 1] == '\r' || nt.text[t1 - 1] == '\t'))
        t1--;
      ct_norm_span(&nt, t0, t1, &b.sent_src_start, &b.sent_src_end);
      b.sentence = ct_arena_strndup(&doc->arena, text + b.sent_src_start,
                                    b.sent_src_end - b.sent_src_start);
      if (!b.sentence) {
        st = ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
        goto fail;
      }
      b.sent_start = s0;
      b.sent_end = s1;
      b.para_start = line_start;
      if (b.prev_metric)
        b.doc_metric = b.prev_metric;
      b.prev_metric = NULL;
      b.prev_end = 0;
      for (size_t k = 0; k < ex->ms.n; k++) {
        bool made;
        st = make_claim(&b, &ex->ms.v[k], &made);
        if (st != CT_OK) {
          ct_fail(err, st, STAGE, "out of memory");
          goto fail;
        }
      }
    }
  }
  doc->stats.claims = doc->n;
  *out = doc;
  doc = NULL;
fail:
  if (ntp->text_cap + ntp->pieces_cap * sizeof(ct_norm_piece) +
          ntp->piece_at_cap * sizeof(uint32_t) >
      KEEP_TEXT_BYTES)
    ct_normtext_release(ntp);
  if (ex->spans.cap > KEEP_SPANS) {
    ct_free(ex->spans.v);
    memset(&ex->spans, 0, sizeof ex->spans);
  }
  ct_doc_free(doc);
  return st;
}

/* ---- JSON ---- */

/* ct_buf_put inline: a record makes 14 of these, mostly into room that
 * is already there. */
static inline void put_inline(ct_buf *b, const char *s, size_t n) {
  if (!ct_buf_reserve(b, n))
    return; /* b->oom is set */
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

/* ct_buf_printf(b, "%zu", v) without printf. */
static void put_size(ct_buf *b, size_t v) {
  char tmp[24];
  size_t n = sizeof tmp;
  do {
    tmp[--n] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  put_inline(b, tmp + n, sizeof tmp - n);
}

/* ct_buf_puts of a string literal without strlen */
#define PUT_LIT(b, lit) put_inline((b), (lit), sizeof(lit) - 1)

char *ct_claim_json_dup(const ct_claim *c, const char *doc, size_t *len_out) {
  if (len_out)
    *len_out = 0;
  if (!c)
    return NULL;
  ct_buf b = CT_BUF_INIT;
  /* one allocation for the usual record: fields plus sentence, text, doc */
  ct_buf_reserve(&b, 384 + (c->sentence ? strlen(c->sentence) : 0) +
                         (doc ? strlen(doc) : 0));
  PUT_LIT(&b, "{\"doc\": ");
  ct_json_cstr(&b, doc);
  PUT_LIT(&b, ", \"text\": ");
  ct_json_cstr(&b, c->text);
  PUT_LIT(&b, ", \"start\": ");
  put_size(&b, c->start);
  PUT_LIT(&b, ", \"end\": ");
  put_size(&b, c->end);
  PUT_LIT(&b, ", \"kind\": ");
  ct_json_cstr(&b, ct_kind_name(c->kind));
  PUT_LIT(&b, ", \"value\": ");
  ct_json_opt_num(&b, c->has_value, c->value);
  PUT_LIT(&b, ", \"low\": ");
  ct_json_opt_num(&b, c->has_low, c->low);
  PUT_LIT(&b, ", \"high\": ");
  ct_json_opt_num(&b, c->has_high, c->high);
  PUT_LIT(&b, ", \"unit\": ");
  ct_json_cstr(&b, c->unit);
  PUT_LIT(&b, ", \"bound\": ");
  ct_json_cstr(&b, ct_bound_name(c->bound));
  PUT_LIT(&b, ", \"subject\": ");
  ct_json_cstr(&b, c->subject);
  PUT_LIT(&b, ", \"metric\": ");
  ct_json_cstr(&b, c->metric);
  PUT_LIT(&b, ", \"period\": ");
  ct_json_cstr(&b, c->period);
  PUT_LIT(&b, ", \"sentence\": ");
  ct_json_cstr(&b, c->sentence);
  PUT_LIT(&b, ", \"rule\": ");
  ct_json_cstr(&b, c->rule);
  ct_buf_putc(&b, '}');
  if (b.oom) {
    ct_buf_release(&b);
    return NULL;
  }
  return ct_buf_take(&b, len_out);
}
