/* SPDX-License-Identifier: MIT */
/* Batch stage: read `extract` JSON Lines back into ct_claim records
 * grouped by document (ingest --from-jsonl). A strict parser for flat
 * objects: string, number, true/false and null values, \uXXXX escapes
 * with surrogate pairs, UTF-8 checked; nested values are refused. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/batch.h"

#define MAX_LINE_BYTES ((size_t)64 * 1024 * 1024)
#define READ_BLOCK ((size_t)64 * 1024)

typedef struct group {
  ct_jsonl_doc pub; /* first */
  ct_arena arena;
  ct_claim *claims;
  size_t cap;
  ct_buf lines;
} group;

struct ct_jsonl_reader {
  int fd;
  bool own_fd;
  char *name;
  char *buf;
  size_t pos, len, cap;
  bool eof;
  size_t line_no;
  group *cur; /* group being filled */
  ct_buf scratch;
  locale_t cloc; /* "C" numeric locale for strtod, or 0 */
};

/* ---- reading lines ---- */

static ct_status fill(ct_jsonl_reader *r) {
  if (r->eof)
    return CT_OK;
  if (r->pos > 0) {
    memmove(r->buf, r->buf + r->pos, r->len - r->pos);
    r->len -= r->pos;
    r->pos = 0;
  }
  if (r->cap - r->len < READ_BLOCK) {
    size_t cap;
    if (!ct_size_add(r->cap, r->cap + READ_BLOCK, &cap))
      return CT_ENOMEM;
    char *nb = ct_realloc(r->buf, cap);
    if (!nb)
      return CT_ENOMEM;
    r->buf = nb;
    r->cap = cap;
  }
  for (;;) {
    ssize_t n = read(r->fd, r->buf + r->len, r->cap - r->len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return CT_EIO;
    if (n == 0)
      r->eof = true;
    r->len += (size_t)n;
    return CT_OK;
  }
}

/* The next line (without its newline) in line and len; got = false at
 * the end. */
static ct_status next_line(ct_jsonl_reader *r, const char **line, size_t *len,
                           bool *got, ct_error *err) {
  *got = false;
  size_t scanned = 0;
  bool too_long = false;
  for (;;) {
    char *s = r->buf ? r->buf + r->pos : NULL;
    size_t avail = r->len - r->pos;
    char *nl = s ? memchr(s + scanned, '\n', avail - scanned) : NULL;
    if (nl || (r->eof && avail > 0)) {
      size_t ll = nl ? (size_t)(nl - s) : avail;
      r->pos += nl ? ll + 1 : ll;
      r->line_no++;
      if (too_long)
        return ct_fail(err, CT_ELIMIT, "batch", "%s:%zu: line over %zu bytes",
                       r->name, r->line_no, MAX_LINE_BYTES);
      if (ll > 0 && s[ll - 1] == '\r')
        ll--;
      *line = s;
      *len = ll;
      *got = true;
      return CT_OK;
    }
    if (r->eof)
      return CT_OK;
    if (avail > MAX_LINE_BYTES) { /* drop what we have, keep looking */
      too_long = true;
      r->pos = r->len;
      scanned = 0;
    } else {
      scanned = avail;
    }
    ct_status st = fill(r);
    if (st != CT_OK)
      return ct_fail(err, st, "batch", "%s: %s", r->name,
                     st == CT_EIO ? strerror(errno) : ct_strerror(st));
  }
}

/* ---- parsing one flat object ---- */

typedef enum vtype { V_NONE, V_NULL, V_STR, V_NUM, V_BOOL } vtype;
typedef struct value {
  vtype type;
  size_t off, len; /* string: in scratch */
  double num;
} value;

enum {
  F_DOC,
  F_TEXT,
  F_START,
  F_END,
  F_KIND,
  F_VALUE,
  F_LOW,
  F_HIGH,
  F_UNIT,
  F_BOUND,
  F_SUBJECT,
  F_METRIC,
  F_PERIOD,
  F_SENTENCE,
  F_RULE,
  F_COUNT
};
static const char *const field_names[F_COUNT] = {
    "doc",  "text",  "start",   "end",    "kind",   "value",    "low", "high",
    "unit", "bound", "subject", "metric", "period", "sentence", "rule"};
static const char *const kind_names[] = {
    "percent", "quantity", "money", "count", "number", "ratio", "year", "date"};
static const char *const bound_names[] = {"eq", "approx", "lt",   "le",
                                          "gt", "ge",     "range"};

typedef struct parser {
  const char *s;
  size_t len, i;
  ct_buf *scratch;
  locale_t cloc;
  char why[160];
} parser;

static bool perr(parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static bool perr(parser *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(p->why, sizeof p->why, fmt, ap);
  va_end(ap);
  return false;
}

static void ws(parser *p) {
  while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
                           p->s[p->i] == '\r' || p->s[p->i] == '\n'))
    p->i++;
}

