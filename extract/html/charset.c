/* SPDX-License-Identifier: MIT */
/* Scrape stage: find a page's charset (BOM, valid UTF-8, hint, <meta> in
 * <head>, GB18030) and decode it to clean UTF-8 with ICU before libxml2 sees
 * a byte, so a lying gb2312 label can never truncate an article. */
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include "html/html.h"

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static bool ieq_prefix(const char *s, size_t len, const char *lit) {
  size_t n = strlen(lit);
  if (len < n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (lower((unsigned char)s[i]) != lit[i])
      return false;
  return true;
}

/* First case-insensitive occurrence of lit (lowercase) in s[0..len). */
static size_t ifind(const char *s, size_t len, const char *lit) {
  size_t n = strlen(lit);
  if (n == 0 || len < n)
    return len;
  for (size_t i = 0; i + n <= len; i++) {
    if (lower((unsigned char)s[i]) == lit[0] && ieq_prefix(s + i, len - i, lit))
      return i;
  }
  return len;
}

const char *ct_html_charset_canon(const char *label, size_t len, char *out,
                                  size_t cap) {
  while (len && (*label == ' ' || *label == '"' || *label == '\'')) {
    label++;
    len--;
  }
  while (len && (label[len - 1] == ' ' || label[len - 1] == '"' ||
                 label[len - 1] == '\'' || label[len - 1] == ';'))
    len--;
  if (len == 0 || len >= 40)
    return NULL;
  char low[40];
  for (size_t i = 0; i < len; i++)
    low[i] = (char)lower((unsigned char)label[i]);
  low[len] = '\0';
  static const char *const gb[] = {
      "gb2312",          "gbk",      "x-gbk",       "gb_2312-80", "gb_2312",
      "gb18030",         "cp936",    "windows-936", "ms936",      "euc-cn",
      "x-euc-cn",        "csgb2312", "iso-ir-58",   "chinese",    "csgb231280",
      "csiso58gb231280", "gb-2312",  "hz-gb-2312x", NULL};
  for (size_t i = 0; gb[i]; i++)
    if (strcmp(low, gb[i]) == 0)
      return "GB18030";
  if (strcmp(low, "utf-8") == 0 || strcmp(low, "utf8") == 0 ||
      strcmp(low, "unicode-1-1-utf-8") == 0)
    return "UTF-8";
  /* Labels that cannot be right in an 8-bit HTML stream (WHATWG maps
   * utf-16 declarations in a byte stream to UTF-8). */
  if (strncmp(low, "utf-16", 6) == 0 || strncmp(low, "utf-32", 6) == 0 ||
      strncmp(low, "ucs", 3) == 0)
    return "UTF-8";
  for (size_t i = 0; i < len; i++) {
    char c = low[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.' || c == ':'))
      return NULL;
  }
  if (len + 1 > cap)
    return NULL;
  memcpy(out, low, len + 1);
  return out;
}

/* Value of attribute `name` inside one tag s[0..len) (after "<meta"). */
static bool tag_attr(const char *s, size_t len, const char *name,
                     const char **val, size_t *vlen) {
  size_t nlen = strlen(name), i = 0;
  while (i < len) {
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
                       s[i] == '\r' || s[i] == '/' || s[i] == '\f'))
      i++;
    size_t a = i;
    while (i < len && s[i] != '=' && s[i] != ' ' && s[i] != '\t' &&
           s[i] != '\n' && s[i] != '\r' && s[i] != '/' && s[i] != '>')
      i++;
    size_t alen = i - a;
    while (i < len &&
           (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
      i++;
    const char *v = NULL;
    size_t vl = 0;
    if (i < len && s[i] == '=') {
      i++;
      while (i < len &&
             (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
      if (i < len && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        v = s + i;
        while (i < len && s[i] != q)
          i++;
        vl = (size_t)(s + i - v);
        if (i < len)
          i++;
      } else {
        v = s + i;
        while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
               s[i] != '\r' && s[i] != '>')
          i++;
        vl = (size_t)(s + i - v);
      }
    }
    if (alen == nlen && ieq_prefix(s + a, alen, name)) {
      *val = v ? v : "";
      *vlen = vl;
      return true;
    }
    if (alen == 0 && i < len && (s[i] == '>' || s[i] == '"' || s[i] == '\''))
      i++;
  }
  return false;
}

/* The charset declared by a <meta> in the head, skipping comments, script
 * and style (so <script charset=...> and document.write strings are not
 * declarations). */
static const char *declared_charset(const char *buf, size_t len, char *out,
                                    size_t cap) {
  size_t end = ifind(buf, len, "</head");
  size_t body = ifind(buf, end, "<body");
  if (body < end)
    end = body;
  size_t i = 0;
  while (i < end) {
    const char *lt = memchr(buf + i, '<', end - i);
    if (!lt)
      break;
    i = (size_t)(lt - buf);
    const char *s = buf + i;
    size_t rest = end - i;
    if (ieq_prefix(s, rest, "<!--")) {
      size_t k = ifind(s + 4, rest - 4, "-->");
      i += 4 + k + 3;
      continue;
    }
    if (ieq_prefix(s, rest, "<script") || ieq_prefix(s, rest, "<style")) {
      const char *close =
          ieq_prefix(s, rest, "<script") ? "</script" : "</style";
      size_t k = ifind(s + 1, rest - 1, close);
      i += 1 + k + 1;
      continue;
    }
    if (ieq_prefix(s, rest, "<meta") && rest > 5 &&
        (s[5] == ' ' || s[5] == '\t' || s[5] == '\n' || s[5] == '\r' ||
         s[5] == '/')) {
      const char *gt = memchr(s, '>', rest);
      size_t tlen = gt ? (size_t)(gt - s) : rest;
      const char *v;
      size_t vl;
      if (tag_attr(s + 5, tlen - 5, "charset", &v, &vl)) {
        const char *c = ct_html_charset_canon(v, vl, out, cap);
        if (c)
          return c;
      }
      if (tag_attr(s + 5, tlen - 5, "content", &v, &vl)) {
        size_t k = ifind(v, vl, "charset");
        if (k < vl) {
          k += 7;
          while (k < vl && (v[k] == ' ' || v[k] == '='))
            k++;
          size_t e = k;
          while (e < vl && v[e] != ';' && v[e] != ' ' && v[e] != ',')
            e++;
          const char *c = ct_html_charset_canon(v + k, e - k, out, cap);
          if (c)
            return c;
        }
      }
      i += tlen;
      continue;
    }
    i++;
  }
  return NULL;
}

/* Counts valid multi-byte UTF-8 sequences and invalid bytes. */
static void utf8_census(const unsigned char *s, size_t len, size_t *multi,
                        size_t *invalid) {
  size_t m = 0, bad = 0, i = 0;
  while (i < len) {
    /* ASCII runs 16, then 8 bytes at a time */
    while (i + 16 <= len) {
      uint64_t w0, w1;
      memcpy(&w0, s + i, 8);
      memcpy(&w1, s + i + 8, 8);
      if ((w0 | w1) & 0x8080808080808080ULL)
        break;
      i += 16;
    }
    while (i + 8 <= len) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ULL)
        break;
      i += 8;
    }
    if (i >= len)
      break;
    unsigned char c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    /* Inline the common cases, exactly as ct_utf8_valid_len decides them:
     * C2..DF + 1 continuation byte; E1..EC, EE, EF + 2 (never overlong,
     * never a surrogate; E0 and ED need the full check). */
    if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
      m++;
      i += 2;
      continue;
    }
    if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < len &&
        (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
      m++;
      i += 3;
      continue;
    }
    size_t n = ct_utf8_valid_len(s + i, len - i);
    if (n) {
      m++;
      i += n;
    } else {
      bad++;
      i++;
    }
  }
  *multi = m;
  *invalid = bad;
}

