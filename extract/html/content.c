/* SPDX-License-Identifier: MIT */
/* Scrape stage: the generic article-container scorer (text density, link
 * density, sentence punctuation) and boilerplate line tests. One iterative
 * walk with an explicit frame stack; no recursion over the tree. */
#include <string.h>

#include "html/html.h"

/* Sentence punctuation: ，。！？；、“” and ASCII , ; ! ? */
static bool is_punct(uint32_t cp) {
  switch (cp) {
  case 0xFF0C: /* ， */
  case 0x3002: /* 。 */
  case 0xFF01: /* ！ */
  case 0xFF1F: /* ？ */
  case 0xFF1B: /* ； */
  case 0x3001: /* 、 */
  case 0x201C: /* “ */
  case 0x201D: /* ” */
  case ',':
  case ';':
  case '!':
  case '?':
    return true;
  default:
    return false;
  }
}

void ct_html_count_text(const char *s, size_t len, ct_html_textstat *st) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    size_t sp = ct_html_space_len(u + i, len - i);
    if (sp) {
      i += sp;
      continue;
    }
    uint32_t cp;
    i += ct_utf8_decode(u + i, len - i, &cp);
    st->chars++;
    if (is_punct(cp))
      st->punct++;
  }
}

typedef struct frame {
  xmlNode *n;
  double good, bad;
  size_t run_chars, run_punct, run_link;
  size_t blk; /* index of the nearest block frame (itself when block) */
  bool link;
} frame;

static void flush(frame *f) {
  size_t m = f->run_chars;
  if (f->run_link) {
    if (f->run_link > m)
      f->bad += (double)f->run_link;
    else
      m += f->run_link / 2;
  }
  if (m) {
    if ((f->run_punct >= 1 && f->run_chars >= 10) || f->run_chars >= 50)
      f->good += (double)m + 2.0 * (double)f->run_punct;
    else
      f->bad += 0.5 * (double)m;
  }
  f->run_chars = f->run_punct = f->run_link = 0;
}

static bool is_candidate(const xmlNode *n) {
  static const char *const no[] = {
      "a",  "b",   "strong", "em", "i",  "u",    "small", "big",  "sub", "sup",
      "br", "img", "li",     "dt", "dd", "h1",   "h2",    "h3",   "h4",  "h5",
      "h6", "ul",  "ol",     "dl", "tr", "html", "label", "cite", NULL};
  for (const char *const *p = no; *p; p++)
    if (ct_html_is(n, *p))
      return false;
  return true;
}

static xmlNode *best_container(xmlNode *root);
/* Set when best_container could not grow its stack (per thread). */
static _Thread_local bool t_container_oom;

/* Signature of a repeated block: tag, class, id without digits. */
static void signature(const xmlNode *n, char *out, size_t cap) {
  size_t k = 0;
  const char *parts[3] = {(const char *)n->name, ct_html_attr(n, "class"),
                          ct_html_attr(n, "id")};
  for (int i = 0; i < 3; i++) {
    for (const char *p = parts[i]; p && *p && k + 2 < cap; p++)
      if (i < 2 || !(*p >= '0' && *p <= '9'))
        out[k++] = *p;
    if (k + 2 < cap)
      out[k++] = '|';
  }
  out[k] = '\0';
}

static bool has_date(const xmlNode *n) {
  ct_buf b = CT_BUF_INIT;
  ct_html_text(n, &b);
  char iso[40];
  size_t p, e;
  bool ok = b.data && ct_html_find_date(b.data, b.len, iso, &p, &e) &&
            strlen(iso) > 10;
  if (b.oom)
    t_container_oom = true;
  ct_buf_release(&b);
  return ok;
}

/* A thread (forum posts, comments as siblings): the container holds two or
 * more blocks of the same signature, each with its own date and time. The
 * article is the first post: score inside it. */
