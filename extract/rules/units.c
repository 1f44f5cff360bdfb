/* SPDX-License-Identifier: MIT */
/* Unit lexicon (rules stage): loads a pack's units.tsv (surface, canonical
 * unit, scale, kind), answers exact and longest-prefix lookups and builds
 * the {UNIT} regex alternation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "norm/norm.h"
#include "rules/units.h"
#include "util/util.h"

#define STAGE "rules"
#define MAX_SURFACE_BYTES 128
#define MAX_UNITS 100000
#define MAX_SCALE 1e16

typedef struct entry {
  ct_unit u;
  size_t surface_len;
  int line;
} entry;

struct ct_units {
  ct_arena arena; /* every string */
  entry *items;   /* file order */
  size_t n, cap;
  entry **sorted; /* by surface bytes, for lookups */
  size_t max_len; /* longest surface, bytes */
  char *pattern;
};

static const struct {
  const char *name;
  ct_kind kind;
} k_kinds[] = {
    {"percent", CT_KIND_PERCENT}, {"quantity", CT_KIND_QUANTITY},
    {"money", CT_KIND_MONEY},     {"count", CT_KIND_COUNT},
    {"number", CT_KIND_NUMBER},   {"ratio", CT_KIND_RATIO},
};

static bool kind_parse(const char *s, size_t len, ct_kind *out) {
  for (size_t i = 0; i < sizeof k_kinds / sizeof *k_kinds; i++)
    if (strlen(k_kinds[i].name) == len &&
        memcmp(k_kinds[i].name, s, len) == 0) {
      *out = k_kinds[i].kind;
      return true;
    }
  return false;
}

/* A positive decimal scale: 10000, 1e8, 1E+8, 0.001, 1e-3, 1.5e4. The
 * digits are rewritten as "DDDe[-]K" (no radix character, hence no locale
 * dependence) for a correctly rounded strtod. */
static bool scale_parse(const char *s, size_t len, double *out) {
  char buf[96];
  size_t o = 0, i = 0;
  int nd = 0, frac = 0;
  bool point = false;
  for (; i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'); i++) {
    if (s[i] == '.') {
      if (point)
        return false;
      point = true;
      continue;
    }
    if (o >= 40)
      return false;
    buf[o++] = s[i];
    nd++;
    if (point)
      frac++;
  }
  if (nd == 0 || (point && frac == 0))
    return false;
  long exp = 0;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-'))
      neg = s[i++] == '-';
    size_t e0 = i;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
      if (i - e0 >= 4)
        return false;
      exp = exp * 10 + (s[i] - '0');
    }
    if (i == e0)
      return false;
    if (neg)
      exp = -exp;
  }
  if (i != len)
    return false;
  exp -= frac;
  int w = snprintf(buf + o, sizeof buf - o, "e%ld", exp);
  if (w < 0 || (size_t)w >= sizeof buf - o)
    return false;
  double v = strtod(buf, NULL);
  if (!(v > 0.0) || v > MAX_SCALE)
    return false;
  *out = v;
  return true;
}

static int surface_cmp(const char *a, size_t an, const char *b, size_t bn) {
  size_t n = an < bn ? an : bn;
  int c = memcmp(a, b, n);
  if (c)
    return c;
  return an < bn ? -1 : an > bn ? 1 : 0;
}

static int entry_cmp(const void *pa, const void *pb) {
  const entry *a = *(entry *const *)pa, *b = *(entry *const *)pb;
  int c =
      surface_cmp(a->u.surface, a->surface_len, b->u.surface, b->surface_len);
  if (c)
    return c;
  return a->line < b->line ? -1 : a->line > b->line;
}

/* Longest first, then bytewise, so the alternation prefers 万吨 over 吨
 * and the order is deterministic. */
static int pattern_cmp(const void *pa, const void *pb) {
  const entry *a = *(entry *const *)pa, *b = *(entry *const *)pb;
  if (a->surface_len != b->surface_len)
    return a->surface_len > b->surface_len ? -1 : 1;
  return surface_cmp(a->u.surface, a->surface_len, b->u.surface,
                     b->surface_len);
}

static void trim(const char **s, size_t *len) {
  while (*len && (**s == ' ' || **s == '\t')) {
    (*s)++;
    (*len)--;
  }
  while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' ||
                  (*s)[*len - 1] == '\r'))
    (*len)--;
}

static ct_status grow(ct_units *u) {
  if (u->n < u->cap)
    return CT_OK;
  size_t cap = u->cap ? u->cap * 2 : 64, bytes;
  if (!ct_size_mul(cap, sizeof *u->items, &bytes))
    return CT_ENOMEM;
  entry *p = ct_realloc(u->items, bytes);
  if (!p)
    return CT_ENOMEM;
  u->items = p;
  u->cap = cap;
  return CT_OK;
}

