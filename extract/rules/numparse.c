/* SPDX-License-Identifier: MIT */
/* Numeral parser (rules stage): Arabic, Chinese, financial and mixed
 * numerals into an exact decimal accumulator, converted to double once.
 * Locale-independent, no allocation, O(len). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/numparse.h"
#include "util/util.h"

/* ---- exact decimal accumulator ------------------------------------------ */

/* d[i] is the digit at 10^(i + DEC_MIN). Values at or above 1e30 are refused
 * (CT_ELIMIT) when converted; the extra top positions only detect that. */
#define DEC_MIN (-48)
#define DEC_MAX 34 /* exclusive */
#define DEC_N (DEC_MAX - DEC_MIN)
#define VALUE_MAX_EXP 30 /* values must be < 10^30 */
#define GROUP_MAX_EXP 16 /* 亿亿: a longer run of 万/亿/兆 is refused */
#define MAX_GROUPS 24

typedef struct dec {
  uint8_t d[DEC_N];
} dec;

/* A value interval: approximate digits (几, 数, 三四) make lo < hi. */
typedef struct ival {
  dec lo, hi;
} ival;

static void dec_zero(dec *a) { memset(a, 0, sizeof *a); }

static bool dec_is_zero(const dec *a) {
  for (int i = 0; i < DEC_N; i++)
    if (a->d[i])
      return false;
  return true;
}

/* Set the digit at 10^pos; false when pos is out of range. */
static bool dec_set(dec *a, int pos, int digit) {
  if (pos < DEC_MIN || pos >= DEC_MAX)
    return digit == 0; /* a zero may be dropped silently */
  a->d[pos - DEC_MIN] = (uint8_t)digit;
  return true;
}

/* a *= 10^k (k may be negative); false when a nonzero digit falls off. */
static bool dec_shift(dec *a, int k) {
  if (k == 0)
    return true;
  dec r;
  dec_zero(&r);
  for (int i = 0; i < DEC_N; i++) {
    if (!a->d[i])
      continue;
    int j = i + k;
    if (j < 0 || j >= DEC_N)
      return false;
    r.d[j] = a->d[i];
  }
  *a = r;
  return true;
}

/* a += b; false on a carry out of the top position. */
static bool dec_add(dec *a, const dec *b) {
  int carry = 0;
  for (int i = 0; i < DEC_N; i++) {
    int s = a->d[i] + b->d[i] + carry;
    carry = s >= 10;
    a->d[i] = (uint8_t)(carry ? s - 10 : s);
  }
  return carry == 0;
}

/* true when a < 10^e. */
static bool dec_below_pow10(const dec *a, int e) {
  if (e < DEC_MIN)
    return dec_is_zero(a);
  for (int i = e - DEC_MIN; i < DEC_N; i++)
    if (a->d[i])
      return false;
  return true;
}

static const double k_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The double nearest to a. With at most 15 significant digits and an
 * exponent within +-22 this is one IEEE operation on exact operands
 * (m * 10^k or m / 10^k), hence correctly rounded. Otherwise the digits are
 * written as "DDDDe-K" (no radix character, so no locale dependence) and
 * given to strtod, which glibc rounds correctly. */
static ct_status dec_to_double(const dec *a, double *out) {
  int hi = -1, lo = -1;
  for (int i = DEC_N - 1; i >= 0; i--)
    if (a->d[i]) {
      hi = i;
      break;
    }
  if (hi < 0) {
    *out = 0.0;
    return CT_OK;
  }
  if (hi + DEC_MIN >= VALUE_MAX_EXP)
    return CT_ELIMIT;
  for (int i = 0; i <= hi; i++)
    if (a->d[i]) {
      lo = i;
      break;
    }
  int nd = hi - lo + 1;
  int k = lo + DEC_MIN;
  if (nd <= 15 && k >= -22 && k <= 22) {
    uint64_t m = 0;
    for (int i = hi; i >= lo; i--)
      m = m * 10u + a->d[i];
    double dm = (double)m; /* exact: m < 10^15 < 2^53 */
    *out = k >= 0 ? dm * k_pow10[k] : dm / k_pow10[-k];
    return CT_OK;
  }
  char buf[DEC_N + 16];
  size_t n = 0;
  for (int i = hi; i >= lo; i--)
    buf[n++] = (char)('0' + a->d[i]);
  buf[n++] = 'e';
  if (k < 0) {
    buf[n++] = '-';
    k = -k;
  }
  if (k >= 10)
    buf[n++] = (char)('0' + k / 10);
  buf[n++] = (char)('0' + k % 10);
  buf[n] = '\0';
  *out = strtod(buf, NULL);
  /* 30 nines round up to exactly 1e30: still over the limit */
  if (*out >= 1e30)
    return CT_ELIMIT;
  return CT_OK;
}

static bool ival_add(ival *a, const ival *b) {
  return dec_add(&a->lo, &b->lo) && dec_add(&a->hi, &b->hi);
}

