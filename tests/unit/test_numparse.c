/* SPDX-License-Identifier: MIT */
/* Unit tests for the numeral parser (rules/numparse.c): table-driven cases
 * for every form, exactness, ranges, bounds, step, overflow and rejects,
 * plus generated round trips against an independent Chinese writer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/numparse.h"

/* Field "don't check" markers. */
#define NOCHK (-12345.0)
#define NOFRAC (-1)

typedef struct tcase {
  const char *s;
  ct_status rc;
  double value; /* when rc == CT_OK and !range */
  double low, high;
  bool range, more;
  ct_numunit unit;
  double step; /* NOCHK: not checked */
  int frac;    /* NOFRAC: not checked */
} tcase;

#define OK(s, v, st)                                                           \
  { s, CT_OK, v, 0, 0, false, false, CT_NUMU_NONE, st, NOFRAC }
#define OKF(s, v, st, f)                                                       \
  { s, CT_OK, v, 0, 0, false, false, CT_NUMU_NONE, st, f }
#define MORE(s, v, st)                                                         \
  { s, CT_OK, v, 0, 0, false, true, CT_NUMU_NONE, st, NOFRAC }
#define PCT(s, v, st)                                                          \
  { s, CT_OK, v, 0, 0, false, false, CT_NUMU_PERCENT, st, NOFRAC }
#define PCTF(s, v, st, f)                                                      \
  { s, CT_OK, v, 0, 0, false, false, CT_NUMU_PERCENT, st, f }
#define PCTMORE(s, v, st)                                                      \
  { s, CT_OK, v, 0, 0, false, true, CT_NUMU_PERCENT, st, NOFRAC }
#define PML(s, v, st)                                                          \
  { s, CT_OK, v, 0, 0, false, false, CT_NUMU_PERMILLE, st, NOFRAC }
#define RANGE(s, lo, hi, st)                                                   \
  { s, CT_OK, 0, lo, hi, true, false, CT_NUMU_NONE, st, NOFRAC }
#define PRANGE(s, lo, hi, st)                                                  \
  { s, CT_OK, 0, lo, hi, true, false, CT_NUMU_PERCENT, st, NOFRAC }
#define ERR(s, rc)                                                             \
  { s, rc, 0, 0, 0, false, false, CT_NUMU_NONE, NOCHK, NOFRAC }