static int hex4(const char *s) {
  int v = 0;
  for (int k = 0; k < 4; k++) {
    char c = s[k];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0)
      return -1;
    v = v * 16 + d;
  }
  return v;
}

/* A string at p->i (the opening quote) decoded into scratch. */
static bool parse_string(parser *p, size_t *off, size_t *len) {
  p->i++; /* opening quote */
  *off = p->scratch->len;
  for (;;) {
    if (p->i >= p->len)
      return perr(p, "unterminated string");
    unsigned char c = (unsigned char)p->s[p->i];
    if (c == '"') {
      p->i++;
      break;
    }
    if (c < 0x20)
      return perr(p, "control character in string at column %zu", p->i + 1);
    if (c != '\\') {
      size_t n = c < 0x80
                     ? 1
                     : ct_utf8_valid_len((const unsigned char *)p->s + p->i,
                                         p->len - p->i);
      if (n == 0)
        return perr(p, "invalid UTF-8 at column %zu", p->i + 1);
      ct_buf_put(p->scratch, p->s + p->i, n);
      p->i += n;
      continue;
    }
    if (p->i + 1 >= p->len)
      return perr(p, "unterminated escape");
    char e = p->s[p->i + 1];
    p->i += 2;
    char out = 0;
    switch (e) {
    case '"':
      out = '"';
      break;
    case '\\':
      out = '\\';
      break;
    case '/':
      out = '/';
      break;
    case 'b':
      out = '\b';
      break;
    case 'f':
      out = '\f';
      break;
    case 'n':
      out = '\n';
      break;
    case 'r':
      out = '\r';
      break;
    case 't':
      out = '\t';
      break;
    case 'u': {
      if (p->len - p->i < 4)
        return perr(p, "short \\u escape");
      int u = hex4(p->s + p->i);
      if (u < 0)
        return perr(p, "bad \\u escape at column %zu", p->i - 1);
      p->i += 4;
      uint32_t cp = (uint32_t)u;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (p->len - p->i < 6 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
          return perr(p, "lone high surrogate at column %zu", p->i - 5);
        int lo = hex4(p->s + p->i + 2);
        if (lo < 0xDC00 || lo > 0xDFFF)
          return perr(p, "bad low surrogate at column %zu", p->i + 1);
        p->i += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return perr(p, "lone low surrogate at column %zu", p->i - 5);
      }
      char enc[4];
      size_t n = ct_utf8_encode(cp, enc);
      ct_buf_put(p->scratch, enc, n);
      continue;
    }
    default:
      return perr(p, "bad escape '\\%c' at column %zu", e, p->i - 1);
    }
    ct_buf_putc(p->scratch, out);
  }
  *len = p->scratch->len - *off;
  ct_buf_putc(p->scratch, '\0');
  return true;
}

static bool parse_number(parser *p, double *out) {
  size_t b = p->i;
  const char *s = p->s;
  size_t i = p->i;
  if (i < p->len && s[i] == '-')
    i++;
  if (i >= p->len || s[i] < '0' || s[i] > '9')
    return perr(p, "bad number at column %zu", b + 1);
  if (s[i] == '0')
    i++;
  else
    while (i < p->len && s[i] >= '0' && s[i] <= '9')
      i++;
  if (i < p->len && s[i] == '.') {
    i++;
    size_t d = i;
    while (i < p->len && s[i] >= '0' && s[i] <= '9')
      i++;
    if (i == d)
      return perr(p, "bad number at column %zu", b + 1);
  }
  if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < p->len && (s[i] == '+' || s[i] == '-'))
      i++;
    size_t d = i;
    while (i < p->len && s[i] >= '0' && s[i] <= '9')
      i++;
    if (i == d)
      return perr(p, "bad number at column %zu", b + 1);
  }
  char tmp[64];
  if (i - b >= sizeof tmp)
    return perr(p, "number too long at column %zu", b + 1);
  memcpy(tmp, s + b, i - b);
  tmp[i - b] = '\0';
  /* the grammar is checked above; strtod runs in the C locale so a
   * caller's setlocale cannot change the decimal point */
  locale_t old = p->cloc ? uselocale(p->cloc) : (locale_t)0;
  *out = strtod(tmp, NULL);
  if (p->cloc)
    uselocale(old);
  if (!isfinite(*out))
    return perr(p, "number out of range at column %zu", b + 1);
  p->i = i;
  return true;
}

