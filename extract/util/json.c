/* SPDX-License-Identifier: MIT */
/* JSON string and number writing: valid UTF-8 out, no NaN/Inf, shortest
 * round-trip numbers so exact decimals print exactly. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* True when s[0..len) is well-formed UTF-8 with nothing to escape: the
 * common string is then copied at once. */
static bool json_plain(const unsigned char *p, size_t len) {
  for (size_t i = 0; i < len;) {
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
        return false;
      i++;
      continue;
    }
    size_t n;
    if (c >= 0xE1 && c <= 0xEC && i + 2 < len && (p[i + 1] & 0xC0) == 0x80 &&
        (p[i + 2] & 0xC0) == 0x80)
      n = 3; /* always well-formed (most CJK) */
    else
      n = ct_utf8_valid_len(p + i, len - i);
    if (!n)
      return false;
    i += n;
  }
  return true;
}

bool ct_json_str(ct_buf *b, const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)s;
  if (json_plain(p, len)) {
    if (!ct_buf_reserve(b, len + 2))
      return false;
    b->data[b->len++] = '"';
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len++] = '"';
    b->data[b->len] = '\0';
    return true;
  }
  if (!ct_buf_putc(b, '"'))
    return false;
  size_t i = 0;
  while (i < len) {
    unsigned char c = p[i];
    if (c >= 0x80) {
      size_t n = ct_utf8_valid_len(p + i, len - i);
      if (n) {
        ct_buf_put(b, p + i, n);
        i += n;
      } else {
        ct_buf_put(b, "\xEF\xBF\xBD", 3);
        i++;
      }
      continue;
    }
    switch (c) {
    case '"':
      ct_buf_put(b, "\\\"", 2);
      break;
    case '\\':
      ct_buf_put(b, "\\\\", 2);
      break;
    case '\n':
      ct_buf_put(b, "\\n", 2);
      break;
    case '\r':
      ct_buf_put(b, "\\r", 2);
      break;
    case '\t':
      ct_buf_put(b, "\\t", 2);
      break;
    default:
      if (c < 0x20 || c == 0x7f) {
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        ct_buf_put(b, e, 6);
      } else {
        ct_buf_putc(b, (char)c);
      }
    }
    i++;
  }
  return ct_buf_putc(b, '"');
}

bool ct_json_cstr(ct_buf *b, const char *s) {
  if (!s)
    return ct_buf_put(b, "null", 4);
  return ct_json_str(b, s, strlen(s));
}

int ct_format_double(char *out, size_t cap, double v) {
  if (!isfinite(v))
    return snprintf(out, cap, "null");
  if (v == 0)
    return snprintf(out, cap, "0");
  if (v == floor(v) && fabs(v) < 1e17)
    return snprintf(out, cap, "%.0f", v);
  for (int prec = 1; prec <= 17; prec++) {
    int n = snprintf(out, cap, "%.*g", prec, v);
    if (strtod(out, NULL) == v)
      return n;
  }
  return snprintf(out, cap, "%.17g", v);
}

bool ct_json_num(ct_buf *b, double v) {
  if (v != 0 && v == floor(v) && fabs(v) < 1e17) {
    /* What ct_format_double prints ("%.0f") for a whole number, without
     * printf: exact in 64 bits below 1e17. The usual claim value. */
    long long iv = (long long)v;
    unsigned long long u =
        iv < 0 ? 0ULL - (unsigned long long)iv : (unsigned long long)iv;
    char digits[24];
    size_t n = sizeof digits;
    do {
      digits[--n] = (char)('0' + u % 10);
      u /= 10;
    } while (u);
    if (iv < 0)
      digits[--n] = '-';
    return ct_buf_put(b, digits + n, sizeof digits - n);
  }
  char tmp[40];
  int n = ct_format_double(tmp, sizeof tmp, v);
  return ct_buf_put(b, tmp, (size_t)n);
}

bool ct_json_opt_num(ct_buf *b, bool has, double v) {
  return has ? ct_json_num(b, v) : ct_buf_put(b, "null", 4);
}