static bool ival_shift(ival *a, int k) {
  return dec_shift(&a->lo, k) && dec_shift(&a->hi, k);
}

static void ival_zero(ival *a) {
  dec_zero(&a->lo);
  dec_zero(&a->hi);
}

static void ival_digits(ival *a, int lo, int hi) {
  ival_zero(a);
  a->lo.d[-DEC_MIN] = (uint8_t)lo;
  a->hi.d[-DEC_MIN] = (uint8_t)hi;
}

/* ---- characters ------------------------------------------------------------
 */

typedef enum cls {
  C_OTHER,
  C_ADIGIT, /* 0-9, full-width ０-９ */
  C_DOT,    /* . ． */
  C_COMMA,  /* , */
  C_CDIGIT, /* 〇零一二两...九, financial 壹贰叁..., traditional 兩 */
  C_SMALL,  /* 十百千 拾佰仟: val = exponent */
  C_BIG,    /* 万萬 亿億 兆: val = exponent */
  C_CHENG,  /* 成: tenths, as percent */
  C_POINT,  /* 点 點 */
  C_MORE,   /* 多 余 餘 */
  C_JI,     /* 几 幾: an unknown digit */
  C_SHU,    /* 数 數: an unknown leading digit (数百万) */
  C_SHANG,  /* 上: 上百, 上万 ("as many as") */
  C_BAN,    /* 半: 三成半 */
  C_PCT,    /* % ％ */
  C_PERMILLE, /* ‰ */
  C_SPACE
} cls;

static cls classify(uint32_t cp, int *val) {
  *val = 0;
  if (cp >= '0' && cp <= '9') {
    *val = (int)(cp - '0');
    return C_ADIGIT;
  }
  if (cp >= 0xFF10 && cp <= 0xFF19) {
    *val = (int)(cp - 0xFF10);
    return C_ADIGIT;
  }
  switch (cp) {
  case '.':
  case 0xFF0E:
    return C_DOT;
  case ',':
    return C_COMMA;
  case 0x3007: /* 〇 */
  case 0x25CB: /* ○ used as zero in years */
  case 0x96F6: /* 零 */
    *val = 0;
    return C_CDIGIT;
  case 0x4E00: /* 一 */
  case 0x58F9: /* 壹 */
    *val = 1;
    return C_CDIGIT;
  case 0x4E8C: /* 二 */
  case 0x8D30: /* 贰 */
  case 0x8CB3: /* 貳 */
  case 0x4E24: /* 两 */
  case 0x5169: /* 兩 */
    *val = 2;
    return C_CDIGIT;
  case 0x4E09: /* 三 */
  case 0x53C1: /* 叁 */
  case 0x53C3: /* 參 */
  case 0x53C4: /* 叄 */
    *val = 3;
    return C_CDIGIT;
  case 0x56DB: /* 四 */
  case 0x8086: /* 肆 */
    *val = 4;
    return C_CDIGIT;
  case 0x4E94: /* 五 */
  case 0x4F0D: /* 伍 */
    *val = 5;
    return C_CDIGIT;
  case 0x516D: /* 六 */
  case 0x9646: /* 陆 */
  case 0x9678: /* 陸 */
    *val = 6;
    return C_CDIGIT;
  case 0x4E03: /* 七 */
  case 0x67D2: /* 柒 */
    *val = 7;
    return C_CDIGIT;
  case 0x516B: /* 八 */
  case 0x634C: /* 捌 */
    *val = 8;
    return C_CDIGIT;
  case 0x4E5D: /* 九 */
  case 0x7396: /* 玖 */
    *val = 9;
    return C_CDIGIT;
  case 0x5341: /* 十 */
  case 0x62FE: /* 拾 */
    *val = 1;
    return C_SMALL;
  case 0x767E: /* 百 */
  case 0x4F70: /* 佰 */
    *val = 2;
    return C_SMALL;
  case 0x5343: /* 千 */
  case 0x4EDF: /* 仟 */
    *val = 3;
    return C_SMALL;
  case 0x4E07: /* 万 */
  case 0x842C: /* 萬 */
    *val = 4;
    return C_BIG;
  case 0x4EBF: /* 亿 */
  case 0x5104: /* 億 */
    *val = 8;
    return C_BIG;
  case 0x5146: /* 兆: 10^12, as in PRC usage */
    *val = 12;
    return C_BIG;
  case 0x6210: /* 成 */
    *val = 1;
    return C_CHENG;
  case 0x70B9: /* 点 */
  case 0x9EDE: /* 點 */
    return C_POINT;
  case 0x591A: /* 多 */
  case 0x4F59: /* 余 */
  case 0x9918: /* 餘 */
    return C_MORE;
  case 0x51E0: /* 几 */
  case 0x5E7E: /* 幾 */
    return C_JI;
  case 0x6570: /* 数 */
  case 0x6578: /* 數 */
    return C_SHU;
  case 0x4E0A: /* 上 */
    return C_SHANG;
  case 0x534A: /* 半 */
    return C_BAN;
  case '%':
  case 0xFF05:
    return C_PCT;
  case 0x2030:
    return C_PERMILLE;
  case ' ':
  case 0xA0:
  case 0x3000:
    return C_SPACE;
  default:
    return C_OTHER;
  }
}

