/* SPDX-License-Identifier: MIT */
/* Scrape stage: headline, publication time, source, author and URL. The
 * headline is the article's h1 (or a headline container) checked against
 * <title>; time and source come from machine metadata and from the line
 * between the headline and the body, never from lists or the body. */
#include <string.h>

#include "html/meta.h"

/* The first bytes compared inline: most positions differ there. */
static bool starts(const char *s, size_t len, const char *p) {
  size_t n = strlen(p);
  return len >= n && (n == 0 || s[0] == p[0]) && memcmp(s, p, n) == 0;
}

static size_t cp_count(const char *s, size_t len) {
  size_t c = 0;
  for (size_t i = 0; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80)
      c++;
  return c;
}

/* ---- title clean-up ---- */

/* Separators before a site suffix, longest first. */
static const char *const title_seps[] = {" - ", " – ", " — ", " | ", "｜",
                                         "--",  "__",  "_",   "|",   " -",
                                         "- ",  "-",   "—",   "–",   NULL};

size_t ct_html_clean_title(char *s, size_t len) {
  /* trim */
  while (len && s[len - 1] == ' ')
    len--;
  size_t lead = 0;
  while (lead < len && s[lead] == ' ')
    lead++;
  if (lead) {
    memmove(s, s + lead, len - lead);
    len -= lead;
  }
  for (int round = 0; round < 6; round++) {
    size_t best = len; /* where the last separator starts */
    size_t sep_len = 0;
    for (const char *const *sp = title_seps; *sp; sp++) {
      size_t sl = strlen(*sp);
      for (size_t i = len; i-- > 0;) {
        if (i + sl <= len && memcmp(s + i, *sp, sl) == 0) {
          if (best == len || i > best) {
            best = i;
            sep_len = sl;
          }
          break;
        }
      }
    }
    if (best == len)
      break;
    size_t suffix_chars = cp_count(s + best + sep_len, len - best - sep_len);
    size_t head_chars = cp_count(s, best);
    bool bare_dash = sep_len == 1 && s[best] == '-';
    size_t max_suffix = bare_dash ? 10 : 20;
    if (suffix_chars > max_suffix || head_chars < 5)
      break;
    len = best;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '_' || s[len - 1] == '-'))
      len--;
  }
  s[len] = '\0';
  return len;
}

/* ---- helpers ---- */

static bool text_of(const xmlNode *n, ct_buf *b) {
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
  return ct_html_text(n, b);
}

/* needle (without spaces) occurs in hay (without spaces). */
static bool loose_contains(const char *hay, const char *needle) {
  char a[1024], b[512];
  size_t al = 0, bl = 0;
  for (const char *p = hay; *p && al + 1 < sizeof a; p++)
    if (*p != ' ')
      a[al++] = *p;
  for (const char *p = needle; *p && bl + 1 < sizeof b; p++)
    if (*p != ' ')
      b[bl++] = *p;
  a[al] = b[bl] = '\0';
  return bl > 0 && strstr(a, b) != NULL;
}

static void set_buf(ct_buf *b, const char *s, size_t len) {
  b->len = 0;
  ct_buf_put(b, s, len);
}

static bool is_title_tag(const xmlNode *n) {
  static const char *const t[] = {"div", "h1", "h2",     "h3",     "p", "span",
                                  "td",  "th", "header", "strong", NULL};
  for (const char *const *p = t; *p; p++)
    if (ct_html_is(n, *p))
      return true;
  return false;
}

/* An h1 that is a site or channel logo: text only inside a link, or a
 * logo class. */
static bool is_logo(const xmlNode *n) {
  if (ct_html_classid_contains(n, "logo"))
    return true;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content) {
      for (const xmlChar *p = c->content; *p; p++)
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
          return false;
    } else if (c->type == XML_ELEMENT_NODE && !ct_html_is(c, "a") &&
               !ct_html_is(c, "img")) {
      return false;
    }
  }
  return true;
}

/* ---- the metadata pass ---- */

#define MAX_CAND 64

static void take_machine_date(ct_html_meta *m, const char *v) {
  char iso[40];
  if (!m->machine_date[0] && v && ct_html_parse_machine_date(v, iso))
    memcpy(m->machine_date, iso, sizeof iso);
}

