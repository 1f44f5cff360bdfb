/* SPDX-License-Identifier: MIT */
/* Rule-pack loader (rules stage): reads *.rules blocks and *.tsv lexicons,
 * expands {MACRO}s and compiles each rule once with PCRE2 (+JIT). A broken
 * pack names file:line and loads nothing. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules/rules.h"

#define STAGE "rules"
#define MAX_PATTERN_BYTES 65536u
#define MAX_MACRO_DEPTH 16

static const char *const kind_names[] = {
    "percent", "quantity", "money", "count", "number", "ratio", "year", "date"};
static const char *const bound_names[] = {"eq", "approx", "lt",   "le",
                                          "gt", "ge",     "range"};
static const char *const group_names[CT_G_COUNT] = {
    "value",   "low",    "high",   "unit", "bound",   "boundsuf",
    "subject", "metric", "period", "text", "year",    "month",
    "day",     "year2",  "month2", "day2", "quarter", "quarter2"};

/* ---- reading files ---- */

static ct_status read_all(const char *path, ct_buf *b, ct_error *err) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return ct_fail(err, CT_ERULE, STAGE, "%s: cannot open: %s", path,
                   strerror(errno));
  char chunk[8192];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (!ct_buf_put(b, chunk, got)) {
      fclose(f);
      return ct_fail(err, CT_ENOMEM, STAGE, "%s: out of memory", path);
    }
    if (b->len > CT_MAX_INPUT_BYTES) {
      fclose(f);
      return ct_fail(err, CT_ERULE, STAGE, "%s: file too large", path);
    }
  }
  bool bad = ferror(f) != 0;
  fclose(f);
  if (bad)
    return ct_fail(err, CT_ERULE, STAGE, "%s: read error", path);
  if (!ct_buf_putc(b, '\0'))
    return ct_fail(err, CT_ENOMEM, STAGE, "%s: out of memory", path);
  b->len--;
  return CT_OK;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

/* ---- lexicons ---- */

static int bound_from_name(const char *s, size_t len) {
  for (int i = 0; i < 7; i++)
    if (strlen(bound_names[i]) == len && memcmp(bound_names[i], s, len) == 0)
      return i;
  return -1;
}

static int kind_from_name(const char *s) {
  for (int i = 0; i < 8; i++)
    if (strcmp(kind_names[i], s) == 0)
      return i;
  if (strcmp(s, "auto") == 0)
    return CT_RULE_KIND_AUTO;
  if (strcmp(s, "ignore") == 0)
    return CT_RULE_KIND_IGNORE;
  return -100;
}

static int cmp_lex(const void *a, const void *b) {
  const ct_lex_entry *x = a, *y = b;
  if (x->len != y->len)
    return x->len > y->len ? -1 : 1;
  return strcmp(x->surface, y->surface);
}

static bool put_escaped(ct_buf *b, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (strchr("\\^$.|?*+()[]{}-/#", s[i]) && s[i] != '\0')
      ct_buf_putc(b, '\\');
    ct_buf_putc(b, s[i]);
  }
  return !b->oom;
}

/* Build the alternation of the entries with the given position (-1 any). */
static const char *lex_pattern(ct_arena *a, const ct_lexicon *lx, int suffix) {
  ct_buf b = CT_BUF_INIT;
  bool first = true;
  ct_buf_puts(&b, "(?:");
  for (size_t i = 0; i < lx->n; i++) {
    if (suffix >= 0 && lx->v[i].suffix != (suffix == 1))
      continue;
    if (!first)
      ct_buf_putc(&b, '|');
    first = false;
    put_escaped(&b, lx->v[i].surface, lx->v[i].len);
  }
  if (first)
    ct_buf_puts(&b, "(*FAIL)");
  ct_buf_putc(&b, ')');
  const char *out = b.oom ? NULL : ct_arena_strndup(a, b.data, b.len);
  ct_buf_release(&b);
  return out;
}

/* Parse a lexicon TSV: surface TAB canonical-or-bound [TAB pre|post]. */
static ct_status load_lexicon(ct_pack *p, const char *path, const char *data,
                              size_t len, ct_lexicon *lx, bool quals,
                              ct_error *err) {
  size_t cap = 0;
  int line = 0;
  size_t pos = 0;
  const char *s;
  size_t n;
  while ((s = ct_line_next(data, len, &pos, &n))) {
    line++;
    size_t lead = 0;
    while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
      lead++;
    if (lead == n || s[lead] == '#')
      continue;
    /* split on tabs */
    const char *f[4];
    size_t fl[4];
    int nf = 0;
    size_t st = 0;
    for (size_t i = 0; i <= n && nf < 4; i++) {
      if (i == n || s[i] == '\t') {
        f[nf] = s + st;
        fl[nf] = i - st;
        nf++;
        st = i + 1;
      }
    }
    if (nf < 2 || fl[0] == 0 || fl[1] == 0)
      return ct_fail(err, CT_ERULE, STAGE, "%s:%d: expected 'surface<TAB>%s'",
                     path, line, quals ? "bound" : "canonical");
    if (!ct_utf8_is_valid(f[0], fl[0]) || !ct_utf8_is_valid(f[1], fl[1]))
      return ct_fail(err, CT_ERULE, STAGE, "%s:%d: invalid UTF-8", path, line);
    ct_lex_entry ent = {NULL, fl[0], NULL, -1, false};
    if (quals) {
      ent.bound = bound_from_name(f[1], fl[1]);
      if (ent.bound < 0 || ent.bound == CT_BOUND_RANGE)
        return ct_fail(err, CT_ERULE, STAGE,
                       "%s:%d: bad bound '%.*s' (eq, approx, lt, le, gt, ge)",
                       path, line, (int)fl[1], f[1]);
      if (nf >= 3) {
        if (fl[2] == 4 && memcmp(f[2], "post", 4) == 0)
          ent.suffix = true;
        else if (!(fl[2] == 3 && memcmp(f[2], "pre", 3) == 0))
          return ct_fail(err, CT_ERULE, STAGE,
                         "%s:%d: bad position '%.*s' (pre or post)", path, line,
                         (int)fl[2], f[2]);
      }
    } else {
      ent.canonical = ct_arena_strndup(&p->arena, f[1], fl[1]);
      if (!ent.canonical)
        return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
    }
    ent.surface = ct_arena_strndup(&p->arena, f[0], fl[0]);
    if (!ent.surface)
      return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
    if (lx->n == cap) {
      size_t ncap = cap ? cap * 2 : 64, bytes;
      if (!ct_size_mul(ncap, sizeof *lx->v, &bytes))
        return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
      ct_lex_entry *nv = ct_realloc(lx->v, bytes);
      if (!nv)
        return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
      lx->v = nv;
      cap = ncap;
    }
    lx->v[lx->n++] = ent;
  }
  return CT_OK;
}

static uint32_t first_cp(const char *s, size_t len) {
  uint32_t cp = 0;
  ct_utf8_decode((const unsigned char *)s, len, &cp);
  return cp;
}

/* Code point of the last character of s[0..len) (0 when empty). */
static uint32_t last_cp(const char *s, size_t len) {
  size_t i = len;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
    i--;
  if (i > 0)
    i--;
  return len ? first_cp(s + i, len - i) : 0;
}