/* Mostly valid UTF-8: a few corrupt bytes among many good sequences. */
static bool looks_utf8(size_t multi, size_t invalid) {
  return invalid == 0 || (multi >= 16 && invalid * 64 <= multi);
}

static const char *sniff(const char *buf, size_t len, const char *hint,
                         char *out, size_t cap, size_t *bom_len,
                         size_t *invalid_out) {
  const unsigned char *u = (const unsigned char *)buf;
  *bom_len = 0;
  if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    *bom_len = 3;
    return "UTF-8";
  }
  if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
    *bom_len = 2;
    return "UTF-16LE";
  }
  if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
    *bom_len = 2;
    return "UTF-16BE";
  }
  size_t multi, invalid;
  utf8_census(u, len, &multi, &invalid);
  *invalid_out = invalid;
  if (looks_utf8(multi, invalid))
    return "UTF-8";
  const char *c = NULL;
  if (hint)
    c = ct_html_charset_canon(hint, strlen(hint), out, cap);
  if (!c || strcmp(c, "UTF-8") == 0)
    c = declared_charset(buf, len, out, cap);
  /* A page whose bytes are not UTF-8 is not UTF-8 whatever it says. */
  if (!c || strcmp(c, "UTF-8") == 0)
    c = "GB18030";
  return c;
}

