/* SPDX-License-Identifier: MIT */
/* Scrape stage: publication dates in text and attributes, as ISO 8601 with
 * +08:00 when the page gives a time (the pages are Chinese-local). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "html/html.h"

static bool isdig(char c) { return c >= '0' && c <= '9'; }

/* Up to maxd digits at s[*i]; false when none. */
static bool digits(const char *s, size_t len, size_t *i, int maxd, int *v) {
  int n = 0, val = 0;
  while (*i < len && isdig(s[*i]) && n < maxd) {
    val = val * 10 + (s[*i] - '0');
    (*i)++;
    n++;
  }
  if (n == 0 || (*i < len && isdig(s[*i])))
    return false;
  *v = val;
  return true;
}

static bool lit(const char *s, size_t len, size_t *i, const char *l) {
  size_t n = strlen(l);
  if (*i + n <= len && memcmp(s + *i, l, n) == 0) {
    *i += n;
    return true;
  }
  return false;
}

/* Spaces, nbsp, U+3000 and similar. */
static void skip_space(const char *s, size_t len, size_t *i) {
  for (;;) {
    size_t k = ct_html_space_len((const unsigned char *)s + *i, len - *i);
    if (!k)
      return;
    *i += k;
  }
}

/* A date starting exactly at s[i]; fills out. */
static bool date_at(const char *s, size_t len, size_t i, char out[40],
                    size_t *end) {
  int y, mo, d, h = -1, mi = 0, sec = 0;
  size_t k = i;
  if (!digits(s, len, &k, 4, &y) || k - i != 4 || y < 1990 || y > 2100)
    return false;
  bool cn = false;
  char sep = 0;
  if (lit(s, len, &k, "年")) {
    cn = true;
  } else if (k < len && (s[k] == '-' || s[k] == '/' || s[k] == '.')) {
    sep = s[k++];
  } else {
    return false;
  }
  skip_space(s, len, &k);
  if (!digits(s, len, &k, 2, &mo) || mo < 1 || mo > 12)
    return false;
  skip_space(s, len, &k);
  if (cn) {
    if (!lit(s, len, &k, "月"))
      return false;
  } else if (k >= len || s[k] != sep) {
    return false;
  } else {
    k++;
  }
  skip_space(s, len, &k);
  if (!digits(s, len, &k, 2, &d) || d < 1 || d > 31)
    return false;
  if (cn && !lit(s, len, &k, "日"))
    lit(s, len, &k, "号");
  size_t date_end = k;
  size_t t = k;
  if (t < len && s[t] == 'T')
    t++;
  else
    skip_space(s, len, &t);
  char zone[16] = "+08:00";
  int hh, mm, ss = 0;
  size_t t0 = t;
  if (digits(s, len, &t, 2, &hh) && hh <= 23 &&
      (lit(s, len, &t, ":") || lit(s, len, &t, "：") ||
       lit(s, len, &t, "时")) &&
      digits(s, len, &t, 2, &mm) && mm <= 59) {
    size_t t2 = t;
    if ((lit(s, len, &t2, ":") || lit(s, len, &t2, "：") ||
         lit(s, len, &t2, "分")) &&
        digits(s, len, &t2, 2, &ss) && ss <= 59) {
      t = t2;
    } else {
      ss = 0;
      lit(s, len, &t, "分");
    }
    if (t < len && s[t] == '.') { /* fractional seconds */
      size_t f = t + 1;
      while (f < len && isdig(s[f]))
        f++;
      if (f > t + 1)
        t = f;
    }
    if (t < len && s[t] == 'Z') {
      strcpy(zone, "+00:00");
      t++;
    } else if (t + 5 <= len && (s[t] == '+' || s[t] == '-') &&
               isdig(s[t + 1]) && isdig(s[t + 2])) {
      size_t z = t + 3;
      if (z < len && s[z] == ':')
        z++;
      if (z + 2 <= len && isdig(s[z]) && isdig(s[z + 1])) {
        snprintf(zone, sizeof zone, "%c%c%c:%c%c", s[t], s[t + 1], s[t + 2],
                 s[z], s[z + 1]);
        t = z + 2;
      }
    }
    h = hh;
    mi = mm;
    sec = ss;
  } else {
    t = t0;
  }
  if (h >= 0) {
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d%.6s", y, mo, d, h,
             mi, sec, zone);
    memcpy(out, tmp, 39);
    out[39] = '\0';
    *end = t;
  } else {
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, mo, d);
    memcpy(out, tmp, 39);
    out[39] = '\0';
    *end = date_end;
  }
  return true;
}