static const ct_lexicon *sort_lex; /* only during lex_finish (load time) */

static int cmp_order(const void *a, const void *b) {
  const ct_lex_entry *x = &sort_lex->v[*(const size_t *)a];
  const ct_lex_entry *y = &sort_lex->v[*(const size_t *)b];
  uint32_t cx = first_cp(x->surface, x->len), cy = first_cp(y->surface, y->len);
  if (cx != cy)
    return cx < cy ? -1 : 1;
  if (x->len != y->len)
    return x->len > y->len ? -1 : 1;
  return strcmp(x->surface, y->surface);
}

static bool lex_finish(ct_lexicon *lx) {
  if (!lx->n)
    return true;
  qsort(lx->v, lx->n, sizeof *lx->v, cmp_lex);
  lx->order = ct_calloc(lx->n, sizeof *lx->order);
  lx->cps = ct_calloc(lx->n, sizeof *lx->cps);
  if (!lx->order || !lx->cps)
    return false;
  for (size_t i = 0; i < lx->n; i++)
    lx->order[i] = i;
  sort_lex = lx;
  qsort(lx->order, lx->n, sizeof *lx->order, cmp_order);
  sort_lex = NULL;
  for (size_t i = 0; i < lx->n; i++) {
    const ct_lex_entry *e = &lx->v[lx->order[i]];
    lx->cps[i] = first_cp(e->surface, e->len);
    unsigned char b0 = (unsigned char)e->surface[0];
    lx->first_byte[b0 >> 3] =
        (uint8_t)(lx->first_byte[b0 >> 3] | (1u << (b0 & 7)));
    uint32_t f = lx->cps[i] > 0xFFFF ? 0xFFFF : lx->cps[i];
    lx->first_cp_bits[f >> 3] =
        (uint8_t)(lx->first_cp_bits[f >> 3] | (1u << (f & 7)));
    uint32_t l = last_cp(e->surface, e->len);
    l = l > 0xFFFF ? 0xFFFF : l;
    lx->last_cp_bits[l >> 3] =
        (uint8_t)(lx->last_cp_bits[l >> 3] | (1u << (l & 7)));
  }
  return true;
}

