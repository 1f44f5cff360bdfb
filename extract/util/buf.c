/* SPDX-License-Identifier: MIT */
/* Growable, NUL-terminated byte buffer with a sticky out-of-memory flag. */
#include <stdio.h>
#include <string.h>

#include "util.h"

bool ct_buf_grow(ct_buf *b, size_t extra) {
  if (b->oom)
    return false;
  size_t need;
  if (!ct_size_add(b->len, extra, &need) || !ct_size_add(need, 1, &need)) {
    b->oom = true;
    return false;
  }
  if (need <= b->cap)
    return true;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) {
    if (!ct_size_mul(cap, 2, &cap)) {
      cap = need;
      break;
    }
  }
  char *p = ct_realloc(b->data, cap);
  if (!p) {
    b->oom = true;
    return false;
  }
  b->data = p;
  b->cap = cap;
  return true;
}

bool ct_buf_put(ct_buf *b, const void *data, size_t len) {
  if (!ct_buf_reserve(b, len))
    return false;
  if (len)
    memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
  return true;
}

bool ct_buf_puts(ct_buf *b, const char *s) {
  return ct_buf_put(b, s, strlen(s));
}

bool ct_buf_putc(ct_buf *b, char c) { return ct_buf_put(b, &c, 1); }

bool ct_buf_printf(ct_buf *b, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || !ct_buf_reserve(b, (size_t)n)) {
    va_end(ap2);
    if (n < 0)
      b->oom = true;
    return false;
  }
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  b->len += (size_t)n;
  return true;
}

void ct_buf_clear(ct_buf *b) {
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
}

void ct_buf_release(ct_buf *b) {
  ct_free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->oom = false;
}

char *ct_buf_take(ct_buf *b, size_t *len_out) {
  if (b->oom || !ct_buf_reserve(b, 0)) {
    ct_buf_release(b);
    return NULL;
  }
  char *p = b->data;
  p[b->len] = '\0'; /* an empty buffer just allocated by reserve has none */
  if (len_out)
    *len_out = b->len;
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}