static size_t next_cp(const char *s, size_t len, size_t i, uint32_t *cp) {
  return ct_utf8_decode((const unsigned char *)s + i, len - i, cp);
}

/* ---- the plain numeral grammar ------------------------------------------- */

typedef enum pkind {
  K_NONE,
  K_ARABIC,  /* 4400, 1,100, 16.4 */
  K_CDIGIT,  /* one Chinese digit, 几, or a pair 三四 */
  K_CONCAT,  /* 二〇二五: digit by digit */
  K_DECIMAL, /* 三点五, 十二点五 */
  K_PREFIX   /* 上 (1) or 数 (2..9): a unit must follow */
} pkind;

typedef enum prevk {
  P_START,
  P_NUM,
  P_SMALL,
  P_BIG,
  P_ZERO, /* 零 as a placeholder after a unit */
  P_MORE,
  P_PREFIX,
  P_SUFFIX
} prevk;

typedef struct group {
  ival v;
  int exp; /* total multiplier exponent: 万 4, 亿 8, 万亿 12 */
} group;

typedef struct pstate {
  group g[MAX_GROUPS];
  int ng;
  ival section; /* sum of digit*small-unit terms since the last big unit */
  bool has_section;
  int sec_small; /* exponent of the last small unit in the section */
  ival pend;     /* the number written most recently, not yet placed */
  pkind pk;
  int pend_after; /* exponent of the unit right before a Chinese digit */
  prevk prev;
  int last_unit;
  int last_pos; /* exponent of the last written digit, after scaling */
  int frac_digits;
  int ndigits;
  bool has_point, more, range, cheng, pct, permille;
} pstate;

typedef struct plain {
  ival v;
  int last_pos;
  int frac_digits;
  bool has_point, more, range, cheng, pct, permille;
} plain;

static ct_status count_digits(pstate *st, int n) {
  st->ndigits += n;
  return st->ndigits > CT_MAX_DIGITS ? CT_ELIMIT : CT_OK;
}

/* Arabic run at s[*i..): digits with optional thousands separators and one
 * decimal point. */
static ct_status parse_arabic(pstate *st, const char *s, size_t len,
                              size_t *i) {
  uint8_t dig[CT_MAX_DIGITS];
  int nd = 0, nint = 0, grp = 0, ncomma = 0;
  bool point = false;
  size_t p = *i;
  while (p < len) {
    uint32_t cp;
    size_t n = next_cp(s, len, p, &cp);
    int v;
    cls c = classify(cp, &v);
    if (c == C_ADIGIT) {
      if (nd >= CT_MAX_DIGITS || st->ndigits + nd >= CT_MAX_DIGITS)
        return CT_ELIMIT;
      dig[nd++] = (uint8_t)v;
      if (!point) {
        nint++;
        grp++;
      }
    } else if (c == C_COMMA && !point) {
      /* 1,100 and 12,345,678: the first group 1-3 digits, then 3 each */
      if (grp == 0 || grp > 3 || (ncomma > 0 && grp != 3))
        return CT_EINVAL;
      ncomma++;
      grp = 0;
    } else if (c == C_DOT && !point) {
      if (st->has_point)
        return CT_EINVAL;
      point = true;
    } else {
      break;
    }
    p += n;
  }
  if (ncomma > 0 && grp != 3)
    return CT_EINVAL;
  int nfrac = nd - nint;
  if (nd == 0 || (point && nfrac == 0))
    return CT_EINVAL; /* ".", "3." */
  ct_status rc = count_digits(st, nd);
  if (rc)
    return rc;
  ival_zero(&st->pend);
  for (int k = 0; k < nd; k++) {
    int pos = nint - 1 - k;
    if (!dec_set(&st->pend.lo, pos, dig[k]))
      return CT_ELIMIT;
    dec_set(&st->pend.hi, pos, dig[k]);
  }
  st->pk = K_ARABIC;
  st->pend_after = -1;
  st->last_pos = -nfrac;
  if (point) {
    st->has_point = true;
    st->frac_digits = nfrac;
  }
  st->prev = P_NUM;
  *i = p;
  return CT_OK;
}

/* section + pend, checked: an addend after a small unit stays below it
 * (千二百 but not 1千2000), and everything after a big unit stays below
 * that unit (3万4000 but not 3万40000). */
static ct_status close_section(pstate *st, ival *out) {
  ival_zero(out);
  if (st->has_section)
    *out = st->section;
  if (st->pk != K_NONE) {
    if (st->has_section && !dec_below_pow10(&st->pend.hi, st->sec_small))
      return CT_EINVAL;
    if (!ival_add(out, &st->pend))
      return CT_ELIMIT;
  }
  if (st->ng > 0 && !dec_below_pow10(&out->hi, st->g[st->ng - 1].exp))
    return CT_EINVAL;
  return CT_OK;
}

