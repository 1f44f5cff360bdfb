/* SPDX-License-Identifier: MIT */
/* Reconciliation: a claim becomes an interval, its metric phrase becomes
 * comparable facets (commodity, stage, measure, form, scope), and it is
 * judged against the reference rows of the same subject, facets, unit and
 * period; claims of different articles that do not meet are conflicts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* ---- lexicons: "alias TAB canonical" ---- */

ct_status ct_lexicon_load(ct_lexicon *lx, ct_arena *arena, const char *path,
                          ct_error *err) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return CT_OK; /* a pack without this lexicon: no aliases */
  char line[1024];
  size_t lineno = 0;
  ct_status st = CT_OK;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
      line[--n] = '\0';
    if (!n || line[0] == '#')
      continue;
    char *tab = strchr(line, '\t');
    if (!tab)
      continue;
    *tab = '\0';
    char *canon = tab + 1;
    char *tab2 = strchr(canon, '\t');
    if (tab2)
      *tab2 = '\0';
    if (!*line || !*canon)
      continue;
    if (lx->n == lx->cap) {
      size_t ncap = lx->cap ? lx->cap * 2 : 64, bytes;
      if (!ct_size_mul(ncap, sizeof(char *), &bytes)) {
        st = ct_fail(err, CT_ENOMEM, "reconcile", "out of memory");
        break;
      }
      char **a = ct_realloc(lx->alias, bytes);
      if (a)
        lx->alias = a;
      char **c = a ? ct_realloc(lx->canon, bytes) : NULL;
      if (c)
        lx->canon = c;
      if (!a || !c) {
        st = ct_fail(err, CT_ENOMEM, "reconcile", "out of memory");
        break;
      }
      lx->cap = ncap;
    }
    lx->alias[lx->n] = ct_arena_strdup(arena, line);
    lx->canon[lx->n] = ct_arena_strdup(arena, canon);
    if (!lx->alias[lx->n] || !lx->canon[lx->n]) {
      st = ct_fail(err, CT_ENOMEM, "reconcile", "out of memory");
      break;
    }
    lx->n++;
  }
  (void)lineno;
  fclose(f);
  return st;
}

const char *ct_lexicon_canon(const ct_lexicon *lx, const char *s) {
  if (!s || !lx)
    return s;
  for (size_t i = 0; i < lx->n; i++)
    if (strcmp(lx->alias[i], s) == 0)
      return lx->canon[i];
  return s;
}

/* ---- metric facets ---- */

typedef struct term {
  const char *s;
  int v;
} term;

enum {
  COM_UNKNOWN = 0,
  COM_RE,
  COM_LI,
  COM_CO,
  COM_NI,
  COM_CU,
  COM_STEEL,
  COM_IRON,
  COM_COAL,
  COM_OIL,
  COM_GAS,
  COM_GA,
  COM_GE,
  COM_GRAPHITE,
  COM_W
};
static const term commodities[] = {
    {"稀土", COM_RE},  {"rare earth", COM_RE}, {"锂", COM_LI},
    {"钴", COM_CO},    {"镍", COM_NI},         {"铜", COM_CU},
    {"钢", COM_STEEL}, {"铁矿", COM_IRON},     {"煤", COM_COAL},
    {"石油", COM_OIL}, {"原油", COM_OIL},      {"天然气", COM_GAS},
    {"镓", COM_GA},    {"锗", COM_GE},         {"石墨", COM_GRAPHITE},
    {"钨", COM_W}};

enum { SCOPE_ALL = 0, SCOPE_HEAVY, SCOPE_LIGHT, SCOPE_MAGNET };
/* Longer terms first: they are blanked out before the stage is read, so
 * 磁体用稀土 (a scope) is not taken for 磁体 (a stage). */
static const term scopes[] = {
    {"中重稀土", SCOPE_HEAVY},    {"重稀土", SCOPE_HEAVY},
    {"离子型", SCOPE_HEAVY},      {"轻稀土", SCOPE_LIGHT},
    {"磁体用稀土", SCOPE_MAGNET}, {"永磁用稀土", SCOPE_MAGNET},
    {"磁体稀土", SCOPE_MAGNET}};