/* The NFKC form of a surface, in the arena: 'km²' in the file matches the
 * normalised text's 'km2'. */
static ct_status surface_norm(ct_units *u, const char *s, size_t len,
                              const char **out, size_t *out_len) {
  ct_normtext nt;
  ct_status st = ct_norm(s, len, &nt, NULL);
  if (st != CT_OK)
    return st;
  char *c = ct_arena_strndup(&u->arena, nt.text, nt.len);
  *out_len = nt.len;
  ct_normtext_release(&nt);
  if (!c)
    return CT_ENOMEM;
  *out = c;
  return CT_OK;
}

static ct_status build_pattern(ct_units *u) {
  ct_buf b = CT_BUF_INIT;
  if (u->n == 0) {
    ct_buf_puts(&b, "(*FAIL)"); /* an empty lexicon matches nothing */
  } else {
    entry **order = ct_malloc(u->n * sizeof *order);
    if (!order)
      return CT_ENOMEM;
    memcpy(order, u->sorted, u->n * sizeof *order);
    qsort(order, u->n, sizeof *order, pattern_cmp);
    for (size_t i = 0; i < u->n; i++) {
      if (i)
        ct_buf_putc(&b, '|');
      const char *s = order[i]->u.surface;
      for (size_t k = 0; k < order[i]->surface_len; k++) {
        unsigned char c = (unsigned char)s[k];
        /* PCRE2 takes any escaped ASCII non-alphanumeric literally */
        bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                     (c >= 'A' && c <= 'Z') || c == '_';
        if (c < 0x80 && !alnum)
          ct_buf_putc(&b, '\\');
        ct_buf_putc(&b, (char)c);
      }
    }
    ct_free(order);
  }
  if (b.oom) {
    ct_buf_release(&b);
    return CT_ENOMEM;
  }
  u->pattern = ct_buf_take(&b, NULL);
  return u->pattern ? CT_OK : CT_ENOMEM;
}

