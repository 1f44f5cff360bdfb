/* SPDX-License-Identifier: MIT */
/* Batch stage: the HTTP/1.x response inside a WARC response record ->
 * status, HTML or not, charset hint, and the body with chunked and
 * gzip/deflate transfer and content codings removed (zlib inflate). */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "batch/batch.h"

static bool ieq(const char *a, size_t alen, const char *b) {
  size_t blen = strlen(b);
  if (alen != blen)
    return false;
  for (size_t i = 0; i < alen; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = (char)(x - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

static bool is_ows(char c) { return c == ' ' || c == '\t'; }

static void trim(const char **s, size_t *len) {
  while (*len > 0 && is_ows(**s)) {
    (*s)++;
    (*len)--;
  }
  while (*len > 0 && (is_ows((*s)[*len - 1]) || (*s)[*len - 1] == '\r'))
    (*len)--;
}

ct_status ct_batch_inflate(const unsigned char *in, size_t len,
                           size_t max_bytes, ct_buf *out, char *error,
                           size_t error_cap) {
  /* 15 + 32: zlib or gzip header detected; raw deflate is retried below
   * because servers sending "deflate" often omit the zlib wrapper. */
  int wbits[2] = {15 + 32, -15};
  for (int attempt = 0; attempt < 2; attempt++) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, wbits[attempt]) != Z_OK) {
      snprintf(error, error_cap, "zlib: inflateInit failed");
      return CT_ENOMEM;
    }
    ct_buf_clear(out);
    const unsigned char *p = in;
    size_t left = len;
    int rc = Z_OK;
    ct_status st = CT_OK;
    unsigned char chunk[16384];
    while (left > 0 || rc == Z_OK) {
      uInt feed = left > 1u << 30 ? 1u << 30 : (uInt)left;
      z.next_in = (Bytef *)(uintptr_t)p;
      z.avail_in = feed;
      z.next_out = chunk;
      z.avail_out = sizeof chunk;
      rc = inflate(&z, Z_NO_FLUSH);
      size_t used = feed - z.avail_in;
      p += used;
      left -= used;
      size_t produced = sizeof chunk - z.avail_out;
      if (produced > max_bytes || out->len > max_bytes - produced) {
        snprintf(error, error_cap, "decompressed body over %zu bytes",
                 max_bytes);
        st = CT_ELIMIT;
        break;
      }
      if (produced && !ct_buf_put(out, chunk, produced)) {
        st = CT_ENOMEM;
        break;
      }
      if (rc == Z_STREAM_END) {
        /* gzip may hold further members */
        if (left > 0 && attempt == 0 && p[0] == 0x1f) {
          if (inflateReset(&z) != Z_OK)
            break;
          rc = Z_OK;
          continue;
        }
        break;
      }
      if (rc == Z_BUF_ERROR && produced == 0 && left == 0)
        break; /* truncated input: keep what we have, judged below */
      if (rc != Z_OK)
        break;
    }
    inflateEnd(&z);
    if (st != CT_OK)
      return st;
    if (rc == Z_STREAM_END)
      return CT_OK;
    if (attempt == 1 || rc != Z_DATA_ERROR || out->len > 0) {
      snprintf(error, error_cap, "zlib: %s",
               rc == Z_DATA_ERROR ? "corrupt compressed data"
                                  : "truncated compressed data");
      return CT_EPARSE;
    }
  }
  return CT_EPARSE;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* RFC 9112 7.1: chunk-size [; ext] CRLF data CRLF ... 0 CRLF trailers. */
static ct_status dechunk(const char *in, size_t len, size_t max_bytes,
                         ct_buf *out, char *error, size_t error_cap) {
  size_t i = 0;
  ct_buf_clear(out);
  for (;;) {
    size_t size = 0;
    size_t digits = 0;
    while (i < len && hexval(in[i]) >= 0) {
      if (size > (SIZE_MAX >> 4) || digits > 15) {
        snprintf(error, error_cap, "chunk size too large");
        return CT_EPARSE;
      }
      size = size * 16 + (size_t)hexval(in[i]);
      i++;
      digits++;
    }
    if (digits == 0) {
      snprintf(error, error_cap, "bad chunk size at byte %zu", i);
      return CT_EPARSE;
    }
    while (i < len && in[i] != '\n') /* extensions */
      i++;
    if (i >= len) {
      snprintf(error, error_cap, "truncated chunked body");
      return CT_EPARSE;
    }
    i++;
    if (size == 0)
      return CT_OK; /* trailers ignored */
    if (size > len - i) {
      snprintf(error, error_cap, "truncated chunk");
      return CT_EPARSE;
    }
    if (size > max_bytes || out->len > max_bytes - size) {
      snprintf(error, error_cap, "body over %zu bytes", max_bytes);
      return CT_ELIMIT;
    }
    if (!ct_buf_put(out, in + i, size))
      return CT_ENOMEM;
    i += size;
    if (i < len && in[i] == '\r')
      i++;
    if (i < len && in[i] == '\n')
      i++;
  }
}

/* Apply the codings listed in `list` (comma-separated) in reverse order to
 * body. */
static ct_status decode_codings(const char *list, size_t list_len,
                                size_t max_bytes, ct_buf *body, char *error,
                                size_t error_cap) {
  /* split into at most 8 tokens */
  const char *tok[8];
  size_t tlen[8];
  size_t n = 0;
  size_t i = 0;
  while (i <= list_len) {
    size_t j = i;
    while (j < list_len && list[j] != ',')
      j++;
    const char *t = list + i;
    size_t tl = j - i;
    trim(&t, &tl);
    if (tl > 0) {
      if (n == 8) {
        snprintf(error, error_cap, "too many codings");
        return CT_EPARSE;
      }
      tok[n] = t;
      tlen[n] = tl;
      n++;
    }
    i = j + 1;
  }
  ct_buf tmp = CT_BUF_INIT;
  ct_status st = CT_OK;
  while (n > 0 && st == CT_OK) {
    n--;
    const char *t = tok[n];
    size_t tl = tlen[n];
    if (ieq(t, tl, "identity"))
      continue;
    if (ieq(t, tl, "chunked"))
      st = dechunk(body->data ? body->data : "", body->len, max_bytes, &tmp,
                   error, error_cap);
    else if (ieq(t, tl, "gzip") || ieq(t, tl, "x-gzip") ||
             ieq(t, tl, "deflate"))
      st = ct_batch_inflate(
          (const unsigned char *)(body->data ? body->data : ""), body->len,
          max_bytes, &tmp, error, error_cap);
    else {
      snprintf(error, error_cap, "unsupported coding '%.*s'", (int)tl, t);
      st = CT_EPARSE;
    }
    if (st == CT_OK) {
      ct_buf swap = *body;
      *body = tmp;
      tmp = swap;
      ct_buf_clear(&tmp);
    }
  }
  ct_buf_release(&tmp);
  return st;
}

static void parse_content_type(const char *v, size_t vl, ct_batch_http *h) {
  size_t semi = 0;
  while (semi < vl && v[semi] != ';')
    semi++;
  const char *mt = v;
  size_t ml = semi;
  trim(&mt, &ml);
  h->is_html = ieq(mt, ml, "text/html") || ieq(mt, ml, "application/xhtml+xml");
  /* parameters: look for charset= */
  size_t i = semi;
  while (i < vl) {
    i++; /* skip ';' */
    size_t j = i;
    while (j < vl && v[j] != ';')
      j++;
    const char *p = v + i;
    size_t pl = j - i;
    trim(&p, &pl);
    if (pl > 8 && ieq(p, 8, "charset=")) {
      const char *cs = p + 8;
      size_t cl = pl - 8;
      if (cl >= 2 && cs[0] == '"' && cs[cl - 1] == '"') {
        cs++;
        cl -= 2;
      }
      if (cl > 0 && cl < sizeof h->charset) {
        bool ok = true;
        for (size_t k = 0; k < cl; k++) {
          unsigned char c = (unsigned char)cs[k];
          if (c <= ' ' || c >= 0x7f)
            ok = false;
        }
        if (ok) {
          memcpy(h->charset, cs, cl);
          h->charset[cl] = '\0';
        }
      }
    }
    i = j;
  }
}

ct_status ct_batch_http_parse(const char *msg, size_t len, size_t max_bytes,
                              ct_batch_http *h) {
  memset(h, 0, sizeof *h);
  /* status line: HTTP/x.y SP code */
  if (len < 12 || memcmp(msg, "HTTP/", 5) != 0) {
    snprintf(h->error, sizeof h->error, "no HTTP status line");
    return CT_EPARSE;
  }
  size_t i = 5;
  while (i < len && msg[i] != ' ' && msg[i] != '\n')
    i++;
  while (i < len && msg[i] == ' ')
    i++;
  int code = 0;
  for (int k = 0; k < 3; k++, i++) {
    if (i >= len || msg[i] < '0' || msg[i] > '9') {
      snprintf(h->error, sizeof h->error, "bad HTTP status line");
      return CT_EPARSE;
    }
    code = code * 10 + (msg[i] - '0');
  }
  h->status = code;
  while (i < len && msg[i] != '\n')
    i++;
  i++;
  /* header fields until an empty line */
  const char *te = NULL, *ce = NULL;
  size_t te_len = 0, ce_len = 0;
  bool have_ct = false;
  size_t body = len;
  while (i < len) {
    size_t eol = i;
    while (eol < len && msg[eol] != '\n')
      eol++;
    size_t ll = eol - i;
    if (ll > 0 && msg[i + ll - 1] == '\r')
      ll--;
    if (ll == 0) {
      body = eol < len ? eol + 1 : len;
      break;
    }
    const char *line = msg + i;
    size_t colon = 0;
    while (colon < ll && line[colon] != ':')
      colon++;
    if (colon < ll) {
      const char *v = line + colon + 1;
      size_t vl = ll - colon - 1;
      trim(&v, &vl);
      if (ieq(line, colon, "content-type")) {
        have_ct = true;
        parse_content_type(v, vl, h);
      } else if (ieq(line, colon, "transfer-encoding")) {
        te = v;
        te_len = vl;
      } else if (ieq(line, colon, "content-encoding")) {
        ce = v;
        ce_len = vl;
      }
    }
    i = eol + 1;
    if (eol >= len) {
      body = len;
      break;
    }
  }
  if (code < 200 || code > 299)
    return CT_OK;
  if (!have_ct) { /* sniff: markup after optional BOM and whitespace */
    size_t k = body;
    if (len - k >= 3 && memcmp(msg + k, "\xEF\xBB\xBF", 3) == 0)
      k += 3;
    while (k < len && (msg[k] == ' ' || msg[k] == '\t' || msg[k] == '\r' ||
                       msg[k] == '\n'))
      k++;
    h->is_html = k < len && msg[k] == '<';
  }
  if (!h->is_html)
    return CT_OK;
  if (!te && !ce && len - body > max_bytes) {
    snprintf(h->error, sizeof h->error, "body over %zu bytes", max_bytes);
    return CT_ELIMIT;
  }
  if (!ct_buf_put(&h->body, msg + body, len - body))
    return CT_ENOMEM;
  ct_status st = CT_OK;
  if (te)
    st = decode_codings(te, te_len, max_bytes, &h->body, h->error,
                        sizeof h->error);
  if (st == CT_OK && ce)
    st = decode_codings(ce, ce_len, max_bytes, &h->body, h->error,
                        sizeof h->error);
  if (st == CT_OK && h->body.oom)
    st = CT_ENOMEM;
  return st;
}

void ct_batch_http_release(ct_batch_http *h) { ct_buf_release(&h->body); }