/* First index in order[] whose code point is cp, or n. */
static size_t lex_lower(const ct_lexicon *lx, uint32_t cp) {
  size_t lo = 0, hi = lx->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (lx->cps[mid] < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

const ct_lex_entry *ct_rules_lex_find(const ct_lexicon *lx, const char *s,
                                      size_t len) {
  if (!lx->n || !len || !lx->cps)
    return NULL;
  uint32_t cp = first_cp(s, len);
  for (size_t i = lex_lower(lx, cp); i < lx->n && lx->cps[i] == cp; i++) {
    const ct_lex_entry *e = &lx->v[lx->order[i]];
    if (e->len == len && memcmp(e->surface, s, len) == 0)
      return e;
  }
  return NULL;
}

const ct_lex_entry *ct_rules_lex_prefix(const ct_lexicon *lx, const char *s,
                                        size_t len) {
  if (!lx->n || !len || !lx->cps)
    return NULL;
  unsigned char b0 = (unsigned char)s[0];
  if (!(lx->first_byte[b0 >> 3] & (1u << (b0 & 7))))
    return NULL;
  uint32_t cp = 0;
  const unsigned char *u = (const unsigned char *)s;
  /* the common case inline: a well-formed 3-byte character (not an
   * overlong form nor a surrogate, which ct_utf8_decode rejects) */
  if (b0 >= 0xE0 && b0 <= 0xEF && len >= 3 && (u[1] & 0xC0) == 0x80 &&
      (u[2] & 0xC0) == 0x80) {
    cp = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
         (u[2] & 0x3F);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
      cp = first_cp(s, len);
  } else {
    cp = first_cp(s, len);
  }
  if (!ct_rules_lex_may_start(lx, cp))
    return NULL;
  /* longest first within the same first character */
  for (size_t i = lex_lower(lx, cp); i < lx->n && lx->cps[i] == cp; i++) {
    const ct_lex_entry *e = &lx->v[lx->order[i]];
    if (e->len <= len && memcmp(e->surface, s, e->len) == 0)
      return e;
  }
  return NULL;
}

/* ---- rules files ---- */

typedef struct kv {
  const char *key;
  char *val; /* arena */
  int line;
} kv;

typedef struct block {
  const char *file;
  int line;
  kv *kvs;
  size_t n, cap;
} block;

typedef struct blocks {
  block *v;
  size_t n, cap;
} blocks;

static const char *const known_keys[] = {
    "Define",   "Pattern", "Rule",   "Kind",           "Unit", "Bound",
    "Priority", "Example", "Expect", "Counterexample", NULL};

static bool grow(void **v, size_t *cap, size_t n, size_t elem) {
  if (n < *cap)
    return true;
  size_t ncap = *cap ? *cap * 2 : 8, bytes;
  if (!ct_size_mul(ncap, elem, &bytes))
    return false;
  void *nv = ct_realloc(*v, bytes);
  if (!nv)
    return false;
  *v = nv;
  *cap = ncap;
  return true;
}

static void blocks_release(blocks *bs) {
  for (size_t i = 0; i < bs->n; i++)
    ct_free(bs->v[i].kvs);
  ct_free(bs->v);
  bs->v = NULL;
  bs->n = bs->cap = 0;
}

static ct_status parse_rules_file(ct_pack *p, const char *path,
                                  const char *data, size_t len, blocks *bs,
                                  ct_error *err) {
  if (!ct_utf8_is_valid(data, len))
    return ct_fail(err, CT_ERULE, STAGE, "%s:1: invalid UTF-8", path);
  const char *file = ct_arena_strdup(&p->arena, path);
  if (!file)
    return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  block *cur = NULL;
  kv *last = NULL;
  int line = 0;
  size_t pos = 0;
  const char *s;
  size_t n;
  while ((s = ct_line_next(data, len, &pos, &n))) {
    line++;
    size_t lead = 0;
    while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
      lead++;
    if (lead == n) { /* blank: end of block */
      cur = NULL;
      last = NULL;
      continue;
    }
    if (s[lead] == '#')
      continue;
    if (lead > 0) { /* continuation */
      if (!last)
        return ct_fail(err, CT_ERULE, STAGE,
                       "%s:%d: continuation line without a key", path, line);
      size_t ol = strlen(last->val), total;
      if (!ct_size_add(ol, n - lead + 1, &total))
        return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
      char *nv = ct_arena_alloc(&p->arena, total);
      if (!nv)
        return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
      memcpy(nv, last->val, ol);
      memcpy(nv + ol, s + lead, n - lead);
      nv[total - 1] = '\0';
      last->val = nv;
      continue;
    }
    const char *colon = memchr(s, ':', n);
    if (!colon)
      return ct_fail(err, CT_ERULE, STAGE, "%s:%d: expected 'Key: value'", path,
                     line);
    size_t klen = (size_t)(colon - s);
    const char *key = NULL;
    for (int i = 0; known_keys[i]; i++)
      if (strlen(known_keys[i]) == klen && memcmp(known_keys[i], s, klen) == 0)
        key = known_keys[i];
    if (!key)
      return ct_fail(err, CT_ERULE, STAGE, "%s:%d: unknown key '%.*s'", path,
                     line, (int)(klen > 40 ? 40 : klen), s);
    const char *v = colon + 1;
    size_t vl = n - klen - 1;
    while (vl && (*v == ' ' || *v == '\t'))
      v++, vl--;
    while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
      vl--;
    if (!cur) {
      if (!grow((void **)&bs->v, &bs->cap, bs->n, sizeof *bs->v))
        return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
      cur = &bs->v[bs->n++];
      memset(cur, 0, sizeof *cur);
      cur->file = file;
      cur->line = line;
    }
    if (!grow((void **)&cur->kvs, &cur->cap, cur->n, sizeof *cur->kvs))
      return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
    last = &cur->kvs[cur->n++];
    last->key = key;
    last->line = line;
    last->val = ct_arena_strndup(&p->arena, v, vl);
    if (!last->val)
      return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  }
  return CT_OK;
}

/* ---- macro expansion ---- */

typedef struct defines {
  const block **v; /* Define blocks */
  size_t n;
} defines;

static const char *block_get(const block *b, const char *key, int *line) {
  for (size_t i = 0; i < b->n; i++)
    if (b->kvs[i].key == key || strcmp(b->kvs[i].key, key) == 0) {
      if (line)
        *line = b->kvs[i].line;
      return b->kvs[i].val;
    }
  return NULL;
}

/* Offset of the last character of s[0..len). */
static size_t last_char_at(const char *s, size_t len) {
  size_t st = len - 1;
  while (st > 0 && ((unsigned char)s[st] & 0xC0) == 0x80)
    st--;
  return st;
}

/* Does qualifier f (written before a number) end in the character c? */
static bool ends_in(const ct_lex_entry *f, const char *c, size_t cl) {
  if (f->suffix || !f->len)
    return false;
  size_t fi = last_char_at(f->surface, f->len);
  return f->len - fi == cl && memcmp(f->surface + fi, c, cl) == 0;
}

/* The second half of {QUALLB}: one branch per last character c of the
 * qualifiers written before a number, (?<=c)(?<=q1|q2...) over those
 * ending in c, or (?<=c) alone when c is one itself. The same condition as
 * one lookbehind of every qualifier, but PCRE2 tries a qualifier only
 * where its last character stands. False when out of memory. */
static bool quallb_branches(ct_buf *out, const ct_lexicon *q) {
  bool *done = ct_calloc(q->n ? q->n : 1, sizeof *done);
  if (!done)
    return false;
  ct_buf_puts(out, "(?:");
  bool first_branch = true;
  for (size_t i = 0; i < q->n; i++) {
    const ct_lex_entry *e = &q->v[i];
    if (done[i] || e->suffix || !e->len)
      continue;
    size_t ci = last_char_at(e->surface, e->len);
    const char *c = e->surface + ci;
    size_t cl = e->len - ci;
    bool alone = false; /* c on its own is a qualifier */
    for (size_t k = i; k < q->n; k++)
      if (ends_in(&q->v[k], c, cl) && q->v[k].len == cl)
        alone = true;
    ct_buf_puts(out, first_branch ? "(?<=" : "|(?<=");
    first_branch = false;
    put_escaped(out, c, cl);
    ct_buf_putc(out, ')');
    bool any = false;
    for (size_t k = i; k < q->n; k++) {
      if (done[k] || !ends_in(&q->v[k], c, cl))
        continue;
      done[k] = true;
      if (alone)
        continue;
      ct_buf_puts(out, any ? "|" : "(?<=");
      any = true;
      put_escaped(out, q->v[k].surface, q->v[k].len);
    }
    if (any)
      ct_buf_putc(out, ')');
  }
  ct_buf_putc(out, ')');
  ct_free(done);
  return !out->oom;
}

static ct_status expand(const ct_pack *p, const defines *ds, const char *pat,
                        ct_buf *out, const char **stack, int depth,
                        const char *file, int line, ct_error *err) {
  for (const char *c = pat; *c;) {
    if (*c == '\\' && c[1]) { /* keep escapes, including \{ */
      if (strchr("xopPgkN", c[1]) && c[2] == '{') {
        /* \x{4E00}, \p{Han}, \g{1}: braces that are no macro */
        const char *close = strchr(c + 3, '}');
        size_t n = close ? (size_t)(close - c) + 1 : 2;
        ct_buf_put(out, c, n);
        c += n;
        continue;
      }
      ct_buf_put(out, c, 2);
      c += 2;
      continue;
    }
    if (*c == '{') {
      const char *q = c + 1;
      while ((*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '_')
        q++;
      if (*q == '}' && q > c + 1 && c[1] >= 'A' && c[1] <= 'Z') {
        size_t nl = (size_t)(q - c - 1);
        char name[64];
        if (nl >= sizeof name)
          return ct_fail(err, CT_ERULE, STAGE, "%s:%d: macro name too long",
                         file, line);
        memcpy(name, c + 1, nl);
        name[nl] = '\0';
        const char *body = NULL;
        const block *def = NULL;
        for (size_t i = 0; i < ds->n; i++)
          if (strcmp(block_get(ds->v[i], "Define", NULL), name) == 0)
            def = ds->v[i];
        if (def) {
          for (int i = 0; i < depth; i++)
            if (strcmp(stack[i], name) == 0)
              return ct_fail(err, CT_ERULE, STAGE,
                             "%s:%d: recursive macro {%s}", file, line, name);
          if (depth >= MAX_MACRO_DEPTH)
            return ct_fail(err, CT_ERULE, STAGE,
                           "%s:%d: macros nested too deeply at {%s}", file,
                           line, name);
          body = block_get(def, "Pattern", NULL);
          stack[depth] = block_get(def, "Define", NULL);
          ct_buf_puts(out, "(?:");
          ct_status st =
              expand(p, ds, body, out, stack, depth + 1, file, line, err);
          if (st != CT_OK)
            return st;
          ct_buf_putc(out, ')');
        } else {
          const char *lex = NULL;
          if (strcmp(name, "UNIT") == 0 && p->units)
            lex = p->unit_pattern;
          else if (strcmp(name, "UNITMULT") == 0 && p->units)
            lex = p->unit_mult_pattern;
          else if (strcmp(name, "QUAL") == 0 && p->quals.n)
            lex = p->quals.pattern;
          else if (strcmp(name, "QUALSUF") == 0 && p->quals.n)
            lex = p->quals_suffix_pattern;
          else if (strcmp(name, "QUALLB") == 0 && p->quals.n) {
            /* (?<=约|近|超过...): a lookbehind needs top-level branches;
             * a one-class lookbehind of their last characters first
             * rejects most places at once (it is implied, so the same
             * matches) */
            size_t npre = 0;
            for (size_t i = 0; i < p->quals.n; i++)
              npre += !p->quals.v[i].suffix && p->quals.v[i].len;
            ct_buf_puts(out, npre ? "(?<=[" : "(?:");
            for (size_t i = 0; i < p->quals.n; i++) {
              const ct_lex_entry *e = &p->quals.v[i];
              if (e->suffix || !e->len)
                continue;
              size_t l = e->len;
              size_t st = l - 1;
              while (st > 0 && ((unsigned char)e->surface[st] & 0xC0) == 0x80)
                st--;
              unsigned char c0 = (unsigned char)e->surface[st];
              if (c0 < 0x80 &&
                  !((c0 >= '0' && c0 <= '9') || (c0 >= 'A' && c0 <= 'Z') ||
                    (c0 >= 'a' && c0 <= 'z')))
                ct_buf_putc(out, '\\');
              ct_buf_put(out, e->surface + st, l - st);
            }
            ct_buf_puts(out, npre ? "])" : ")");
            if (!quallb_branches(out, &p->quals))
              return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
            c = q + 1;
            continue;
          } else if (strcmp(name, "SUBJECT") == 0 && p->subjects.n)
            lex = p->subjects.pattern;
          else if (strcmp(name, "METRIC") == 0 && p->metrics.n)
            lex = p->metrics.pattern;
          if (!lex)
            return ct_fail(err, CT_ERULE, STAGE, "%s:%d: undefined macro {%s}",
                           file, line, name);
          ct_buf_puts(out, "(?:");
          ct_buf_puts(out, lex);
          ct_buf_putc(out, ')');
        }
        if (out->len > MAX_PATTERN_BYTES)
          return ct_fail(err, CT_ERULE, STAGE,
                         "%s:%d: pattern longer than %u bytes after macros",
                         file, line, MAX_PATTERN_BYTES);
        c = q + 1;
        continue;
      }
    }
    ct_buf_putc(out, *c);
    c++;
  }
  return out->oom ? ct_fail(err, CT_ENOMEM, STAGE, "out of memory") : CT_OK;
}

/* ---- compile ---- */

/* Index after the character class that opens at pat[i] == '[', or 0 for a
 * POSIX class inside it ([[:alpha:]]), which the scanners below do not
 * handle. */
static size_t class_end(const char *pat, size_t len, size_t i) {
  i++;
  if (i < len && pat[i] == '^')
    i++;
  if (i < len && pat[i] == ']')
    i++;
  while (i < len && pat[i] != ']') {
    if (pat[i] == '\\')
      i++;
    else if (pat[i] == '[' && i + 1 < len && pat[i + 1] == ':')
      return 0;
    i++;
  }
  return i + 1;
}

/* End of the balanced group that opens at pat[i] == '(' (index after its
 * ')'), or 0 when unbalanced. Escapes and character classes are skipped. */
static size_t group_end(const char *pat, size_t len, size_t i) {
  int depth = 0;
  while (i < len) {
    char c = pat[i];
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (c == '[') {
      i = class_end(pat, len, i);
      if (!i)
        return 0; /* POSIX classes: not handled */
      continue;
    }
    if (c == '(')
      depth++;
    else if (c == ')' && --depth == 0)
      return i + 1;
    i++;
  }
  return 0;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

#define LEAD_MAX 512

/* The code points of a leading one-class lookahead: the pattern may open
 * with lookbehinds (?<=..) (?<!..) and negative lookaheads (?!..), which
 * do not move the start, then (?=[...]) of literal characters, escaped
 * punctuation and ranges. 0 when the pattern has no such opening (or the
 * class is anything else: negated, \p, \d, POSIX, too large). */
/* The characters of a plain class whose body starts at pat[*pi] (after
 * '['): literal characters, escaped punctuation and ranges. On success
 * *pi is at the closing ']'; 0 when the class is anything else (negated,
 * \\p, \\d, POSIX, too large). */
static size_t parse_class(const char *pat, size_t len, size_t *pi,
                          uint32_t *out) {
  size_t i = *pi;
  if (i < len && (pat[i] == '^' || pat[i] == ']'))
    return 0;
  size_t n = 0;
  bool have_prev = false;
  uint32_t prev = 0;
  while (i < len && pat[i] != ']') {
    uint32_t cp;
    if (pat[i] == '\\') {
      if (i + 1 >= len)
        return 0;
      unsigned char e = (unsigned char)pat[i + 1];
      if (e >= 0x80 || (e >= '0' && e <= '9') || (e >= 'A' && e <= 'Z') ||
          (e >= 'a' && e <= 'z'))
        return 0; /* \\d \\p \\x{..} ...: not a plain character */
      cp = e;
      i += 2;
    } else if (pat[i] == '-' && have_prev && i + 1 < len && pat[i + 1] != ']') {
      /* a range prev-X */
      i++;
      uint32_t hi;
      if (pat[i] == '\\' || pat[i] == '[')
        return 0;
      i += ct_utf8_decode((const unsigned char *)pat + i, len - i, &hi);
      if (hi < prev || hi - prev > LEAD_MAX)
        return 0;
      for (uint32_t c = prev + 1; c <= hi; c++) {
        if (n == LEAD_MAX)
          return 0;
        out[n++] = c;
      }
      have_prev = false;
      continue;
    } else if (pat[i] == '[') {
      return 0;
    } else {
      i += ct_utf8_decode((const unsigned char *)pat + i, len - i, &cp);
      if (cp == 0xFFFD)
        return 0;
    }
    if (n == LEAD_MAX)
      return 0;
    out[n++] = cp;
    prev = cp;
    have_prev = true;
  }
  if (i >= len)
    return 0;
  *pi = i;
  return n;
}

/* Does the pattern have an alternation at its top level (a|b)? Then an
 * opening assertion belongs to the first branch only. */
static bool top_level_alt(const char *pat, size_t len) {
  int depth = 0;
  for (size_t i = 0; i < len;) {
    char c = pat[i];
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (c == '[') {
      i = class_end(pat, len, i);
      if (!i)
        return true; /* POSIX classes: not handled, say yes */
      continue;
    }
    if (c == '(')
      depth++;
    else if (c == ')')
      depth--;
    else if (c == '|' && depth == 0)
      return true;
    i++;
  }
  return depth != 0;
}

/* lead_class over the sequence pat[i..end): 1 when the lead lookahead is
 * found (*n set), 0 when the whole sequence was start-neutral assertions,
 * -1 when something else comes first. Non-capturing groups without a
 * top-level alternation (how macros expand) are entered. */
static int lead_seq(const char *pat, size_t i, size_t end, uint32_t *out,
                    size_t *n, uint32_t *not_after, size_t *n_not_after,
                    size_t *must_at, int depth) {
  while (i < end) {
    if (i + 4 <= end &&
        (memcmp(pat + i, "(?<=", 4) == 0 || memcmp(pat + i, "(?<!", 4) == 0 ||
         memcmp(pat + i, "(?!", 3) == 0)) {
      size_t e = group_end(pat, end, i);
      if (!e)
        return -1;
      if (*must_at == SIZE_MAX && memcmp(pat + i, "(?<=", 4) == 0)
        *must_at = i; /* the first leading positive lookbehind */
      if (i + 5 <= end && memcmp(pat + i, "(?<![", 5) == 0) {
        /* each such class excludes its characters: their union */
        size_t k = i + 5;
        uint32_t more[LEAD_MAX];
        size_t nn = parse_class(pat, e, &k, more);
        if (nn && k + 2 == e && pat[k + 1] == ')' &&
            *n_not_after + nn <= LEAD_MAX) {
          memcpy(not_after + *n_not_after, more, nn * sizeof *more);
          *n_not_after += nn;
        }
      }
      i = e;
      continue;
    }
    if (i + 4 <= end && memcmp(pat + i, "(?=[", 4) == 0) {
      size_t k = i + 4;
      size_t nn = parse_class(pat, end, &k, out);
      if (!nn || !(k + 1 < end && pat[k] == ']' && pat[k + 1] == ')'))
        return -1;
      *n = nn;
      return 1;
    }
    if (i + 3 <= end && memcmp(pat + i, "(?:", 3) == 0 && depth < 8) {
      size_t e = group_end(pat, end, i);
      /* an optional or repeated group does not bind every match */
      if (!e || top_level_alt(pat + i + 3, e - 1 - (i + 3)) ||
          (e < end && (pat[e] == '?' || pat[e] == '*' || pat[e] == '{')))
        return -1;
      size_t had = *n_not_after, had_must = *must_at;
      int r = lead_seq(pat, i + 3, e - 1, out, n, not_after, n_not_after,
                       must_at, depth + 1);
      if (r < 0) { /* found in a group that also consumes */
        *n_not_after = had;
        *must_at = had_must;
      }
      if (r != 0)
        return r;
      i = e;
      continue;
    }
    return -1;
  }
  return 0;
}

/* The code points of a leading one-class lookahead: the pattern may open
 * with lookbehinds (?<=..) (?<!..) and negative lookaheads (?!..), which
 * do not move the start, then (?=[...]) of a plain class. 0 when the
 * pattern has no such opening. The leading one-class lookbehinds
 * (?<![...]) give together *n_not_after characters that cannot stand
 * right before a match, and *must_at is where the first leading (?<=...)
 * opens (SIZE_MAX: none); both also when there is no lead lookahead. */
static size_t lead_class(const char *pat, size_t len, uint32_t *out,
                         uint32_t *not_after, size_t *n_not_after,
                         size_t *must_at) {
  size_t n = 0;
  *n_not_after = 0;
  *must_at = SIZE_MAX;
  if (top_level_alt(pat, len))
    return 0;
  if (lead_seq(pat, 0, len, out, &n, not_after, n_not_after, must_at, 0) != 1)
    return 0;
  return n;
}

/* The code points of ranges v[0..nv) into out (at most LEAD_MAX, all in
 * the BMP); 0 when they do not fit. */
static size_t ranges_cps(const ct_cprange *v, size_t nv, uint32_t *out) {
  size_t n = 0;
  for (size_t k = 0; k < nv; k++) {
    if (v[k].hi > 0xFFFF || v[k].hi - v[k].lo >= LEAD_MAX - n)
      return 0;
    for (uint32_t c = v[k].lo; c <= v[k].hi; c++)
      out[n++] = c;
  }
  return n;
}

/* The rule's lead class and prefilter: r->lead_cps and its anchored twin
 * r->acode when the pattern opens with a lead lookahead, or else when the
 * prefilter knows what a match's first character can be (a pattern that
 * PCRE2 anchors itself, ^..., is left alone); then r->pf. False only when
 * out of memory (the anchored twin of a pattern that compiled can only
 * fail for want of memory). */
static bool lead_class_setup(ct_pack *p, ct_rule *r, const char *pat,
                             size_t len, void *cctx) {
  uint32_t tmp[LEAD_MAX], na[LEAD_MAX];
  size_t n_na = 0, must_at;
  size_t n = lead_class(pat, len, tmp, na, &n_na, &must_at);
  for (size_t k = 0; k < n; k++)
    if (tmp[k] > 0xFFFF)
      n = 0; /* the filter's table covers the BMP only */
  if (ct_prefilter_analyse(pat, len, tmp, n, &p->arena, &r->pf) != CT_OK)
    return false;
  uint32_t opts = 0;
  pcre2_pattern_info((pcre2_code *)r->code, PCRE2_INFO_ALLOPTIONS, &opts);
  if (!n && r->pf.first && !(opts & PCRE2_ANCHORED)) {
    n = ranges_cps(r->pf.first, r->pf.n_first, tmp);
    /* choose the requirement again, now that the starts are known */
    if (n && ct_prefilter_analyse(pat, len, tmp, n, &p->arena, &r->pf) != CT_OK)
      return false;
  }
  if (!n)
    return true;
  if (must_at != SIZE_MAX) { /* (?<=...) at must_at: what must stand before */
    size_t e = group_end(pat, len, must_at);
    ct_cprange *v;
    size_t nv;
    if (ct_prefilter_last(pat + must_at + 4, e - 1 - (must_at + 4), &p->arena,
                          &v, &nv) != CT_OK)
      return false;
    r->must_after = v;
    r->n_must_after = v ? nv : 0;
  }
  qsort(tmp, n, sizeof *tmp, cmp_u32);
  uint32_t *cps = ct_arena_alloc(&p->arena, n * sizeof *cps);
  if (!cps)
    return false;
  memcpy(cps, tmp, n * sizeof *cps);
  uint32_t *nac = NULL;
  if (n_na) {
    qsort(na, n_na, sizeof *na, cmp_u32);
    nac = ct_arena_alloc(&p->arena, n_na * sizeof *nac);
    if (!nac)
      return false;
    memcpy(nac, na, n_na * sizeof *nac);
  }
  int ec = 0;
  PCRE2_SIZE eo = 0;
  pcre2_code *a = pcre2_compile((PCRE2_SPTR)pat, len,
                                PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
                                    PCRE2_NEVER_BACKSLASH_C | PCRE2_ANCHORED,
                                &ec, &eo, (pcre2_compile_context *)cctx);
  if (!a)
    return false;
  (void)pcre2_jit_compile(a, PCRE2_JIT_COMPLETE);
  r->acode = a;
  r->lead_cps = cps;
  r->n_lead = n;
  r->not_after = nac;
  r->n_not_after = nac ? n_na : 0;
  p->any_lead = true;
  return true;
}

static ct_status compile_rule(ct_pack *p, const defines *ds, const block *b,
                              ct_rule *r, void *cctx, ct_error *err) {
  int pline = b->line;
  const char *pat = block_get(b, "Pattern", &pline);
  if (!pat)
    return ct_fail(err, CT_ERULE, STAGE, "%s:%d: Rule '%s' has no Pattern",
                   b->file, b->line, r->id);
  ct_buf ex = CT_BUF_INIT;
  const char *stack[MAX_MACRO_DEPTH + 1];
  ct_status st = expand(p, ds, pat, &ex, stack, 0, b->file, pline, err);
  if (st != CT_OK) {
    ct_buf_release(&ex);
    return st;
  }
  int ec = 0;
  PCRE2_SIZE eo = 0;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)(ex.data ? ex.data : ""), ex.len,
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
                                       PCRE2_NEVER_BACKSLASH_C,
                                   &ec, &eo, (pcre2_compile_context *)cctx);
  if (!code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(ec, msg, sizeof msg);
    /* Show the expanded pattern around the offset. */
    size_t from = eo > 20 ? (size_t)eo - 20 : 0;
    while (from > 0 && ((unsigned char)ex.data[from] & 0xC0) == 0x80)
      from--;
    size_t to = (size_t)eo;
    while (to < ex.len && ((unsigned char)ex.data[to] & 0xC0) == 0x80)
      to++;
    ct_fail(err, CT_ERULE, STAGE,
            "%s:%d: rule '%s': pattern error at offset %zu: %s (near '%.*s')",
            b->file, pline, r->id, (size_t)eo, (const char *)msg,
            (int)(to - from), ex.data ? ex.data + from : "");
    err ? (void)(err->native = ec) : (void)0;
    ct_buf_release(&ex);
    return CT_ERULE;
  }
  r->code = code;
  bool lead_ok = lead_class_setup(p, r, ex.data ? ex.data : "", ex.len, cctx);
  ct_buf_release(&ex);
  if (!lead_ok)
    return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  /* JIT is an optimisation: when it is unavailable the interpreter runs.
   * A rule with a lead filter matches through its anchored twin (JIT);
   * its unanchored code only serves the rare hand-over after an empty
   * match and tests, so it is not JIT-compiled (load time). */
  if (!r->acode)
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  uint32_t ncap = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &ncap);
  r->ncap = ncap;
  if (ncap > p->max_ncap)
    p->max_ncap = ncap;
  for (int g = 0; g < CT_G_COUNT; g++) {
    int num =
        pcre2_substring_number_from_name(code, (PCRE2_SPTR)group_names[g]);
    r->grp[g] = num > 0 ? num : 0;
  }
  return CT_OK;
}

/* Needs: from the pattern as written (Define macros followed, lexicon
 * macros neutral), which numerals it can start from. Conservative: signs
 * of both leave both flags off. */
static void scan_signs(const defines *ds, const char *pat, int depth,
                       bool *digit, bool *cjk) {
  static const char *const digit_signs[] = {"0-9", "1-9", "\\d", NULL};
  static const char *const cjk_signs[] = {
      "一", "二", "两", "兩", "三", "四", "五", "六", "七",
      "八", "九", "十", "百", "千", "万", "萬", "亿", "億",
      "第", "零", "〇", "几", "数", "數", "壹", "贰", NULL};
  for (int k = 0; digit_signs[k]; k++)
    if (strstr(pat, digit_signs[k]))
      *digit = true;
  for (int k = 0; cjk_signs[k]; k++)
    if (strstr(pat, cjk_signs[k]))
      *cjk = true;
  if (depth > MAX_MACRO_DEPTH)
    return;
  for (const char *c = strchr(pat, '{'); c; c = strchr(c + 1, '{')) {
    const char *q = strchr(c, '}');
    if (!q)
      break;
    for (size_t i = 0; i < ds->n; i++) {
      const char *name = block_get(ds->v[i], "Define", NULL);
      size_t nl = strlen(name);
      /* MULT (万, 亿 after a number) never starts a numeral: neutral */
      if ((size_t)(q - c - 1) == nl && memcmp(c + 1, name, nl) == 0 &&
          strcmp(name, "MULT") != 0)
        scan_signs(ds, block_get(ds->v[i], "Pattern", NULL), depth + 1, digit,
                   cjk);
    }
  }
}

static void classify_rule(const defines *ds, const block *b, ct_rule *r) {
  const char *pat = block_get(b, "Pattern", NULL);
  if (!pat)
    return;
  bool digit = false, cjk = false;
  scan_signs(ds, pat, 0, &digit, &cjk);
  r->needs_digit = digit && !cjk;
  r->needs_cjk = cjk && !digit;
}

static ct_status build_rule(ct_pack *p, const defines *ds, const block *b,
                            ct_rule *r, void *cctx, ct_error *err) {
  memset(r, 0, sizeof *r);
  r->file = b->file;
  r->line = b->line;
  r->kind = CT_RULE_KIND_AUTO;
  r->bound = -1;
  size_t nex = 0;
  for (size_t i = 0; i < b->n; i++)
    if (strcmp(b->kvs[i].key, "Example") == 0 ||
        strcmp(b->kvs[i].key, "Counterexample") == 0)
      nex++;
  if (nex) {
    size_t bytes;
    if (!ct_size_mul(nex, sizeof *r->examples, &bytes) ||
        !(r->examples = ct_arena_alloc(&p->arena, bytes)))
      return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  }
  ct_example *prev = NULL;
  for (size_t i = 0; i < b->n; i++) {
    const kv *k = &b->kvs[i];
    if (strcmp(k->key, "Rule") == 0) {
      if (r->id)
        return ct_fail(err, CT_ERULE, STAGE, "%s:%d: second Rule in a block",
                       b->file, k->line);
      if (!*k->val)
        return ct_fail(err, CT_ERULE, STAGE, "%s:%d: empty rule id", b->file,
                       k->line);
      r->id = k->val;
    } else if (strcmp(k->key, "Define") == 0) {
      return ct_fail(err, CT_ERULE, STAGE, "%s:%d: Define inside a Rule block",
                     b->file, k->line);
    } else if (strcmp(k->key, "Kind") == 0) {
      int kd = kind_from_name(k->val);
      if (kd == -100)
        return ct_fail(err, CT_ERULE, STAGE,
                       "%s:%d: bad Kind '%s' (percent, quantity, money, "
                       "count, number, ratio, year, date, auto, ignore)",
                       b->file, k->line, k->val);
      r->kind = kd;
    } else if (strcmp(k->key, "Unit") == 0) {
      r->unit = k->val;
    } else if (strcmp(k->key, "Bound") == 0) {
      r->bound = bound_from_name(k->val, strlen(k->val));
      if (r->bound < 0)
        return ct_fail(err, CT_ERULE, STAGE, "%s:%d: bad Bound '%s'", b->file,
                       k->line, k->val);
    } else if (strcmp(k->key, "Priority") == 0) {
      char *end = NULL;
      long v = strtol(k->val, &end, 10);
      if (!*k->val || *end || v < -1000 || v > 1000)
        return ct_fail(err, CT_ERULE, STAGE,
                       "%s:%d: bad Priority '%s' (an integer -1000..1000)",
                       b->file, k->line, k->val);
      r->priority = (int)v;
    } else if (strcmp(k->key, "Example") == 0 ||
               strcmp(k->key, "Counterexample") == 0) {
      prev = &r->examples[r->n_examples++];
      prev->text = k->val;
      prev->expect = NULL;
      prev->counter = k->key[0] == 'C';
      prev->file = b->file;
      prev->line = k->line;
    } else if (strcmp(k->key, "Expect") == 0) {
      if (!prev || prev->counter)
        return ct_fail(err, CT_ERULE, STAGE, "%s:%d: Expect without Example",
                       b->file, k->line);
      if (prev->expect)
        return ct_fail(err, CT_ERULE, STAGE,
                       "%s:%d: second Expect for one Example", b->file,
                       k->line);
      prev->expect = k->val;
    }
  }
  classify_rule(ds, b, r);
  return compile_rule(p, ds, b, r, cctx, err);
}

static bool is_define(const block *b) {
  return strcmp(b->kvs[0].key, "Define") == 0;
}

static ct_status build_pack(ct_pack *p, blocks *bs, ct_error *err) {
  defines ds = {NULL, 0};
  size_t nrules = 0;
  ct_status st = CT_OK;
  pcre2_compile_context *cctx = NULL;
  if (bs->n) {
    size_t bytes;
    if (!ct_size_mul(bs->n, sizeof *ds.v, &bytes) || !(ds.v = ct_malloc(bytes)))
      return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  }
  for (size_t i = 0; i < bs->n; i++) {
    const block *b = &bs->v[i];
    if (is_define(b)) {
      const char *name = b->kvs[0].val;
      bool ok = *name != '\0';
      for (const char *c = name; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '_'))
          ok = false;
      if (!ok || !(name[0] >= 'A' && name[0] <= 'Z')) {
        st = ct_fail(err, CT_ERULE, STAGE,
                     "%s:%d: Define name '%s' must be [A-Z][A-Z0-9_]*", b->file,
                     b->line, name);
        goto done;
      }
      for (size_t k = 1; k < b->n; k++)
        if (strcmp(b->kvs[k].key, "Pattern") != 0) {
          st = ct_fail(err, CT_ERULE, STAGE,
                       "%s:%d: key '%s' not allowed in a Define block", b->file,
                       b->kvs[k].line, b->kvs[k].key);
          goto done;
        }
      if (!block_get(b, "Pattern", NULL)) {
        st = ct_fail(err, CT_ERULE, STAGE, "%s:%d: Define '%s' has no Pattern",
                     b->file, b->line, name);
        goto done;
      }
      for (size_t k = 0; k < ds.n; k++)
        if (strcmp(block_get(ds.v[k], "Define", NULL), name) == 0) {
          st = ct_fail(err, CT_ERULE, STAGE,
                       "%s:%d: Define '%s' already defined at %s:%d", b->file,
                       b->line, name, ds.v[k]->file, ds.v[k]->line);
          goto done;
        }
      ds.v[ds.n++] = b;
    } else if (!block_get(b, "Rule", NULL)) {
      st =
          ct_fail(err, CT_ERULE, STAGE,
                  "%s:%d: block has neither Rule nor Define", b->file, b->line);
      goto done;
    } else {
      nrules++;
    }
  }
  cctx = pcre2_compile_context_create(NULL);
  if (!cctx) {
    st = ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
    goto done;
  }
  pcre2_set_max_pattern_length(cctx, MAX_PATTERN_BYTES);
  pcre2_set_parens_nest_limit(cctx, 64);
  if (nrules) {
    size_t bytes;
    if (!ct_size_mul(nrules, sizeof *p->rules, &bytes) ||
        !(p->rules = ct_calloc(nrules, sizeof *p->rules))) {
      st = ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
      goto done;
    }
  }
  for (size_t i = 0; i < bs->n; i++) {
    const block *b = &bs->v[i];
    if (is_define(b))
      continue;
    ct_rule *r = &p->rules[p->n_rules];
    st = build_rule(p, &ds, b, r, cctx, err);
    if (r->code)
      p->n_rules++;
    if (st != CT_OK)
      goto done;
    for (size_t k = 0; k + 1 < p->n_rules; k++)
      if (strcmp(p->rules[k].id, r->id) == 0) {
        st = ct_fail(err, CT_ERULE, STAGE,
                     "%s:%d: duplicate rule id '%s' (first at %s:%d)", b->file,
                     b->line, r->id, p->rules[k].file, p->rules[k].line);
        goto done;
      }
  }
done:
  pcre2_compile_context_free(cctx);
  ct_free(ds.v);
  return st;
}