enum {
  STAGE_NONE = 0,
  STAGE_RESERVES,
  STAGE_MINING,
  STAGE_PROCESSING,
  STAGE_MAGNETS,
  STAGE_SUPPLY,
  STAGE_EXPORT,
  STAGE_IMPORT,
  STAGE_CONSUMPTION
};
static const term stages[] = {
    {"储量", STAGE_RESERVES},       {"储备", STAGE_RESERVES},
    {"资源量", STAGE_RESERVES},     {"reserve", STAGE_RESERVES},
    {"冶炼分离", STAGE_PROCESSING}, {"冶炼", STAGE_PROCESSING},
    {"分离", STAGE_PROCESSING},     {"精炼", STAGE_PROCESSING},
    {"加工", STAGE_PROCESSING},     {"提炼", STAGE_PROCESSING},
    {"refin", STAGE_PROCESSING},    {"separation", STAGE_PROCESSING},
    {"永磁", STAGE_MAGNETS},        {"磁体", STAGE_MAGNETS},
    {"磁材", STAGE_MAGNETS},        {"开采", STAGE_MINING},
    {"矿山", STAGE_MINING},         {"采矿", STAGE_MINING},
    {"矿产量", STAGE_MINING},       {"精矿", STAGE_MINING},
    {"mine", STAGE_MINING},         {"mining", STAGE_MINING},
    {"供应", STAGE_SUPPLY},         {"出口", STAGE_EXPORT},
    {"进口", STAGE_IMPORT},         {"消费", STAGE_CONSUMPTION},
    {"需求", STAGE_CONSUMPTION}};

enum {
  MEAS_NONE = CT_MEASURE_NONE,
  MEAS_OUTPUT = CT_MEASURE_OUTPUT,
  MEAS_CAPACITY = CT_MEASURE_CAPACITY,
  MEAS_QUOTA,
  MEAS_STOCK,
  MEAS_UTILISATION,
  MEAS_RECOVERY,
  MEAS_PRICE,
  MEAS_VALUE
};
static const term measures[] = {
    {"产能", MEAS_CAPACITY},   {"capacity", MEAS_CAPACITY},
    {"产量", MEAS_OUTPUT},     {"产出", MEAS_OUTPUT},
    {"开采量", MEAS_OUTPUT},   {"生产", MEAS_OUTPUT},
    {"output", MEAS_OUTPUT},   {"production", MEAS_OUTPUT},
    {"指标", MEAS_QUOTA},      {"配额", MEAS_QUOTA},
    {"quota", MEAS_QUOTA},     {"利用率", MEAS_UTILISATION},
    {"采收率", MEAS_RECOVERY}, {"回收率", MEAS_RECOVERY},
    {"价格", MEAS_PRICE},      {"产值", MEAS_VALUE}};

enum { FORM_LEVEL = 0, FORM_SHARE, FORM_GROWTH, FORM_RATE };
static const term shares[] = {{"占比", FORM_SHARE},   {"比重", FORM_SHARE},
                              {"份额", FORM_SHARE},   {"比例", FORM_SHARE},
                              {"占有率", FORM_SHARE}, {"占", FORM_SHARE},
                              {"share", FORM_SHARE}};
static const term growths[] = {{"增长", FORM_GROWTH}, {"增速", FORM_GROWTH},
                               {"同比", FORM_GROWTH}, {"增幅", FORM_GROWTH},
                               {"降幅", FORM_GROWTH}, {"下降", FORM_GROWTH}};
static const char *const projections[] = {"预测", "预计", "预期", "projected"};

/* The term occurring last in s (Chinese noun phrases are head-final:
 * 稀土精矿出口 is about exports). Returns its value or 0. */
static int last_term(const char *s, const term *t, size_t n) {
  const char *best = NULL;
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    const char *p = s, *hit = NULL;
    while ((p = strstr(p, t[i].s)) != NULL) {
      hit = p;
      p += strlen(t[i].s);
    }
    if (hit && (!best || hit > best)) {
      best = hit;
      v = t[i].v;
    }
  }
  return v;
}

static int first_term(const char *s, const term *t, size_t n) {
  const char *best = NULL;
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    const char *hit = strstr(s, t[i].s);
    if (hit && (!best || hit < best)) {
      best = hit;
      v = t[i].v;
    }
  }
  return v;
}

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The one commodity a sentence talks about, or unknown when none or
 * several are named. */
static int sentence_commodity(const char *s) {
  int found = COM_UNKNOWN;
  for (size_t i = 0; i < N_OF(commodities); i++)
    if (strstr(s, commodities[i].s)) {
      if (found && found != commodities[i].v)
        return COM_UNKNOWN;
      found = commodities[i].v;
    }
  return found;
}