const char *ct_html_sniff(const char *buf, size_t len, const char *hint,
                          char *out, size_t cap, size_t *bom_len) {
  size_t invalid;
  return sniff(buf, len, hint, out, cap, bom_len, &invalid);
}

typedef struct count_ctx {
  size_t replaced;
} count_ctx;

static void count_cb(const void *context, UConverterToUnicodeArgs *args,
                     const char *units, int32_t length,
                     UConverterCallbackReason reason, UErrorCode *err) {
  count_ctx *cc = (count_ctx *)(uintptr_t)context;
  if (reason <= UCNV_IRREGULAR && length > 0)
    cc->replaced += (size_t)length;
  UCNV_TO_U_CALLBACK_SUBSTITUTE(NULL, args, units, length, reason, err);
}

/* Append s[0..len) without NUL bytes. */
static bool put_no_nul(ct_buf *out, const char *s, size_t len) {
  while (len) {
    const char *z = memchr(s, '\0', len);
    size_t n = z ? (size_t)(z - s) : len;
    if (!ct_buf_put(out, s, n))
      return false;
    if (!z)
      break;
    s += n + 1;
    len -= n + 1;
  }
  return true;
}

static ct_status icu_decode(const char *name, const char *buf, size_t len,
                            ct_buf *out, size_t *n_replaced, ct_error *err) {
  UErrorCode st = U_ZERO_ERROR;
  UConverter *src = ucnv_open(name, &st);
  if (U_FAILURE(st)) {
    st = U_ZERO_ERROR;
    src = ucnv_open("GB18030", &st);
  }
  if (U_FAILURE(st))
    return ct_fail(err, CT_EENCODING, "scrape", "no converter for %s: %s", name,
                   u_errorName(st));
  UConverter *dst = ucnv_open("UTF-8", &st);
  if (U_FAILURE(st)) {
    ucnv_close(src);
    return ct_fail(err, CT_EENCODING, "scrape", "no UTF-8 converter: %s",
                   u_errorName(st));
  }
  count_ctx cc = {0};
  UConverterToUCallback old_cb;
  const void *old_ctx;
  ucnv_setToUCallBack(src, count_cb, &cc, &old_cb, &old_ctx, &st);
  ct_status status = CT_OK;
  /* Worst case: one byte becomes U+FFFD (3 bytes); two bytes become a
   * 3-byte character. */
  size_t cap;
  ct_buf tmp = CT_BUF_INIT;
  if (!ct_size_mul(len, 3, &cap) || !ct_size_add(cap, 16, &cap) ||
      cap > (size_t)INT32_MAX) {
    status = ct_fail(err, CT_ELIMIT, "scrape", "page too large to decode");
    goto done;
  }
  if (!ct_buf_reserve(&tmp, cap)) {
    status = ct_fail(err, CT_ENOMEM, "scrape", "out of memory decoding");
    goto done;
  }
  char *t = tmp.data;
  const char *s = buf;
  ucnv_convertEx(dst, src, &t, tmp.data + cap, &s, buf + len, NULL, NULL, NULL,
                 NULL, true, true, &st);
  if (U_FAILURE(st)) {
    status = ct_fail(err, CT_EENCODING, "scrape", "decoding %s failed: %s",
                     name, u_errorName(st));
    goto done;
  }
  tmp.len = (size_t)(t - tmp.data);
  if (!put_no_nul(out, tmp.data, tmp.len))
    status = ct_fail(err, CT_ENOMEM, "scrape", "out of memory decoding");
  *n_replaced = cc.replaced;
done:
  ct_buf_release(&tmp);
  ucnv_close(src);
  ucnv_close(dst);
  return status;
}

