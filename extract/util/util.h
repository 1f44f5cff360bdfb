/* SPDX-License-Identifier: MIT */
/* Shared helpers with no third-party dependencies: allocation, arenas,
 * growable buffers, JSON writing, UTF-8 checks, error filling. */
#ifndef CT_UTIL_H
#define CT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "claimtrack/claimtrack.h"

/* ---- allocation (mem.c): everything goes through the ct_mem hooks ---- */
void *ct_malloc(size_t size);
void *ct_calloc(size_t n, size_t size);
void *ct_realloc(void *ptr, size_t size);
char *ct_strndup(const char *s, size_t len);
char *ct_strdup(const char *s);
/* Checked size arithmetic: false on overflow. */
static inline bool ct_size_add(size_t a, size_t b, size_t *out) {
  return !__builtin_add_overflow(a, b, out);
}
static inline bool ct_size_mul(size_t a, size_t b, size_t *out) {
  return !__builtin_mul_overflow(a, b, out);
}

/* ---- arena (arena.c): many small allocations, one free ---- */
typedef struct ct_arena_block ct_arena_block;
typedef struct ct_arena {
  ct_arena_block *head;
} ct_arena;
void ct_arena_init(ct_arena *a);
void ct_arena_release(ct_arena *a);
void *ct_arena_alloc(ct_arena *a, size_t size); /* 8-aligned, NULL on OOM */
char *ct_arena_strndup(ct_arena *a, const char *s, size_t len);
char *ct_arena_strdup(ct_arena *a, const char *s);

/* ---- growable byte buffer (buf.c); always NUL-terminated when ok ---- */
typedef struct ct_buf {
  char *data;
  size_t len, cap;
  bool oom; /* sticky: set on the first failed growth */
} ct_buf;
#define CT_BUF_INIT                                                            \
  { NULL, 0, 0, false }
/* Room for `extra` more bytes and the NUL; false (and oom set) when
 * growing fails. The common case, room already there, is inline. */
bool ct_buf_grow(ct_buf *b, size_t extra);
static inline bool ct_buf_reserve(ct_buf *b, size_t extra) {
  return (!b->oom && b->cap - b->len > extra) || ct_buf_grow(b, extra);
}
bool ct_buf_put(ct_buf *b, const void *data, size_t len);
bool ct_buf_puts(ct_buf *b, const char *s);
bool ct_buf_putc(ct_buf *b, char c);
bool ct_buf_printf(ct_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ct_buf_clear(ct_buf *b);
void ct_buf_release(ct_buf *b);
/* Hand the data to the caller (free with ct_free); the buffer is reset. */
char *ct_buf_take(ct_buf *b, size_t *len_out);

/* ---- JSON writing (json.c) ---- */
/* A JSON string literal; invalid UTF-8 becomes U+FFFD, controls escaped. */
bool ct_json_str(ct_buf *b, const char *s, size_t len);
/* The string or null. */
bool ct_json_cstr(ct_buf *b, const char *s);
/* Shortest decimal that round-trips; non-finite numbers print null. */
bool ct_json_num(ct_buf *b, double v);
/* The number when `has`, else null. */
bool ct_json_opt_num(ct_buf *b, bool has, double v);
/* Same formatting without JSON context (CSV, text tables). */
int ct_format_double(char *out, size_t cap, double v);

/* ---- UTF-8 (utf8.c) ---- */
/* Length of the valid UTF-8 sequence at s[0..len) or 0 when invalid. */
size_t ct_utf8_valid_len(const unsigned char *s, size_t len);
/* Decode one code point; returns bytes consumed (>=1); *cp = 0xFFFD on an
 * invalid sequence (consuming one byte). */
size_t ct_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
size_t ct_utf8_encode(uint32_t cp, char out[4]);
bool ct_utf8_is_valid(const char *s, size_t len);
/* Copy with every invalid sequence replaced by U+FFFD; counts bytes
 * replaced in *n_replaced (may be NULL). */
bool ct_utf8_repair(ct_buf *out, const char *s, size_t len, size_t *n_replaced);
/* Terminal display width of a UTF-8 string (East Asian wide = 2). */
size_t ct_utf8_width(const char *s, size_t len);

/* ---- lines (lines.c) ---- */
/* The next line of data[0..len) from *pos: returns its start and sets *n to
 * its length without the '\n' or "\r\n"; *pos moves past it. NULL at the
 * end. A final line without '\n' counts; an empty text has no lines. */
const char *ct_line_next(const char *data, size_t len, size_t *pos, size_t *n);

/* ---- errors (status.c) ---- */
/* Fill err (may be NULL) and return status. */
ct_status ct_fail(ct_error *err, ct_status status, const char *stage,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
ct_status ct_vfail(ct_error *err, ct_status status, const char *stage,
                   const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

#endif
