/* SPDX-License-Identifier: MIT */
/* Fuzz harness support: oracles written independently of the library (a
 * strict UTF-8 check, a small recursive JSON validator, claim and article
 * invariants). */
#include "fuzz_support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void fz_fail(const char *file, int line, const char *cond,
                       const char *what) {
  fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", file, line, what, cond);
  fflush(stderr);
  __builtin_trap();
}

/* Length of the valid sequence at s, 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len) {
  unsigned char c = s[0];
  if (c < 0x80)
    return 1;
  size_t n;
  uint32_t cp, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, cp = c & 0x1Fu, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, cp = c & 0x0Fu, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, cp = c & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (len < n)
    return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

bool fz_utf8_valid(const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    size_t n = utf8_seq(u + i, len - i);
    if (!n)
      return false;
    i += n;
  }
  return true;
}

bool fz_cstr_ok(const char *s) { return !s || fz_utf8_valid(s, strlen(s)); }

unsigned char *fz_boundaries(const char *in, size_t len) {
  unsigned char *b = calloc(len + 1, 1);
  if (!b)
    abort();
  const unsigned char *u = (const unsigned char *)in;
  size_t i = 0;
  while (i < len) {
    b[i] = 1;
    size_t n = utf8_seq(u + i, len - i);
    i += n ? n : 1;
  }
  b[len] = 1;
  return b;
}

/* ---- JSON ---- */
typedef struct jp {
  const unsigned char *s;
  size_t i, n;
  int depth;
} jp;

static void ws(jp *p) {
  while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
                         p->s[p->i] == '\n' || p->s[p->i] == '\r'))
    p->i++;
}

static bool lit(jp *p, const char *w) {
  size_t k = strlen(w);
  if (p->n - p->i < k || memcmp(p->s + p->i, w, k) != 0)
    return false;
  p->i += k;
  return true;
}

static bool hex4(jp *p, unsigned *v) {
  if (p->n - p->i < 4)
    return false;
  *v = 0;
  for (int k = 0; k < 4; k++) {
    unsigned char c = p->s[p->i++];
    unsigned d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10u;
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10u;
    else
      return false;
    *v = *v * 16 + d;
  }
  return true;
}

static bool jstring(jp *p) {
  if (p->i >= p->n || p->s[p->i] != '"')
    return false;
  p->i++;
  while (p->i < p->n) {
    unsigned char c = p->s[p->i];
    if (c == '"') {
      p->i++;
      return true;
    }
    if (c < 0x20)
      return false;
    if (c == '\\') {
      p->i++;
      if (p->i >= p->n)
        return false;
      unsigned char e = p->s[p->i++];
      if (e == 'u') {
        unsigned v;
        if (!hex4(p, &v))
          return false;
        if (v >= 0xD800 && v <= 0xDBFF) { /* needs a low surrogate */
          unsigned w;
          if (!lit(p, "\\u") || !hex4(p, &w) || w < 0xDC00 || w > 0xDFFF)
            return false;
        } else if (v >= 0xDC00 && v <= 0xDFFF) {
          return false;
        }
      } else if (!strchr("\"\\/bfnrt", e) || e == 0) {
        return false;
      }
      continue;
    }
    size_t k = utf8_seq(p->s + p->i, p->n - p->i);
    if (!k)
      return false;
    p->i += k;
  }
  return false;
}

static bool digits(jp *p) {
  size_t st = p->i;
  while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
    p->i++;
  return p->i > st;
}

static bool jnumber(jp *p) {
  if (p->i < p->n && p->s[p->i] == '-')
    p->i++;
  if (p->i < p->n && p->s[p->i] == '0')
    p->i++;
  else if (!digits(p))
    return false;
  if (p->i < p->n && p->s[p->i] == '.') {
    p->i++;
    if (!digits(p))
      return false;
  }
  if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
    p->i++;
    if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
      p->i++;
    if (!digits(p))
      return false;
  }
  return true;
}