/* *data = NULL when the result is in out; else a view into buf (valid
 * UTF-8 without NUL bytes needs no copy). */
static ct_status decode(const char *buf, size_t len, const char *hint,
                        ct_buf *out, char *name_buf, size_t name_cap,
                        const char **charset, size_t *n_replaced,
                        const char **data, ct_error *err) {
  size_t bom = 0, invalid = 1;
  const char *name = sniff(buf, len, hint, name_buf, name_cap, &bom, &invalid);
  *charset = name;
  *n_replaced = 0;
  *data = NULL;
  buf += bom;
  len -= bom;
  if (strcmp(name, "UTF-8") == 0) {
    if ((invalid == 0 && bom == 0) || ct_utf8_is_valid(buf, len)) {
      if (!memchr(buf, '\0', len)) {
        *data = buf;
        return CT_OK;
      }
      if (!put_no_nul(out, buf, len))
        return ct_fail(err, CT_ENOMEM, "scrape", "out of memory");
      return CT_OK;
    }
    ct_buf fixed = CT_BUF_INIT;
    bool ok = ct_utf8_repair(&fixed, buf, len, n_replaced) &&
              put_no_nul(out, fixed.data ? fixed.data : "", fixed.len);
    ct_buf_release(&fixed);
    return ok ? CT_OK : ct_fail(err, CT_ENOMEM, "scrape", "out of memory");
  }
  return icu_decode(name, buf, len, out, n_replaced, err);
}

ct_status ct_html_decode(const char *buf, size_t len, const char *hint,
                         ct_buf *out, char *name_buf, size_t name_cap,
                         const char **charset, size_t *n_replaced,
                         const char **data, size_t *data_len, ct_error *err) {
  ct_status st = decode(buf, len, hint, out, name_buf, name_cap, charset,
                        n_replaced, data, err);
  if (st == CT_OK && *data == NULL) {
    *data = out->data ? out->data : "";
    *data_len = out->len;
  } else if (st == CT_OK) {
    *data_len = len - (size_t)(*data - buf);
  }
  if (st == CT_OK && *data_len && memchr(*data, '\0', *data_len)) {
    /* libxml2 stops at a NUL byte (RELIABILITY.md 8.2): each becomes
     * U+FFFD, counted as replaced. */
    ct_buf clean = CT_BUF_INIT;
    const char *d = *data, *end = *data + *data_len;
    while (d < end) {
      const char *z = memchr(d, '\0', (size_t)(end - d));
      ct_buf_put(&clean, d, (size_t)((z ? z : end) - d));
      if (!z)
        break;
      ct_buf_put(&clean, "\xEF\xBF\xBD", 3);
      (*n_replaced)++;
      d = z + 1;
    }
    if (clean.oom) {
      ct_buf_release(&clean);
      return ct_fail(err, CT_ENOMEM, "scrape", "out of memory");
    }
    ct_buf_release(out);
    *out = clean;
    *data = out->data;
    *data_len = out->len;
  }
  return st;
}