static bool after_unit(const pstate *st) {
  return st->prev == P_SMALL || st->prev == P_BIG;
}

static ct_status on_small(pstate *st, int u) {
  if (st->cheng)
    return CT_EINVAL;
  if (st->prev == P_BIG && !st->has_section && st->pk == K_NONE) {
    /* 4400万千 (瓦): a small unit right after a big one multiplies it, as
     * in 万亿; the rules' {NUM} may stop there before a unit like 瓦 */
    group *g = &st->g[st->ng - 1];
    if (!ival_shift(&g->v, u))
      return CT_ELIMIT;
    g->exp += u;
    if (g->exp > GROUP_MAX_EXP)
      return CT_ELIMIT;
    if (st->ng >= 2 && st->g[st->ng - 2].exp <= g->exp)
      return CT_EINVAL;
    st->last_pos += u;
    st->last_unit = g->exp;
    return CT_OK;
  }
  if (st->prev == P_START || st->prev == P_ZERO) {
    ival_digits(&st->pend, 1, 1); /* 十二, 百万, 零十二 */
    st->pk = K_CDIGIT;
    st->last_pos = 0;
  } else if (st->prev != P_NUM && st->prev != P_PREFIX) {
    return CT_EINVAL; /* 十百, 一万千, 十多百 */
  }
  if (st->has_section && u >= st->sec_small)
    return CT_EINVAL;
  if (st->pk == K_DECIMAL && st->has_section)
    return CT_EINVAL;
  if (!ival_shift(&st->pend, u))
    return CT_ELIMIT;
  if (st->has_section) {
    if (!dec_below_pow10(&st->pend.hi, st->sec_small))
      return CT_EINVAL;
    if (!ival_add(&st->section, &st->pend))
      return CT_ELIMIT;
  } else {
    st->section = st->pend;
    st->has_section = true;
  }
  st->sec_small = u;
  st->pk = K_NONE;
  st->last_pos += u;
  st->last_unit = u;
  st->prev = P_SMALL;
  return CT_OK;
}

static ct_status on_big(pstate *st, int e, bool cheng) {
  if (st->cheng)
    return CT_EINVAL; /* nothing multiplies 成 */
  if (st->prev == P_START || st->prev == P_ZERO || st->prev == P_SUFFIX)
    return CT_EINVAL; /* 万, 零万 */
  bool content = st->has_section || st->pk != K_NONE;
  if (!content) {
    /* a run of big units: 万亿, 亿亿 */
    if (st->ng == 0 || cheng)
      return CT_EINVAL;
    group *g = &st->g[st->ng - 1];
    if (!ival_shift(&g->v, e))
      return CT_ELIMIT;
    g->exp += e;
    if (g->exp > GROUP_MAX_EXP)
      return CT_ELIMIT;
    if (st->ng >= 2 && st->g[st->ng - 2].exp <= g->exp)
      return CT_EINVAL;
  } else {
    if (cheng && st->ng > 0)
      return CT_EINVAL;
    ival c;
    ct_status rc = close_section(st, &c);
    if (rc)
      return rc;
    /* 三万五千亿: the 万 group joins the 亿 group */
    int mx = 0;
    while (st->ng > 0 && st->g[st->ng - 1].exp < e) {
      group *g = &st->g[st->ng - 1];
      if (!ival_add(&c, &g->v))
        return CT_ELIMIT;
      if (g->exp > mx)
        mx = g->exp;
      st->ng--;
    }
    if (!ival_shift(&c, e))
      return CT_ELIMIT;
    int exp = e + mx;
    if (exp > GROUP_MAX_EXP)
      return CT_ELIMIT;
    if (st->ng > 0 && st->g[st->ng - 1].exp <= exp)
      return CT_EINVAL; /* 一万二万 */
    if (st->ng >= MAX_GROUPS)
      return CT_EINVAL;
    st->g[st->ng].v = c;
    st->g[st->ng].exp = exp;
    st->ng++;
  }
  ival_zero(&st->section);
  st->has_section = false;
  st->sec_small = 99;
  st->pk = K_NONE;
  st->last_pos += e;
  st->last_unit = e;
  st->prev = P_BIG;
  if (cheng)
    st->cheng = true;
  return CT_OK;
}