static const tcase k_cases[] = {
    /* ---- Arabic ---- */
    OK("0", 0.0, 1.0),
    OK("7", 7.0, 1.0),
    OK("72", 72.0, 1.0),
    OK("2025", 2025.0, 1.0),
    OK("007", 7.0, 1.0),
    OK("1,100", 1100.0, 1.0),
    OK("12,345", 12345.0, 1.0),
    OK("1,234,567", 1234567.0, 1.0),
    OKF("12,345.6", 12345.6, 0.1, 1),
    OKF("0.84", 0.84, 0.01, 2),
    OKF("3.5", 3.5, 0.1, 1),
    OKF("0.1", 0.1, 0.1, 1),
    OKF("0.3", 0.3, 0.1, 1),
    OKF("0.7", 0.7, 0.1, 1),
    OKF("1.10", 1.1, 0.01, 2),
    OKF("99.99", 99.99, 0.01, 2),
    OKF("123.456", 123.456, 0.001, 3),
    OKF(".5", 0.5, 0.1, 1),
    OKF("0.000001", 0.000001, 0.000001, 6),
    OK("9007199254740993", 9007199254740992.0, 1.0), /* 2^53+1 rounds */
    OK("123456789012345678", 123456789012345678.0, 1.0),
    OK("\xEF\xBC\x97\xEF\xBC\x92", 72.0, 1.0), /* full-width ７２ */
    OKF("3\xEF\xBC\x8E"
        "5",
        3.5, 0.1, 1), /* 3．5 */
    /* ---- Arabic with multipliers ---- */
    OK("4400万", 44000000.0, 10000.0),
    OK("1,100万", 11000000.0, 10000.0),
    OKF("16.4亿", 1640000000.0, 1e7, 1),
    OKF("1.25兆", 1250000000000.0, 1e10, 2),
    OKF("2.5万亿", 2500000000000.0, 1e11, 1),
    OK("3万亿", 3e12, 1e12),
    OK("40亿", 4e9, 1e8),
    OKF("0.5万", 5000.0, 1000.0, 1),
    OKF("1.5千万", 15000000.0, 1e6, 1),
    OK("5百万", 5000000.0, 1e6),
    OK("3千", 3000.0, 1000.0),
    OK("2百", 200.0, 100.0),
    OK("3十", 30.0, 10.0),
    OKF("12.34万", 123400.0, 100.0, 2),
    OKF("0.01亿", 1000000.0, 1000000.0, 2),
    OKF("1.2345亿", 123450000.0, 10000.0, 4),
    OKF("3.14159万亿", 3141590000000.0, 1e7, 5),
    OKF("18.33万亿", 18330000000000.0, 1e10, 2),
    OKF("126.06万亿", 126060000000000.0, 1e10, 2),
    OK("100万亿", 1e14, 1e12),
    OK("5亿亿", 5e16, 1e16),
    OK("百亿亿", 1e18, 1e18),
    OK("4400 万", 44000000.0, 10000.0),
    OK("3萬", 30000.0, 10000.0),
    OK("3億", 3e8, 1e8),
    /* ---- mixed ---- */
    OK("3万4000", 34000.0, 1.0),
    OK("25万6千", 256000.0, 1000.0),
    OK("1亿2000万", 120000000.0, 10000.0),
    OK("3亿5千万", 350000000.0, 1e7),
    OK("2万零50", 20050.0, 1.0),
    OK("1千500", 1500.0, 1.0),
    OK("三万4000", 34000.0, 1.0),
    OK("2千万", 20000000.0, 1e7),
    /* a small unit right after a big one multiplies it: {NUM} may stop
     * at 4400万千 before 瓦 (kW x 0.001) */
    OK("4400万千", 44000000000.0, 1e7),
    OK("1亿千", 1e11, 1e11),
    OK("3万百", 3e6, 1e6),
    MORE("500多亿千", 5e13, 1e11),
    OK("一万千", 1e7, 1e7),
    /* ---- Chinese numerals ---- */
    OK("零", 0.0, 1.0),
    OK("一", 1.0, 1.0),
    OK("二", 2.0, 1.0),
    OK("两", 2.0, 1.0),
    OK("兩", 2.0, 1.0),
    OK("九", 9.0, 1.0),
    OK("十", 10.0, 10.0),
    OK("十二", 12.0, 1.0),
    OK("二十", 20.0, 10.0),
    OK("二十五", 25.0, 1.0),
    OK("一十五", 15.0, 1.0),
    OK("九十九", 99.0, 1.0),
    OK("百", 100.0, 100.0),
    OK("一百", 100.0, 100.0),
    OK("两百", 200.0, 100.0),
    OK("一百零五", 105.0, 1.0),
    OK("一百一十", 110.0, 10.0),
    OK("一百一", 110.0, 10.0),
    OK("两百五", 250.0, 10.0),
    OK("三百二十一", 321.0, 1.0),
    OK("一千", 1000.0, 1000.0),
    OK("一千五", 1500.0, 100.0),
    OK("一千零一", 1001.0, 1.0),
    OK("一千零一十", 1010.0, 10.0),
    OK("一千零五十", 1050.0, 10.0),
    OK("一千二百三十四", 1234.0, 1.0),
    OK("四千四百万", 44000000.0, 1e6),
    OK("一万", 10000.0, 10000.0),
    OK("一万零十二", 10012.0, 1.0),
    OK("一万零一十二", 10012.0, 1.0),
    OK("一万零五", 10005.0, 1.0),
    OK("三万五", 35000.0, 1000.0),
    OK("三万五千", 35000.0, 1000.0),
    OK("十万", 100000.0, 100000.0),
    OK("十万八千", 108000.0, 1000.0),
    OK("十万八", 108000.0, 1000.0),
    OK("一百万", 1000000.0, 1000000.0),
    OK("百万", 1000000.0, 1000000.0),
    OK("千万", 10000000.0, 10000000.0),
    OK("一千万", 10000000.0, 10000000.0),
    OK("一亿", 1e8, 1e8),
    OK("一亿五", 150000000.0, 1e7),
    OK("一亿零五", 100000005.0, 1.0),
    OK("一亿二千万", 120000000.0, 1e7),
    OK("二十亿零三百万", 2003000000.0, 1e6),
    OK("一万亿", 1e12, 1e12),
    OK("三万五千亿", 3.5e12, 1e11),
    OK("十二万三千四百五十六", 123456.0, 1.0),
    OK("九千九百九十九万九千九百九十九", 99999999.0, 1.0),
    OK("一兆", 1e12, 1e12),
    OK("二〇二五", 2025.0, 1.0),
    OK("二零二五", 2025.0, 1.0),
    OK("二○二五", 2025.0, 1.0), /* U+25CB white circle */
    OK("一九九八", 1998.0, 1.0),
    OK("二〇", 20.0, 1.0),
    OK("五〇〇", 500.0, 1.0),
    OK("二〇〇八", 2008.0, 1.0),
    OK("一九四九", 1949.0, 1.0),
    OK("二〇二六", 2026.0, 1.0),
    OK("三千万", 30000000.0, 1e7),
    OK("四万亿", 4e12, 1e12),
    OK("六十亿", 6e9, 1e9),
    OK("七百八十九", 789.0, 1.0),
    OK("五万零三百", 50300.0, 100.0),
    OK("一千零二十四", 1024.0, 1.0),
    OK("十万零一", 100001.0, 1.0),
    OK("一百万零一百", 1000100.0, 100.0),
    OK("九亿九千九百九十九万", 999990000.0, 10000.0),
    OK("十四亿", 1.4e9, 1e8),
    OK("十四亿一千万", 1.41e9, 1e7),
    OK("两千", 2000.0, 1000.0),
    OK("两万", 20000.0, 10000.0),
    OK("两亿", 2e8, 1e8),
    OK("二百", 200.0, 100.0),
    OK("一万一", 11000.0, 1000.0),
    OK("三千五", 3500.0, 100.0),
    OK("五百五", 550.0, 10.0),
    OK("\xEF\xBC\x94\xEF\xBC\x94\xEF\xBC\x90\xEF\xBC\x90万", 44000000.0,
       10000.0), /* ４４００万 */
    /* financial and traditional */
    OK("壹", 1.0, 1.0),
    OK("贰", 2.0, 1.0),
    OK("貳", 2.0, 1.0),
    OK("叁", 3.0, 1.0),
    OK("肆", 4.0, 1.0),
    OK("伍", 5.0, 1.0),
    OK("陆", 6.0, 1.0),
    OK("陸", 6.0, 1.0),
    OK("柒", 7.0, 1.0),
    OK("捌", 8.0, 1.0),
    OK("玖", 9.0, 1.0),
    OK("拾", 10.0, 10.0),
    OK("壹拾", 10.0, 10.0),
    OK("壹佰", 100.0, 100.0),
    OK("壹仟", 1000.0, 1000.0),
    OK("壹萬", 10000.0, 10000.0),
    OK("壹億", 1e8, 1e8),
    OK("壹仟贰佰叁拾肆", 1234.0, 1.0),
    OK("伍萬陸仟柒佰捌拾玖", 56789.0, 1.0),
    OK("玖億捌仟萬", 980000000.0, 1e7),
    OK("兩萬", 20000.0, 10000.0),
    OK("四千四百萬", 44000000.0, 1e6),
    OK("肆仟肆佰萬", 44000000.0, 1e6),
    OK("貳拾億", 2e9, 1e9),
    OK("兩萬五千", 25000.0, 1000.0),
    OK("參拾", 30.0, 10.0),
    OK("叄佰", 300.0, 100.0),
    OK("玖仟玖佰玖拾玖", 9999.0, 1.0),
    OK("壹萬零壹", 10001.0, 1.0),
    OK("壹億貳仟萬", 120000000.0, 1e7),
    ERR("伍拾萬元", CT_EINVAL), /* the unit is not the numeral's */
    /* Chinese decimals */
    OKF("三点五", 3.5, 0.1, 1),
    OKF("零点五", 0.5, 0.1, 1),
    OKF("十二点五", 12.5, 0.1, 1),
    OKF("十点五", 10.5, 0.1, 1),
    OKF("三点一四", 3.14, 0.01, 2),
    OKF("三点零五", 3.05, 0.01, 2),
    OKF("一点二五亿", 125000000.0, 1e6, 2),
    OKF("十二点五万", 125000.0, 1000.0, 1),
    OKF("三點五", 3.5, 0.1, 1),
    OKF("二〇二五点五", 2025.5, 0.1, 1),
    /* ---- percent and permille suffixes ---- */
    PCT("72%", 72.0, 1.0),
    PCTF("3.5%", 3.5, 0.1, 1),
    PCTF("0.84%", 0.84, 0.01, 2),
    PCT("100%", 100.0, 1.0),
    PCT("72\xEF\xBC\x85", 72.0, 1.0), /* ７２％ */
    PCT("72 %", 72.0, 1.0),
    PCT("七十二%", 72.0, 1.0),
    PML("72‰", 72.0, 1.0),
    PML("3.5‰", 3.5, 0.1),
    ERR("30%多", CT_EINVAL),
    /* ---- fractions and shares ---- */
    PCT("百分之七十二", 72.0, 1.0),
    PCT("百分之五", 5.0, 1.0),
    PCT("百分之百", 100.0, 100.0),
    PCT("百分之一百", 100.0, 100.0),
    PCT("百分之一百二十", 120.0, 10.0),
    PCTF("百分之三点五", 3.5, 0.1, 1),
    PCTF("百分之零点五", 0.5, 0.1, 1),
    PCT("百分之72", 72.0, 1.0),
    PCTF("百分之3.5", 3.5, 0.1, 1),
    PML("千分之三", 3.0, 1.0),
    PML("千分之十五", 15.0, 1.0),
    PCTF("万分之五", 0.05, 0.01, NOFRAC),
    PCT("萬分之五", 0.05, 0.01),
    PCT("三分之一", 100.0 / 3.0, 0.0),
    PCT("三分之二", 200.0 / 3.0, 0.0),
    PCT("四分之一", 25.0, 0.0),
    PCT("四分之三", 75.0, 0.0),
    PCT("二分之一", 50.0, 0.0),
    PCT("五分之一", 20.0, 0.0),
    PCT("十分之一", 10.0, 0.0),
    PCT("十分之三", 30.0, 0.0),
    PCT("八分之一", 12.5, 0.0),
    PCT("六分之一", 100.0 / 6.0, 0.0),
    PCT("一半", 50.0, 0.0),
    PCT("两成", 20.0, 10.0),
    PCT("兩成", 20.0, 10.0),
    PCT("一成", 10.0, 10.0),
    PCT("七成", 70.0, 10.0),
    PCT("十成", 100.0, 100.0),
    PCT("三成五", 35.0, 1.0),
    PCT("三成半", 35.0, 1.0),
    PCT("7成", 70.0, 10.0),
    PCTMORE("六成多", 60.0, 10.0),
    ERR("八成以", CT_EINVAL),
    PRANGE("七八成", 70.0, 80.0, 10.0),
    PRANGE("几成", 20.0, 90.0, 10.0),
    PRANGE("百分之几", 2.0, 9.0, 1.0),
    PRANGE("百分之十几", 11.0, 19.0, 1.0),
    PRANGE("百分之五六十", 50.0, 60.0, 10.0),
    PRANGE("百分之二三十", 20.0, 30.0, 10.0),
    PCTMORE("百分之五十多", 50.0, 10.0),
    PCTF("百分之七十二点五", 72.5, 0.1, 1),
    PCT("百分之一", 1.0, 1.0),
    PCT("百分之十", 10.0, 10.0),
    PCT("百分之0.5", 0.5, 0.1),
    PML("千分之0.5", 0.5, 0.1),
    PCT("万分之一点五", 0.015, 0.001),
    PCT("负百分之五", -5.0, 1.0),
    PCT("-3.5%", -3.5, 0.1),
    PCT("百分之二百", 200.0, 100.0),
    PCT("一百分之一", 1.0, 1.0),
    PCT("五分之二", 40.0, 0.0),
    PCT("二十分之一", 5.0, 0.0),
    PML("1000分之3", 3.0, 1.0),
    /* ---- approximate counts ---- */
    RANGE("十几", 11.0, 19.0, 1.0),
    RANGE("二十几", 21.0, 29.0, 1.0),
    RANGE("几十", 20.0, 90.0, 10.0),
    RANGE("几百", 200.0, 900.0, 100.0),
    RANGE("几千", 2000.0, 9000.0, 1000.0),
    RANGE("几万", 20000.0, 90000.0, 10000.0),
    RANGE("十几万", 110000.0, 190000.0, 10000.0),
    RANGE("几十万", 200000.0, 900000.0, 100000.0),
    RANGE("几百万", 2e6, 9e6, 1e6),
    RANGE("几千万", 2e7, 9e7, 1e7),
    RANGE("几十亿", 2e9, 9e9, 1e9),
    RANGE("一百几十", 110.0, 190.0, 10.0),
    RANGE("数十", 20.0, 90.0, 10.0),
    RANGE("数百", 200.0, 900.0, 100.0),
    RANGE("数千", 2000.0, 9000.0, 1000.0),
    RANGE("数万", 20000.0, 90000.0, 10000.0),
    RANGE("数百万", 2e6, 9e6, 1e6),
    RANGE("数千万", 2e7, 9e7, 1e7),
    RANGE("数十亿", 2e9, 9e9, 1e9),
    RANGE("數百萬", 2e6, 9e6, 1e6),
    RANGE("几", 2.0, 9.0, 1.0),
    RANGE("三四十", 30.0, 40.0, 10.0),
    RANGE("五六万", 50000.0, 60000.0, 10000.0),
    RANGE("两三百", 200.0, 300.0, 100.0),
    RANGE("十五六", 15.0, 16.0, 1.0),
    RANGE("十五六万", 150000.0, 160000.0, 10000.0),
    RANGE("三五", 3.0, 5.0, 1.0),
    RANGE("三两", 2.0, 3.0, 1.0),
    RANGE("一两", 1.0, 2.0, 1.0),
    RANGE("八九", 8.0, 9.0, 1.0),
    RANGE("二三十万", 200000.0, 300000.0, 100000.0),
    RANGE("十二三", 12.0, 13.0, 1.0),
    RANGE("数十万", 200000.0, 900000.0, 100000.0),
    RANGE("一二十", 10.0, 20.0, 10.0),
    /* other two-digit runs are read digit by digit, as in years */
    OK("二五", 25.0, 1.0),
    OK("一九", 19.0, 1.0),
    OK("九八", 98.0, 1.0),
    ERR("一百二五", CT_EINVAL),
    ERR("一百零五六", CT_EINVAL),
    RANGE("七八千", 7000.0, 8000.0, 1000.0),
    /* ---- "more than" ---- */
    MORE("上百", 100.0, 100.0),
    MORE("上千", 1000.0, 1000.0),
    MORE("上万", 10000.0, 10000.0),
    MORE("上亿", 1e8, 1e8),
    MORE("上百万", 1e6, 1e6),
    MORE("500多亿", 5e10, 1e8),
    MORE("500余亿", 5e10, 1e8),
    MORE("二百三十余万", 2300000.0, 100000.0),
    MORE("10余", 10.0, 1.0),
    MORE("十多", 10.0, 10.0),
    MORE("十余", 10.0, 10.0),
    MORE("一百多", 100.0, 100.0),
    MORE("十多万", 100000.0, 100000.0),
    MORE("3万多", 30000.0, 10000.0),
    MORE("1000多万", 1e7, 10000.0),
    MORE("一千多万", 1e7, 1e7),
    MORE("两千多", 2000.0, 1000.0),
    MORE("20多", 20.0, 1.0),
    MORE("2.3万多", 23000.0, 1000.0),
    MORE("十餘萬", 100000.0, 100000.0),
    MORE("一万多亿", 1e12, 1e12),
    /* ---- signs ---- */
    OKF("-3.5", -3.5, 0.1, 1),
    OK("+2", 2.0, 1.0),
    OKF("负0.5", -0.5, 0.1, 1),
    OK("零下5", -5.0, 1.0),
    OK("零下十二", -12.0, 1.0),
    OKF("\xE2\x88\x92"
        "1.2",
        -1.2, 0.1, 1), /* U+2212 minus */
    /* ---- rejects ---- */
    ERR("", CT_EINVAL),
    ERR("万", CT_EINVAL),
    ERR("亿", CT_EINVAL),
    ERR("万亿", CT_EINVAL),
    ERR("亿万", CT_EINVAL),
    ERR("兆", CT_EINVAL),
    ERR("7G", CT_EINVAL),
    ERR("G7", CT_EINVAL),
    ERR("5G", CT_EINVAL),
    ERR("F-35", CT_EINVAL),
    ERR("一方面", CT_EINVAL),
    ERR("一个", CT_EINVAL),
    /* a name like 十四五 (the plan) is the caller's to exclude: as a
     * numeral it reads 14 or 15 */
    RANGE("十四五", 14.0, 15.0, 1.0),
    ERR("第一", CT_EINVAL),
    ERR("abc", CT_EINVAL),
    ERR("3.", CT_EINVAL),
    ERR(".", CT_EINVAL),
    ERR("1.2.3", CT_EINVAL),
    ERR("1,10", CT_EINVAL),
    ERR("1,1000", CT_EINVAL),
    ERR("1234,567", CT_EINVAL),
    ERR(",100", CT_EINVAL),
    ERR("1,", CT_EINVAL),
    ERR("3.5.", CT_EINVAL),
    ERR(" 72", CT_EINVAL),
    ERR("72 ", CT_EINVAL),
    ERR("7 2", CT_EINVAL),
    ERR("%", CT_EINVAL),
    ERR("72%%", CT_EINVAL),
    ERR("72%万", CT_EINVAL),
    ERR("十百", CT_EINVAL),
    ERR("百十千", CT_EINVAL),
    ERR("一百一千", CT_EINVAL),
    ERR("一万二万", CT_EINVAL),
    ERR("一亿二千万亿", CT_EINVAL),
    ERR("3万40000", CT_EINVAL),
    ERR("1千2000", CT_EINVAL),
    ERR("4四", CT_EINVAL),
    ERR("四4", CT_EINVAL),
    ERR("点五", CT_EINVAL),
    ERR("三点", CT_EINVAL),
    ERR("三点五点六", CT_EINVAL),
    ERR("一百零", CT_EINVAL),
    OK("零零", 0.0, 1.0),
    ERR("多", CT_EINVAL),
    ERR("多万", CT_EINVAL),
    ERR("十多多", CT_EINVAL),
    ERR("十多百", CT_EINVAL),
    ERR("数", CT_EINVAL),
    ERR("数个", CT_EINVAL),
    ERR("上", CT_EINVAL),
    ERR("上面", CT_EINVAL),
    ERR("成", CT_EINVAL),
    ERR("三成万", CT_EINVAL),
    ERR("三成十", CT_EINVAL),
    ERR("一亿二万万", CT_EINVAL),
    ERR("一亿二万千万", CT_EINVAL),
    ERR("1万亿亿千", CT_ELIMIT),
    ERR("三成五五", CT_EINVAL),
    ERR("三成%", CT_EINVAL),
    ERR("半", CT_EINVAL),
    ERR("分之", CT_EINVAL),
    ERR("百分之", CT_EINVAL),
    ERR("分之五", CT_EINVAL),
    ERR("零分之一", CT_EINVAL),
    ERR("百分之五%", CT_EINVAL),
    ERR("几分之一", CT_EINVAL),
    ERR("-", CT_EINVAL),
    ERR("负", CT_EINVAL),
    ERR("--3", CT_EINVAL),
    ERR("\xFF\xFE", CT_EINVAL),
    ERR("1\xE4", CT_EINVAL),
    /* ---- limits ---- */
    ERR("9999万亿亿", CT_ELIMIT),
    ERR("1万亿亿", CT_ELIMIT),
    ERR("1兆亿", CT_ELIMIT),
    ERR("1亿亿亿", CT_ELIMIT),
    ERR("1000000000000000000000000000000", CT_ELIMIT), /* 1e30 */
    OK("100000000000000000000000000000", 1e29, 1.0),
    ERR("10000000000000000亿亿", CT_ELIMIT),
    ERR("12345678901234567890123456789012345678901", CT_ELIMIT),
};

