/* SPDX-License-Identifier: MIT */
/* Batch stage: WARC (ISO 28500) records from a stream that libarchive has
 * decompressed. Only the record header block is read here (named fields
 * and Content-Length); HTTP payloads go to http.c.
 *
 * Why not archive_read_support_format_warc: with libarchive 3.6.2 (Debian
 * 12) its reader (1) fails with "Bad record header" when a record header
 * straddles its read-ahead buffer, which happens on any WARC over ~64 KiB
 * (our corpus/warc/pages.warc.gz stops after 4 records); (2) returns the
 * 4-byte record separator as payload; (3) exposes neither WARC-Record-ID
 * nor the full target URI (the pathname drops scheme and host) and drops
 * responses whose URI ends in '/'; (4) skips request/metadata/warcinfo
 * records itself, so they cannot be counted. So libarchive does the
 * decompression (stream.c) and this file reads the record headers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "batch/batch.h"

#define MAX_HEADER_BYTES ((size_t)64 * 1024)
/* room for HTTP headers around a body of max_bytes */
#define HTTP_SLACK_BYTES ((size_t)1024 * 1024)

typedef struct field {
  const char *v;
  size_t len;
} field;

typedef struct warc_header {
  field type, uri, date, id, ctype;
  uint64_t length;
  bool has_length;
} warc_header;

static bool name_is(const char *s, size_t len, const char *name) {
  size_t n = strlen(name);
  if (len != n)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    char d = name[i];
    if (d >= 'A' && d <= 'Z')
      d = (char)(d - 'A' + 'a');
    if (c != d)
      return false;
  }
  return true;
}

static bool parse_header(const char *h, size_t len, warc_header *out,
                         char *error, size_t cap) {
  memset(out, 0, sizeof *out);
  size_t i = 0;
  while (i < len && h[i] != '\n')
    i++;
  i++; /* past the version line */
  while (i < len) {
    size_t eol = i;
    while (eol < len && h[eol] != '\n')
      eol++;
    size_t ll = eol - i;
    if (ll > 0 && h[i + ll - 1] == '\r')
      ll--;
    const char *line = h + i;
    size_t colon = 0;
    while (colon < ll && line[colon] != ':')
      colon++;
    if (colon < ll) {
      const char *v = line + colon + 1;
      size_t vl = ll - colon - 1;
      while (vl > 0 && (*v == ' ' || *v == '\t')) {
        v++;
        vl--;
      }
      while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
        vl--;
      field f = {v, vl};
      if (name_is(line, colon, "WARC-Type"))
        out->type = f;
      else if (name_is(line, colon, "WARC-Target-URI")) {
        /* WARC 1.1 drafts wrote <uri> */
        if (vl >= 2 && v[0] == '<' && v[vl - 1] == '>') {
          f.v++;
          f.len -= 2;
        }
        out->uri = f;
      } else if (name_is(line, colon, "WARC-Date"))
        out->date = f;
      else if (name_is(line, colon, "WARC-Record-ID"))
        out->id = f;
      else if (name_is(line, colon, "Content-Type"))
        out->ctype = f;
      else if (name_is(line, colon, "Content-Length")) {
        uint64_t n = 0;
        if (vl == 0 || vl > 19) {
          snprintf(error, cap, "bad Content-Length");
          return false;
        }
        for (size_t k = 0; k < vl; k++) {
          if (v[k] < '0' || v[k] > '9') {
            snprintf(error, cap, "bad Content-Length");
            return false;
          }
          n = n * 10 + (uint64_t)(v[k] - '0');
        }
        out->length = n;
        out->has_length = true;
      }
    }
    i = eol + 1;
  }
  if (!out->has_length) {
    snprintf(error, cap, "record without Content-Length");
    return false;
  }
  return true;
}

static char *dup_field(field f) { return f.v ? ct_strndup(f.v, f.len) : NULL; }

/* Find the end of the header block starting at the look-ahead position:
 * returns its length including the blank line, 0 when not found. */
static size_t header_end(ct_batch_stream *s, size_t *avail) {
  size_t scanned = 0;
  for (;;) {
    *avail = ct_batch_stream_fill(s, scanned + 4096);
    const char *b = (const char *)s->buf + s->pos;
    for (size_t k = scanned; k < *avail; k++) {
      if (b[k] != '\n')
        continue;
      if (k >= 1 && b[k - 1] == '\n')
        return k + 1;
      if (k >= 2 && b[k - 1] == '\r' && b[k - 2] == '\n')
        return k + 1;
    }
    scanned = *avail;
    if (s->eof || *avail >= MAX_HEADER_BYTES)
      return 0;
  }
}