/* "datePublished": "..." in JSON-LD (schema.org NewsArticle). */
static void json_ld_date(ct_html_meta *m, const char *js) {
  const char *p = strstr(js, "\"datePublished\"");
  if (!p || m->machine_date[0])
    return;
  p += strlen("\"datePublished\"");
  while (*p == ' ' || *p == ':' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  if (*p != '"')
    return;
  char v[64];
  size_t k = 0;
  for (p++; *p && *p != '"' && k + 1 < sizeof v; p++)
    v[k++] = *p;
  v[k] = '\0';
  take_machine_date(m, v);
}

static bool is_date_key(const char *k) {
  static const char *const keys[] = {"article:published_time",
                                     "og:article:published_time",
                                     "og:release_date",
                                     "publishdate",
                                     "publish_date",
                                     "publish-date",
                                     "pubdate",
                                     "publishtime",
                                     "publish_time",
                                     "datepublished",
                                     "weibo:article:create_at",
                                     "sailthru.date",
                                     "parsely-pub-date",
                                     "dc.date.issued",
                                     "dc.date",
                                     "article.published",
                                     "bytedance:published_time",
                                     NULL};
  char low[64];
  size_t i = 0;
  for (; k[i] && i + 1 < sizeof low; i++)
    low[i] = (char)((k[i] >= 'A' && k[i] <= 'Z') ? k[i] + 32 : k[i]);
  low[i] = '\0';
  for (const char *const *p = keys; *p; p++)
    if (strcmp(low, *p) == 0)
      return true;
  return false;
}

bool ct_html_meta_scan(xmlNode *root, ct_html_meta *m, ct_html_layout *lay,
                       bool *known) {
  ct_html_ne_scan ne;
  memset(&ne, 0, sizeof ne);
  xmlNode *h1[MAX_CAND], *cand[MAX_CAND];
  size_t nh1 = 0, ncand = 0;
  xmlNode *title_el = NULL;
  ct_buf tmp = CT_BUF_INIT;
  ct_html_walk w;
  ct_html_walk_init(&w, root);
  bool descend = true;
  do {
    xmlNode *n = w.node;
    descend = true;
    if (!w.entering || n->type != XML_ELEMENT_NODE)
      continue;
    const char *nm = (const char *)n->name;
    if (!nm)
      continue;
    if (ct_html_streq(nm, "head"))
      continue;
    if (ct_html_streq(nm, "html")) {
      take_machine_date(m, ct_html_attr(n, "data-publishtime"));
      continue;
    }
    if (ct_html_streq(nm, "title")) {
      if (!title_el)
        title_el = n;
      descend = false;
      continue;
    }
    if (ct_html_streq(nm, "meta")) {
      const char *k = ct_html_attr(n, "property");
      if (!k)
        k = ct_html_attr(n, "name");
      if (!k)
        k = ct_html_attr(n, "itemprop");
      const char *v = ct_html_attr(n, "content");
      if (k && v) {
        if (is_date_key(k))
          take_machine_date(m, v);
        else if (ct_html_streq(k, "og:url") && !m->og_url.len)
          set_buf(&m->og_url, v, strlen(v));
        else if ((ct_html_streq(k, "source") || ct_html_streq(k, "Source")) &&
                 !m->meta_source.len)
          set_buf(&m->meta_source, v, strlen(v));
      }
      continue;
    }
    if (ct_html_streq(nm, "link")) {
      const char *rel = ct_html_attr(n, "rel");
      const char *href = ct_html_attr(n, "href");
      if (rel && href && ct_html_streq(rel, "canonical") && !m->url.len)
        set_buf(&m->url, href, strlen(href));
      continue;
    }
    if (ct_html_streq(nm, "time")) {
      const char *v =
          ct_html_attr(n, "pubdate") ? ct_html_attr(n, "datetime") : NULL;
      take_machine_date(m, v);
    }
    if (ct_html_streq(nm, "script")) {
      const char *type = ct_html_attr(n, "type");
      if (type && strstr(type, "ld+json") && n->children &&
          n->children->content)
        json_ld_date(m, (const char *)n->children->content);
    }
    if (ct_html_is_skipped_tag(n)) {
      descend = false;
      continue;
    }
    if (n->properties)
      ct_html_netease_visit(&ne, n);
    if (ct_html_is_hidden(n)) {
      descend = false;
      continue;
    }
    if (ct_html_streq(nm, "h1")) {
      if (nh1 < MAX_CAND)
        h1[nh1++] = n;
      continue;
    }
    if (ncand < MAX_CAND &&
        (ct_html_is(n, "h2") || ct_html_is(n, "h3") ||
         (n->properties &&
          (ct_html_attr(n, "class") || ct_html_attr(n, "id")) &&
          is_title_tag(n) &&
          (ct_html_classid_contains(n, "title") ||
           ct_html_classid_contains(n, "headline")))))
      cand[ncand++] = n;
  } while (ct_html_walk_next(&w, descend));

  *known = ct_html_netease_finish(&ne, lay);
  const xmlNode *layout_title = *known ? lay->title : NULL;
  /* <title> without the site suffix */
  if (title_el) {
    text_of(title_el, &tmp);
    if (tmp.len) {
      set_buf(&m->doc_title, tmp.data, tmp.len);
      if (!m->doc_title.oom) /* else data is NULL or short */
        m->doc_title.len = ct_html_clean_title(m->doc_title.data, tmp.len);
    }
  }
  const char *dt = m->doc_title.len ? m->doc_title.data : NULL;
  xmlNode *chosen = NULL;
  if (layout_title) {
    text_of(layout_title, &tmp);
    if (tmp.len)
      chosen = (xmlNode *)layout_title;
  }
  /* 1. an h1 with a title-like class that <title> confirms; 2. an h1 that
   * <title> confirms; 3. a headline container that <title> confirms; 4. an
   * h1 with a title-like class; 5. any real h1; else <title> itself. */
  size_t dt_chars = dt ? cp_count(dt, m->doc_title.len) : 0;
  size_t best_diff = (size_t)-1;
  for (int pass = 1; !chosen && pass <= 5; pass++) {
    size_t n = pass == 3 ? ncand : nh1;
    for (size_t i = 0; i < n; i++) {
      xmlNode *h = pass == 3 ? cand[i] : h1[i];
      bool title_class = ct_html_classid_contains(h, "title");
      if ((pass == 1 || pass == 4) && !title_class)
        continue;
      if ((pass == 4 || pass == 5) && is_logo(h))
        continue;
      if (pass <= 3 && !dt)
        continue;
      text_of(h, &tmp);
      size_t c = tmp.len ? cp_count(tmp.data, tmp.len) : 0;
      if (c < (pass == 5 ? 6u : pass == 4 ? 2u : 4u) || c > 120)
        continue;
      if (pass <= 3 &&
          !(loose_contains(dt, tmp.data) ||
            (loose_contains(tmp.data, dt) && c * 2 <= dt_chars * 3)))
        continue;
      if (pass == 3) { /* the container closest to <title> in length */
        size_t diff = c > dt_chars ? c - dt_chars : dt_chars - c;
        if (diff < best_diff) {
          best_diff = diff;
          chosen = h;
        }
        continue;
      }
      chosen = h;
      break;
    }
  }
  if (chosen) {
    text_of(chosen, &tmp);
    set_buf(&m->title, tmp.data, tmp.len);
    m->title_node = chosen;
  } else if (dt) {
    set_buf(&m->title, dt, m->doc_title.len);
  }
  if (!m->url.len && m->og_url.len)
    set_buf(&m->url, m->og_url.data, m->og_url.len);
  bool ok = !tmp.oom && !m->title.oom && !m->url.oom && !m->doc_title.oom;
  ct_buf_release(&tmp);
  return ok;
}

/* ---- the line between the headline and the body ---- */

/* Clean a source candidate in place: trim, cut at a space or bracket,
 * drop "举报" and URLs. */
static size_t clean_source(char *s, size_t len) {
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == ':'))
    i++;
  if (starts(s + i, len - i, "："))
    i += 3;
  while (i < len && s[i] == ' ')
    i++;
  size_t e = i;
  while (e < len && s[e] != ' ' && s[e] != '|' &&
         !starts(s + e, len - e, "｜") && !starts(s + e, len - e, "　") &&
         !starts(s + e, len - e, "举报") && !starts(s + e, len - e, "作者") &&
         !starts(s + e, len - e, "编辑") &&
         !starts(s + e, len - e, "责任编辑") &&
         !starts(s + e, len - e, "发布时间"))
    e++;
  if (e == i || starts(s + i, e - i, "http") || starts(s + i, e - i, "www.") ||
      cp_count(s + i, e - i) > 30)
    return 0;
  memmove(s, s + i, e - i);
  s[e - i] = '\0';
  return e - i;
}