void ct_reconcile_facets(const char *metric, const char *context,
                         const char *unit, ct_facets *out) {
  memset(out, 0, sizeof *out);
  if (!metric)
    return;
  char work[512];
  snprintf(work, sizeof work, "%s", metric);
  out->commodity = first_term(work, commodities, N_OF(commodities));
  if (!out->commodity && context)
    out->commodity = sentence_commodity(context);
  for (size_t i = 0; i < N_OF(scopes); i++) {
    char *p;
    while ((p = strstr(work, scopes[i].s)) != NULL) {
      if (!out->scope)
        out->scope = scopes[i].v;
      memset(p, ' ', strlen(scopes[i].s));
    }
  }
  out->stage = last_term(work, stages, N_OF(stages));
  out->measure = last_term(work, measures, N_OF(measures));
  if (out->stage == STAGE_RESERVES && out->measure == MEAS_NONE)
    out->measure = MEAS_STOCK;
  else if (out->measure == MEAS_NONE && out->stage != STAGE_NONE)
    out->measure = MEAS_OUTPUT; /* 精炼占全球比重: a share of output */
  if (out->stage == STAGE_NONE && out->measure == MEAS_OUTPUT)
    out->stage = STAGE_MINING; /* 稀土产量: mine production */
  if (last_term(work, growths, N_OF(growths)))
    out->form = FORM_GROWTH;
  else if (out->measure == MEAS_UTILISATION || out->measure == MEAS_RECOVERY)
    out->form = FORM_RATE;
  else if (last_term(work, shares, N_OF(shares)))
    out->form = FORM_SHARE;
  else if (unit && strcmp(unit, "%") == 0)
    out->form = FORM_SHARE; /* a percent of a level is a share of a whole */
  for (size_t i = 0; i < N_OF(projections); i++)
    if (strstr(work, projections[i]))
      out->projected = true;
}

/* Where the claim sits in its sentence (byte offset), or the sentence
 * length when it cannot be placed. */
static size_t claim_pos_in_sentence(const ct_claim *c) {
  size_t n = strlen(c->sentence);
  size_t tl = c->text ? strlen(c->text) : 0;
  if (c->start >= c->sentence_start && c->start - c->sentence_start <= n) {
    size_t off = c->start - c->sentence_start;
    if (tl && off + tl <= n && memcmp(c->sentence + off, c->text, tl) == 0)
      return off;
  }
  const char *hit = tl ? strstr(c->sentence, c->text) : NULL;
  return hit ? (size_t)(hit - c->sentence) : n;
}

void ct_reconcile_claim_facets(const ct_claim *c, const char *metric,
                               ct_facets *out) {
  ct_reconcile_facets(metric, c->sentence, c->unit, out);
  if (out->scope != SCOPE_ALL || !c->sentence || !out->commodity)
    return;
  /* The metric names no scope: the nearest mention of the commodity
   * before the number decides (尤其是中重稀土,占全球产量的68% is about
   * medium/heavy rare earths; 稀土资源储量约4400万吨 about all of them). */
  char work[2048];
  size_t pos = claim_pos_in_sentence(c);
  if (pos >= sizeof work)
    return;
  memcpy(work, c->sentence, pos);
  work[pos] = '\0';
  const char *scope_at = NULL;
  int scope = SCOPE_ALL;
  for (size_t i = 0; i < N_OF(scopes); i++) {
    char *p;
    while ((p = strstr(work, scopes[i].s)) != NULL) {
      if (!scope_at || p > scope_at) {
        scope_at = p;
        scope = scopes[i].v;
      }
      memset(p, ' ', strlen(scopes[i].s));
    }
  }
  if (!scope_at)
    return;
  const char *plain = NULL, *p = work;
  while ((p = strstr(p, "稀土")) != NULL) {
    plain = p;
    p += strlen("稀土");
  }
  if (!plain || plain < scope_at)
    out->scope = scope;
}

/* 0: not comparable; 1: same facets; 2: same but one counts capacity and
 * the other output. */
static int facets_compare(const ct_facets *c, const ct_facets *r) {
  if (!c->commodity || c->commodity != r->commodity || !c->stage ||
      c->stage != r->stage || c->form != r->form || c->scope != r->scope ||
      c->projected != r->projected)
    return 0;
  if (c->measure == r->measure)
    return 1;
  if ((c->measure == MEAS_CAPACITY && r->measure == MEAS_OUTPUT) ||
      (c->measure == MEAS_OUTPUT && r->measure == MEAS_CAPACITY))
    return 2;
  return 0;
}

