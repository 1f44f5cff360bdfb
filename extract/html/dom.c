/* SPDX-License-Identifier: MIT */
/* Scrape stage: tree helpers over libxml2's HTML tree. Every walk is
 * iterative (parent pointers), never recursive: tree depth is hostile. */
#include <string.h>

#include "html/html.h"

void ct_html_walk_init(ct_html_walk *w, xmlNode *root) {
  w->root = root;
  w->node = root;
  w->entering = true;
}

bool ct_html_walk_next(ct_html_walk *w, bool descend) {
  xmlNode *n = w->node;
  if (!n)
    return false;
  if (w->entering) {
    if (descend && n->children && n->type == XML_ELEMENT_NODE) {
      w->node = n->children;
      return true;
    }
    if (descend && n->children && n->type == XML_DOCUMENT_NODE) {
      w->node = n->children;
      return true;
    }
    if (n->type == XML_HTML_DOCUMENT_NODE && descend && n->children) {
      w->node = n->children;
      return true;
    }
    w->entering = false; /* exit event of a leaf or a skipped subtree */
    return true;
  }
  if (n == w->root) {
    w->node = NULL;
    return false;
  }
  if (n->next) {
    w->node = n->next;
    w->entering = true;
    return true;
  }
  w->node = n->parent;
  w->entering = false;
  return w->node != NULL;
}

bool ct_html_is(const xmlNode *n, const char *tag) {
  return n && n->type == XML_ELEMENT_NODE && n->name &&
         ct_html_streq((const char *)n->name, tag);
}

const char *ct_html_attr(const xmlNode *n, const char *name) {
  if (!n || n->type != XML_ELEMENT_NODE)
    return NULL;
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    if (a->name && ct_html_streq((const char *)a->name, name)) {
      if (a->children && a->children->type == XML_TEXT_NODE &&
          a->children->content)
        return (const char *)a->children->content;
      return "";
    }
  }
  return NULL;
}

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