/* A run of Chinese digits starting at s[*i..). */
static ct_status on_cdigits(pstate *st, const char *s, size_t len, size_t *i) {
  int d[2] = {0, 0};
  int k = 0;
  uint64_t concat = 0;
  size_t p = *i;
  while (p < len) {
    uint32_t cp;
    size_t n = next_cp(s, len, p, &cp);
    int v;
    if (classify(cp, &v) != C_CDIGIT)
      break;
    if (k < 2)
      d[k] = v;
    if (k >= CT_MAX_DIGITS || st->ndigits + k >= CT_MAX_DIGITS)
      return CT_ELIMIT;
    if (k < 19)
      concat = concat * 10u + (uint64_t)v;
    k++;
    p += n;
  }
  *i = p;
  ct_status rc = count_digits(st, k);
  if (rc)
    return rc;
  prevk prev = st->prev;
  if (prev != P_START && prev != P_SMALL && prev != P_BIG && prev != P_ZERO)
    return CT_EINVAL; /* 4四, 多五 */
  if (st->cheng && !(k == 1 && d[0] != 0))
    return CT_EINVAL; /* 三成五 only */
  int after = (prev == P_SMALL || prev == P_BIG) ? st->last_unit : -1;
  if (k == 1 && d[0] == 0) {
    if (prev == P_SMALL || prev == P_BIG) {
      st->prev = P_ZERO; /* 一百零五, 一万零十二 */
      return CT_OK;
    }
    if (prev != P_START)
      return CT_EINVAL;
    ival_digits(&st->pend, 0, 0); /* 零, 零点五 */
    st->pk = K_CDIGIT;
    st->pend_after = -1;
  } else if (k == 1) {
    ival_digits(&st->pend, d[0], d[0]);
    st->pk = K_CDIGIT;
    st->pend_after = after;
  } else if (k == 2 && d[0] == 0 && d[1] != 0 &&
             (prev == P_SMALL || prev == P_BIG)) {
    ival_digits(&st->pend, d[1], d[1]); /* 零 placeholder, then a digit */
    st->pk = K_CDIGIT;
    st->pend_after = -1;
  } else if (k == 2 && d[0] != 0 &&
             (d[1] == d[0] + 1 || (d[0] == 3 && (d[1] == 5 || d[1] == 2)))) {
    /* approximate pairs: 一两, 两三, 三四 ... 八九, 三五, 三两: 三四十,
     * 五六万, 十五六, 七八成 */
    int lo = d[0] < d[1] ? d[0] : d[1], hi = d[0] < d[1] ? d[1] : d[0];
    ival_digits(&st->pend, lo, hi);
    st->pk = K_CDIGIT;
    st->pend_after = after;
    st->range = true;
  } else if (prev == P_START) {
    /* 二〇二五: digit by digit, at most 19 digits fit the accumulator */
    if (k > 19)
      return CT_ELIMIT;
    ival_zero(&st->pend);
    for (int pos = 0; concat > 0; pos++, concat /= 10u) {
      dec_set(&st->pend.lo, pos, (int)(concat % 10u));
      dec_set(&st->pend.hi, pos, (int)(concat % 10u));
    }
    st->pk = K_CONCAT;
    st->pend_after = -1;
  } else {
    return CT_EINVAL;
  }
  st->last_pos = 0;
  st->prev = P_NUM;
  return CT_OK;
}

/* 点 followed by Chinese digits: 三点五, 十二点五, 百分之三点五. */
static ct_status on_point(pstate *st, const char *s, size_t len, size_t *i) {
  if (st->has_point || st->range || st->cheng)
    return CT_EINVAL;
  if (st->prev == P_NUM) {
    if (st->pk != K_CDIGIT && st->pk != K_CONCAT)
      return CT_EINVAL;
    if (st->pk == K_CDIGIT && st->pend_after >= 2)
      return CT_EINVAL; /* 三万五点五 */
  } else if (st->prev != P_SMALL) {
    return CT_EINVAL; /* 点五, 万点五 */
  }
  ival ip;
  ct_status rc = close_section(st, &ip);
  if (rc)
    return rc;
  int k = 0;
  size_t p = *i;
  while (p < len) {
    uint32_t cp;
    size_t n = next_cp(s, len, p, &cp);
    int v;
    if (classify(cp, &v) != C_CDIGIT)
      break;
    if (st->ndigits + k >= CT_MAX_DIGITS)
      return CT_ELIMIT;
    k++;
    dec_set(&ip.lo, -k, v);
    dec_set(&ip.hi, -k, v);
    p += n;
  }
  if (k == 0)
    return CT_EINVAL;
  rc = count_digits(st, k);
  if (rc)
    return rc;
  *i = p;
  st->pend = ip;
  st->pk = K_DECIMAL;
  st->pend_after = -1;
  ival_zero(&st->section);
  st->has_section = false;
  st->sec_small = 99;
  st->has_point = true;
  st->frac_digits = k;
  st->last_pos = -k;
  st->prev = P_NUM;
  return CT_OK;
}