static int cmp_len_desc(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  size_t lx = strlen(x), ly = strlen(y);
  if (lx != ly)
    return lx > ly ? -1 : 1;
  return strcmp(x, y);
}

/* Bytes of the first character of s. */
static size_t first_char_len(const char *s) {
  return ct_utf8_decode((const unsigned char *)s, strlen(s), &(uint32_t){0});
}

/* Does one of v[0..i) start with the same first character as v[i] (fl
 * bytes)? Then v[i] belongs to that earlier surface's group. */
static bool group_seen(const char **v, size_t i, size_t fl) {
  for (size_t j = 0; j < i; j++)
    if (first_char_len(v[j]) == fl && strncmp(v[j], v[i], fl) == 0)
      return true;
  return false;
}

/* The alternation of v[0..k) (longest first), grouped by first character:
 * (?:(?=[ab])(?:a(?:rest1|rest2|)|b(?:...))). Branches with different
 * first characters never match at the same place, and within a group the
 * order of v is kept, so it matches exactly what (?:v0|v1|...) matches,
 * with one class test and one branch per first character instead of one
 * branch per surface. */
static void put_grouped(ct_buf *b, const char **v, size_t k) {
  ct_buf_puts(b, "(?:(?=[");
  for (size_t i = 0; i < k; i++) {
    size_t fl = first_char_len(v[i]);
    if (group_seen(v, i, fl))
      continue;
    if ((unsigned char)v[i][0] < 0x80 && !((v[i][0] >= '0' && v[i][0] <= '9') ||
                                           (v[i][0] >= 'A' && v[i][0] <= 'Z') ||
                                           (v[i][0] >= 'a' && v[i][0] <= 'z')))
      ct_buf_putc(b, '\\');
    ct_buf_put(b, v[i], fl);
  }
  ct_buf_puts(b, "])(?:");
  bool first_group = true;
  for (size_t i = 0; i < k; i++) {
    size_t fl = first_char_len(v[i]);
    if (group_seen(v, i, fl))
      continue;
    if (!first_group)
      ct_buf_putc(b, '|');
    first_group = false;
    put_escaped(b, v[i], fl);
    ct_buf_puts(b, "(?:");
    bool first = true;
    for (size_t j = i; j < k; j++) {
      if (first_char_len(v[j]) != fl || strncmp(v[j], v[i], fl) != 0)
        continue;
      if (!first)
        ct_buf_putc(b, '|');
      first = false;
      put_escaped(b, v[j] + fl, strlen(v[j]) - fl);
    }
    ct_buf_putc(b, ')');
  }
  ct_buf_puts(b, "))");
}