ct_status ct_units_load(const char *path, const char *data, size_t len,
                        ct_units **out, ct_error *err) {
  if (!out)
    return ct_fail(err, CT_EINVAL, STAGE, "units: no output");
  *out = NULL;
  if (!path)
    path = "units.tsv";
  if (!data && len)
    return ct_fail(err, CT_EINVAL, STAGE, "%s: no data", path);
  ct_units *u = ct_calloc(1, sizeof *u);
  if (!u)
    return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  ct_arena_init(&u->arena);
  ct_status st = CT_OK;
  int line = 0;
  size_t pos = 0;
  const char *ls;
  size_t ll;
  while ((ls = ct_line_next(data, len, &pos, &ll))) {
    line++;
    const char *t = ls;
    size_t tl = ll;
    trim(&t, &tl);
    if (tl == 0 || t[0] == '#')
      continue; /* blank or comment */
    /* split the line itself: a leading TAB is an empty first column */
    t = ls;
    tl = ll;
    if (!ct_utf8_is_valid(ls, ll)) {
      st = ct_fail(err, CT_ERULE, STAGE, "%s:%d: invalid UTF-8", path, line);
      goto fail;
    }
    /* split on TABs; an optional fifth column is a '#' comment */
    const char *col[5];
    size_t cl[5];
    int nc = 0;
    const char *c0 = t;
    for (size_t k = 0; k <= tl; k++) {
      if (k == tl || t[k] == '\t') {
        if (nc < 5) {
          col[nc] = c0;
          cl[nc] = (size_t)(t + k - c0);
        }
        nc++;
        c0 = t + k + 1;
      }
    }
    for (int k = 0; k < nc && k < 5; k++)
      trim(&col[k], &cl[k]);
    if (nc == 5 && cl[4] > 0 && col[4][0] == '#')
      nc = 4;
    if (nc != 4) {
      st = ct_fail(err, CT_ERULE, STAGE,
                   "%s:%d: expected 4 tab-separated columns (surface, "
                   "canonical, scale, kind), found %d",
                   path, line, nc);
      goto fail;
    }
    if (cl[0] == 0 || cl[1] == 0) {
      st = ct_fail(err, CT_ERULE, STAGE, "%s:%d: empty %s", path, line,
                   cl[0] == 0 ? "surface" : "canonical unit");
      goto fail;
    }
    if (cl[0] > MAX_SURFACE_BYTES) {
      st = ct_fail(err, CT_ERULE, STAGE, "%s:%d: surface longer than %d bytes",
                   path, line, MAX_SURFACE_BYTES);
      goto fail;
    }
    double scale;
    if (!scale_parse(col[2], cl[2], &scale)) {
      st = ct_fail(err, CT_ERULE, STAGE,
                   "%s:%d: bad scale '%.*s' (a positive number such as 1, "
                   "10000 or 1e8, at most 1e16)",
                   path, line, (int)(cl[2] > 64 ? 64 : cl[2]), col[2]);
      goto fail;
    }
    ct_kind kind;
    if (!kind_parse(col[3], cl[3], &kind)) {
      st = ct_fail(err, CT_ERULE, STAGE,
                   "%s:%d: unknown kind '%.*s' (percent, quantity, money, "
                   "count, number, ratio)",
                   path, line, (int)(cl[3] > 64 ? 64 : cl[3]), col[3]);
      goto fail;
    }
    if (u->n >= MAX_UNITS) {
      st = ct_fail(err, CT_ERULE, STAGE, "%s:%d: more than %d units", path,
                   line, MAX_UNITS);
      goto fail;
    }
    st = grow(u);
    if (st != CT_OK)
      goto oom;
    entry *e = &u->items[u->n];
    memset(e, 0, sizeof *e);
    st = surface_norm(u, col[0], cl[0], &e->u.surface, &e->surface_len);
    if (st != CT_OK)
      goto oom;
    if (e->surface_len == 0 || e->surface_len > MAX_SURFACE_BYTES) {
      st =
          ct_fail(err, CT_ERULE, STAGE,
                  "%s:%d: surface is empty or too long after NFKC", path, line);
      goto fail;
    }
    e->u.canonical = ct_arena_strndup(&u->arena, col[1], cl[1]);
    if (!e->u.canonical) {
      st = CT_ENOMEM;
      goto oom;
    }
    e->u.scale = scale;
    e->u.kind = kind;
    e->line = line;
    if (e->surface_len > u->max_len)
      u->max_len = e->surface_len;
    u->n++;
  }
  if (u->n) {
    u->sorted = ct_malloc(u->n * sizeof *u->sorted);
    if (!u->sorted) {
      st = CT_ENOMEM;
      goto oom;
    }
    for (size_t i = 0; i < u->n; i++)
      u->sorted[i] = &u->items[i];
    qsort(u->sorted, u->n, sizeof *u->sorted, entry_cmp);
    /* the duplicate reported is the later line, naming the first */
    const entry *dup = NULL, *first = NULL;
    for (size_t i = 1; i < u->n; i++) {
      const entry *a = u->sorted[i - 1], *b = u->sorted[i];
      if (surface_cmp(a->u.surface, a->surface_len, b->u.surface,
                      b->surface_len) == 0 &&
          (!dup || b->line < dup->line)) {
        size_t j = i - 1;
        while (j > 0 && surface_cmp(u->sorted[j - 1]->u.surface,
                                    u->sorted[j - 1]->surface_len, b->u.surface,
                                    b->surface_len) == 0)
          j--;
        dup = b;
        first = u->sorted[j];
      }
    }
    if (dup) {
      st = ct_fail(err, CT_ERULE, STAGE,
                   "%s:%d: duplicate surface '%s' (first on line %d)", path,
                   dup->line, dup->u.surface, first->line);
      goto fail;
    }
  }
  st = build_pattern(u);
  if (st != CT_OK)
    goto oom;
  *out = u;
  return CT_OK;
oom:
  st = ct_fail(err, CT_ENOMEM, STAGE, "%s: out of memory", path);
fail:
  ct_units_free(u);
  return st;
}

void ct_units_free(ct_units *u) {
  if (!u)
    return;
  ct_arena_release(&u->arena);
  ct_free(u->items);
  ct_free(u->sorted);
  ct_free(u->pattern);
  ct_free(u);
}

const ct_unit *ct_units_find(const ct_units *u, const char *s, size_t len) {
  if (!u || !s || u->n == 0 || len > u->max_len)
    return NULL;
  size_t lo = 0, hi = u->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const entry *e = u->sorted[mid];
    int c = surface_cmp(e->u.surface, e->surface_len, s, len);
    if (c == 0)
      return &e->u;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

const ct_unit *ct_units_match(const ct_units *u, const char *s, size_t len,
                              size_t *matched_len) {
  if (matched_len)
    *matched_len = 0;
  if (!u || !s)
    return NULL;
  size_t n = len < u->max_len ? len : u->max_len;
  /* try every prefix ending on a character boundary, longest first */
  for (size_t k = n; k > 0; k--) {
    if (k < len && ((unsigned char)s[k] & 0xC0) == 0x80)
      continue;
    const ct_unit *r = ct_units_find(u, s, k);
    if (r) {
      if (matched_len)
        *matched_len = k;
      return r;
    }
  }
  return NULL;
}

const char *ct_units_pattern(const ct_units *u) {
  return u ? u->pattern : NULL;
}

size_t ct_units_count(const ct_units *u) { return u ? u->n : 0; }

const ct_unit *ct_units_at(const ct_units *u, size_t i) {
  return u && i < u->n ? &u->items[i].u : NULL;
}
