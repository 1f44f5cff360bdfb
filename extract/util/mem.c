/* SPDX-License-Identifier: MIT */
/* Allocation through the replaceable ct_mem hooks (util stage). */
#include <stdlib.h>
#include <string.h>

#include "util.h"

static ct_mem g_mem = {malloc, realloc, free};

void ct_set_mem(const ct_mem *mem) {
  if (mem) {
    g_mem = *mem;
  } else {
    g_mem.malloc = malloc;
    g_mem.realloc = realloc;
    g_mem.free = free;
  }
}

void *ct_malloc(size_t size) { return g_mem.malloc(size ? size : 1); }

void *ct_calloc(size_t n, size_t size) {
  size_t total;
  if (!ct_size_mul(n, size, &total))
    return NULL;
  void *p = ct_malloc(total);
  if (p)
    memset(p, 0, total);
  return p;
}

void *ct_realloc(void *ptr, size_t size) {
  return g_mem.realloc(ptr, size ? size : 1);
}

void ct_free(void *ptr) {
  if (ptr)
    g_mem.free(ptr);
}

char *ct_strndup(const char *s, size_t len) {
  size_t n;
  if (!ct_size_add(len, 1, &n))
    return NULL;
  char *p = ct_malloc(n);
  if (!p)
    return NULL;
  if (len)
    memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *ct_strdup(const char *s) { return s ? ct_strndup(s, strlen(s)) : NULL; }
