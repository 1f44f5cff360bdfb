/* SPDX-License-Identifier: MIT */
/* JSON string and number writing: valid UTF-8 out, no NaN/Inf, shortest
 * round-trip numbers so exact decimals print exactly. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* What a byte starts, for json_plain: PLAIN ASCII copied as is, ESC an
 * ASCII byte JSON escapes (controls, DEL, quote, backslash), LEAD3 a lead
 * byte whose 3-byte sequences are well-formed whenever the next two bytes
 * are continuation bytes (E1..EC, EE, EF: most CJK), OTHER anything else. */
enum { J_PLAIN, J_ESC, J_LEAD3, J_OTHER };
static const unsigned char k_jclass[256] = {
#define R4(x) x, x, x, x
#define R16(x) R4(x), R4(x), R4(x), R4(x)
    R16(J_ESC),   R16(J_ESC), /* 00..1F */
    J_PLAIN,      J_PLAIN,      J_ESC,        R4(J_PLAIN),  J_PLAIN, /* 20..27:
                                                                        '"' */
    R4(J_PLAIN),  R4(J_PLAIN),  /* 28..2F */
    R16(J_PLAIN), R16(J_PLAIN), /* 30..4F */
    R4(J_PLAIN),  R4(J_PLAIN),  R4(J_PLAIN),  J_ESC,        J_PLAIN, J_PLAIN,
    J_PLAIN, /* 50..5F: '\\' */
    R16(J_PLAIN), R4(J_PLAIN),  R4(J_PLAIN),  R4(J_PLAIN),  J_PLAIN, J_PLAIN,
    J_PLAIN,      J_ESC,                                    /* 60..7F: DEL */
    R16(J_OTHER), R16(J_OTHER), R16(J_OTHER), R16(J_OTHER), /* 80..BF */
    R16(J_OTHER), R16(J_OTHER),                             /* C0..DF */
    J_OTHER,      R4(J_LEAD3),  R4(J_LEAD3),  R4(J_LEAD3),  J_OTHER, J_LEAD3,
    J_LEAD3,      /* E0..EF: E0 and ED can be overlong or surrogates */
    R16(J_OTHER), /* F0..FF */
#undef R16
#undef R4
};

/* True when s[0..len) is well-formed UTF-8 with nothing to escape: the
 * common string is then copied at once. */
static bool json_plain(const unsigned char *p, size_t len) {
  const unsigned char *q = p, *end = p + len;
  while (q < end) {
    switch (k_jclass[*q]) {
    case J_PLAIN:
      q++;
      continue;
    case J_LEAD3:
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      /* two characters at a time while both are plain 3-byte ones: leads
       * at bytes 0 and 3, continuation bytes at 1, 2, 4 and 5 */
      while (end - q >= 8) {
        uint64_t x;
        memcpy(&x, q, 8);
        if ((x & 0xC0C000C0C000u) != 0x808000808000u ||
            k_jclass[(x >> 24) & 0xFF] != J_LEAD3)
          break;
        q += 6;
        if (k_jclass[*q] != J_LEAD3)
          break;
      }
      if (k_jclass[*q] != J_LEAD3)
        continue; /* moved on to another kind of byte */
#endif
      if (end - q >= 3 && ((q[1] ^ 0x80) | (q[2] ^ 0x80)) < 0x40) {
        q += 3;
        continue;
      }
      break;
    case J_ESC:
      return false;
    default:
      break;
    }
    size_t n = ct_utf8_valid_len(q, (size_t)(end - q));
    if (!n)
      return false;
    q += n;
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