static int check_case(const tcase *c) {
  ct_numval v;
  memset(&v, 0xAB, sizeof v);
  ct_status rc = ct_num_parse(c->s, strlen(c->s), &v);
  ct_status want = c->rc;
  if (rc != want) {
    print_message("FAIL %s: status %d, want %d (value %.17g)\n", c->s, rc, want,
                  v.value);
    return 1;
  }
  if (rc != CT_OK)
    return 0;
  int bad = 0;
  if (c->range) {
    if (!v.is_range || v.low != c->low || v.high != c->high)
      bad = 1;
  } else {
    if (v.is_range || v.value != c->value || v.low != v.value ||
        v.high != v.value)
      bad = 1;
  }
  if (v.more != c->more || v.unit != c->unit)
    bad = 1;
  if (c->step != NOCHK && v.step != c->step)
    bad = 1;
  if (c->frac != NOFRAC && v.frac_digits != c->frac)
    bad = 1;
  if (!isfinite(v.value) || !isfinite(v.low) || !isfinite(v.high) ||
      v.low > v.high)
    bad = 1;
  if (bad)
    print_message("FAIL %s: value %.17g low %.17g high %.17g range %d more %d "
                  "unit %d step %.17g frac %d\n",
                  c->s, v.value, v.low, v.high, v.is_range, v.more, v.unit,
                  v.step, v.frac_digits);
  return bad;
}