static xmlNode *first_post(xmlNode *best) {
  static const char *const tags[] = {"div",     "table", "li", "article",
                                     "section", "dl",    NULL};
  xmlNode *first = NULL;
  char sig0[160], sig[160];
  size_t same = 0, dated = 0;
  for (xmlNode *c = best->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || ct_html_is_hidden(c))
      continue;
    bool ok = false;
    for (const char *const *t = tags; *t && !ok; t++)
      ok = ct_html_is(c, *t);
    if (!ok || (!ct_html_attr(c, "class") && !ct_html_attr(c, "id")))
      continue;
    if (!first) { /* the first dated block opens the thread */
      if (!has_date(c))
        continue;
      first = c;
      signature(c, sig0, sizeof sig0);
      same = dated = 1;
      continue;
    }
    signature(c, sig, sizeof sig);
    if (strcmp(sig, sig0) == 0) {
      same++;
      if (has_date(c))
        dated++;
      if (dated >= 2)
        break;
    }
  }
  if (!first || same < 2 || dated < 2)
    return best;
  xmlNode *inner = best_container(first);
  return inner ? inner : first;
}

bool ct_html_best_container_oom(void) { return t_container_oom; }

xmlNode *ct_html_best_container(xmlNode *root) {
  t_container_oom = false;
  xmlNode *best = best_container(root);
  for (int i = 0; best && i < 3; i++) {
    xmlNode *next = first_post(best);
    if (next == best)
      break;
    best = next;
  }
  return best;
}

static xmlNode *best_container(xmlNode *root) {
  if (!root)
    return NULL;
  frame *st = NULL;
  size_t n = 0, cap = 0;
  xmlNode *best = NULL;
  double best_score = 0;
  ct_html_walk w;
  ct_html_walk_init(&w, root);
  bool descend = true;
  do {
    xmlNode *x = w.node;
    descend = true;
    if (x->type == XML_ELEMENT_NODE) {
      if (w.entering) {
        if (x != root && (ct_html_is_skipped_tag(x) || ct_html_is_hidden(x))) {
          descend = false;
          continue;
        }
        if (n == cap) {
          size_t nc = cap ? cap * 2 : 64, bytes;
          if (!ct_size_mul(nc, sizeof *st, &bytes))
            break;
          frame *p = ct_realloc(st, bytes);
          if (!p) {
            t_container_oom = true; /* not a silently partial score */
            break;
          }
          st = p;
          cap = nc;
        }
        frame *f = &st[n];
        memset(f, 0, sizeof *f);
        f->n = x;
        bool block = ct_html_is_block(x) || n == 0;
        if (n > 0) {
          frame *parent = &st[n - 1];
          f->link = parent->link;
          if (block)
            flush(&st[parent->blk]);
          f->blk = block ? n : parent->blk;
        } else {
          f->blk = 0;
        }
        if (ct_html_is(x, "a") && ct_html_attr(x, "href"))
          f->link = true;
        n++;
      } else {
        if (n == 0 || st[n - 1].n != x)
          continue; /* a skipped subtree */
        frame *f = &st[n - 1];
        if (f->blk == n - 1)
          flush(f);
        double score = f->good - f->bad;
        /* the cheap test first: is_candidate compares the tag name */
        if (score > best_score * 1.03 + 5 && is_candidate(x)) {
          best = x;
          best_score = score;
        }
        if (n > 1) {
          st[n - 2].good += f->good;
          st[n - 2].bad += f->bad;
        }
        n--;
      }
    } else if (w.entering && n > 0 &&
               (x->type == XML_TEXT_NODE ||
                x->type == XML_CDATA_SECTION_NODE) &&
               x->content) {
      ct_html_textstat ts = {0, 0};
      const char *t = (const char *)x->content;
      ct_html_count_text(t, strlen(t), &ts);
      frame *top = &st[n - 1];
      frame *b = &st[top->blk];
      if (top->link) {
        b->run_link += ts.chars;
      } else {
        b->run_chars += ts.chars;
        b->run_punct += ts.punct;
      }
    }
  } while (ct_html_walk_next(&w, descend));
  ct_free(st);
  return best;
}