/* 来源：X in text */
static bool source_from_text(const char *s, size_t len, ct_buf *out) {
  static const char *const keys[] = {"来源：", "来源:",  "来源 ", "稿源：",
                                     "出处：", "来自：", NULL};
  for (size_t i = 0; i < len; i++) {
    for (const char *const *k = keys; *k; k++) {
      size_t kl = strlen(*k);
      if (!starts(s + i, len - i, *k))
        continue;
      char tmp[160];
      size_t n = len - i - kl;
      if (n > sizeof tmp - 1)
        n = sizeof tmp - 1;
      memcpy(tmp, s + i + kl, n);
      tmp[n] = '\0';
      n = clean_source(tmp, n);
      if (n) {
        set_buf(out, tmp, n);
        return true;
      }
    }
  }
  return false;
}

static bool is_source_node(const xmlNode *n) {
  static const char *const tokens[] = {"source", "src", "laiyuan", NULL};
  const char *v = ct_html_attr(n, "id");
  if (v && ct_html_token_match(v, tokens))
    return true;
  v = ct_html_attr(n, "class");
  return v && ct_html_token_match(v, tokens);
}

#define ZONE_MAX 1500

bool ct_html_meta_zone(xmlNode *root, xmlNode *body, const xmlNode *source_el,
                       ct_html_meta *m) {
  ct_buf zone = CT_BUF_INIT, tmp = CT_BUF_INIT;
  bool after_title = m->title_node == NULL;
  bool rolling = m->title_node == NULL;
  bool title_in_body = false;
  for (const xmlNode *a = m->title_node; a && body; a = a->parent)
    if (a == body)
      title_in_body = true;
  xmlNode *src_node = NULL;
  ct_html_walk w;
  ct_html_walk_init(&w, root);
  bool descend = true;
  if (source_el) {
    text_of(source_el, &tmp);
    tmp.len = clean_source(tmp.data ? tmp.data : (char *)"", tmp.len);
    if (tmp.len)
      set_buf(&m->source, tmp.data, tmp.len);
  }
  do {
    xmlNode *n = w.node;
    descend = true;
    if (n->type == XML_ELEMENT_NODE) {
      if (!w.entering) {
        if (n == m->title_node) {
          after_title = true;
          zone.len = 0;
        }
        continue;
      }
      if (n == body && !title_in_body)
        break;
      if (n == m->title_node) {
        descend = false;
        continue;
      }
      if (ct_html_is_skipped_tag(n) || ct_html_is_hidden(n)) {
        descend = false;
        continue;
      }
      if (after_title && is_source_node(n)) {
        /* the innermost match: div.date-source > a.source */
        bool inside = !src_node;
        for (const xmlNode *a = n->parent; a && !inside; a = a->parent)
          inside = a == src_node;
        if (inside)
          src_node = n;
      }
      if (ct_html_is_block(n) && zone.len && zone.data[zone.len - 1] != ' ')
        ct_buf_putc(&zone, ' ');
    } else if (w.entering && n->type == XML_TEXT_NODE && n->content &&
               after_title) {
      const char *t = (const char *)n->content;
      size_t before = zone.len;
      ct_html_put_collapsed(&zone, t, strlen(t));
      if (zone.len > before && zone.data[before] == ' ' && before &&
          zone.data[before - 1] == ' ') {
        memmove(zone.data + before, zone.data + before + 1,
                zone.len - before - 1);
        zone.len--;
      }
      if (zone.len > ZONE_MAX) {
        if (!rolling)
          break;
        /* keep the last part, at a character boundary */
        size_t cut = zone.len - ZONE_MAX / 2;
        while (cut < zone.len && ((unsigned char)zone.data[cut] & 0xC0) == 0x80)
          cut++;
        memmove(zone.data, zone.data + cut, zone.len - cut);
        zone.len -= cut;
        src_node = NULL;
      }
    }
  } while (ct_html_walk_next(&w, descend));
  if (zone.data)
    zone.data[zone.len] = '\0';
  const char *z = zone.data ? zone.data : "";
  size_t zl = zone.len;
  if (rolling && zl > 400) { /* only the text right before the body */
    size_t cut = zl - 400;
    while (cut < zl && ((unsigned char)z[cut] & 0xC0) == 0x80)
      cut++;
    z += cut;
    zl -= cut;
  }
  size_t date_window = zl < 600 ? zl : 600;
  if (title_in_body && date_window > 200)
    date_window = 200;
  char iso[40];
  size_t p, e;
  if (ct_html_find_date(z, date_window, iso, &p, &e))
    memcpy(m->zone_date, iso, sizeof iso);
  if (!m->source.len && src_node) {
    text_of(src_node, &tmp);
    /* "来源：X" inside the node, else its whole text */
    if (!source_from_text(tmp.data ? tmp.data : "", tmp.len, &m->source)) {
      tmp.len = clean_source(tmp.data ? tmp.data : (char *)"", tmp.len);
      if (tmp.len && !(tmp.data[0] >= '0' && tmp.data[0] <= '9'))
        set_buf(&m->source, tmp.data, tmp.len);
    }
  }
  if (!m->source.len)
    source_from_text(z, zl < 800 ? zl : 800, &m->source);
  if (!m->source.len && m->meta_source.len) {
    /* <meta name="source" content="来源：X"> */
    set_buf(&tmp, m->meta_source.data, m->meta_source.len);
    if (!source_from_text(tmp.data, tmp.len, &m->source)) {
      tmp.len = clean_source(tmp.data, tmp.len);
      if (tmp.len)
        set_buf(&m->source, tmp.data, tmp.len);
    }
  }
  /* 作者：X in the byline */
  for (size_t i = 0; !m->author.len && i < zl && i < 800; i++) {
    if (starts(z + i, zl - i, "作者：") || starts(z + i, zl - i, "作者:")) {
      size_t k = i + (z[i + 6] == ':' ? 7 : 9);
      while (k < zl && z[k] == ' ')
        k++;
      size_t q = k;
      while (q < zl && z[q] != ' ' && q - k < 40)
        q++;
      if (q > k && cp_count(z + k, q - k) <= 6)
        set_buf(&m->author, z + k, q - k);
    }
  }
  bool ok = !zone.oom && !m->source.oom && !tmp.oom && !m->author.oom;
  ct_buf_release(&zone);
  ct_buf_release(&tmp);
  return ok;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long days_from_civil(long y, long m, long d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int num(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

/* Local clock minutes of "YYYY-MM-DDTHH:MM:SS+HH:MM" and its offset. */
static long clock_minutes(const char *s, long *offset) {
  long days = days_from_civil(num(s, 4), num(s + 5, 2), num(s + 8, 2));
  int sign = s[19] == '-' ? -1 : 1;
  *offset = sign * (num(s + 20, 2) * 60 + num(s + 23, 2));
  return days * 1440 + num(s + 11, 2) * 60 + num(s + 14, 2);
}

const char *ct_html_pick_date(ct_html_meta *m) {
  const char *a = m->machine_date[0] ? m->machine_date : NULL;
  const char *b = m->zone_date[0] ? m->zone_date : NULL;
  if (!a || !b)
    return a ? a : b;
  bool at = strlen(a) > 10, bt = strlen(b) > 10;
  if (!bt)
    return a;
  if (!at)
    return strncmp(a, b, 10) == 0 ? b : a;
  long oa, ob;
  long la = clock_minutes(a, &oa), lb = clock_minutes(b, &ob);
  long delta = lb - la;
  if (oa == 8 * 60 || delta == 0 || delta % 15 != 0 || delta > 14 * 60 ||
      delta < -14 * 60)
    return a;
  /* The page shows the machine time in another zone (a UTC value shown
   * as local time): report the shown clock with the zone it implies. */
  long off = oa + delta;
  if (off > 14 * 60 || off < -12 * 60)
    return b;
  long ao = off < 0 ? -off : off;
  char tmp[96];
  snprintf(tmp, sizeof tmp, "%.16s:%.2s%c%02ld:%02ld", b, a + 17,
           off < 0 ? '-' : '+', ao / 60, ao % 60);
  memcpy(m->picked_date, tmp, 39);
  m->picked_date[39] = '\0';
  return m->picked_date;
}

void ct_html_meta_release(ct_html_meta *m) {
  ct_buf_release(&m->url);
  ct_buf_release(&m->og_url);
  ct_buf_release(&m->title);
  ct_buf_release(&m->doc_title);
  ct_buf_release(&m->source);
  ct_buf_release(&m->author);
  ct_buf_release(&m->meta_source);
}