static bool parse_object(parser *p, value *fields) {
  for (size_t f = 0; f < F_COUNT; f++)
    fields[f].type = V_NONE;
  ws(p);
  if (p->i >= p->len || p->s[p->i] != '{')
    return perr(p, "expected '{'");
  p->i++;
  ws(p);
  if (p->i < p->len && p->s[p->i] == '}') {
    p->i++;
  } else {
    for (;;) {
      ws(p);
      if (p->i >= p->len || p->s[p->i] != '"')
        return perr(p, "expected a key at column %zu", p->i + 1);
      size_t koff, klen;
      if (!parse_string(p, &koff, &klen))
        return false;
      ws(p);
      if (p->i >= p->len || p->s[p->i] != ':')
        return perr(p, "expected ':' at column %zu", p->i + 1);
      p->i++;
      ws(p);
      value v = {V_NONE, 0, 0, 0};
      if (p->i >= p->len)
        return perr(p, "missing value");
      char c = p->s[p->i];
      if (c == '"') {
        v.type = V_STR;
        if (!parse_string(p, &v.off, &v.len))
          return false;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        v.type = V_NUM;
        if (!parse_number(p, &v.num))
          return false;
      } else if (p->len - p->i >= 4 && memcmp(p->s + p->i, "null", 4) == 0) {
        v.type = V_NULL;
        p->i += 4;
      } else if (p->len - p->i >= 4 && memcmp(p->s + p->i, "true", 4) == 0) {
        v.type = V_BOOL;
        p->i += 4;
      } else if (p->len - p->i >= 5 && memcmp(p->s + p->i, "false", 5) == 0) {
        v.type = V_BOOL;
        p->i += 5;
      } else if (c == '{' || c == '[') {
        return perr(p, "nested value at column %zu", p->i + 1);
      } else {
        return perr(p, "bad value at column %zu", p->i + 1);
      }
      const char *key = p->scratch->data + koff;
      for (size_t f = 0; f < F_COUNT; f++) {
        if (klen == strlen(field_names[f]) &&
            memcmp(key, field_names[f], klen) == 0) {
          if (fields[f].type != V_NONE)
            return perr(p, "duplicate key \"%s\"", field_names[f]);
          fields[f] = v;
        }
      }
      ws(p);
      if (p->i < p->len && p->s[p->i] == ',') {
        p->i++;
        continue;
      }
      if (p->i < p->len && p->s[p->i] == '}') {
        p->i++;
        break;
      }
      return perr(p, "expected ',' or '}' at column %zu", p->i + 1);
    }
  }
  ws(p);
  if (p->i != p->len)
    return perr(p, "text after the object at column %zu", p->i + 1);
  return true;
}

/* ---- lines -> claims ---- */

static bool need(parser *p, const value *v, int f, vtype t) {
  if (v[f].type == V_NONE)
    return perr(p, "missing \"%s\"", field_names[f]);
  if (v[f].type != t)
    return perr(p, "\"%s\" must be a %s", field_names[f],
                t == V_STR ? "string" : "number");
  return true;
}

static bool opt_type(parser *p, const value *v, int f, vtype t) {
  if (v[f].type == V_NONE || v[f].type == V_NULL || v[f].type == t)
    return true;
  return perr(p, "\"%s\" must be a %s or null", field_names[f],
              t == V_STR ? "string" : "number");
}

static bool offset_of(parser *p, const value *v, int f, size_t *out) {
  double d = v[f].num;
  if (d < 0 || d > 9007199254740992.0 || floor(d) != d)
    return perr(p, "\"%s\" must be a byte offset", field_names[f]);
  *out = (size_t)d;
  return true;
}

static int name_index(const char *s, const char *const *names, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(s, names[i]) == 0)
      return (int)i;
  return -1;
}

static void group_free(group *g) {
  if (!g)
    return;
  ct_arena_release(&g->arena);
  ct_buf_release(&g->lines);
  ct_free(g->claims);
  ct_free(g);
}