static const char *measure_word(int m) {
  return m == MEAS_CAPACITY ? "capacity" : "output";
}

/* ---- intervals ---- */

static bool is_percent(const char *unit) {
  return unit && (strcmp(unit, "%") == 0 || strcmp(unit, "\xEF\xBC\x85") == 0);
}

/* Digit value of an ASCII or full-width digit at p (bytes used in *n). */
static int digit_at(const unsigned char *p, size_t *n) {
  if (*p >= '0' && *p <= '9') {
    *n = 1;
    return *p - '0';
  }
  if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
    *n = 3;
    return p[2] - 0x90;
  }
  return -1;
}

double ct_reconcile_half_unit(const char *text, double value) {
  const unsigned char *p = (const unsigned char *)(text ? text : "");
  size_t n = 0;
  while (*p && digit_at(p, &n) < 0)
    p++;
  double av = fabs(value);
  if (*p) {
    double num = 0;
    int decimals = -1;
    for (;;) {
      int d = digit_at(p, &n);
      if (d >= 0) {
        num = num * 10 + d;
        if (decimals >= 0)
          decimals++;
        p += n;
      } else if (*p == '.' && decimals < 0 && digit_at(p + 1, &n) >= 0) {
        decimals = 0;
        p++;
      } else if (*p == ',' && digit_at(p + 1, &n) >= 0) {
        p++; /* thousands separator */
      } else {
        break;
      }
    }
    double place = pow(10.0, -(decimals > 0 ? decimals : 0));
    num *= place; /* the written number */
    if (num > 0 && av > 0) {
      /* value = written number x multiplier (万, 亿 ...): the multiplier is
       * the ratio, rounded to a power of ten. */
      double scale = pow(10.0, round(log10(av / num)));
      return place * scale / 2;
    }
    return place / 2;
  }
  /* Chinese numerals (三成, 十几): the place of the last significant digit
   * of the value. */
  if (av == 0)
    return 0.5;
  double place = pow(10.0, floor(log10(av)));
  for (int i = 0; i < 15; i++) {
    double q = av / place;
    if (fabs(q - round(q)) < 1e-9 * (q > 1 ? q : 1))
      break;
    place /= 10;
  }
  return place / 2;
}

bool ct_reconcile_interval(const ct_claim *c, double *lo, double *hi) {
  *lo = -INFINITY;
  *hi = INFINITY;
  if (c->kind == CT_KIND_DATE || c->kind == CT_KIND_YEAR)
    return false;
  switch (c->bound) {
  case CT_BOUND_EQ:
  case CT_BOUND_APPROX: {
    if (!c->has_value)
      return false;
    double h = ct_reconcile_half_unit(c->text, c->value);
    *lo = c->value - h;
    *hi = c->value + h;
    return true;
  }
  case CT_BOUND_LT:
  case CT_BOUND_LE:
    if (!c->has_high && !c->has_value)
      return false;
    *hi = c->has_high ? c->high : c->value;
    return true;
  case CT_BOUND_GT:
  case CT_BOUND_GE:
    if (!c->has_low && !c->has_value)
      return false;
    *lo = c->has_low ? c->low : c->value;
    return true;
  case CT_BOUND_RANGE: {
    if (!c->has_low || !c->has_high)
      return false;
    double h = ct_reconcile_half_unit(c->text, c->low);
    *lo = c->low - h;
    *hi = c->high + h;
    return true;
  }
  }
  return false;
}

static double ref_basis(const ct_reference *r) {
  return r->has_value  ? r->value
         : r->has_low  ? r->low
         : r->has_high ? r->high
                       : 0;
}

double ct_reconcile_tolerance(const ct_reference *r) {
  if (is_percent(r->unit))
    return r->has_tolerance ? r->tolerance : 3.0; /* percentage points */
  double rel = r->has_tolerance ? r->tolerance : 0.05;
  return rel * fabs(ref_basis(r));
}

/* The reference's own interval before tolerance; false when unusable. */
static bool ref_interval(const ct_reference *r, double *lo, double *hi) {
  *lo = -INFINITY;
  *hi = INFINITY;
  if (r->has_low)
    *lo = r->low;
  if (r->has_high)
    *hi = r->high;
  if (!r->has_low && !r->has_high) {
    if (!r->has_value)
      return false;
    *lo = *hi = r->value;
  }
  if (is_percent(r->unit)) {
    if (*lo < 0)
      *lo = 0;
    if (*hi > 100)
      *hi = 100;
  }
  return true;
}

