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

bool ct_html_netease(xmlNode *root, ct_html_layout *out) {
  memset(out, 0, sizeof *out);
  xmlNode *post_title = NULL, *post_info = NULL, *post_body = NULL;
  xmlNode *ep_left = NULL, *time_source = NULL, *ne_source = NULL;
  xmlNode *end_text = NULL, *art_title = NULL, *p_time = NULL;
  xmlNode *content = NULL;
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
    const char *cls = ct_html_attr(n, "class");
    const char *id = ct_html_attr(n, "id");
    if (!cls && !id)
      continue;
    if (cls) {
      if (!post_title && ct_html_is(n, "h1") &&
          ct_html_has_class(n, "post_title"))
        post_title = n;
      else if (!post_info && ct_html_has_class(n, "post_info"))
        post_info = n;
      else if (!post_body && ct_html_is(n, "div") &&
               ct_html_has_class(n, "post_body"))
        post_body = n;
      else if (!time_source && ct_html_has_class(n, "post_time_source"))
        time_source = n;
      else if (!art_title && ct_html_is(n, "div") &&
               ct_html_has_class(n, "article_title"))
        art_title = n;
      else if (!p_time && art_title && ct_html_is(n, "p") &&
               ct_html_has_class(n, "time"))
        p_time = n;
    }
    if (id) {
      if (!ep_left && strcmp(id, "epContentLeft") == 0)
        ep_left = n;
      else if (!ne_source && strcmp(id, "ne_article_source") == 0)
        ne_source = n;
      else if (!end_text && strcmp(id, "endText") == 0)
        end_text = n;
      else if (!content && strcmp(id, "content") == 0 && art_title)
        content = n;
    }
  } while (ct_html_walk_next(&w, descend));

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
    out->title = post_title ? post_title
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