static void test_table(void **state) {
  (void)state;
  int fails = 0;
  size_t n = sizeof k_cases / sizeof *k_cases;
  for (size_t i = 0; i < n; i++)
    fails += check_case(&k_cases[i]);
  print_message("%zu table cases, %d failed\n", n, fails);
  assert_int_equal(fails, 0);
}

/* ---- an independent writer of standard Chinese numerals ---- */

static const char *const k_zh_digit[] = {"零", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};
static const char *const k_zh_small[] = {"", "十", "百", "千"};
static const char *const k_zh_big[] = {"", "万", "亿", "万亿"};

static void zh_section(unsigned sec, char *out) {
  unsigned d[4] = {sec / 1000, sec / 100 % 10, sec / 10 % 10, sec % 10};
  bool started = false, zero = false;
  for (int k = 0; k < 4; k++) {
    if (d[k] == 0) {
      if (started)
        zero = true;
      continue;
    }
    if (zero)
      strcat(out, "零");
    strcat(out, k_zh_digit[d[k]]);
    strcat(out, k_zh_small[3 - k]);
    started = true;
    zero = false;
  }
}

static void zh_write(uint64_t n, char *out) {
  out[0] = '\0';
  if (n == 0) {
    strcat(out, "零");
    return;
  }
  unsigned sec[4];
  for (int k = 0; k < 4; k++) {
    sec[k] = (unsigned)(n % 10000u);
    n /= 10000u;
  }
  bool started = false, zero = false;
  for (int k = 3; k >= 0; k--) {
    if (sec[k] == 0) {
      if (started)
        zero = true;
      continue;
    }
    if (started && (zero || sec[k] < 1000))
      strcat(out, "零");
    zh_section(sec[k], out);
    strcat(out, k_zh_big[k]);
    started = true;
    zero = false;
  }
  if (strncmp(out, "一十", strlen("一十")) == 0)
    memmove(out, out + strlen("一"), strlen(out) - strlen("一") + 1);
}

