/* SPDX-License-Identifier: MIT */
/* Scrape stage: paragraphs of the article container, one per block element,
 * with indents, empty lines, hidden nodes and boilerplate dropped. */
#include <string.h>

#include "html/netease.h"

typedef struct collector {
  ct_html_body *out;
  ct_buf line;
  size_t chars, link_chars;
  bool related; /* after a 延伸阅读 / 相关新闻 heading */
  const char *title;
} collector;

/* The first bytes compared inline: most positions differ there. */
static bool starts(const char *s, size_t len, const char *p) {
  size_t n = strlen(p);
  return len >= n && (n == 0 || s[0] == p[0]) && memcmp(s, p, n) == 0;
}

static bool contains(const char *s, size_t len, const char *p) {
  size_t n = strlen(p);
  for (size_t i = 0; n <= len && i + n <= len; i++)
    if ((n == 0 || s[i] == p[0]) && memcmp(s + i, p, n) == 0)
      return true;
  return false;
}

/* Compare ignoring whitespace. */
static bool same_text(const char *a, size_t al, const char *b) {
  size_t bl = strlen(b), i = 0, j = 0;
  for (;;) {
    while (i < al && (a[i] == ' '))
      i++;
    while (j < bl && (b[j] == ' '))
      j++;
    if (i == al || j == bl)
      return i == al && j == bl;
    if (a[i] != b[j])
      return false;
    i++;
    j++;
  }
}

static bool is_related_heading(const char *s, size_t len) {
  static const char *const h[] = {
      "延伸阅读", "相关阅读", "相关新闻", "相关链接",   "推荐阅读", "热点推荐",
      "更多精彩", "往期回顾", "相关文章", "热门推荐",   "精彩推荐", "猜你喜欢",
      "相关报道", "热门文章", "更多阅读", "大家都在看", NULL};
  if (len > 40)
    return false;
  size_t off = 0;
  if (starts(s, len, "【") || starts(s, len, "（"))
    off = 3;
  else if (starts(s, len, "[") || starts(s, len, "("))
    off = 1;
  for (const char *const *p = h; *p; p++)
    if (starts(s + off, len - off, *p))
      return true;
  return false;
}

/* Remember "X" of a dropped 来源/本文来源 note. */
static void note_source(collector *c, const char *s, size_t len) {
  static const char *const keys[] = {"本文来源", "文章来源", "来源", NULL};
  for (const char *const *k = keys; *k; k++) {
    const char *p = s;
    size_t pl = len;
    while (pl && (*p == '(' || *p == ' ')) {
      p++;
      pl--;
    }
    if (starts(p, pl, "（")) {
      p += 3;
      pl -= 3;
    }
    if (!starts(p, pl, *k))
      continue;
    size_t kl = strlen(*k);
    p += kl;
    pl -= kl;
    if (starts(p, pl, "："))
      p += 3, pl -= 3;
    else if (starts(p, pl, ":"))
      p++, pl--;
    else
      return;
    while (pl && *p == ' ')
      p++, pl--;
    size_t e = 0;
    while (e < pl && p[e] != ' ' && p[e] != ')' &&
           !starts(p + e, pl - e, "）") && !starts(p + e, pl - e, "责任编辑"))
      e++;
    if (e > 0 && e < sizeof c->out->note_source) {
      memcpy(c->out->note_source, p, e);
      c->out->note_source[e] = '\0';
    }
    return;
  }
}