bool ct_html_has_class(const xmlNode *n, const char *cls) {
  const char *c = ct_html_attr(n, "class");
  if (!c)
    return false;
  size_t k = strlen(cls);
  while (*c) {
    while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r')
      c++;
    const char *s = c;
    while (*c && *c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
      c++;
    if ((size_t)(c - s) == k && strncmp(s, cls, k) == 0)
      return true;
  }
  return false;
}

/* sub is lowercase. strpbrk jumps to the bytes whose lower() is sub[0]. */
static bool icontains(const char *s, const char *sub) {
  size_t k = strlen(sub);
  if (k == 0)
    return *s != '\0';
  char first[3] = {sub[0], '\0', '\0'};
  if (sub[0] >= 'a' && sub[0] <= 'z')
    first[1] = (char)(sub[0] - 32);
  else if (sub[0] >= 'A' && sub[0] <= 'Z')
    return false; /* lower() never yields it */
  for (s = strpbrk(s, first); s; s = strpbrk(s + 1, first)) {
    size_t i = 0; /* s[0] rechecked: the set is a superset of the match */
    while (i < k && s[i] && lower((unsigned char)s[i]) == sub[i])
      i++;
    if (i == k)
      return true;
  }
  return false;
}

bool ct_html_classid_contains(const xmlNode *n, const char *sub) {
  const char *c = ct_html_attr(n, "class");
  if (c && icontains(c, sub))
    return true;
  c = ct_html_attr(n, "id");
  return c && icontains(c, sub);
}

bool ct_html_id_is(const xmlNode *n, const char *id) {
  const char *v = ct_html_attr(n, "id");
  return v && ct_html_streq(v, id);
}

enum { TAG_SKIP = 1, TAG_BLOCK = 2 };
typedef struct tag_entry {
  const char *name;
  unsigned bits;
} tag_entry;

/* Class bits of an element name: a switch on the first letter, then a few
 * comparisons (this runs for every element of every walk). */
static unsigned tag_bits(const xmlNode *n) {
  if (!n || n->type != XML_ELEMENT_NODE || !n->name)
    return 0;
  const char *nm = (const char *)n->name;
  const tag_entry *list = NULL;
  switch (nm[0]) {
  case 'a': {
    static const tag_entry e[] = {{"address", TAG_BLOCK}, {"applet", TAG_SKIP},
                                  {"article", TAG_BLOCK}, {"aside", TAG_BLOCK},
                                  {"audio", TAG_SKIP},    {NULL, 0}};
    list = e;
    break;
  }
  case 'b': {
    static const tag_entry e[] = {{"blockquote", TAG_BLOCK},
                                  {"body", TAG_BLOCK},
                                  {"br", TAG_BLOCK},
                                  {"button", TAG_SKIP},
                                  {NULL, 0}};
    list = e;
    break;
  }
  case 'c': {
    static const tag_entry e[] = {{"canvas", TAG_SKIP},
                                  {"caption", TAG_BLOCK},
                                  {"center", TAG_BLOCK},
                                  {NULL, 0}};
    list = e;
    break;
  }
  case 'd': {
    static const tag_entry e[] = {{"dd", TAG_BLOCK},  {"details", TAG_BLOCK},
                                  {"div", TAG_BLOCK}, {"dl", TAG_BLOCK},
                                  {"dt", TAG_BLOCK},  {NULL, 0}};
    list = e;
    break;
  }
  case 'e': {
    static const tag_entry e[] = {{"embed", TAG_SKIP}, {NULL, 0}};
    list = e;
    break;
  }
  case 'f': {
    static const tag_entry e[] = {
        {"fieldset", TAG_BLOCK}, {"figcaption", TAG_BLOCK},
        {"figure", TAG_BLOCK},   {"footer", TAG_BLOCK},
        {"form", TAG_BLOCK},     {"frame", TAG_SKIP},
        {"frameset", TAG_SKIP},  {NULL, 0}};
    list = e;
    break;
  }
  case 'h': {
    static const tag_entry e[] = {{"h1", TAG_BLOCK},  {"h2", TAG_BLOCK},
                                  {"h3", TAG_BLOCK},  {"h4", TAG_BLOCK},
                                  {"h5", TAG_BLOCK},  {"h6", TAG_BLOCK},
                                  {"head", TAG_SKIP}, {"header", TAG_BLOCK},
                                  {"hr", TAG_BLOCK},  {"html", TAG_BLOCK},
                                  {NULL, 0}};
    list = e;
    break;
  }
  case 'i': {
    static const tag_entry e[] = {
        {"iframe", TAG_SKIP}, {"input", TAG_SKIP}, {NULL, 0}};
    list = e;
    break;
  }
  case 'l': {
    static const tag_entry e[] = {{"legend", TAG_BLOCK},
                                  {"li", TAG_BLOCK},
                                  {"link", TAG_SKIP},
                                  {NULL, 0}};
    list = e;
    break;
  }
  case 'm': {
    static const tag_entry e[] = {{"main", TAG_BLOCK},
                                  {"map", TAG_SKIP},
                                  {"menu", TAG_BLOCK},
                                  {"meta", TAG_SKIP},
                                  {NULL, 0}};
    list = e;
    break;
  }
  case 'n': {
    static const tag_entry e[] = {
        {"nav", TAG_BLOCK}, {"noscript", TAG_SKIP}, {NULL, 0}};
    list = e;
    break;
  }
  case 'o': {
    static const tag_entry e[] = {{"object", TAG_SKIP},
                                  {"ol", TAG_BLOCK},
                                  {"option", TAG_SKIP},
                                  {NULL, 0}};
    list = e;
    break;
  }
  case 'p': {
    static const tag_entry e[] = {{"p", TAG_BLOCK},
                                  {"param", TAG_SKIP},
                                  {"plaintext", TAG_SKIP},
                                  {"pre", TAG_BLOCK},
                                  {NULL, 0}};
    list = e;
    break;
  }
  case 's': {
    static const tag_entry e[] = {{"script", TAG_SKIP},
                                  {"section", TAG_BLOCK},
                                  {"select", TAG_SKIP},
                                  {"style", TAG_SKIP},
                                  {"summary", TAG_BLOCK},
                                  {"svg", TAG_SKIP},
                                  {NULL, 0}};
    list = e;
    break;
  }
  case 't': {
    static const tag_entry e[] = {{"table", TAG_BLOCK},
                                  {"tbody", TAG_BLOCK},
                                  {"td", TAG_BLOCK},
                                  {"template", TAG_SKIP},
                                  {"textarea", TAG_SKIP},
                                  {"tfoot", TAG_BLOCK},
                                  {"th", TAG_BLOCK},
                                  {"thead", TAG_BLOCK},
                                  {"title", TAG_SKIP},
                                  {"tr", TAG_BLOCK},
                                  {NULL, 0}};
    list = e;
    break;
  }
  case 'u': {
    static const tag_entry e[] = {{"ul", TAG_BLOCK}, {NULL, 0}};
    list = e;
    break;
  }
  case 'v': {
    static const tag_entry e[] = {{"video", TAG_SKIP}, {NULL, 0}};
    list = e;
    break;
  }
  case 'x': {
    static const tag_entry e[] = {{"xmp", TAG_SKIP}, {NULL, 0}};
    list = e;
    break;
  }
  default:
    return 0;
  }
  for (; list->name; list++)
    if (list->name[1] == nm[1] && strcmp(list->name, nm) == 0)
      return list->bits;
  return 0;
}

bool ct_html_is_skipped_tag(const xmlNode *n) {
  return (tag_bits(n) & TAG_SKIP) != 0;
}

/* Lowercase style without spaces contains needle. */
static bool style_has(const char *style, const char *needle) {
  char tmp[256];
  size_t k = 0;
  for (const char *p = style; *p; p++) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
      continue;
    if (k + 1 >= sizeof tmp) {
      tmp[k] = '\0';
      if (strstr(tmp, needle))
        return true;
      /* keep the tail so a needle across the cut is still seen */
      memmove(tmp, tmp + k - 20, 20);
      k = 20;
    }
    tmp[k++] = (char)lower((unsigned char)*p);
  }
  tmp[k] = '\0';
  return strstr(tmp, needle) != NULL;
}