/* 一 -> 壹 etc.: the financial forms must give the same value. */
static void to_financial(const char *in, char *out) {
  static const char *const from[] = {"一", "二", "三", "四", "五", "六", "七",
                                     "八", "九", "十", "百", "千", "万", "亿"};
  static const char *const to[] = {"壹", "贰", "叁", "肆", "伍", "陆", "柒",
                                   "捌", "玖", "拾", "佰", "仟", "萬", "億"};
  out[0] = '\0';
  while (*in) {
    size_t k;
    for (k = 0; k < sizeof from / sizeof *from; k++) {
      size_t fl = strlen(from[k]);
      if (strncmp(in, from[k], fl) == 0) {
        strcat(out, to[k]);
        in += fl;
        break;
      }
    }
    if (k == sizeof from / sizeof *from) {
      size_t l = strlen(out);
      out[l] = *in++;
      out[l + 1] = '\0';
    }
  }
}

static int check_int(const char *s, uint64_t n) {
  ct_numval v;
  ct_status rc = ct_num_parse(s, strlen(s), &v);
  if (rc != CT_OK || v.value != (double)n || v.is_range || v.more) {
    print_message("FAIL %s: rc %d value %.17g want %llu\n", s, rc, v.value,
                  (unsigned long long)n);
    return 1;
  }
  return 0;
}

