/* SPDX-License-Identifier: MIT */
/* Scrape stage: NetEase layouts found by their markup in one walk: post2020
 * (h1.post_title, div.post_info, div.post_body), 2019 news (#epContentLeft
 * h1, .post_time_source, #ne_article_source, #endText), 2019 dy
 * (div.article_title h2, p.time, #content). Anything else is generic. */
#include <string.h>

#include "html/netease.h"

static xmlNode *first_child_elem(xmlNode *n, const char *tag) {
  return n ? ct_html_find(n, tag, NULL, NULL) : NULL;
}

void ct_html_netease_visit(ct_html_ne_scan *sc, xmlNode *n) {
  const char *cls = ct_html_attr(n, "class");
  const char *id = ct_html_attr(n, "id");
  if (cls && (strstr(cls, "post_") || strstr(cls, "article_title") ||
              (sc->art_title && strstr(cls, "time")))) {
    if (!sc->post_title && ct_html_is(n, "h1") &&
        ct_html_has_class(n, "post_title"))
      sc->post_title = n;
    else if (!sc->post_info && ct_html_has_class(n, "post_info"))
      sc->post_info = n;
    else if (!sc->post_body && ct_html_is(n, "div") &&
             ct_html_has_class(n, "post_body"))
      sc->post_body = n;
    else if (!sc->time_source && ct_html_has_class(n, "post_time_source"))
      sc->time_source = n;
    else if (!sc->art_title && ct_html_is(n, "div") &&
             ct_html_has_class(n, "article_title"))
      sc->art_title = n;
    else if (!sc->p_time && sc->art_title && ct_html_is(n, "p") &&
             ct_html_has_class(n, "time"))
      sc->p_time = n;
  }
  if (id) {
    if (!sc->ep_left && ct_html_streq(id, "epContentLeft"))
      sc->ep_left = n;
    else if (!sc->ne_source && ct_html_streq(id, "ne_article_source"))
      sc->ne_source = n;
    else if (!sc->end_text && ct_html_streq(id, "endText"))
      sc->end_text = n;
    else if (!sc->content && ct_html_streq(id, "content") && sc->art_title)
      sc->content = n;
  }
}

bool ct_html_netease_finish(const ct_html_ne_scan *sc, ct_html_layout *out) {
  memset(out, 0, sizeof *out);
  xmlNode *post_title = sc->post_title, *post_info = sc->post_info;
  xmlNode *post_body = sc->post_body, *ep_left = sc->ep_left;
  xmlNode *time_source = sc->time_source, *ne_source = sc->ne_source;
  xmlNode *end_text = sc->end_text, *art_title = sc->art_title;
  xmlNode *p_time = sc->p_time, *content = sc->content;
  if (end_text) {
    out->name = "163-2019";
    out->body = end_text;
    out->title = ep_left ? first_child_elem(ep_left, "h1") : post_title;
    out->info = time_source ? time_source : post_info;
    out->source = ne_source;
    return true;
  }
  if (post_body && (post_title || post_info || ep_left)) {
    out->name = ep_left && !post_title ? "163-2019" : "163-post2020";
    out->body = post_body;
    out->title = post_title
                     ? post_title
                     : (ep_left ? first_child_elem(ep_left, "h1") : NULL);
    out->info = post_info ? post_info : time_source;
    out->source = ne_source;
    return true;
  }
  if (art_title && content) {
    out->name = "163-dy-2019";
    out->body = content;
    out->title = first_child_elem(art_title, "h2");
    if (!out->title)
      out->title = first_child_elem(art_title, "h1");
    out->info = p_time;
    /* p.time: <span>date</span><span> · </span><span>account</span> */
    if (p_time) {
      xmlNode *last = NULL;
      for (xmlNode *c = p_time->children; c; c = c->next)
        if (ct_html_is(c, "span") && !ct_html_has_class(c, "point"))
          last = c;
      out->source = last;
    }
    return true;
  }
  return false;
}

bool ct_html_netease(xmlNode *root, ct_html_layout *out) {
  ct_html_ne_scan sc;
  memset(&sc, 0, sizeof sc);
  ct_html_walk w;
  ct_html_walk_init(&w, root);
  bool descend = true;
  do {
    xmlNode *n = w.node;
    descend = true;
    if (!w.entering || n->type != XML_ELEMENT_NODE)
      continue;
    if (ct_html_is_skipped_tag(n)) {
      descend = false;
      continue;
    }
    if (n->properties)
      ct_html_netease_visit(&sc, n);
  } while (ct_html_walk_next(&w, descend));
  return ct_html_netease_finish(&sc, out);
}