bool ct_html_is_hidden(const xmlNode *n) {
  if (!n || n->type != XML_ELEMENT_NODE)
    return false;
  const xmlAttr *a = n->properties;
  for (; a; a = a->next) {
    const char *an = (const char *)a->name;
    if (!an)
      continue;
    if (ct_html_streq(an, "hidden"))
      return true;
    const char *v = a->children && a->children->content
                        ? (const char *)a->children->content
                        : "";
    if (ct_html_streq(an, "style")) {
      /* no n/N/h/H: none of the six words can occur */
      if (strpbrk(v, "nNhH") &&
          (strstr(v, "none") || strstr(v, "hidden") || strstr(v, "NONE") ||
           strstr(v, "HIDDEN") || strstr(v, "None") || strstr(v, "Hidden")) &&
          (style_has(v, "display:none") || style_has(v, "visibility:hidden")))
        return true;
    } else if (ct_html_streq(an, "class")) {
      if ((strstr(v, "hid") || strstr(v, "none") || strstr(v, "sr-only")) &&
          (ct_html_has_class(n, "hidden") || ct_html_has_class(n, "hide") ||
           ct_html_has_class(n, "hiddenBox") ||
           ct_html_has_class(n, "d-none") ||
           ct_html_has_class(n, "display-none") ||
           ct_html_has_class(n, "sr-only")))
        return true;
    } else if (ct_html_streq(an, "aria-hidden")) {
      if (strcmp(v, "true") == 0 && !n->children)
        return true;
    }
  }
  return false;
}

bool ct_html_is_block(const xmlNode *n) {
  return (tag_bits(n) & TAG_BLOCK) != 0;
}

/* Class/id tokens split at - _ space and camel-case-free: the token list is
 * matched whole, so "post_body" never matches "bod". */
bool ct_html_token_match(const char *v, const char *const *tokens) {
  char tok[64];
  const char *p = v;
  while (*p) {
    while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9')))
      p++;
    size_t k = 0;
    while (*p && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9'))) {
      if (k + 1 < sizeof tok)
        tok[k++] = (char)lower((unsigned char)*p);
      p++;
    }
    tok[k] = '\0';
    if (k == 0)
      continue;
    for (const char *const *t = tokens; *t; t++) {
      size_t tl = strlen(*t);
      if ((*t)[tl - 1] == '*') {
        if (k >= tl - 1 && strncmp(tok, *t, tl - 1) == 0)
          return true;
      } else if (strcmp(tok, *t) == 0) {
        return true;
      }
    }
  }
  return false;
}