static bool jvalue(jp *p) {
  if (++p->depth > 64)
    return false;
  ws(p);
  bool ok = false;
  if (p->i >= p->n) {
    ok = false;
  } else if (p->s[p->i] == '{') {
    p->i++;
    ws(p);
    if (p->i < p->n && p->s[p->i] == '}') {
      p->i++;
      ok = true;
    } else {
      for (;;) {
        ws(p);
        if (!jstring(p))
          break;
        ws(p);
        if (p->i >= p->n || p->s[p->i] != ':')
          break;
        p->i++;
        if (!jvalue(p))
          break;
        ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
          p->i++;
          continue;
        }
        if (p->i < p->n && p->s[p->i] == '}') {
          p->i++;
          ok = true;
        }
        break;
      }
    }
  } else if (p->s[p->i] == '[') {
    p->i++;
    ws(p);
    if (p->i < p->n && p->s[p->i] == ']') {
      p->i++;
      ok = true;
    } else {
      for (;;) {
        if (!jvalue(p))
          break;
        ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
          p->i++;
          continue;
        }
        if (p->i < p->n && p->s[p->i] == ']') {
          p->i++;
          ok = true;
        }
        break;
      }
    }
  } else if (p->s[p->i] == '"') {
    ok = jstring(p);
  } else if (p->s[p->i] == 't') {
    ok = lit(p, "true");
  } else if (p->s[p->i] == 'f') {
    ok = lit(p, "false");
  } else if (p->s[p->i] == 'n') {
    ok = lit(p, "null");
  } else {
    ok = jnumber(p);
  }
  p->depth--;
  return ok;
}

bool fz_json_valid(const char *s, size_t len) {
  jp p = {(const unsigned char *)s, 0, len, 0};
  if (!jvalue(&p))
    return false;
  ws(&p);
  return p.i == p.n;
}

/* ---- byte strings ---- */
void fz_bytes_put(fz_bytes *b, const void *p, size_t len) {
  if (b->len + len + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + len + 1)
      cap *= 2;
    char *q = realloc(b->p, cap);
    if (!q)
      abort();
    b->p = q;
    b->cap = cap;
  }
  if (len)
    memcpy(b->p + b->len, p, len);
  b->len += len;
  b->p[b->len] = '\0';
}

