/* SPDX-License-Identifier: MIT */
/* Private header of the batch stage: byte streams through libarchive's
 * filters, WARC record reading, HTTP payload decoding. */
#ifndef CT_BATCH_BATCH_H
#define CT_BATCH_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "claimtrack/claimtrack.h"
#include "util/util.h"

/* ---- stream.c: a file descriptor, decompressed by libarchive ---- */
typedef struct ct_batch_stream {
  int fd;
  bool own_fd;
  struct archive *a;  /* NULL for an empty input */
  unsigned char *io;  /* raw read buffer handed to libarchive */
  size_t io_len;      /* bytes prefetched before libarchive was opened */
  bool io_primed;     /* prefetched bytes not yet handed over */
  uint64_t raw_read;  /* bytes read from fd */
  unsigned char *buf; /* decompressed look-ahead */
  size_t pos, len, cap;
  bool eof;
  bool failed;
  char error[256];
} ct_batch_stream;

/* Open a stream on fd (taking it when own_fd). False with s->error set on
 * failure (the fd is closed when owned). */
bool ct_batch_stream_open(ct_batch_stream *s, int fd, bool own_fd);
void ct_batch_stream_close(ct_batch_stream *s);
/* Make at least n bytes available at s->buf + s->pos unless the stream
 * ends first; returns the bytes available (may be < n at the end or on an
 * error: check s->failed). */
size_t ct_batch_stream_fill(ct_batch_stream *s, size_t n);
/* Copy up to n bytes out; returns the count (short at end/error). */
size_t ct_batch_stream_read(ct_batch_stream *s, void *dst, size_t n);
/* Discard n bytes; returns the count discarded. */
uint64_t ct_batch_stream_skip(ct_batch_stream *s, uint64_t n);

/* ---- http.c: an HTTP/1.x response message -> HTML body ---- */
typedef struct ct_batch_http {
  int status;       /* HTTP status code, 0 when unparsable */
  bool is_html;     /* Content-Type text/html or xhtml (or sniffed) */
  char charset[64]; /* charset parameter, "" when none */
  ct_buf body;      /* decoded body (transfer + content codings) */
  char error[256];  /* why decoding failed */
} ct_batch_http;

/* Parse msg[0..len); decodes the body only when the response is a 2xx
 * HTML page. Returns CT_OK, CT_EPARSE (malformed message or coding),
 * CT_ELIMIT (body over max_bytes), CT_ENOMEM. */
ct_status ct_batch_http_parse(const char *msg, size_t len, size_t max_bytes,
                              ct_batch_http *out);
void ct_batch_http_release(ct_batch_http *h);

/* Inflate gzip, zlib or raw deflate data into out, at most max_bytes. */
ct_status ct_batch_inflate(const unsigned char *in, size_t len,
                           size_t max_bytes, ct_buf *out, char *error,
                           size_t error_cap);

/* ---- warc.c: WARC records from a stream ---- */
typedef struct ct_batch_warc_counts {
  size_t records;
  size_t skipped;
} ct_batch_warc_counts;

/* Fields of the next HTML response record of a WARC stream, filled into
 * `item` (strings allocated with ct_malloc, see input.c). Returns true
 * with an item (possibly an error item) or false at the end of the
 * stream. A broken stream gives one error item, then false. */
typedef struct ct_batch_record {
  char *uri, *date, *record_id, *charset;
  char *bytes;
  size_t len;
  ct_status status;
  char error[512];
} ct_batch_record;
bool ct_batch_warc_next(ct_batch_stream *s, size_t max_bytes,
                        ct_batch_warc_counts *counts, ct_batch_record *rec);
void ct_batch_record_release(ct_batch_record *rec);

#endif