/* Does s start with a Chinese multiplier character (万 萬 亿 億 千 仟 百 佰
 * 兆, those of {MULT})? */
static bool starts_with_mult(const char *s) {
  static const char *const m[] = {"万", "萬", "亿", "億", "千",
                                  "仟", "百", "佰", "兆", NULL};
  for (int i = 0; m[i]; i++)
    if (strncmp(s, m[i], strlen(m[i])) == 0)
      return true;
  return false;
}

/* {UNIT} (all surfaces, traditional forms included) or, with only_mult,
 * {UNITMULT}: the surfaces that start with a multiplier character. */
static const char *unit_pattern(ct_pack *p, bool only_mult) {
  size_t n = ct_units_count(p->units), bytes;
  if (!ct_size_mul(n ? n * 2 : 1, sizeof(char *), &bytes))
    return NULL;
  const char **v = ct_malloc(bytes);
  if (!v)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const ct_unit *u = ct_units_at(p->units, i);
    size_t l = strlen(u->surface);
    if (!l)
      continue;
    if (!only_mult || starts_with_mult(u->surface))
      v[k++] = u->surface;
    char *t = ct_arena_alloc(&p->arena, l + 1);
    if (!t) {
      ct_free(v);
      return NULL;
    }
    if (ct_rules_hant_map(u->surface, l, t, 0)) {
      t[l] = '\0';
      if (!only_mult || starts_with_mult(t))
        v[k++] = t;
    }
  }
  qsort(v, k, sizeof *v, cmp_len_desc);
  ct_buf b = CT_BUF_INIT;
  if (!k)
    ct_buf_puts(&b, "(?:(*FAIL))");
  else
    put_grouped(&b, v, k);
  ct_free(v);
  const char *out = b.oom ? NULL : ct_arena_strndup(&p->arena, b.data, b.len);
  ct_buf_release(&b);
  return out;
}