void ct_jsonl_doc_free(ct_jsonl_doc *doc) { group_free((group *)doc); }

static group *group_new(const char *doc, size_t line) {
  group *g = ct_calloc(1, sizeof *g);
  if (!g)
    return NULL;
  ct_arena_init(&g->arena);
  if (doc) {
    g->pub.doc = ct_arena_strdup(&g->arena, doc);
    if (!g->pub.doc) {
      group_free(g);
      return NULL;
    }
  }
  g->pub.first_line = line;
  return g;
}

static const char *sdup(group *g, const ct_buf *scratch, const value *v,
                        bool *oom) {
  if (v->type != V_STR)
    return NULL;
  char *s = ct_arena_strndup(&g->arena, scratch->data + v->off, v->len);
  if (!s)
    *oom = true;
  return s;
}

static ct_status add_claim(ct_jsonl_reader *r, group *g, const value *v,
                           ct_claim *c, const char *line, size_t line_len) {
  if (g->pub.n_claims == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 16, bytes;
    if (!ct_size_mul(cap, sizeof(ct_claim), &bytes))
      return CT_ENOMEM;
    ct_claim *nv = ct_realloc(g->claims, bytes);
    if (!nv)
      return CT_ENOMEM;
    g->claims = nv;
    g->cap = cap;
    g->pub.claims = nv;
  }
  bool oom = false;
  const ct_buf *sc = &r->scratch;
  c->text = sdup(g, sc, &v[F_TEXT], &oom);
  c->unit = sdup(g, sc, &v[F_UNIT], &oom);
  c->subject = sdup(g, sc, &v[F_SUBJECT], &oom);
  c->metric = sdup(g, sc, &v[F_METRIC], &oom);
  c->period = sdup(g, sc, &v[F_PERIOD], &oom);
  c->sentence = sdup(g, sc, &v[F_SENTENCE], &oom);
  c->rule = sdup(g, sc, &v[F_RULE], &oom);
  if (oom || !ct_buf_put(&g->lines, line, line_len) ||
      !ct_buf_putc(&g->lines, '\n'))
    return CT_ENOMEM;
  g->pub.lines = g->lines.data;
  g->pub.lines_len = g->lines.len;
  g->claims[g->pub.n_claims++] = *c;
  return CT_OK;
}

static ct_status open_common(int fd, bool own, const char *name,
                             const char *mem, size_t mem_len,
                             ct_jsonl_reader **out, ct_error *err) {
  ct_jsonl_reader *r = ct_calloc(1, sizeof *r);
  if (!r) {
    if (own)
      close(fd);
    return ct_fail(err, CT_ENOMEM, "batch", "out of memory");
  }
  r->fd = fd;
  r->own_fd = own;
  r->cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
  r->name = ct_strdup(name);
  if (!r->name) {
    ct_jsonl_close(r);
    return ct_fail(err, CT_ENOMEM, "batch", "out of memory");
  }
  if (mem) {
    r->buf = ct_malloc(mem_len + 1);
    if (!r->buf) {
      ct_jsonl_close(r);
      return ct_fail(err, CT_ENOMEM, "batch", "out of memory");
    }
    memcpy(r->buf, mem, mem_len);
    r->len = mem_len;
    r->cap = mem_len + 1;
    r->eof = true;
  }
  *out = r;
  return CT_OK;
}

ct_status ct_jsonl_open(const char *path, ct_jsonl_reader **out,
                        ct_error *err) {
  *out = NULL;
  if (!path)
    return ct_fail(err, CT_EINVAL, "batch", "ct_jsonl_open: NULL path");
  if (strcmp(path, "-") == 0)
    return open_common(0, false, "<stdin>", NULL, 0, out, err);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return ct_fail(err, CT_EIO, "batch", "%s: %s", path, strerror(errno));
  return open_common(fd, true, path, NULL, 0, out, err);
}

ct_status ct_jsonl_open_mem(const char *buf, size_t len, ct_jsonl_reader **out,
                            ct_error *err) {
  *out = NULL;
  if (!buf && len > 0)
    return ct_fail(err, CT_EINVAL, "batch", "ct_jsonl_open_mem: NULL buffer");
  return open_common(-1, false, "<memory>", buf ? buf : "", len, out, err);
}