static ct_status parse_plain(const char *s, size_t len, plain *out) {
  pstate st;
  memset(&st, 0, sizeof st);
  ival_zero(&st.section);
  ival_zero(&st.pend);
  st.sec_small = 99;
  st.pend_after = -1;
  st.prev = P_START;
  size_t i = 0;
  ct_status rc = CT_OK;
  while (i < len) {
    uint32_t cp;
    size_t n = next_cp(s, len, i, &cp);
    int v;
    cls c = classify(cp, &v);
    if (st.prev == P_SUFFIX)
      return CT_EINVAL; /* nothing after % */
    if (st.prev == P_PREFIX && c != C_SMALL && c != C_BIG)
      return CT_EINVAL; /* 上 and 数 need a unit */
    switch (c) {
    case C_ADIGIT:
    case C_DOT:
      if (st.prev != P_START && st.prev != P_SMALL && st.prev != P_BIG &&
          st.prev != P_ZERO)
        return CT_EINVAL;
      rc = parse_arabic(&st, s, len, &i);
      if (rc)
        return rc;
      continue;
    case C_CDIGIT:
      rc = on_cdigits(&st, s, len, &i);
      if (rc)
        return rc;
      continue;
    case C_POINT:
      i += n;
      rc = on_point(&st, s, len, &i);
      if (rc)
        return rc;
      continue;
    case C_SMALL:
      rc = on_small(&st, v);
      break;
    case C_BIG:
      rc = on_big(&st, v, false);
      break;
    case C_CHENG:
      rc = on_big(&st, v, true);
      break;
    case C_MORE:
      if (st.more || (st.prev != P_NUM && !after_unit(&st)))
        return CT_EINVAL;
      st.more = true;
      st.prev = P_MORE;
      break;
    case C_JI:
      if (st.prev != P_START && !after_unit(&st) && st.prev != P_ZERO)
        return CT_EINVAL;
      if (st.cheng && st.prev != P_BIG)
        return CT_EINVAL;
      rc = count_digits(&st, 1);
      if (rc)
        return rc;
      if (st.prev == P_START)
        ival_digits(&st.pend, 2, 9); /* 几十: 20..90 */
      else
        ival_digits(&st.pend, 1, 9); /* 十几: 11..19 */
      st.pend_after = after_unit(&st) ? st.last_unit : -1;
      st.pk = K_CDIGIT;
      st.range = true;
      st.last_pos = 0;
      st.prev = P_NUM;
      break;
    case C_SHU:
    case C_SHANG:
      if (st.prev != P_START)
        return CT_EINVAL;
      if (c == C_SHU) {
        ival_digits(&st.pend, 2, 9); /* 数百万: 2e6..9e6 */
        st.range = true;
      } else {
        ival_digits(&st.pend, 1, 1); /* 上百: 100, more */
        st.more = true;
      }
      st.pk = K_PREFIX;
      st.last_pos = 0;
      st.prev = P_PREFIX;
      break;
    case C_BAN:
      if (!st.cheng || st.prev != P_BIG)
        return CT_EINVAL; /* 三成半 = 35% */
      ival_digits(&st.pend, 5, 5);
      st.pk = K_CDIGIT;
      st.pend_after = st.last_unit;
      st.last_pos = 0;
      st.prev = P_NUM;
      break;
    case C_PCT:
    case C_PERMILLE:
      if (st.cheng ||
          (st.prev != P_NUM && st.prev != P_MORE && !after_unit(&st)))
        return CT_EINVAL;
      if (c == C_PCT)
        st.pct = true;
      else
        st.permille = true;
      st.prev = P_SUFFIX;
      break;
    case C_SPACE: {
      /* "4400 万", "72 %": a space only before a unit or suffix */
      if (st.prev != P_NUM)
        return CT_EINVAL;
      size_t j = i + n;
      uint32_t cp2 = 0;
      while (j < len) {
        size_t n2 = next_cp(s, len, j, &cp2);
        int v2;
        if (classify(cp2, &v2) != C_SPACE)
          break;
        j += n2;
      }
      int v2;
      cls c2 = j < len ? classify(cp2, &v2) : C_OTHER;
      if (c2 != C_SMALL && c2 != C_BIG && c2 != C_PCT && c2 != C_PERMILLE &&
          c2 != C_MORE && c2 != C_CHENG)
        return CT_EINVAL;
      i = j;
      continue;
    }
    case C_COMMA:
    case C_OTHER:
    default:
      return CT_EINVAL;
    }
    if (rc)
      return rc;
    i += n;
  }
  if (st.prev == P_START || st.prev == P_PREFIX || st.prev == P_ZERO)
    return CT_EINVAL;
  /* 三万五 = 35000, 一千五 = 1500, 三成五 = 35: a last lone digit right
   * after a unit counts in the place below that unit. */
  if (st.pk == K_CDIGIT && st.pend_after >= 1) {
    if (!ival_shift(&st.pend, st.pend_after - 1))
      return CT_ELIMIT;
    st.last_pos += st.pend_after - 1;
  }
  ival total;
  rc = close_section(&st, &total);
  if (rc)
    return rc;
  for (int k = 0; k < st.ng; k++)
    if (!ival_add(&total, &st.g[k].v))
      return CT_ELIMIT;
  out->v = total;
  out->last_pos = st.last_pos;
  out->frac_digits = st.frac_digits;
  out->has_point = st.has_point;
  out->more = st.more;
  out->range = st.range;
  out->cheng = st.cheng;
  out->pct = st.pct;
  out->permille = st.permille;
  return CT_OK;
}

