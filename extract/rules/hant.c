/* SPDX-License-Identifier: MIT */
/* Traditional <-> simplified forms of the characters used in units and
 * lexicon surfaces (rules stage), so a pack written in simplified script
 * also matches 萬噸, 億美元, 輛, 個百分點. NFKC does not fold these. */
#include <string.h>

#include "rules/rules.h"

/* simplified, traditional (one code point each) */
static const char *const pairs[][2] = {
    {"万", "萬"}, {"亿", "億"}, {"吨", "噸"}, {"个", "個"}, {"国", "國"},
    {"项", "項"}, {"头", "頭"}, {"户", "戶"}, {"辆", "輛"}, {"欧", "歐"},
    {"韩", "韓"}, {"卢", "盧"}, {"镑", "鎊"}, {"币", "幣"}, {"亩", "畝"},
    {"时", "時"}, {"点", "點"}, {"岁", "歲"}, {"标", "標"}, {"顷", "頃"},
    {"纳", "納"}, {"摄", "攝"}, {"钟", "鐘"}, {"电", "電"}, {"当", "當"},
    {"准", "準"}, {"颗", "顆"}, {"兰", "蘭"}, {"亚", "亞"}, {"尔", "爾"},
    {"台", "臺"}, {"门", "門"}, {"里", "裡"}, {"气", "氣"}, {"余", "餘"},
    {"两", "兩"}, {"双", "雙"}, {"条", "條"}, {"张", "張"}, {"场", "場"},
    {"间", "間"}, {"车", "車"}, {"层", "層"}, {"级", "級"}, {"线", "線"},
    {"笔", "筆"}, {"号", "號"}, {"届", "屆"}, {"轮", "輪"}, {"节", "節"},
    {"桥", "橋"}, {"块", "塊"}, {"钱", "錢"}, {"发", "發"}, {"称", "稱"},
    {"载", "載"}, {"册", "冊"}, {"宾", "賓"}, {"库", "庫"}, {"厂", "廠"},
    {"务", "務"}, {"处", "處"}, {"类", "類"}, {"种", "種"}, {"单", "單"},
    {"对", "對"}, {"亿", "億"}, {"总", "總"}, {"产", "產"}, {"量", "量"},
    {"损", "損"}, {"议", "議"}, {"员", "員"}, {"码", "碼"}, {"贸", "貿"},
    {"货", "貨"}, {"进", "進"}, {"费", "費"}, {"证", "證"}, {"门", "門"},
};

static size_t n_pairs(void) { return sizeof pairs / sizeof pairs[0]; }

/* Map each character of s[0..len) from one script to the other (from = 0:
 * simplified -> traditional; 1: traditional -> simplified). Returns the
 * new length, or 0 when nothing changed. out needs len bytes (the pairs
 * have equal UTF-8 lengths). */
size_t ct_rules_hant_map(const char *s, size_t len, char *out, int from) {
  bool changed = false;
  size_t i = 0;
  while (i < len) {
    bool hit = false;
    for (size_t k = 0; k < n_pairs(); k++) {
      const char *a = pairs[k][from], *b = pairs[k][1 - from];
      size_t l = strlen(a);
      if (strlen(b) == l && i + l <= len && memcmp(s + i, a, l) == 0 &&
          strcmp(a, b) != 0) {
        memcpy(out + i, b, l);
        i += l;
        hit = changed = true;
        break;
      }
    }
    if (!hit) {
      out[i] = s[i];
      i++;
    }
  }
  return changed ? len : 0;
}
