/* SPDX-License-Identifier: MIT */
/* Batch stage: a file descriptor read through libarchive's "raw" format
 * with the gzip filter, so plain and gzip-compressed inputs (also
 * multi-member .warc.gz) read the same way; with a look-ahead buffer. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "batch/batch.h"

#define IO_BLOCK ((size_t)64 * 1024)

static ssize_t stream_read_cb(struct archive *a, void *data,
                              const void **block) {
  ct_batch_stream *s = data;
  (void)a;
  *block = s->io;
  if (s->io_primed) {
    s->io_primed = false;
    return (ssize_t)s->io_len;
  }
  for (;;) {
    ssize_t n = read(s->fd, s->io, IO_BLOCK);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      archive_set_error(a, errno, "read: %s", strerror(errno));
      return -1;
    }
    s->raw_read += (uint64_t)n;
    return n;
  }
}

static void set_error(ct_batch_stream *s, const char *msg) {
  s->failed = true;
  s->eof = true;
  snprintf(s->error, sizeof s->error, "%s", msg ? msg : "read error");
}

bool ct_batch_stream_open(ct_batch_stream *s, int fd, bool own_fd) {
  memset(s, 0, sizeof *s);
  s->fd = fd;
  s->own_fd = own_fd;
  s->io = ct_malloc(IO_BLOCK);
  if (!s->io) {
    set_error(s, "out of memory");
    return false;
  }
  /* Prefetch: libarchive refuses an empty input ("Unrecognized archive
   * format"), and an empty file is a valid (empty) document. */
  ssize_t n;
  do {
    n = read(fd, s->io, IO_BLOCK);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    set_error(s, strerror(errno));
    return false;
  }
  s->raw_read = (uint64_t)n;
  if (n == 0) {
    s->eof = true;
    return true;
  }
  s->io_len = (size_t)n;
  s->io_primed = true;
  s->a = archive_read_new();
  if (!s->a) {
    set_error(s, "out of memory");
    return false;
  }
  struct archive_entry *entry;
  if (archive_read_support_filter_gzip(s->a) != ARCHIVE_OK ||
      archive_read_support_format_raw(s->a) != ARCHIVE_OK ||
      archive_read_open2(s->a, s, NULL, stream_read_cb, NULL, NULL) !=
          ARCHIVE_OK ||
      archive_read_next_header(s->a, &entry) != ARCHIVE_OK) {
    set_error(s, archive_error_string(s->a));
    return false;
  }
  return true;
}

void ct_batch_stream_close(ct_batch_stream *s) {
  if (s->a)
    archive_read_free(s->a);
  s->a = NULL;
  if (s->own_fd && s->fd >= 0)
    close(s->fd);
  s->fd = -1;
  ct_free(s->io);
  s->io = NULL;
  ct_free(s->buf);
  s->buf = NULL;
  s->pos = s->len = s->cap = 0;
}

size_t ct_batch_stream_fill(ct_batch_stream *s, size_t n) {
  size_t avail = s->len - s->pos;
  if (avail >= n || s->eof)
    return avail;
  if (s->pos > 0) { /* compact */
    memmove(s->buf, s->buf + s->pos, avail);
    s->len = avail;
    s->pos = 0;
  }
  while (s->len < n && !s->eof) {
    size_t want = n > IO_BLOCK ? n : IO_BLOCK;
    if (s->cap < want) {
      unsigned char *nb = ct_realloc(s->buf, want);
      if (!nb) {
        set_error(s, "out of memory");
        break;
      }
      s->buf = nb;
      s->cap = want;
    }
    la_ssize_t got = archive_read_data(s->a, s->buf + s->len, s->cap - s->len);
    if (got < 0) {
      set_error(s, archive_error_string(s->a));
      break;
    }
    if (got == 0)
      s->eof = true;
    s->len += (size_t)got;
  }
  return s->len - s->pos;
}

size_t ct_batch_stream_read(ct_batch_stream *s, void *dst, size_t n) {
  size_t done = 0;
  unsigned char *out = dst;
  while (done < n) {
    size_t avail = s->len - s->pos;
    if (avail == 0) {
      size_t want = n - done < IO_BLOCK ? n - done : IO_BLOCK;
      avail = ct_batch_stream_fill(s, want);
      if (avail == 0)
        break;
    }
    size_t take = avail < n - done ? avail : n - done;
    memcpy(out + done, s->buf + s->pos, take);
    s->pos += take;
    done += take;
  }
  return done;
}

uint64_t ct_batch_stream_skip(ct_batch_stream *s, uint64_t n) {
  uint64_t done = 0;
  while (done < n) {
    size_t avail = s->len - s->pos;
    if (avail == 0) {
      avail = ct_batch_stream_fill(s, 1);
      if (avail == 0)
        break;
    }
    uint64_t take = avail < n - done ? avail : n - done;
    s->pos += (size_t)take;
    done += take;
  }
  return done;
}