/* （记者 X） / (记者X) near the start: a person. */
static void find_author(collector *c, const char *s, size_t len) {
  if (c->out->author[0])
    return;
  static const char *const keys[] = {"（记者", "(记者", "记者 ", NULL};
  for (const char *const *k = keys; *k; k++) {
    for (size_t i = 0; i + strlen(*k) <= len && i < 300; i++) {
      if (!starts(s + i, len - i, *k))
        continue;
      size_t p = i + strlen(*k);
      while (p < len && s[p] == ' ')
        p++;
      size_t e = p;
      while (e < len && s[e] != ' ' && s[e] != ')' &&
             !starts(s + e, len - e, "）") && !starts(s + e, len - e, "、") &&
             !starts(s + e, len - e, "，") && !starts(s + e, len - e, "报道"))
        e++;
      size_t nchars = 0;
      for (size_t q = p; q < e; q++)
        if (((unsigned char)s[q] & 0xC0) != 0x80)
          nchars++;
      if (nchars >= 2 && nchars <= 4 && e - p < sizeof c->out->author) {
        memcpy(c->out->author, s + p, e - p);
        c->out->author[e - p] = '\0';
        return;
      }
    }
  }
}

/* A date line with little else: "2019-09-07 13:43:45 来源: X". */
static bool is_byline(const char *s, size_t len) {
  char iso[40];
  size_t p, e;
  if (!ct_html_find_date(s, len, iso, &p, &e))
    return false;
  size_t rest = 0;
  for (size_t i = 0; i < len; i++)
    if ((i < p || i >= e) && ((unsigned char)s[i] & 0xC0) != 0x80 &&
        s[i] != ' ')
      rest++;
  if (rest <= 2)
    return true;
  if (rest < 30 && (starts(s, len, "发表时间") || starts(s, len, "发布时间") ||
                    starts(s, len, "时间") || starts(s, len, "日期") ||
                    starts(s, len, "更新时间")))
    return true;
  return rest < 30 &&
         (contains(s, len, "来源") || contains(s, len, "作者") ||
          contains(s, len, "发布") || contains(s, len, "时间") ||
          contains(s, len, "编辑") || contains(s, len, "浏览") ||
          contains(s, len, "发表于") || contains(s, len, "发布于"));
}

static void flush(collector *c) {
  ct_buf *l = &c->line;
  size_t chars = c->chars, link = c->link_chars;
  c->chars = c->link_chars = 0;
  while (l->len && l->data[l->len - 1] == ' ')
    l->len--;
  size_t off = 0;
  while (off < l->len && l->data[off] == ' ')
    off++;
  const char *s = l->data ? l->data + off : ""; /* NULL + 0 is UB */
  size_t len = l->len - off;
  if (len == 0 || chars == 0) {
    l->len = 0;
    return;
  }
  bool keep = true;
  if (c->out->n == 0 && c->title && same_text(s, len, c->title)) {
    keep = false;
  } else if (ct_html_is_boilerplate_line(s, len)) {
    note_source(c, s, len);
    keep = false;
  } else if (is_related_heading(s, len)) {
    c->related = true;
    keep = false;
  } else if (c->related && link * 2 >= chars) {
    keep = false;
  } else if (link >= chars &&
             (contains(s, len, ">>") || contains(s, len, "》》") ||
              contains(s, len, "＞＞") || contains(s, len, "&gt;&gt;") ||
              chars <= 4)) {
    keep = false;
  } else if (c->out->n < 3 && is_byline(s, len)) {
    keep = false;
  }
  if (keep) {
    c->related = false;
    find_author(c, s, len);
    if (c->out->n)
      ct_buf_putc(&c->out->text, '\n');
    ct_buf_put(&c->out->text, s, len);
    c->out->n++;
  }
  l->len = 0;
  if (l->data)
    l->data[0] = '\0';
}

/* Bytes of visible text under n (what the class filter removes). */
static size_t visible_bytes(xmlNode *root) {
  size_t total = 0;
  ct_html_walk w;
  ct_html_walk_init(&w, root);
  bool descend = true;
  do {
    xmlNode *n = w.node;
    descend = true;
    if (!w.entering)
      continue;
    if (n->type == XML_ELEMENT_NODE && n != root &&
        (ct_html_is_skipped_tag(n) || ct_html_is_hidden(n)))
      descend = false;
    else if (n->type == XML_TEXT_NODE && n->content)
      total += strlen((const char *)n->content);
  } while (ct_html_walk_next(&w, descend));
  return total;
}

