/* SPDX-License-Identifier: MIT */
/* Strict UTF-8 validation, decoding, repair and display width. */
#include "util.h"

size_t ct_utf8_valid_len(const unsigned char *s, size_t len) {
  if (len == 0)
    return 0;
  unsigned char c = s[0];
  if (c < 0x80)
    return 1;
  size_t n;
  uint32_t min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (len < n)
    return 0;
  uint32_t cp = c & (0x7F >> n);
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

size_t ct_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp) {
  size_t n = ct_utf8_valid_len(s, len);
  if (n == 0) {
    *cp = 0xFFFD;
    return 1;
  }
  if (n == 1) {
    *cp = s[0];
    return 1;
  }
  uint32_t v = s[0] & (0x7F >> n);
  for (size_t i = 1; i < n; i++)
    v = (v << 6) | (s[i] & 0x3F);
  *cp = v;
  return n;
}

size_t ct_utf8_encode(uint32_t cp, char out[4]) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF)
    cp = 0xFFFD;
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  if (cp > 0x10FFFF)
    return ct_utf8_encode(0xFFFD, out);
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

bool ct_utf8_is_valid(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t n = ct_utf8_valid_len(p + i, len - i);
    if (!n)
      return false;
    i += n;
  }
  return true;
}

bool ct_utf8_repair(ct_buf *out, const char *s, size_t len,
                    size_t *n_replaced) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, start = 0, bad = 0;
  if (!ct_buf_reserve(out, len))
    return false;
  while (i < len) {
    if (p[i] < 0x80) {
      i++;
      continue;
    }
    size_t n = ct_utf8_valid_len(p + i, len - i);
    if (n) {
      i += n;
      continue;
    }
    ct_buf_put(out, p + start, i - start);
    ct_buf_put(out, "\xEF\xBF\xBD", 3);
    bad++;
    i++;
    start = i;
  }
  ct_buf_put(out, p + start, i - start);
  if (n_replaced)
    *n_replaced = bad;
  return !out->oom;
}

static bool is_wide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t ct_utf8_width(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, w = 0;
  while (i < len) {
    uint32_t cp;
    i += ct_utf8_decode(p + i, len - i, &cp);
    w += is_wide(cp) ? 2 : 1;
  }
  return w;
}