bool ct_html_is_boilerplate(const xmlNode *n) {
  /* Whole tokens of class/id (split at - _ and spaces); "ad" never
   * matches "read" or "header". Only strong signals: this runs on the
   * descendants of the chosen article container. */
  static const char *const tokens[] = {
      "ad",        "ads",        "advert*",    "adv",         "gg200x300",
      "gg*",       "guanggao",   "banner",     "share*",      "sharebar",
      "related",   "relate",     "recommend*", "statement",   "copyright",
      "otitle",    "editor",     "edit",       "source",      "video*",
      "player",    "comment*",   "tie",        "jubao",       "extend",
      "yanshen",   "keywords",   "qrcode",     "ewm",         "toolbar",
      "pager",     "pagination", "sidebar",    "breadcrumb*", "footer",
      "subscribe", "wemedia",    "btmshare",   "topshare",    "epsource",
      "declare",   "disclaimer", "zebian",     "hotnews",     "hotlist",
      "author",    "app",        "download",   "promo*",      NULL};
  if (!n || n->type != XML_ELEMENT_NODE)
    return false;
  if (ct_html_is_hidden(n))
    return true;
  const char *c = ct_html_attr(n, "class");
  if (c && ct_html_token_match(c, tokens))
    return true;
  c = ct_html_attr(n, "id");
  if (c && ct_html_token_match(c, tokens))
    return true;
  return false;
}

size_t ct_html_space_len(const unsigned char *s, size_t len) {
  if (len == 0)
    return 0;
  unsigned char c = s[0];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
    return 1;
  if (c == 0xC2 && len >= 2 && s[1] == 0xA0)
    return 2; /* nbsp */
  if (c == 0xE3 && len >= 3 && s[1] == 0x80 && s[2] == 0x80)
    return 3; /* U+3000 ideographic space */
  if (c == 0xE2 && len >= 3 && s[1] == 0x80 &&
      (s[2] == 0x82 || s[2] == 0x83 || s[2] == 0x89 || s[2] == 0x8B ||
       s[2] == 0xAF))
    return 3; /* en/em/thin/zero-width/narrow nbsp */
  if (c == 0xEF && len >= 3 && s[1] == 0xBB && s[2] == 0xBF)
    return 3; /* BOM / ZWNBSP */
  return 0;
}

bool ct_html_put_collapsed(ct_buf *b, const char *s, size_t len) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  bool pending = false;
  while (i < len) {
    size_t sp = ct_html_space_len(u + i, len - i);
    if (sp) {
      pending = true;
      i += sp;
      continue;
    }
    size_t j = i;
    while (j < len && !ct_html_space_len(u + j, len - j))
      j++;
    if (pending && b->len && b->data[b->len - 1] != ' ')
      ct_buf_putc(b, ' ');
    pending = false;
    ct_buf_put(b, s + i, j - i);
    i = j;
  }
  if (pending && b->len && b->data[b->len - 1] != ' ')
    ct_buf_putc(b, ' ');
  return !b->oom;
}

bool ct_html_text(const xmlNode *root, ct_buf *b) {
  size_t start = b->len;
  ct_html_walk w;
  ct_html_walk_init(&w, (xmlNode *)root);
  bool descend = true;
  do {
    xmlNode *n = w.node;
    descend = true;
    if (!w.entering)
      continue;
    if (n->type == XML_ELEMENT_NODE) {
      if (n != root && (ct_html_is_skipped_tag(n) || ct_html_is_hidden(n)))
        descend = false;
      else if (ct_html_is_block(n) && b->len > start &&
               b->data[b->len - 1] != ' ')
        ct_buf_putc(b, ' ');
    } else if ((n->type == XML_TEXT_NODE ||
                n->type == XML_CDATA_SECTION_NODE) &&
               n->content) {
      const char *t = (const char *)n->content;
      ct_html_put_collapsed(b, t, strlen(t));
    }
  } while (ct_html_walk_next(&w, descend));
  /* trim */
  while (b->len > start && b->data[b->len - 1] == ' ')
    b->len--;
  if (b->data)
    b->data[b->len] = '\0';
  if (b->len > start && b->data[start] == ' ') {
    memmove(b->data + start, b->data + start + 1, b->len - start - 1);
    b->len--;
    b->data[b->len] = '\0';
  }
  return !b->oom;
}

xmlNode *ct_html_find(xmlNode *root, const char *tag, const char *cls,
                      const char *id) {
  ct_html_walk w;
  ct_html_walk_init(&w, root);
  do {
    xmlNode *n = w.node;
    if (!w.entering || n->type != XML_ELEMENT_NODE)
      continue;
    if (tag && !ct_html_is(n, tag))
      continue;
    if (cls && !ct_html_has_class(n, cls))
      continue;
    if (id && !ct_html_id_is(n, id))
      continue;
    return n;
  } while (ct_html_walk_next(&w, true));
  return NULL;
}