static double claim_point(const ct_claim *c) {
  if (c->has_value)
    return c->value;
  if (c->has_low && c->has_high)
    return (c->low + c->high) / 2;
  return c->has_low ? c->low : c->high;
}

/* Ten significant digits: 45 - 48.9 prints -3.9, not -3.8999999999999986. */
static double round_sig(double v) {
  char buf[40];
  snprintf(buf, sizeof buf, "%.10g", v);
  return strtod(buf, NULL);
}

static double interval_distance(double alo, double ahi, double blo,
                                double bhi) {
  if (alo <= bhi && blo <= ahi)
    return 0;
  return ahi < blo ? blo - ahi : alo - bhi;
}

static int period_year(const char *p) {
  if (!p)
    return 0;
  for (const char *s = p; *s; s++) {
    if (s[0] >= '1' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
        s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' &&
        !(s[4] >= '0' && s[4] <= '9') &&
        (s == p || !(s[-1] >= '0' && s[-1] <= '9')))
      return atoi(s);
  }
  return 0;
}

static bool unit_eq(const char *a, const char *b) {
  if (!a || !b)
    return false;
  if (is_percent(a) && is_percent(b))
    return true;
  return strcmp(a, b) == 0;
}

static void fmt_value(char *out, size_t cap, double v, const char *unit) {
  char num[64];
  ct_format_double(num, sizeof num, v);
  if (!unit)
    snprintf(out, cap, "%s", num);
  else if (is_percent(unit))
    snprintf(out, cap, "%s%%", num);
  else
    snprintf(out, cap, "%s %s", num, unit);
}

static void fmt_ref(char *out, size_t cap, const ct_reference *r) {
  char a[64], b[64];
  if (r->has_low && r->has_high) {
    fmt_value(a, sizeof a, r->low, NULL);
    fmt_value(b, sizeof b, r->high, r->unit);
    snprintf(out, cap, "%s-%s", a, b);
  } else if (r->has_low) {
    fmt_value(a, sizeof a, r->low, r->unit);
    snprintf(out, cap, ">=%s", a);
  } else if (r->has_high) {
    fmt_value(a, sizeof a, r->high, r->unit);
    snprintf(out, cap, "<=%s", a);
  } else {
    fmt_value(out, cap, r->value, r->unit);
  }
}

static void fmt_tol(char *out, size_t cap, const ct_reference *r) {
  if (is_percent(r->unit)) {
    char n[24];
    ct_format_double(n, sizeof n, ct_reconcile_tolerance(r));
    snprintf(out, cap, "±%s pp", n);
  } else {
    char n[24];
    ct_format_double(n, sizeof n,
                     (r->has_tolerance ? r->tolerance : 0.05) * 100);
    snprintf(out, cap, "±%s%%", n);
  }
}

static void set_note(ct_verdict *v, ct_arena *arena, ct_buf *b) {
  if (b->oom || !b->len) {
    v->note = NULL;
    return;
  }
  v->note = ct_arena_strndup(arena, b->data, b->len);
}

void ct_reconcile_ref_keys(const ct_lexicon *subjects,
                           const ct_lexicon *metrics, const ct_reference *refs,
                           size_t n_refs, ct_ref_key *keys) {
  for (size_t i = 0; i < n_refs; i++) {
    const ct_reference *r = &refs[i];
    keys[i].subject = ct_lexicon_canon(subjects, r->subject);
    ct_reconcile_facets(ct_lexicon_canon(metrics, r->metric), NULL, r->unit,
                        &keys[i].f);
    keys[i].year = period_year(r->period);
  }
}

void ct_reconcile_judge(const ct_lexicon *subjects, const ct_lexicon *metrics,
                        const ct_stored_article *article,
                        const ct_reference *refs, size_t n_refs,
                        ct_arena *arena, ct_verdict *v) {
  ct_ref_key *keys = n_refs ? ct_calloc(n_refs, sizeof *keys) : NULL;
  if (n_refs && !keys) {
    v->verdict = CT_VERDICT_UNVERIFIABLE;
    v->reference = NULL;
    v->has_gap = false;
    v->note = NULL;
    return;
  }
  ct_reconcile_ref_keys(subjects, metrics, refs, n_refs, keys);
  ct_reconcile_judge_keyed(subjects, metrics, article, refs, keys, n_refs,
                           arena, v);
  ct_free(keys);
}

