/* SPDX-License-Identifier: MIT */
/* Bump allocator: a document's strings and records live and die together. */
#include <string.h>

#include "util.h"

struct ct_arena_block {
  ct_arena_block *next;
  size_t used, cap;
  _Alignas(8) unsigned char data[];
};

#define CT_ARENA_BLOCK 16384u

void ct_arena_init(ct_arena *a) { a->head = NULL; }

void ct_arena_release(ct_arena *a) {
  ct_arena_block *b = a->head;
  while (b) {
    ct_arena_block *next = b->next;
    ct_free(b);
    b = next;
  }
  a->head = NULL;
}

void *ct_arena_alloc(ct_arena *a, size_t size) {
  size_t need;
  if (!ct_size_add(size, 7, &need))
    return NULL;
  need &= ~(size_t)7;
  if (need == 0)
    need = 8;
  ct_arena_block *b = a->head;
  if (!b || b->cap - b->used < need) {
    size_t cap = need > CT_ARENA_BLOCK ? need : CT_ARENA_BLOCK, total;
    if (!ct_size_add(cap, sizeof(ct_arena_block), &total))
      return NULL;
    ct_arena_block *nb = ct_malloc(total);
    if (!nb)
      return NULL;
    nb->used = 0;
    nb->cap = cap;
    if (b && need > CT_ARENA_BLOCK) {
      /* A big one-off block goes behind the current one so the current
       * block's free space stays usable. */
      nb->next = b->next;
      b->next = nb;
    } else {
      nb->next = b;
      a->head = nb;
    }
    b = nb;
  }
  void *p = b->data + b->used;
  b->used += need;
  return p;
}

char *ct_arena_strndup(ct_arena *a, const char *s, size_t len) {
  size_t n;
  if (!ct_size_add(len, 1, &n))
    return NULL;
  char *p = ct_arena_alloc(a, n);
  if (!p)
    return NULL;
  if (len)
    memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *ct_arena_strdup(ct_arena *a, const char *s) {
  return s ? ct_arena_strndup(a, s, strlen(s)) : NULL;
}