void ct_jsonl_close(ct_jsonl_reader *r) {
  if (!r)
    return;
  if (r->own_fd && r->fd >= 0)
    close(r->fd);
  group_free(r->cur);
  if (r->cloc)
    freelocale(r->cloc);
  ct_buf_release(&r->scratch);
  ct_free(r->buf);
  ct_free(r->name);
  ct_free(r);
}

static bool same_doc(const char *a, const char *b) {
  if (!a || !b)
    return a == b;
  return strcmp(a, b) == 0;
}

ct_status ct_jsonl_next(ct_jsonl_reader *r, ct_jsonl_doc **out, ct_error *err) {
  *out = NULL;
  for (;;) {
    const char *line;
    size_t len;
    bool got;
    ct_status st = next_line(r, &line, &len, &got, err);
    if (st != CT_OK)
      return st;
    if (!got) {
      if (r->cur) {
        *out = &r->cur->pub;
        r->cur = NULL;
      }
      return CT_OK;
    }
    size_t k = 0;
    while (k < len && (line[k] == ' ' || line[k] == '\t'))
      k++;
    if (k == len)
      continue; /* empty line */
    ct_buf_clear(&r->scratch);
    parser p = {line, len, 0, &r->scratch, r->cloc, ""};
    value v[F_COUNT];
    ct_claim c;
    memset(&c, 0, sizeof c);
    bool ok =
        parse_object(&p, v) && need(&p, v, F_TEXT, V_STR) &&
        need(&p, v, F_START, V_NUM) && need(&p, v, F_END, V_NUM) &&
        need(&p, v, F_KIND, V_STR) && need(&p, v, F_BOUND, V_STR) &&
        opt_type(&p, v, F_DOC, V_STR) && opt_type(&p, v, F_VALUE, V_NUM) &&
        opt_type(&p, v, F_LOW, V_NUM) && opt_type(&p, v, F_HIGH, V_NUM) &&
        opt_type(&p, v, F_UNIT, V_STR) && opt_type(&p, v, F_SUBJECT, V_STR) &&
        opt_type(&p, v, F_METRIC, V_STR) && opt_type(&p, v, F_PERIOD, V_STR) &&
        opt_type(&p, v, F_SENTENCE, V_STR) && opt_type(&p, v, F_RULE, V_STR) &&
        offset_of(&p, v, F_START, &c.start) && offset_of(&p, v, F_END, &c.end);
    if (ok && c.end < c.start)
      ok = perr(&p, "\"end\" is before \"start\"");
    if (ok) {
      int kind = name_index(r->scratch.data + v[F_KIND].off, kind_names, 8);
      int bound = name_index(r->scratch.data + v[F_BOUND].off, bound_names, 7);
      if (kind < 0)
        ok = perr(&p, "unknown kind \"%s\"", r->scratch.data + v[F_KIND].off);
      else if (bound < 0)
        ok = perr(&p, "unknown bound \"%s\"", r->scratch.data + v[F_BOUND].off);
      c.kind = (ct_kind)kind;
      c.bound = (ct_bound)bound;
    }
    if (r->scratch.oom)
      return ct_fail(err, CT_ENOMEM, "batch", "out of memory");
    if (!ok)
      return ct_fail(err, CT_EPARSE, "batch", "%s:%zu: %s", r->name, r->line_no,
                     p.why);
    c.has_value = v[F_VALUE].type == V_NUM;
    c.has_low = v[F_LOW].type == V_NUM;
    c.has_high = v[F_HIGH].type == V_NUM;
    c.value = c.has_value ? v[F_VALUE].num : 0;
    c.low = c.has_low ? v[F_LOW].num : 0;
    c.high = c.has_high ? v[F_HIGH].num : 0;
    const char *doc =
        v[F_DOC].type == V_STR ? r->scratch.data + v[F_DOC].off : NULL;
    group *done = NULL;
    if (r->cur && !same_doc(r->cur->pub.doc, doc)) {
      done = r->cur;
      r->cur = NULL;
    }
    if (!r->cur) {
      r->cur = group_new(doc, r->line_no);
      if (!r->cur) {
        group_free(done);
        return ct_fail(err, CT_ENOMEM, "batch", "out of memory");
      }
    }
    st = add_claim(r, r->cur, v, &c, line, len);
    if (st != CT_OK) {
      group_free(done);
      return ct_fail(err, st, "batch", "out of memory");
    }
    if (done) {
      *out = &done->pub;
      return CT_OK;
    }
  }
}