void ct_reconcile_judge_keyed(const ct_lexicon *subjects,
                              const ct_lexicon *metrics,
                              const ct_stored_article *article,
                              const ct_reference *refs, const ct_ref_key *keys,
                              size_t n_refs, ct_arena *arena, ct_verdict *v) {
  const ct_claim *c = &v->claim;
  ct_buf note = CT_BUF_INIT;
  v->verdict = CT_VERDICT_UNVERIFIABLE;
  v->reference = NULL;
  v->has_gap = false;
  size_t *cand = NULL;
  int *how = NULL;
  double lo, hi;
  if (!ct_reconcile_interval(c, &lo, &hi)) {
    v->lo = -INFINITY;
    v->hi = INFINITY;
    ct_buf_puts(&note, c->kind == CT_KIND_YEAR || c->kind == CT_KIND_DATE
                           ? "A date or year is not a figure to check."
                           : "The claim carries no number to compare.");
    goto done;
  }
  v->lo = lo;
  v->hi = hi;
  if (!c->subject || !c->metric || !c->unit) {
    ct_buf_printf(&note, "The claim names no %s, so no reference applies.",
                  !c->subject  ? "subject"
                  : !c->metric ? "metric"
                               : "unit");
    goto done;
  }
  const char *subj = ct_lexicon_canon(subjects, c->subject);
  const char *metric = ct_lexicon_canon(metrics, c->metric);
  ct_facets cf;
  ct_reconcile_claim_facets(c, metric, &cf);
  if (!cf.commodity || !cf.stage) {
    ct_buf_printf(&note, "No reference figure describes %s (%s).", metric,
                  !cf.commodity ? "no commodity named"
                                : "not a measure the "
                                  "references hold");
    goto done;
  }
  if (n_refs) {
    cand = ct_calloc(n_refs, sizeof *cand);
    how = ct_calloc(n_refs, sizeof *how);
    if (!cand || !how)
      goto done;
  }
  size_t n = 0;
  bool other_unit = false;
  for (size_t i = 0; i < n_refs; i++) {
    const ct_reference *r = &refs[i];
    if (strcmp(keys[i].subject, subj) != 0)
      continue;
    double rl, rh;
    if (!ref_interval(r, &rl, &rh))
      continue;
    const ct_facets rf = keys[i].f;
    ct_facets cf_unit = cf;
    if (!unit_eq(c->unit, r->unit)) {
      /* same measure in another unit: remembered for the note */
      cf_unit.form = rf.form;
      if (facets_compare(&cf_unit, &rf))
        other_unit = true;
      continue;
    }
    int k = facets_compare(&cf, &rf);
    if (!k)
      continue;
    cand[n] = i;
    how[n] = k;
    n++;
  }
  if (!n) {
    static const char *const scope_words[] = {"", " (medium/heavy rare earths)",
                                              " (light rare earths)",
                                              " (magnet rare earths)"};
    ct_buf_printf(&note, "No reference figure for %s: %s%s%s.", subj, metric,
                  (unsigned)cf.scope < 4 ? scope_words[cf.scope] : "",
                  other_unit ? " in this unit (there are some in another)"
                             : "");
    goto done;
  }
  /* Period: the claim's year, else the latest earlier one; a claim with no
   * year is judged against the latest figure not after the article. */
  int cy = period_year(c->period);
  int py = article ? period_year(article->published) : 0;
  int target = 0, later = 0;
  for (size_t i = 0; i < n; i++) {
    int ry = keys[cand[i]].year;
    if (!ry)
      continue;
    int limit = cy ? cy : py;
    if (limit && ry > limit) {
      if (!later || ry < later)
        later = ry;
      continue;
    }
    if (ry > target)
      target = ry;
  }
  bool timeless_only = true;
  for (size_t i = 0; i < n; i++)
    if (keys[cand[i]].year)
      timeless_only = false;
  if (!target && !timeless_only) {
    if (cy)
      ct_buf_printf(&note,
                    "References for %s: %s start in %d, after the claim's "
                    "period (%d).",
                    subj, metric, later, cy);
    else
      ct_buf_printf(&note,
                    "References for %s: %s start in %d, after the article's "
                    "date (%d).",
                    subj, metric, later, py);
    goto done;
  }
  /* Within the chosen period, same-measure rows come before rows that
   * count capacity where the claim counts output (or the reverse). */
  bool any_exact = false;
  for (size_t i = 0; i < n; i++) {
    int ry = keys[cand[i]].year;
    if ((ry == target || !ry) && how[i] == 1)
      any_exact = true;
  }
  const ct_reference *best = NULL;
  int best_how = 0;
  double best_dist = INFINITY;
  bool best_ok = false;
  size_t n_judged = 0;
  for (size_t i = 0; i < n; i++) {
    const ct_reference *r = &refs[cand[i]];
    int ry = keys[cand[i]].year;
    if (ry && ry != target)
      continue;
    if (any_exact && how[i] != 1)
      continue;
    n_judged++;
    double rl, rh;
    ref_interval(r, &rl, &rh);
    double tol = ct_reconcile_tolerance(r);
    double clo = lo, chi = hi;
    if (c->bound == CT_BOUND_APPROX) {
      clo -= tol;
      chi += tol;
    }
    bool ok = clo <= rh + tol && rl - tol <= chi;
    double dist = ok ? fabs(claim_point(c) - ref_basis(r))
                     : interval_distance(lo, hi, rl, rh);
    if (!best || (ok && !best_ok) || (ok == best_ok && dist < best_dist)) {
      best = r;
      best_how = how[i];
      best_dist = dist;
      best_ok = ok;
    }
  }
  v->reference = best;
  v->verdict = best_ok ? CT_VERDICT_SUPPORTED : CT_VERDICT_CONTRADICTED;
  v->has_gap = true;
  v->gap = round_sig(claim_point(c) - ref_basis(best));
  char rtext[160], tol[64];
  fmt_ref(rtext, sizeof rtext, best);
  fmt_tol(tol, sizeof tol, best);
  if (best_ok)
    ct_buf_printf(&note, "Within %s of the reference %s (%s)", tol, rtext,
                  best->period ? best->period : "no period");
  else if (n_judged > 1)
    ct_buf_printf(&note,
                  "Outside %s of all %zu comparable references; the closest "
                  "is %s (%s)",
                  tol, n_judged, rtext, best->period ? best->period : "");
  else
    ct_buf_printf(&note, "Outside %s of the reference %s (%s)", tol, rtext,
                  best->period ? best->period : "no period");
  if (best_how == 2) {
    ct_facets rf;
    ct_reconcile_facets(ct_lexicon_canon(metrics, best->metric), NULL,
                        best->unit, &rf);
    ct_buf_printf(&note, "; the claim counts %s and the reference %s",
                  measure_word(cf.measure), measure_word(rf.measure));
  }
  if (cy && target && target < cy)
    ct_buf_printf(&note, "; the reference is %d year%s older", cy - target,
                  cy - target == 1 ? "" : "s");
  else if (!cy && target)
    ct_buf_printf(&note, "; the claim names no year, judged against %d",
                  target);
  ct_buf_putc(&note, '.');
done:
  ct_free(cand);
  ct_free(how);
  set_note(v, arena, &note);
  ct_buf_release(&note);
}