static void test_chinese_roundtrip(void **state) {
  (void)state;
  char zh[512], fin[512];
  int fails = 0, count = 0;
  for (uint64_t n = 0; n <= 120000 && fails < 20; n++) {
    zh_write(n, zh);
    fails += check_int(zh, n);
    count++;
    if (n % 7 == 0) {
      to_financial(zh, fin);
      fails += check_int(fin, n);
      count++;
    }
  }
  /* large values: a multiplicative walk through every magnitude */
  uint64_t x = 1;
  for (int i = 0; i < 20000 && fails < 20; i++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t n = (x >> 11) % 10000000000000000ull; /* < 1e16 */
    n /= (uint64_t)1 << (i % 50 / 3);
    zh_write(n, zh);
    fails += check_int(zh, n);
    count++;
  }
  print_message("%d generated Chinese numerals, %d failed\n", count, fails);
  assert_int_equal(fails, 0);
}

static void test_arabic_roundtrip(void **state) {
  (void)state;
  char buf[64];
  int fails = 0;
  /* thousands separators */
  uint64_t x = 7;
  for (int i = 0; i < 20000 && fails < 20; i++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t n = (x >> 12) % 1000000000000000ull;
    n >>= i % 45;
    char plain[32];
    snprintf(plain, sizeof plain, "%llu", (unsigned long long)n);
    size_t l = strlen(plain), o = 0;
    for (size_t k = 0; k < l; k++) {
      if (k > 0 && (l - k) % 3 == 0)
        buf[o++] = ',';
      buf[o++] = plain[k];
    }
    buf[o] = '\0';
    fails += check_int(plain, n);
    fails += check_int(buf, n);
  }
  /* decimals: the double nearest to the written decimal (strtod in the C
   * locale is a correctly rounded reference) */
  for (int i = 0; i < 100000 && fails < 20; i++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    unsigned ip = (unsigned)((x >> 20) % 100000u) >> (i % 17);
    unsigned fp = (unsigned)((x >> 40) % 10000u);
    int fd = 1 + i % 4;
    static const unsigned mod[] = {1, 10, 100, 1000, 10000};
    snprintf(buf, sizeof buf, "%u.%0*u", ip, fd, fp % mod[fd]);
    ct_numval v;
    ct_status rc = ct_num_parse(buf, strlen(buf), &v);
    double want = strtod(buf, NULL);
    if (rc != CT_OK || v.value != want || v.frac_digits != fd) {
      print_message("FAIL %s: %.17g want %.17g\n", buf, v.value, want);
      fails++;
    }
  }
  assert_int_equal(fails, 0);
}

/* Mixed Arabic and multiplier forms: a亿b万c, a万c, a千 against the
 * integer they name. */
static void test_mixed_roundtrip(void **state) {
  (void)state;
  char buf[96];
  int fails = 0, count = 0;
  uint64_t x = 99;
  for (int i = 0; i < 50000 && fails < 20; i++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    unsigned a = (unsigned)(x >> 20) % 10000u, b = (unsigned)(x >> 34) % 10000u,
             c = (unsigned)(x >> 48) % 10000u;
    if (a == 0)
      a = 1;
    snprintf(buf, sizeof buf, "%u亿%u万%u", a, b ? b : 1, c);
    fails += check_int(buf, (uint64_t)a * 100000000u +
                                (uint64_t)(b ? b : 1) * 10000u + c);
    snprintf(buf, sizeof buf, "%u万%u", a, c);
    fails += check_int(buf, (uint64_t)a * 10000u + c);
    snprintf(buf, sizeof buf, "%u万亿", a);
    fails += check_int(buf, (uint64_t)a * 1000000000000u);
    snprintf(buf, sizeof buf, "%u千", a);
    fails += check_int(buf, (uint64_t)a * 1000u);
    count += 4;
  }
  print_message("%d mixed forms, %d failed\n", count, fails);
  assert_int_equal(fails, 0);
}