/* A stray widget label at either end of the body ("图集", "+1", "01"):
 * a few characters, no sentence punctuation, no bracket. */
static bool is_stray(const char *s, size_t len) {
  ct_html_textstat ts = {0, 0};
  ct_html_count_text(s, len, &ts);
  return ts.chars <= 4 && ts.punct == 0 && !starts(s, len, "（") &&
         !starts(s, len, "(") && !starts(s, len, "【") && !starts(s, len, "“");
}

static void trim_edges(ct_html_body *out) {
  ct_buf *t = &out->text;
  while (out->n > 1) {
    const char *nl = memchr(t->data, '\n', t->len);
    size_t first = nl ? (size_t)(nl - t->data) : t->len;
    if (!nl || !is_stray(t->data, first))
      break;
    memmove(t->data, t->data + first + 1, t->len - first - 1);
    t->len -= first + 1;
    t->data[t->len] = '\0';
    out->n--;
  }
  while (out->n > 1) {
    size_t i = t->len;
    while (i > 0 && t->data[i - 1] != '\n')
      i--;
    if (i == 0 || !is_stray(t->data + i, t->len - i))
      break;
    t->len = i - 1;
    t->data[t->len] = '\0';
    out->n--;
  }
}

bool ct_html_collect_body(xmlNode *container, xmlNode *skip, const char *title,
                          bool class_filter, ct_html_body *out) {
  collector c;
  memset(&c, 0, sizeof c);
  c.out = out;
  c.title = title;
  size_t link_depth = 0;
  xmlNode *skipped = NULL;
  ct_html_walk w;
  ct_html_walk_init(&w, container);
  bool descend = true;
  do {
    xmlNode *n = w.node;
    descend = true;
    if (n->type == XML_ELEMENT_NODE) {
      if (w.entering) {
        bool drop = n != container && (n == skip || ct_html_is_skipped_tag(n) ||
                                       ct_html_is_hidden(n));
        if (!drop && n != container && class_filter &&
            ct_html_is_boilerplate(n)) {
          drop = true;
          out->filtered_bytes += visible_bytes(n);
        }
        if (drop) {
          descend = false;
          skipped = n;
          if (ct_html_is_block(n))
            flush(&c);
          continue;
        }
        if (ct_html_is_block(n))
          flush(&c);
        if (ct_html_is(n, "a"))
          link_depth++;
      } else {
        if (n == skipped) {
          skipped = NULL;
          continue;
        }
        if (ct_html_is(n, "a") && link_depth)
          link_depth--;
        if (ct_html_is_block(n))
          flush(&c);
      }
    } else if (w.entering &&
               (n->type == XML_TEXT_NODE ||
                n->type == XML_CDATA_SECTION_NODE) &&
               n->content) {
      const char *t = (const char *)n->content;
      size_t tl = strlen(t);
      ct_html_textstat ts = {0, 0};
      ct_html_count_text(t, tl, &ts);
      c.chars += ts.chars;
      if (link_depth)
        c.link_chars += ts.chars;
      if (c.line.len == 0 || c.line.data[c.line.len - 1] != ' ') {
        ct_html_put_collapsed(&c.line, t, tl);
      } else {
        /* avoid a double space across text nodes */
        size_t before = c.line.len;
        ct_html_put_collapsed(&c.line, t, tl);
        if (c.line.len > before && c.line.data[before] == ' ') {
          memmove(c.line.data + before, c.line.data + before + 1,
                  c.line.len - before - 1);
          c.line.len--;
          c.line.data[c.line.len] = '\0';
        }
      }
    }
  } while (ct_html_walk_next(&w, descend));
  flush(&c);
  if (!out->text.oom && out->text.len)
    trim_edges(out);
  bool ok = !c.line.oom && !out->text.oom;
  ct_buf_release(&c.line);
  return ok;
}