/* ---- conflicts between articles ---- */

typedef struct conflict_key {
  const char *subject;
  ct_facets f;
  int year;
  bool usable;
  double lo, hi;
} conflict_key;

static double default_tol(const ct_claim *c) {
  return is_percent(c->unit) ? 3.0 : 0.05 * fabs(claim_point(c));
}

static void fmt_interval(char *out, size_t cap, const ct_claim *c, double lo,
                         double hi) {
  char a[64], b[64];
  if (isinf(lo) && lo < 0) {
    fmt_value(b, sizeof b, hi, c->unit);
    snprintf(out, cap, "<=%s", b);
  } else if (isinf(hi)) {
    fmt_value(a, sizeof a, lo, c->unit);
    snprintf(out, cap, ">=%s", a);
  } else {
    fmt_value(a, sizeof a, lo, NULL);
    fmt_value(b, sizeof b, hi, c->unit);
    snprintf(out, cap, "%s..%s", a, b);
  }
}

typedef struct key_ref {
  const conflict_key *k;
  const char *unit; /* normalised */
  size_t idx;       /* verdict index: keeps groups in text order */
} key_ref;

static int cmp_int(int a, int b) { return a < b ? -1 : a > b; }

static int cmp_key(const key_ref *a, const key_ref *b) {
  int c = strcmp(a->k->subject, b->k->subject);
  if (!c)
    c = strcmp(a->unit, b->unit);
  if (!c)
    c = cmp_int(a->k->year, b->k->year);
  const ct_facets *x = &a->k->f, *y = &b->k->f;
  if (!c)
    c = cmp_int(x->commodity, y->commodity);
  if (!c)
    c = cmp_int(x->stage, y->stage);
  if (!c)
    c = cmp_int(x->measure, y->measure);
  if (!c)
    c = cmp_int(x->form, y->form);
  if (!c)
    c = cmp_int(x->scope, y->scope);
  if (!c)
    c = cmp_int(x->projected, y->projected);
  return c;
}