void fz_bytes_free(fz_bytes *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

/* ---- claims ---- */
static bool num_ok(bool has, double v) { return !has || isfinite(v); }

void fz_check_claim(const char *in, size_t len, const unsigned char *bounds,
                    const ct_claim *c, const char *docname, fz_bytes *out) {
  FZ_CHECK(c != NULL, "claim pointer");
  FZ_CHECK(c->start < c->end && c->end <= len, "0 <= start < end <= len");
  FZ_CHECK(bounds[c->start] && bounds[c->end], "span on UTF-8 boundaries");
  FZ_CHECK(c->text != NULL, "claim text");
  /* Input may hold NUL bytes: compare by length, then the terminator. */
  FZ_CHECK(memcmp(c->text, in + c->start, c->end - c->start) == 0 &&
               c->text[c->end - c->start] == '\0',
           "text == input[start:end]");
  FZ_CHECK(c->sentence != NULL, "sentence");
  FZ_CHECK(c->sentence_start <= c->start && c->end <= c->sentence_end &&
               c->sentence_end <= len,
           "sentence span contains the claim span");
  /* With the span containment above this also says: sentence contains
   * text. */
  FZ_CHECK(memcmp(c->sentence, in + c->sentence_start,
                  c->sentence_end - c->sentence_start) == 0 &&
               c->sentence[c->sentence_end - c->sentence_start] == '\0',
           "sentence == input[sentence_start:sentence_end]");
  FZ_CHECK((int)c->kind >= CT_KIND_PERCENT && (int)c->kind <= CT_KIND_DATE,
           "kind in closed set");
  FZ_CHECK((int)c->bound >= CT_BOUND_EQ && (int)c->bound <= CT_BOUND_RANGE,
           "bound in closed set");
  FZ_CHECK(ct_kind_name(c->kind) && ct_bound_name(c->bound), "names");
  FZ_CHECK(fz_cstr_ok(c->unit), "unit is valid UTF-8");
  FZ_CHECK(fz_cstr_ok(c->subject) && fz_cstr_ok(c->metric) &&
               fz_cstr_ok(c->period),
           "subject/metric/period valid UTF-8");
  FZ_CHECK(c->rule && fz_cstr_ok(c->rule), "rule id");
  FZ_CHECK(num_ok(c->has_value, c->value) && num_ok(c->has_low, c->low) &&
               num_ok(c->has_high, c->high),
           "value/low/high finite");
  FZ_CHECK(!(c->has_low && c->has_high) || c->low <= c->high, "low <= high");
  size_t jl = 0;
  char *j = ct_claim_json_dup(c, docname, &jl);
  FZ_CHECK(j != NULL, "ct_claim_json_dup");
  FZ_CHECK(strlen(j) == jl, "JSON length");
  FZ_CHECK(fz_json_valid(j, jl), "claim JSON is valid JSON and UTF-8");
  if (out) {
    fz_bytes_put(out, j, jl);
    fz_bytes_put(out, "\n", 1);
  }
  ct_free(j);
}

void fz_check_doc(const char *in, size_t len, const ct_doc *doc,
                  const char *docname, fz_bytes *out) {
  unsigned char *bounds = fz_boundaries(in, len);
  size_t n = ct_doc_claim_count(doc);
  size_t prev = 0;
  for (size_t i = 0; i < n; i++) {
    const ct_claim *c = ct_doc_claim(doc, i);
    fz_check_claim(in, len, bounds, c, docname, out);
    FZ_CHECK(c->start >= prev, "claims in text order");
    prev = c->start;
  }
  FZ_CHECK(ct_doc_claim(doc, n) == NULL, "claim past the end is NULL");
  ct_doc_stats s = ct_doc_get_stats(doc);
  FZ_CHECK(s.claims == n, "stats.claims == claim count");
  free(bounds);
}

void fz_check_article(const ct_article *a, fz_bytes *out) {
  FZ_CHECK(a != NULL, "article");
  FZ_CHECK(fz_cstr_ok(a->url) && fz_cstr_ok(a->title) &&
               fz_cstr_ok(a->source) && fz_cstr_ok(a->author) &&
               fz_cstr_ok(a->published) && fz_cstr_ok(a->charset) &&
               fz_cstr_ok(a->layout),
           "metadata strings are valid UTF-8");
  FZ_CHECK(a->text != NULL, "article text");
  FZ_CHECK(strlen(a->text) == a->text_len, "text_len == strlen(text)");
  FZ_CHECK(fz_utf8_valid(a->text, a->text_len), "text is valid UTF-8");
  /* text is the paragraphs joined by '\n' */
  size_t pos = 0;
  for (size_t i = 0; i < a->n_paragraphs; i++) {
    const char *p = a->paragraphs[i];
    FZ_CHECK(p != NULL && fz_cstr_ok(p), "paragraph valid UTF-8");
    size_t pl = strlen(p);
    if (i) {
      FZ_CHECK(pos < a->text_len && a->text[pos] == '\n', "paragraph join");
      pos++;
    }
    FZ_CHECK(pos + pl <= a->text_len && memcmp(a->text + pos, p, pl) == 0,
             "text == paragraphs joined by newline");
    pos += pl;
  }
  FZ_CHECK(pos == a->text_len, "text has nothing beyond the paragraphs");
  size_t jl = 0;
  char *j = ct_article_json_dup(a, &jl);
  FZ_CHECK(j != NULL, "ct_article_json_dup");
  FZ_CHECK(strlen(j) == jl, "article JSON length");
  FZ_CHECK(fz_json_valid(j, jl), "article JSON is valid JSON and UTF-8");
  if (out)
    fz_bytes_put(out, j, jl);
  ct_free(j);
}

void fz_check_status(ct_status st, const ct_error *err) {
  FZ_CHECK((int)st >= CT_OK && (int)st <= CT_EPARSE, "status in enum");
  FZ_CHECK(ct_strerror(st) != NULL, "ct_strerror");
  if (st != CT_OK && err) {
    FZ_CHECK(memchr(err->message, '\0', sizeof err->message) != NULL,
             "error message terminated");
    FZ_CHECK(err->message[0] != '\0', "error message present");
  }
}

static ct_engine *g_engine;
static ct_extractor *g_ex;

const ct_engine *fz_engine(void) {
  if (!g_engine) {
    ct_error err = {0};
    if (ct_engine_new(CT_FUZZ_RULES_DIR, &g_engine, &err) != CT_OK) {
      fprintf(stderr, "fuzz: rule pack %s: %s\n", CT_FUZZ_RULES_DIR,
              err.message);
      abort();
    }
  }
  return g_engine;
}

ct_extractor *fz_extractor(void) {
  if (!g_ex) {
    ct_error err = {0};
    if (ct_extractor_new(fz_engine(), &g_ex, &err) != CT_OK) {
      fprintf(stderr, "fuzz: extractor: %s\n", err.message);
      abort();
    }
  }
  return g_ex;
}