/* ---- the whole numeral ----------------------------------------------------
 */

static ct_status pow10_double(int e, double *out) {
  dec a;
  dec_zero(&a);
  if (e < DEC_MIN || e >= VALUE_MAX_EXP)
    return CT_ELIMIT;
  a.d[e - DEC_MIN] = 1;
  return dec_to_double(&a, out);
}

static const char k_fenzhi[] = "\xE5\x88\x86\xE4\xB9\x8B"; /* 分之 */

static size_t find_fenzhi(const char *s, size_t len) {
  for (size_t i = 0; i + 6 <= len; i++)
    if (memcmp(s + i, k_fenzhi, 6) == 0)
      return i;
  return len;
}

static ct_status fill_plain(const plain *p, ct_numval *out) {
  ct_status rc = dec_to_double(&p->v.lo, &out->low);
  if (rc)
    return rc;
  rc = dec_to_double(&p->v.hi, &out->high);
  if (rc)
    return rc;
  out->value = out->low;
  out->is_range = p->range;
  out->more = p->more;
  out->frac_digits = p->frac_digits;
  return pow10_double(p->last_pos, &out->step);
}

/* N分之M: 百分之七十二, 千分之三, 万分之五, 三分之一. */
static ct_status parse_fraction(const char *s, size_t len, size_t at,
                                ct_numval *out) {
  plain den, num;
  ct_status rc;
  static const char k_wan[] = "\xE4\xB8\x87", k_wan_t[] = "\xE8\x90\xAC";
  if (at == 3 && (memcmp(s, k_wan, 3) == 0 || memcmp(s, k_wan_t, 3) == 0)) {
    memset(&den, 0, sizeof den);
    ival_zero(&den.v);
    den.v.lo.d[4 - DEC_MIN] = 1; /* 万分之: a lone 万 is no numeral */
    den.v.hi = den.v.lo;
  } else {
    rc = parse_plain(s, at, &den);
    if (rc)
      return rc;
    if (den.range || den.more || den.has_point || den.cheng || den.pct ||
        den.permille || dec_is_zero(&den.v.lo))
      return CT_EINVAL;
  }
  rc = parse_plain(s + at + 6, len - at - 6, &num);
  if (rc)
    return rc;
  if (num.cheng || num.pct || num.permille)
    return CT_EINVAL;
  rc = fill_plain(&num, out);
  if (rc)
    return rc;
  out->unit = CT_NUMU_PERCENT;
  dec hundred, thousand, tenk;
  dec_zero(&hundred);
  dec_zero(&thousand);
  dec_zero(&tenk);
  hundred.d[2 - DEC_MIN] = 1;
  thousand.d[3 - DEC_MIN] = 1;
  tenk.d[4 - DEC_MIN] = 1;
  if (memcmp(&den.v.lo, &hundred, sizeof hundred) == 0)
    return CT_OK; /* 百分之七十二: 72 points */
  if (memcmp(&den.v.lo, &thousand, sizeof thousand) == 0) {
    out->unit = CT_NUMU_PERMILLE;
    return CT_OK;
  }
  if (memcmp(&den.v.lo, &tenk, sizeof tenk) == 0) {
    /* 万分之五 = 0.05%: shift the decimal digits, still exact */
    if (!ival_shift(&num.v, -2))
      return CT_ELIMIT;
    num.last_pos -= 2;
    return fill_plain(&num, out);
  }
  /* 三分之一 = 100/3 %: scale the numerator by 100 exactly in decimal, then
   * one correctly rounded division by the integer denominator. */
  double d;
  rc = dec_to_double(&den.v.lo, &d);
  if (rc)
    return rc;
  if (!ival_shift(&num.v, 2))
    return CT_ELIMIT;
  double lo, hi;
  rc = dec_to_double(&num.v.lo, &lo);
  if (rc)
    return rc;
  rc = dec_to_double(&num.v.hi, &hi);
  if (rc)
    return rc;
  out->low = lo / d;
  out->high = hi / d;
  out->value = out->low;
  out->step = 0.0; /* an exact ratio: no precision implied */
  return CT_OK;
}

/* 多 余 餘 (more than) at s[0..n): its length, else 0. */
static size_t more_at(const char *s, size_t n) {
  if (n >= 3 && (memcmp(s, "多", 3) == 0 || memcmp(s, "余", 3) == 0 ||
                 memcmp(s, "餘", 3) == 0))
    return 3;
  return 0;
}

/* The common cases straight to doubles: one Chinese digit (两, 四), or
 * ASCII digits with at most one decimal point (at most 15 digits, no
 * leading zero before another digit), then at most one of 万 亿 万亿 (萬
 * 億 萬億), with 多/余 right before or after it (100多, 500多亿, 2万多).
 * The value is M * 10^k for the digits M, one IEEE operation on exact
 * operands (k is within +-22), so it is the correctly rounded double that
 * the general parser also gives. False: not this shape, leave it to the
 * general parser. */