static bool starts(const char *s, size_t len, const char *p) {
  size_t n = strlen(p);
  return len >= n && memcmp(s, p, n) == 0;
}

static bool contains(const char *s, size_t len, const char *p) {
  size_t n = strlen(p);
  if (n > len)
    return false;
  for (size_t i = 0; i + n <= len; i++)
    if (s[i] == p[0] && memcmp(s + i, p, n) == 0)
      return true;
  return false;
}

static size_t cp_count(const char *s, size_t len) {
  size_t c = 0;
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      c++;
  return c;
}

/* A pager: only 【1】【2】, [3], digits, 上一页/下一页/首页/尾页, arrows. */
static bool is_pager(const char *s, size_t len) {
  static const char *const parts[] = {
      "【",   "】",   "[",  "]",  "上一页", "下一页", "首页",
      "尾页", "末页", "第", "页", "共",     "<",      ">",
      "«",    "»",    " ",  "|",  "…",      "...",    NULL};
  size_t groups = 0;
  bool marker = false;
  size_t i = 0;
  while (i < len) {
    if (s[i] >= '0' && s[i] <= '9') {
      groups++;
      while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
      continue;
    }
    size_t k = 0;
    for (const char *const *p = parts; *p; p++) {
      size_t pl = strlen(*p);
      if (i + pl <= len && memcmp(s + i, *p, pl) == 0) {
        k = pl;
        break;
      }
    }
    if (!k)
      return false;
    if (s[i] != ' ')
      marker = true;
    i += k;
  }
  /* "01" alone is a section number, not a pager */
  return (groups >= 1 && marker) || groups >= 2 || contains(s, len, "下一页");
}

bool ct_html_is_boilerplate_line(const char *s, size_t len) {
  /* Lines of notes usually open with a bracket. */
  size_t off = 0;
  if (starts(s, len, "（") || starts(s, len, "【"))
    off = 3;
  else if (starts(s, len, "(") || starts(s, len, "["))
    off = 1;
  const char *b = s + off;
  size_t bl = len - off;
  size_t chars = cp_count(s, len);
  static const char *const always[] = {
      "原标题",    "本文来源",     "责任编辑",
      "责编：",    "责编:",        "特别声明",
      "免责声明",  "版权声明",     "Notice: The content above",
      "分享到",    "分享至",       "点击进入",
      "打开APP",   "打开网易新闻", "下载客户端",
      "返回搜狐",  "视频加载中",   "您的浏览器不支持",
      "扫一扫",    "关注我们",     "纠错",
      "打印本页",  "关闭窗口",     "声明：本文",
      "声明:本文", "本文系",       "转载请注明",
      "未经授权",  "欢迎关注",     "长按识别",
      "网友评论",  "我要评论",     "收藏本文",
      NULL};
  for (const char *const *p = always; *p; p++)
    if (starts(b, bl, *p))
      return true;
  static const char *const short_notes[] = {
      "编辑：", "编辑:",  "来源：", "来源:",    "文章来源", "作者：",
      "作者:",  "审核：", "审核:",  "校对：",   "校对:",    "监制：",
      "监制:",  "统筹：", "统筹:",  "编审：",   "编审:",    "图片来源",
      "摄影：", "记者：", "记者:",  "实习编辑", "值班编辑", NULL};
  if (chars <= 40)
    for (const char *const *p = short_notes; *p; p++)
      if (starts(b, bl, *p))
        return true;
  if (chars <= 60 &&
      (contains(s, len, "All Rights Reserved") ||
       contains(s, len, "版权所有") || contains(s, len, "Copyright ©") ||
       contains(s, len, "责任编辑") || contains(s, len, "(责编") ||
       contains(s, len, "（责编")))
    return true;
  if (is_pager(s, len))
    return true;
  return false;
}