/* 16.4亿 == 1640000000 exactly, and friends: a.b * 10^k for every k. */
static void test_exact_scaling(void **state) {
  (void)state;
  static const struct {
    const char *mult;
    int exp;
  } mults[] = {{"万", 4},    {"十万", 5}, {"百万", 6},   {"千万", 7},
               {"亿", 8},    {"十亿", 9}, {"百亿", 10},  {"千亿", 11},
               {"万亿", 12}, {"兆", 12},  {"十万亿", 13}};
  int fails = 0;
  char buf[64], digits[64];
  for (size_t m = 0; m < sizeof mults / sizeof *mults; m++)
    for (unsigned ip = 0; ip < 200; ip += 7)
      for (unsigned fp = 0; fp < 1000; fp += 13) {
        snprintf(buf, sizeof buf, "%u.%03u%s", ip, fp, mults[m].mult);
        /* the exact value as an integer string: ip fp then exp-3 zeros */
        snprintf(digits, sizeof digits, "%u%03u%0*de0", ip, fp,
                 mults[m].exp - 3, 0);
        double want = strtod(digits, NULL);
        ct_numval v;
        ct_status rc = ct_num_parse(buf, strlen(buf), &v);
        if (rc != CT_OK || v.value != want) {
          print_message("FAIL %s: %.17g want %.17g\n", buf, v.value, want);
          fails++;
        }
      }
  assert_int_equal(fails, 0);
  ct_numval v;
  assert_int_equal(ct_num_parse("16.4亿", strlen("16.4亿"), &v), CT_OK);
  assert_true(v.value == 1640000000.0);
  assert_int_equal(ct_num_parse("0.84", 4, &v), CT_OK);
  assert_true(v.value == 0.84);
  assert_int_equal(ct_num_parse("1.25兆", strlen("1.25兆"), &v), CT_OK);
  assert_true(v.value == 1250000000000.0);
  assert_int_equal(ct_num_parse("1.1万", strlen("1.1万"), &v), CT_OK);
  assert_true(v.value ==
              11000.0); /* 1.1 * 10000.0 would give 11000.000000000002 */
}

static void test_overflow(void **state) {
  (void)state;
  ct_numval v;
  /* 100,000 ASCII digits */
  size_t n = 100000;
  char *s = malloc(n + 8);
  assert_non_null(s);
  memset(s, '9', n);
  assert_int_equal(ct_num_parse(s, n, &v), CT_ELIMIT);
  memcpy(s + n, "万亿", strlen("万亿"));
  assert_int_equal(ct_num_parse(s, n + strlen("万亿"), &v), CT_ELIMIT);
  s[0] = '0';
  s[1] = '.';
  assert_int_equal(ct_num_parse(s, n, &v), CT_ELIMIT);
  free(s);
  /* 100,000 Chinese digits */
  size_t cl = strlen("九");
  char *c = malloc(n * cl);
  assert_non_null(c);
  for (size_t i = 0; i < n; i++)
    memcpy(c + i * cl, "九", cl);
  assert_int_equal(ct_num_parse(c, n * cl, &v), CT_ELIMIT);
  free(c);
  /* 10^5 repeated units and markers: an error, quickly */
  char *u = malloc(n * cl);
  assert_non_null(u);
  for (size_t i = 0; i < n; i++)
    memcpy(u + i * cl, "万", cl);
  assert_int_not_equal(ct_num_parse(u, n * cl, &v), CT_OK);
  memcpy(u, "一", cl);
  assert_int_equal(ct_num_parse(u, n * cl, &v), CT_ELIMIT);
  for (size_t i = 0; i < n; i++)
    memcpy(u + i * cl, i % 2 ? "十" : "一", cl);
  assert_int_equal(ct_num_parse(u, n * cl, &v), CT_EINVAL);
  free(u);
  /* exactly CT_MAX_DIGITS digits is allowed when the value is in range */
  char d[64] = "0.";
  for (int i = 0; i < CT_MAX_DIGITS - 1; i++)
    strcat(d, i == CT_MAX_DIGITS - 2 ? "1" : "0");
  assert_int_equal(ct_num_parse(d, strlen(d), &v), CT_OK);
  assert_true(v.value == 1e-39);
  strcat(d, "1");
  assert_int_equal(ct_num_parse(d, strlen(d), &v), CT_ELIMIT);
  /* a NULL or empty input */
  assert_int_equal(ct_num_parse(NULL, 3, &v), CT_EINVAL);
  assert_int_equal(ct_num_parse("7", 0, &v), CT_EINVAL);
  assert_int_equal(ct_num_parse("7", 1, NULL), CT_EINVAL);
}

/* The length is honoured: no NUL needed, nothing read past len. */
static void test_length(void **state) {
  (void)state;
  ct_numval v;
  const char *s = "4400万吨";
  assert_int_equal(ct_num_parse(s, strlen("4400万"), &v), CT_OK);
  assert_true(v.value == 44000000.0);
  assert_int_equal(ct_num_parse(s, strlen(s), &v), CT_EINVAL);
  assert_int_equal(ct_num_parse("72%", 2, &v), CT_OK);
  assert_int_equal(v.unit, CT_NUMU_NONE);
  /* a cut inside a UTF-8 sequence is junk, not a numeral */
  assert_int_equal(ct_num_parse(s, strlen("4400") + 1, &v), CT_EINVAL);
}

/* Random strings over the numeral alphabet: every outcome is a clean
 * status; a success is finite, ordered, below 1e30 and deterministic. */