/* Time after a date at s[k]: " 13:48", " - 13:48", "T13:48:06". */
static size_t time_after(const char *s, size_t len, size_t k, int *h, int *mi,
                         int *sec) {
  size_t t = k;
  skip_space(s, len, &t);
  if (t < len && s[t] == '-') {
    t++;
    skip_space(s, len, &t);
  }
  int hh, mm, ss = 0;
  if (!digits(s, len, &t, 2, &hh) || hh > 23 || !lit(s, len, &t, ":") ||
      !digits(s, len, &t, 2, &mm) || mm > 59)
    return 0;
  size_t t2 = t;
  if (lit(s, len, &t2, ":") && digits(s, len, &t2, 2, &ss) && ss <= 59)
    t = t2;
  else
    ss = 0;
  *h = hh;
  *mi = mm;
  *sec = ss;
  return t;
}

/* 06/02/2022: day first, as European sites print it, unless only the first
 * number can be a month (02/26/2022). */
static bool dmy_at(const char *s, size_t len, size_t i, char out[40],
                   size_t *end) {
  int a, b, y;
  size_t k = i;
  if (!digits(s, len, &k, 2, &a) || !lit(s, len, &k, "/") ||
      !digits(s, len, &k, 2, &b) || !lit(s, len, &k, "/"))
    return false;
  size_t ys = k;
  if (!digits(s, len, &k, 4, &y) || k - ys != 4 || y < 1990 || y > 2100)
    return false;
  int d = a, mo = b;
  if (mo > 12 && d <= 12) {
    d = b;
    mo = a;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31)
    return false;
  int h, mi, sec;
  size_t t = time_after(s, len, k, &h, &mi, &sec);
  char tmp[96];
  if (t) {
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", y, mo, d,
             h, mi, sec);
    *end = t;
  } else {
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, mo, d);
    *end = k;
  }
  memcpy(out, tmp, 39);
  out[39] = '\0';
  return true;
}

bool ct_html_find_date(const char *s, size_t len, char out[40], size_t *pos,
                       size_t *end) {
  for (size_t i = 0; i + 8 <= len; i++) {
    if (!isdig(s[i]) || (i > 0 && isdig(s[i - 1])))
      continue;
    size_t e;
    if (dmy_at(s, len, i, out, &e)) {
      if (pos)
        *pos = i;
      if (end)
        *end = e;
      return true;
    }
    if (s[i] != '1' && s[i] != '2')
      continue;
    if (date_at(s, len, i, out, &e)) {
      if (pos)
        *pos = i;
      if (end)
        *end = e;
      return true;
    }
  }
  return false;
}

bool ct_html_parse_machine_date(const char *s, char out[40]) {
  if (!s)
    return false;
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
    s++;
  size_t len = strlen(s);
  while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' ||
                 s[len - 1] == '\r' || s[len - 1] == '\t'))
    len--;
  size_t nd = 0;
  while (nd < len && isdig(s[nd]))
    nd++;
  if (nd == len && (len == 10 || len == 13)) {
    long long v = 0;
    for (size_t i = 0; i < 10; i++)
      v = v * 10 + (s[i] - '0');
    time_t t = (time_t)(v + 8 * 3600);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1990)
      return false;
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d+08:00",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec);
    memcpy(out, tmp, 39);
    out[39] = '\0';
    return true;
  }
  size_t e;
  /* Machine values start with the date; allow a little leading noise. */
  for (size_t i = 0; i < len && i < 4; i++)
    if (date_at(s, len, i, out, &e))
      return true;
  return false;
}

/* n digits at s as a number, or -1. */
static int fixed_num(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdig(s[i]))
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

bool ct_html_url_date(const char *url, char out[40]) {
  if (!url)
    return false;
  size_t len = strlen(url);
  for (size_t i = 0; i + 8 <= len; i++) {
    if (url[i] != '/' && url[i] != '_' && url[i] != '-')
      continue;
    const char *p = url + i + 1;
    size_t rest = len - i - 1;
    int y = rest >= 4 ? fixed_num(p, 4) : -1;
    if (y < 1990 || y > 2100)
      continue;
    int mo = -1, d = -1;
    /* /2019-11-25/ /2019/11/25/ /2019-12/10/ /2019/0615/ /201911/25/
     * /20191125/ */
    if (rest >= 10 && p[4] == '/' && fixed_num(p + 5, 4) >= 0 && p[9] == '/') {
      mo = fixed_num(p + 5, 2);
      d = fixed_num(p + 7, 2);
    } else if (rest >= 10 && (p[4] == '-' || p[4] == '/') &&
               (p[7] == '-' || p[7] == '/')) {
      mo = fixed_num(p + 5, 2);
      d = fixed_num(p + 8, 2);
      if (rest > 10 && isdig(p[10]))
        continue;
    } else if (rest >= 9 && p[6] == '/' && isdig(p[4])) {
      mo = fixed_num(p + 4, 2);
      d = fixed_num(p + 7, 2);
      if (rest > 9 && isdig(p[9]))
        continue;
    } else if (rest >= 8) {
      mo = fixed_num(p + 4, 2);
      d = fixed_num(p + 6, 2);
      if (rest > 8 && isdig(p[8]))
        continue;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
      continue;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, mo, d);
    memcpy(out, tmp, 11);
    return true;
  }
  return false;
}