static const char *base_name(const char *rel) {
  const char *sl = strrchr(rel, '/');
  return sl ? sl + 1 : rel;
}

/* Collect *.rules and *.tsv below dir (relative names, subfolders such as
 * rules/zh/ included, a few levels deep). False on an unreadable dir. */
static bool list_dir(const char *dir, const char *rel, int depth, char ***names,
                     size_t *n, size_t *cap) {
  ct_buf path = CT_BUF_INIT;
  ct_buf_printf(&path, "%s%s%s", dir, *rel ? "/" : "", rel);
  if (path.oom)
    return false;
  DIR *d = opendir(path.data);
  if (!d) {
    ct_buf_release(&path);
    return false;
  }
  bool ok = true;
  struct dirent *de;
  while (ok && (de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.')
      continue;
    ct_buf sub = CT_BUF_INIT;
    ct_buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
    if (sub.oom) {
      ok = false;
      break;
    }
    if (ends_with(de->d_name, ".rules") || ends_with(de->d_name, ".tsv")) {
      if (!grow((void **)names, cap, *n, sizeof **names)) {
        ok = false;
      } else {
        (*names)[(*n)++] = ct_buf_take(&sub, NULL);
      }
    } else if (depth < 3) {
      ct_buf full = CT_BUF_INIT;
      ct_buf_printf(&full, "%s/%s", dir, sub.data);
      struct stat stt;
      if (full.oom) /* not a silently skipped folder */
        ok = false;
      else if (stat(full.data, &stt) == 0 && S_ISDIR(stt.st_mode))
        ok = list_dir(dir, sub.data, depth + 1, names, n, cap);
      ct_buf_release(&full);
    }
    ct_buf_release(&sub);
  }
  closedir(d);
  ct_buf_release(&path);
  return ok;
}

ct_status ct_rules_pack_load(const char *dir, ct_pack **out, ct_error *err) {
  *out = NULL;
  if (!dir)
    return ct_fail(err, CT_EINVAL, STAGE, "no rule pack directory");
  ct_pack *p = ct_calloc(1, sizeof *p);
  if (!p)
    return ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
  ct_arena_init(&p->arena);
  blocks bs = {NULL, 0, 0};
  char **names = NULL;
  size_t nnames = 0, cap = 0;
  ct_status st = CT_OK;
  ct_buf path = CT_BUF_INIT, data = CT_BUF_INIT;

  errno = 0;
  if (!list_dir(dir, "", 0, &names, &nnames, &cap)) {
    st = errno == 0 || errno == ENOMEM /* list_dir failed an allocation */
             ? ct_fail(err, CT_ENOMEM, STAGE, "out of memory")
             : ct_fail(err, CT_ERULE, STAGE, "%s: cannot read rule pack: %s",
                       dir, strerror(errno));
    goto fail;
  }
  if (nnames)
    qsort(names, nnames, sizeof *names, cmp_str);

  /* Lexicons first: rules refer to them through {UNIT}, {QUAL}, ... */
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < nnames; i++) {
      bool tsv = ends_with(names[i], ".tsv");
      if (tsv != (pass == 0))
        continue;
      ct_buf_clear(&path);
      ct_buf_printf(&path, "%s/%s", dir, names[i]);
      ct_buf_clear(&data);
      if (path.oom) {
        st = ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
        goto fail;
      }
      st = read_all(path.data, &data, err);
      if (st != CT_OK)
        goto fail;
      const char *dd = data.data ? data.data : "";
      if (!tsv) {
        st = parse_rules_file(p, path.data, dd, data.len, &bs, err);
      } else if (strcmp(base_name(names[i]), "units.tsv") == 0) {
        st = ct_units_load(path.data, dd, data.len, &p->units, err);
      } else if (strcmp(base_name(names[i]), "qualifiers.tsv") == 0) {
        st = load_lexicon(p, path.data, dd, data.len, &p->quals, true, err);
      } else if (strcmp(base_name(names[i]), "subjects.tsv") == 0) {
        st = load_lexicon(p, path.data, dd, data.len, &p->subjects, false, err);
      } else if (strcmp(base_name(names[i]), "metrics.tsv") == 0) {
        st = load_lexicon(p, path.data, dd, data.len, &p->metrics, false, err);
      } else {
        st = ct_fail(err, CT_ERULE, STAGE,
                     "%s:1: unknown lexicon (units, qualifiers, subjects, "
                     "metrics)",
                     path.data);
      }
      if (st != CT_OK)
        goto fail;
    }
    if (pass == 0) {
      if (!lex_finish(&p->quals) || !lex_finish(&p->subjects) ||
          !lex_finish(&p->metrics)) {
        st = ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
        goto fail;
      }
      p->subjects.pattern = lex_pattern(&p->arena, &p->subjects, -1);
      p->metrics.pattern = lex_pattern(&p->arena, &p->metrics, -1);
      p->quals.pattern = lex_pattern(&p->arena, &p->quals, 0);
      if (p->units && (!(p->unit_pattern = unit_pattern(p, false)) ||
                       !(p->unit_mult_pattern = unit_pattern(p, true)))) {
        st = ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
        goto fail;
      }
      p->quals_suffix_pattern = lex_pattern(&p->arena, &p->quals, 1);
      if (!p->subjects.pattern || !p->metrics.pattern || !p->quals.pattern ||
          !p->quals_suffix_pattern) {
        st = ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
        goto fail;
      }
    }
  }
  st = build_pack(p, &bs, err);
  if (st != CT_OK)
    goto fail;
  if (p->n_rules == 0) {
    st = ct_fail(err, CT_ERULE, STAGE, "%s: the pack has no rules", dir);
    goto fail;
  }
  if (ct_prefilter_table_build(p->rules, p->n_rules, &p->pf) != CT_OK) {
    st = ct_fail(err, CT_ENOMEM, STAGE, "out of memory");
    goto fail;
  }
  blocks_release(&bs);
  for (size_t i = 0; i < nnames; i++)
    ct_free(names[i]);
  ct_free(names);
  ct_buf_release(&path);
  ct_buf_release(&data);
  *out = p;
  return CT_OK;
fail:
  blocks_release(&bs);
  for (size_t i = 0; i < nnames; i++)
    ct_free(names[i]);
  ct_free(names);
  ct_buf_release(&path);
  ct_buf_release(&data);
  ct_rules_pack_free(p);
  return st;
}

void ct_rules_pack_free(ct_pack *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->n_rules; i++) {
    pcre2_code_free((pcre2_code *)p->rules[i].code);
    pcre2_code_free((pcre2_code *)p->rules[i].acode);
  }
  ct_free(p->rules);
  ct_prefilter_table_free(p->pf);
  ct_units_free(p->units);
  ct_lexicon *lx[3] = {&p->quals, &p->subjects, &p->metrics};
  for (int i = 0; i < 3; i++) {
    ct_free(lx[i]->v);
    ct_free(lx[i]->order);
    ct_free(lx[i]->cps);
  }
  ct_arena_release(&p->arena);
  ct_free(p);
}