static void test_random_tokens(void **state) {
  (void)state;
  static const char *const alpha[] = {
      "0",    "1",  "2",  "5",  "9",  ",",  ".",  "%",    "‰",   " ",  "-",
      "零",   "〇", "一", "二", "两", "三", "五", "九",   "十",  "百", "千",
      "万",   "亿", "兆", "点", "多", "余", "几", "数",   "上",  "成", "半",
      "分之", "萬", "億", "壹", "拾", "佰", "G",  "\xE4", "\xFF"};
  size_t na = sizeof alpha / sizeof *alpha;
  uint64_t x = 12345;
  char buf[256];
  int ok = 0, inval = 0, limit = 0;
  for (int i = 0; i < 300000; i++) {
    size_t len = 0;
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    int n = 1 + (int)((x >> 59) % 12u);
    for (int k = 0; k < n; k++) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      /* digits and multipliers more often than the rest */
      size_t pick = (size_t)((x >> 33) % (na + 20));
      const char *t =
          pick < na ? alpha[pick]
                    : alpha[(pick - na) % 2 ? 1 + pick % 4 : 13 + pick % 11];
      size_t tl = strlen(t);
      memcpy(buf + len, t, tl);
      len += tl;
    }
    ct_numval v, w;
    ct_status rc = ct_num_parse(buf, len, &v);
    ct_status rc2 = ct_num_parse(buf, len, &w);
    assert_int_equal(rc, rc2);
    if (rc == CT_OK) {
      ok++;
      assert_true(isfinite(v.value) && isfinite(v.low) && isfinite(v.high));
      assert_true(v.low <= v.high);
      assert_true(fabs(v.value) < 1e30 && fabs(v.high) < 1e30);
      assert_true(v.step >= 0.0 && isfinite(v.step));
      assert_true(v.frac_digits >= 0 && v.frac_digits <= CT_MAX_DIGITS);
      assert_true(v.value == w.value && v.low == w.low && v.high == w.high &&
                  v.step == w.step && v.more == w.more &&
                  v.is_range == w.is_range && v.unit == w.unit);
      if (!v.is_range)
        assert_true(v.low == v.value && v.high == v.value);
    } else if (rc == CT_EINVAL) {
      inval++;
    } else {
      assert_int_equal(rc, CT_ELIMIT);
      limit++;
    }
  }
  print_message("random: %d ok, %d invalid, %d over limit\n", ok, inval, limit);
  assert_true(ok > 1000);
  assert_true(inval > 1000);
}

/* The shortcut for plain decimals with 万/亿 gives exactly what the
 * general parser gives (every field, doubles bit for bit), and declines
 * what it does not read: random digit strings with points, leading zeros,
 * signs and suffixes in and out of its shape. */
static bool same_double(double a, double b) {
  return memcmp(&a, &b, sizeof a) == 0;
}

static void test_fast_path(void **state) {
  (void)state;
  static const char *const suffix[] = {
      "",   "",     "万",   "亿",   "万亿", "萬",     "億",     "萬億",
      "千", "多",   "%",    "万多", "亿万", "兆",     "百",     "余",
      "餘", "多万", "多亿", "亿余", "多多", "万多多", "多万多", "万亿多"};
  unsigned x = 12345;
  size_t fast_shaped = 0;
  for (int n = 0; n < 200000; n++) {
    char buf[64];
    size_t k = 0;
    x = x * 1103515245u + 12345u;
    if ((x >> 28) == 0)
      buf[k++] = '-';
    int nd = 1 + (int)((x >> 8) % 17);
    for (int d = 0; d < nd; d++) {
      x = x * 1103515245u + 12345u;
      buf[k++] = (char)('0' + (x >> 16) % 10);
    }
    x = x * 1103515245u + 12345u;
    if ((x >> 20) % 3 == 0) {
      buf[k++] = '.';
      int nf = (int)((x >> 8) % 7);
      for (int d = 0; d < nf; d++) {
        x = x * 1103515245u + 12345u;
        buf[k++] = (char)('0' + (x >> 16) % 10);
      }
    }
    x = x * 1103515245u + 12345u;
    const char *suf = suffix[(x >> 16) % (sizeof suffix / sizeof *suffix)];
    memcpy(buf + k, suf, strlen(suf));
    k += strlen(suf);
    ct_numval a, b;
    ct_status ra = ct_num_parse(buf, k, &a);
    ct_status rb = ct_num_parse_general(buf, k, &b);
    if (ra != rb)
      fail_msg("'%.*s': %d with the shortcut, %d without", (int)k, buf, ra, rb);
    if (ra != CT_OK)
      continue;
    fast_shaped++;
    if (!same_double(a.value, b.value) || !same_double(a.low, b.low) ||
        !same_double(a.high, b.high) || !same_double(a.step, b.step) ||
        a.is_range != b.is_range || a.more != b.more || a.unit != b.unit ||
        a.frac_digits != b.frac_digits)
      fail_msg("'%.*s': %.17g step %.17g frac %d with the shortcut, %.17g "
               "step %.17g frac %d without",
               (int)k, buf, a.value, a.step, a.frac_digits, b.value, b.step,
               b.frac_digits);
  }
  assert_true(fast_shaped > 40000);
  /* one Chinese character: the digits the shortcut reads, and others */
  static const char cjk[] =
      "〇零一二两兩三四五六七八九十百千万亿几壹贰貳叁參肆伍陆陸柒捌玖半";
  for (size_t k = 0; k + 3 <= sizeof cjk - 1; k += 3) {
    ct_numval a, b;
    ct_status ra = ct_num_parse(cjk + k, 3, &a);
    ct_status rb = ct_num_parse_general(cjk + k, 3, &b);
    assert_int_equal(ra, rb);
    if (ra == CT_OK)
      assert_true(same_double(a.value, b.value) &&
                  same_double(a.step, b.step) && a.is_range == b.is_range &&
                  a.more == b.more && a.unit == b.unit &&
                  a.frac_digits == b.frac_digits && same_double(a.low, b.low) &&
                  same_double(a.high, b.high));
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table),
      cmocka_unit_test(test_chinese_roundtrip),
      cmocka_unit_test(test_arabic_roundtrip),
      cmocka_unit_test(test_mixed_roundtrip),
      cmocka_unit_test(test_exact_scaling),
      cmocka_unit_test(test_overflow),
      cmocka_unit_test(test_length),
      cmocka_unit_test(test_random_tokens),
      cmocka_unit_test(test_fast_path),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