static void fail(ct_batch_record *rec, ct_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(ct_batch_record *rec, ct_status st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  rec->status = st;
  vsnprintf(rec->error, sizeof rec->error, fmt, ap);
  va_end(ap);
}

void ct_batch_record_release(ct_batch_record *rec) {
  ct_free(rec->uri);
  ct_free(rec->date);
  ct_free(rec->record_id);
  ct_free(rec->charset);
  ct_free(rec->bytes);
  memset(rec, 0, sizeof *rec);
}

bool ct_batch_warc_next(ct_batch_stream *s, size_t max_bytes,
                        ct_batch_warc_counts *counts, ct_batch_record *rec) {
  memset(rec, 0, sizeof *rec);
  for (;;) {
    if (s->failed)
      return false;
    /* blank lines between records are tolerated */
    for (;;) {
      size_t avail = ct_batch_stream_fill(s, 1);
      if (avail == 0)
        break;
      char c = (char)s->buf[s->pos];
      if (c != '\r' && c != '\n')
        break;
      s->pos++;
    }
    size_t avail;
    if (ct_batch_stream_fill(s, 1) == 0) {
      if (s->failed) {
        fail(rec, CT_EIO, "%s", s->error);
        return true;
      }
      return false;
    }
    size_t hlen = header_end(s, &avail);
    const char *h = (const char *)s->buf + s->pos;
    if (avail < 5 || memcmp(h, "WARC/", 5) != 0) {
      fail(rec, CT_EPARSE, "not a WARC record header after record %zu",
           counts->records);
      s->failed = true;
      return true;
    }
    if (hlen == 0) {
      fail(rec, CT_EPARSE, "truncated or oversized header of record %zu",
           counts->records + 1);
      s->failed = true;
      return true;
    }
    warc_header wh;
    char why[128];
    if (!parse_header(h, hlen, &wh, why, sizeof why)) {
      fail(rec, CT_EPARSE, "%s in WARC record %zu", why, counts->records + 1);
      s->failed = true;
      return true;
    }
    counts->records++;
    bool response =
        name_is(wh.type.v ? wh.type.v : "", wh.type.len, "response") &&
        (wh.ctype.v == NULL ||
         (wh.ctype.len >= 16 && name_is(wh.ctype.v, 16, "application/http")));
    /* copy the fields before the look-ahead buffer moves */
    if (response) {
      rec->uri = dup_field(wh.uri);
      rec->date = dup_field(wh.date);
      rec->record_id = dup_field(wh.id);
      if ((wh.uri.v && !rec->uri) || (wh.date.v && !rec->date) ||
          (wh.id.v && !rec->record_id)) {
        fail(rec, CT_ENOMEM, "out of memory");
        s->failed = true;
        return true;
      }
    }
    s->pos += hlen;
    uint64_t clen = wh.length;
    bool over = clen > (uint64_t)max_bytes + HTTP_SLACK_BYTES;
    if (!response || over) {
      if (ct_batch_stream_skip(s, clen) != clen) {
        if (!response)
          ct_batch_record_release(rec);
        fail(rec, s->failed ? CT_EIO : CT_EPARSE, "truncated WARC record %zu",
             counts->records);
        s->failed = true;
        return true;
      }
      if (!response) {
        counts->skipped++;
        continue;
      }
      fail(rec, CT_ELIMIT, "record of %llu bytes is over the input cap",
           (unsigned long long)clen);
      return true;
    }
    size_t n = (size_t)clen;
    char *content = ct_malloc(n + 1);
    if (!content) {
      fail(rec, CT_ENOMEM, "out of memory");
      s->failed = true;
      return true;
    }
    if (ct_batch_stream_read(s, content, n) != n) {
      ct_free(content);
      fail(rec, s->failed ? CT_EIO : CT_EPARSE, "truncated WARC record %zu",
           counts->records);
      s->failed = true;
      return true;
    }
    ct_batch_http http;
    ct_status st = ct_batch_http_parse(content, n, max_bytes, &http);
    ct_free(content);
    if (st == CT_OK &&
        (http.status < 200 || http.status > 299 || !http.is_html)) {
      ct_batch_http_release(&http);
      ct_batch_record_release(rec);
      counts->skipped++;
      continue;
    }
    if (st != CT_OK) {
      fail(rec, st, "%s", http.error);
      ct_batch_http_release(&http);
      return true;
    }
    if (http.charset[0]) {
      rec->charset = ct_strdup(http.charset);
      if (!rec->charset) {
        ct_batch_http_release(&http);
        fail(rec, CT_ENOMEM, "out of memory");
        return true;
      }
    }
    if (!ct_buf_reserve(&http.body, 0)) {
      ct_batch_http_release(&http);
      fail(rec, CT_ENOMEM, "out of memory");
      return true;
    }
    rec->bytes = ct_buf_take(&http.body, &rec->len);
    rec->status = CT_OK;
    return true;
  }
}