static bool parse_fast(const char *s, size_t len, ct_numval *out) {
  if (len == 3 && (unsigned char)s[0] >= 0x80) { /* one Chinese digit */
    uint32_t cp;
    int v;
    if (ct_utf8_decode((const unsigned char *)s, 3, &cp) != 3 ||
        classify(cp, &v) != C_CDIGIT)
      return false;
    out->value = out->low = out->high = v;
    out->step = 1;
    return true;
  }
  uint64_t m = 0;
  int nd = 0, nfrac = 0;
  bool point = false;
  size_t i = 0;
  for (; i < len; i++) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (++nd > 15 || (nd == 2 && m == 0 && !point))
        return false;
      m = m * 10u + (uint64_t)(c - '0');
      nfrac += point;
    } else if (c == '.' && !point && nd > 0) {
      point = true;
    } else {
      break;
    }
  }
  if (nd == 0 || (point && nfrac == 0))
    return false;
  size_t more1 = more_at(s + i, len - i); /* 500多亿 */
  i += more1;
  int e = 0;
  size_t ml = 0;
  const char *t = s + i;
  size_t rest = len - i;
  if (rest >= 6 && (memcmp(t, "万亿", 6) == 0 || memcmp(t, "萬億", 6) == 0))
    e = 12, ml = 6;
  else if (rest >= 3 && (memcmp(t, "万", 3) == 0 || memcmp(t, "萬", 3) == 0))
    e = 4, ml = 3;
  else if (rest >= 3 && (memcmp(t, "亿", 3) == 0 || memcmp(t, "億", 3) == 0))
    e = 8, ml = 3;
  i += ml;
  size_t more2 = ml ? more_at(s + i, len - i) : 0; /* 2万多 */
  if (more1 && more2)
    return false;
  i += more2;
  if (i != len)
    return false;
  int k = e - nfrac; /* within -15..12 */
  double dm = (double)m;
  out->value = out->low = out->high =
      k >= 0 ? dm * k_pow10[k] : dm / k_pow10[-k];
  out->step = k >= 0 ? k_pow10[k] : 1.0 / k_pow10[-k];
  out->frac_digits = nfrac;
  out->more = more1 || more2;
  return true;
}

static ct_status num_parse(const char *s, size_t len, ct_numval *out,
                           bool fast);

ct_status ct_num_parse(const char *s, size_t len, ct_numval *out) {
  return num_parse(s, len, out, true);
}

ct_status ct_num_parse_general(const char *s, size_t len, ct_numval *out) {
  return num_parse(s, len, out, false);
}

static ct_status num_parse(const char *s, size_t len, ct_numval *out,
                           bool fast) {
  if (!out)
    return CT_EINVAL;
  memset(out, 0, sizeof *out);
  if (!s || len == 0)
    return CT_EINVAL;
  /* a leading sign: -3.5, −3.5, 负3.5, +2 */
  bool neg = false;
  if (s[0] == '-' || s[0] == '+') {
    neg = s[0] == '-';
    s++;
    len--;
  } else if (len >= 3 && (memcmp(s, "\xE2\x88\x92", 3) == 0 ||
                          memcmp(s, "\xE8\xB4\x9F", 3) == 0 ||
                          memcmp(s, "\xE8\xB2\xA0", 3) == 0)) {
    neg = true; /* U+2212, 负, 負 */
    s += 3;
    len -= 3;
  } else if (len >= 6 && memcmp(s, "零下", 6) == 0) {
    neg = true; /* 零下5度: five below zero */
    s += 6;
    len -= 6;
  }
  if (len == 0)
    return CT_EINVAL;
  ct_status rc;
  if (fast && parse_fast(s, len, out)) {
    /* done */
  } else if (len == 6 && memcmp(s, "\xE4\xB8\x80\xE5\x8D\x8A", 6) == 0) {
    out->value = out->low = out->high = 50.0; /* 一半 */
    out->unit = CT_NUMU_PERCENT;
  } else {
    size_t at = find_fenzhi(s, len);
    if (at < len) {
      rc = parse_fraction(s, len, at, out);
    } else {
      plain p;
      rc = parse_plain(s, len, &p);
      if (rc == CT_OK)
        rc = fill_plain(&p, out);
      if (rc == CT_OK) {
        if (p.pct || p.cheng)
          out->unit = CT_NUMU_PERCENT;
        else if (p.permille)
          out->unit = CT_NUMU_PERMILLE;
      }
    }
    if (rc) {
      memset(out, 0, sizeof *out);
      return rc;
    }
  }
  if (!out->is_range)
    out->low = out->high = out->value;
  if (neg) {
    double lo = out->low;
    out->value = -out->value;
    out->low = -out->high;
    out->high = -lo;
    if (out->is_range)
      out->value = out->low;
  }
  return CT_OK;
}