static bool same_key(const key_ref *a, const key_ref *b) {
  return cmp_key(a, b) == 0;
}

static int cmp_key_ref(const void *pa, const void *pb) {
  const key_ref *a = pa, *b = pb;
  int c = cmp_key(a, b);
  if (c)
    return c;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

ct_status ct_reconcile_conflicts(ct_check *check, const ct_lexicon *subjects,
                                 const ct_lexicon *metrics) {
  size_t n = check->n_verdicts;
  if (n < 2)
    return CT_OK;
  conflict_key *k = ct_calloc(n, sizeof *k);
  if (!k)
    return CT_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    const ct_claim *c = &check->verdicts[i].claim;
    double lo, hi;
    if (!c->subject || !c->metric || !c->unit ||
        !ct_reconcile_interval(c, &lo, &hi))
      continue;
    ct_reconcile_claim_facets(c, ct_lexicon_canon(metrics, c->metric), &k[i].f);
    if (!k[i].f.commodity || !k[i].f.stage)
      continue;
    if (c->bound == CT_BOUND_APPROX) {
      lo -= default_tol(c);
      hi += default_tol(c);
    }
    k[i].subject = ct_lexicon_canon(subjects, c->subject);
    /* A claim without a year speaks of its article's time. */
    k[i].year = period_year(c->period);
    if (!k[i].year && check->verdicts[i].article)
      k[i].year = period_year(check->verdicts[i].article->published);
    k[i].lo = lo;
    k[i].hi = hi;
    k[i].usable = true;
  }
  /* Only claims with equal keys can conflict: sort by key and compare
   * within each group (not all n^2 pairs). */
  size_t n_use = 0;
  for (size_t i = 0; i < n; i++)
    n_use += k[i].usable;
  key_ref *order = n_use ? ct_calloc(n_use, sizeof *order) : NULL;
  if (n_use && !order) {
    ct_free(k);
    return CT_ENOMEM;
  }
  for (size_t i = 0, j = 0; i < n; i++)
    if (k[i].usable) {
      order[j].k = &k[i];
      order[j].unit = is_percent(check->verdicts[i].claim.unit)
                          ? "%"
                          : check->verdicts[i].claim.unit;
      order[j].idx = i;
      j++;
    }
  if (n_use)
    qsort(order, n_use, sizeof *order, cmp_key_ref);
  size_t cap = 0;
  ct_status st = CT_OK;
  for (size_t g = 0; g < n_use && st == CT_OK;) {
    size_t end = g + 1;
    while (end < n_use && same_key(&order[g], &order[end]))
      end++;
    for (size_t x = g; x < end && st == CT_OK; x++) {
      size_t i = order[x].idx;
      const ct_verdict *a = &check->verdicts[i];
      for (size_t y = x + 1; y < end; y++) {
        size_t j = order[y].idx;
        const ct_verdict *b = &check->verdicts[j];
        if (a->article == b->article)
          continue;
        if (k[i].lo <= k[j].hi && k[j].lo <= k[i].hi)
          continue;
        if (check->n_conflicts == cap) {
          size_t ncap = cap ? cap * 2 : 8, bytes;
          ct_conflict *p = NULL;
          if (ct_size_mul(ncap, sizeof *p, &bytes))
            p = ct_realloc(check->conflicts, bytes);
          if (!p) {
            st = CT_ENOMEM;
            break;
          }
          check->conflicts = p;
          cap = ncap;
        }
        char ia[160], ib[160], buf[1024];
        fmt_interval(ia, sizeof ia, &a->claim, k[i].lo, k[i].hi);
        fmt_interval(ib, sizeof ib, &b->claim, k[j].lo, k[j].hi);
        snprintf(buf, sizeof buf,
                 "%s says %s (%s), %s says %s (%s): the intervals do not "
                 "meet.",
                 a->article->key, a->claim.text, ia, b->article->key,
                 b->claim.text, ib);
        ct_conflict *cf = &check->conflicts[check->n_conflicts++];
        cf->a = a;
        cf->b = b;
        cf->note = ct_arena_strdup(&check->arena, buf);
      }
    }
    g = end;
  }
  ct_free(order);
  ct_free(k);
  return st;
}
